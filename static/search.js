/* Search with Pagefind. Its code is fetched only when the reader starts searching
   (focuses the box or arrives with ?q=), so other visits pay nothing for it. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !results || !status) return;
  var engine = null, timer = null;

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
    status.textContent = "Searching…";
    load().then(function (pagefind) { return pagefind.search(query); }).then(function (search) {
      return Promise.all(search.results.slice(0, 30).map(function (hit) { return hit.data(); })).then(function (pages) {
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
        status.textContent = count === 1 ? "1 event found." : count + " events found" + (count > 30 ? "; showing the first 30." : ".");
      });
    }).catch(function () {
      status.textContent = "Search is not available on this copy of the site.";
    });
  }

  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
