/* Copy an event's permalink: shown only where the browser can copy. */
(function () {
  "use strict";
  var t = window.timelineT;  // static/words.js, which the page runs first
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
