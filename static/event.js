/* Copy an event's permalink: shown only where the browser can copy. */
(function () {
  "use strict";
  var button = document.querySelector(".copy-link");
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.getAttribute("data-url")).then(function () {
      button.textContent = "Link copied";
    }, function () {
      button.textContent = "Copy failed: use the Permalink";
    });
  });
})();
