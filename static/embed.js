/* Inside an embed: tell the page around the frame how tall the content is, in the three ways hosts listen
   for (pym.js, AMP's embed-size, WordPress's height message), whenever that can have changed: on load, on
   every resize, on a filter change, when the frame is shown again after being hidden, and when the host
   asks. Nothing is sent while the frame has no width: hidden (display: none), its layout means nothing. */
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
  // A host that arrived late asks: pym.js's parent sends the frame's width, WordPress says it is ready.
  addEventListener("message", function (event) {
    var data = event.data;
    if (event.source === host && (String(data).indexOf("xPYMxwidthxPYMx") > 0 || (data && data.message === "ready"))) send();
  });
  // The timeline's filters changed the view: the link to the full timeline shows the same.
  document.addEventListener("timeline:filter", function (event) {
    var full = document.querySelector(".embed-full");
    if (full) full.href = full.href.split(/[?#]/)[0] + event.detail;
    send();
  });
  // WordPress sandboxes its frames so that they cannot lead the page away; it follows a link it is sent.
  if (secret) document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    host.postMessage({ message: "link", value: link.href, secret: secret }, "*");
    event.preventDefault();
  });
})();
