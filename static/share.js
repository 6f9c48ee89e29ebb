/* Copy buttons (where the browser can copy): permalink, embed code. The code follows the filters. */
(function () {
  "use strict";
  var t = window.timelineT;  // static/words.js, which the page runs first
  var code = document.querySelector(".embed-code");
  if (code) document.addEventListener("timeline:filter", function (event) {
    // The query into the frame's and the fallback link's address, "&" as HTML writes it.
    var query = event.detail.replace(/&/g, "&amp;");
    code.value = code.defaultValue.replace(/ (src|href)="([^"?]*\/)"/g, function (all, name, address) {
      return " " + name + '="' + address + query + '"';
    });
  });
  if (!navigator.clipboard) return;
  [[".copy-link", "link"], [".copy-code", "code"]].forEach(function (kind) {
    var button = document.querySelector(kind[0]);
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-url") || code.value).then(function () {
        button.textContent = t("js.share." + kind[1] + "_copied");
      }, function () {
        button.textContent = t("js.share." + kind[1] + "_failed");
      });
    });
  });
})();
