/* For a page that embeds the timeline: each of its frames takes the height its content says (embed.js). A
   message counts only from the frame's own window and origin, which must be this script's site. */
(function () {
  "use strict";
  if (window.timelineEmbeds) return;  // the script pasted twice with two embeds: one is enough
  window.timelineEmbeds = true;
  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : "";

  function ours() {
    return [].filter.call(document.getElementsByTagName("iframe"), function (frame) {
      try { return new URL(frame.src, location.href).origin === origin; } catch (e) { return false; }
    });
  }

  addEventListener("message", function (event) {
    var found = event.origin === origin && /^pymxPYMx.*xPYMxheightxPYMx(\d+)$/.exec(event.data);
    if (!found) return;
    ours().forEach(function (frame) {
      if (frame.contentWindow !== event.source) return;
      frame.style.height = found[1] + "px";
      var quote = frame.nextElementSibling;  // the link for pages without frames: the frame stands for it now
      if (quote && quote.className === "timeline-embed") quote.hidden = true;
    });
  });

  // Frames that loaded before this script told nobody: ask them (as pym.js's parent does, with the width).
  // Sent to any origin: a frame still loading is about:blank, and a width is no secret.
  function ask() {
    ours().forEach(function (frame) {
      if (frame.contentWindow) frame.contentWindow.postMessage("pymxPYMxxPYMxwidthxPYMx" + frame.offsetWidth, "*");
    });
  }
  ask();
  addEventListener("load", ask);
})();
