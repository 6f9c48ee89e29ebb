/* Copy buttons, shown only where the browser can copy: an event's permalink and a page's embed code.
   On the timeline the embed code follows the filters: static/filters.js says each new view's query. */
(function () {
  "use strict";
  var t = window.timelineT;  // static/words.js, which the page runs first
  var code = document.querySelector(".embed-code");
  if (code) document.addEventListener("timeline:filter", function (event) {
    // The view's query goes into the frame's address and the fallback link, written as HTML writes "&".
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
