/* Copy an event's permalink: shown only where the browser can copy. */
(function () {
  "use strict";
  // Words from the catalogue of the page's language (<script id="words">): texts, and forms by plural category.
  var words = JSON.parse((document.getElementById("words") || {}).textContent || "{}");
  function t(key, values) {
    var text = key in words ? words[key] : key;
    values = values || {};
    if (typeof text !== "string") text = text[new Intl.PluralRules(document.documentElement.lang || undefined).select(values.n)] || text.other;
    return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  var button = document.querySelector(".copy-link");
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.getAttribute("data-url")).then(function () {
      button.textContent = t("js.event.copied");
    }, function () {
      button.textContent = t("js.event.copy_failed");
    });
  });
})();
