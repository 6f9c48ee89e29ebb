/* Search with Pagefind. Its code is fetched only when the reader starts searching
   (focuses the box or arrives with ?q=), so other visits pay nothing for it. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !results || !status) return;
  var t = window.timelineT;  // static/words.js, which the page runs first
  var engine = null, timer = null, SHOWN = 30;

  function load() {
    if (!engine) {
      engine = import(form.getAttribute("data-pagefind")).then(function (pagefind) {
        return pagefind.options({ baseUrl: form.getAttribute("data-base") }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function run() {
    var query = input.value.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    if (!query) { results.textContent = ""; status.textContent = ""; return; }
    status.textContent = t("js.search.searching");
    load().then(function (pagefind) { return pagefind.search(query); }).then(function (search) {
      return Promise.all(search.results.slice(0, SHOWN).map(function (hit) { return hit.data(); })).then(function (pages) {
        if (input.value.trim() !== query) return;
        results.textContent = "";
        pages.forEach(function (page) {
          var item = el("li", "search-result");
          var title = el("a", null, page.meta.title);
          title.href = page.url;
          var when = el("p", "when");
          var time = el("time", null, page.meta.date || "");
          if (page.meta.datetime) time.setAttribute("datetime", page.meta.datetime);
          when.appendChild(time);
          item.appendChild(when);
          var heading = el("h2", "event-title");
          heading.appendChild(title);
          item.appendChild(heading);
          item.appendChild(el("p", "summary", page.meta.summary || ""));
          results.appendChild(item);
        });
        var count = search.results.length;
        status.textContent = t(count > SHOWN ? "js.search.found_first" : "js.search.found", { n: count, shown: SHOWN });
      });
    }).catch(function () {
      status.textContent = t("js.search.unavailable");
    });
  }

  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
