/* Tell the host page the frame's height (pym.js, AMP embed-size, WordPress) on load, resize, filter change,
   when shown again, and when asked; never while it has no width (display: none). README: "Embeds". */
(function () {
  "use strict";
  var host = window.parent;
  if (host === window) return;  // opened on its own: nobody to tell
  var id = new URLSearchParams(location.search).get("childId") || "";  // pym.js names its frames so
  var secret = (/[#&?]secret=([A-Za-z0-9]+)/.exec(location.hash) || [])[1];  // WordPress's, in the fragment
  var root = document.documentElement;

  function send() {
    if (!innerWidth) return;
    var height = Math.ceil(root.getBoundingClientRect().height);
    host.postMessage("pymxPYMx" + id + "xPYMxheightxPYMx" + height, "*");
    host.postMessage({ sentinel: "amp", type: "embed-size", height: height }, "*");
    if (secret) host.postMessage({ message: "height", value: height, secret: secret }, "*");
  }

  if (window.ResizeObserver) new ResizeObserver(send).observe(root);
  addEventListener("load", send);
  addEventListener("resize", send);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) send(); });
  // A late host asks: pym.js sends the width, WordPress says it is ready.
  addEventListener("message", function (event) {
    var data = event.data;
    if (event.source === host && (String(data).indexOf("xPYMxwidthxPYMx") > 0 || (data && data.message === "ready"))) send();
  });
  // The filters changed: the link out shows the same view.
  document.addEventListener("timeline:filter", function (event) {
    var full = document.querySelector(".embed-full");
    if (full) full.href = full.href.split(/[?#]/)[0] + event.detail;
    send();
  });
  // WordPress's sandboxed frame cannot navigate the page: it follows a link it is sent.
  if (secret) document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    host.postMessage({ message: "link", value: link.href, secret: secret }, "*");
    event.preventDefault();
  });
})();
