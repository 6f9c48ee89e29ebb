/* Search with Pagefind, narrowed by facets: the index's actor, tag and year filters. Its code is fetched
   only when the reader starts searching (focuses the box, picks a facet, or opens a link with ?q= or a
   facet), so other visits pay nothing for it. State lives in the URL (?q=lavrov&actor=nato&year=2009);
   every facet chosen narrows the results, and each facet's counts say how far. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var bar = document.getElementById("search-chosen");
  var panel = document.querySelector("#facets details");
  if (!form || !input || !results || !status || !bar || !panel || !window.URLSearchParams) return;
  var t = window.timelineT;  // static/words.js and static/facets.js, which the page runs first
  var made = window.timelineFacets(panel, t("js.search.facets")), facets = made.form, names = made.names, el = made.el;
  var boxes = [].slice.call(facets.querySelectorAll("input"));
  var totals = boxes.map(function (box) { return box.parentNode.lastChild.textContent; });
  var engine = null, timer = null, latest = 0, SHOWN = 30;

  // The links sit in a closed <details>; the form takes their place inside it, so nothing moves.
  var summary = panel.querySelector("summary");
  facets.appendChild(el("button", { type: "button", "data-key": "" }, t("js.search.clear")));
  panel.textContent = "";
  summary.textContent = t("js.search.summary");
  panel.appendChild(summary);
  panel.appendChild(facets);

  function load() {
    if (!engine) {
      engine = import(form.getAttribute("data-pagefind")).then(function (pagefind) {
        // filters() loads every filter's index: a search counts the values only of those loaded.
        return pagefind.options({ baseUrl: form.getAttribute("data-base") })
          .then(function () { return pagefind.filters(); }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  // The chosen facets as Pagefind's filters ({actor: ["nato"], year: ["2009"]}), all but the one left out.
  function chosen(without) {
    var filters = {};
    boxes.forEach(function (box) {
      if (box.checked && box.name + ":" + box.value !== without) (filters[box.name] = filters[box.name] || []).push(box.value);
    });
    return filters;
  }

  // The chosen facets as [key, name], key being "actor:nato", in the order of the panel.
  function picked() {
    return boxes.filter(function (box) { return box.checked; }).map(function (box) {
      var key = box.name + ":" + box.value;
      return [key, names[key]];
    });
  }

  function address(query, without) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    boxes.forEach(function (box) { if (box.checked && box.name + ":" + box.value !== without) params.append(box.name, box.value); });
    var text = params.toString();
    return text ? "?" + text : location.pathname;
  }

  function result(page, query) {
    var item = el("li", { "class": "search-result" }), when = el("p", { "class": "when" });
    var time = el("time", {}, page.meta.date || ""), heading = el("h2", { "class": "event-title" });
    var passage = el("p", { "class": "summary" });
    if (page.meta.datetime) time.setAttribute("datetime", page.meta.datetime);
    when.appendChild(time);
    heading.appendChild(el("a", { href: page.url }, page.meta.title));
    // Pagefind's excerpt is the page's text, escaped, with the words found in <mark>: anything else
    // shaped like a tag is shown as text. Without words, the summary says what the event is.
    if (query && page.excerpt) passage.innerHTML = page.excerpt.replace(/<(?!\/?mark>)/g, "&lt;");
    else passage.textContent = page.meta.summary || "";
    [when, heading, passage].forEach(function (part) { item.appendChild(part); });
    return item;
  }

  // Each facet's count: the results it would leave if chosen too; one that would leave none is hidden.
  function counts(found) {
    boxes.forEach(function (box, index) {
      var n = found ? (found[box.name] || {})[box.value] || 0 : 0;
      box.parentNode.lastChild.textContent = found ? "(" + n + ")" : totals[index];
      box.parentNode.hidden = found && !n && !box.checked;
    });
  }

  // The chosen facets, each a button that removes it, and one that removes them all.
  function showChosen(list) {
    bar.textContent = list.length ? t("js.search.chosen_label") + " " : "";
    list.forEach(function (pair) {
      bar.appendChild(el("button", { type: "button", "class": "chip", "data-key": pair[0],
        "aria-label": t("js.search.remove", { name: pair[1] }) }, pair[1] + " ×"));
      bar.appendChild(document.createTextNode(" "));
    });
    if (list.length > 1) bar.appendChild(el("button", { type: "button", "data-key": "" }, t("js.search.clear")));
  }

  // No result with facets chosen: name each whose removal finds something, as a link to the same search
  // without it, with what it would find.
  function suggest(query, list, found) {
    var parts = t("js.search.none").split("{names}"), helpful = list.filter(function (pair, index) { return found[index]; });
    status.textContent = helpful.length ? parts[0] : t("js.search.found", { n: 0 });
    helpful.forEach(function (pair, index) {
      if (index) status.appendChild(document.createTextNode(", "));
      status.appendChild(el("a", { href: address(query, pair[0]), "data-key": pair[0] }, pair[1]));
      status.appendChild(document.createTextNode(" (" + found[list.indexOf(pair)] + ")"));
    });
    if (helpful.length) status.appendChild(document.createTextNode(parts[1] || ""));
  }

  function run() {
    var query = input.value.trim(), filters = chosen(), list = picked(), ticket = ++latest;
    history.replaceState(null, "", address(query));
    showChosen(list);
    if (!query && !list.length) { results.textContent = ""; status.textContent = ""; counts(null); return; }
    status.textContent = t("js.search.searching");
    load().then(function (pagefind) {
      // Facets alone list the newest events first (event pages carry data-pagefind-sort).
      function find(filters) {
        return pagefind.search(query || null, query ? { filters: filters } : { filters: filters, sort: { date: "desc" } });
      }
      return find(filters).then(function (search) {
        var n = search.results.length;
        // Nothing found: what each facet's removal would find. (A facet alone always finds its events.)
        var without = n ? [] : list.map(function (pair) {
          var rest = chosen(pair[0]);
          return query || Object.keys(rest).length ? find(rest).then(function (other) { return other.results.length; }) : 0;
        });
        return Promise.all(without.concat(search.results.slice(0, SHOWN).map(function (hit) { return hit.data(); })))
          .then(function (got) {
            if (ticket !== latest) return;
            results.textContent = "";
            got.slice(without.length).forEach(function (page) { results.appendChild(result(page, query)); });
            counts(search.filters);
            if (!n && list.length) return suggest(query, list, got.slice(0, without.length));
            status.textContent = t(n > SHOWN ? "js.search.found_first" : "js.search.found", { n: n, shown: SHOWN }) +
              (list.length ? " " + t("js.search.chosen", { chosen: list.map(function (pair) { return pair[1]; }).join(", ") }) : "");
          });
      });
    }).catch(function () {
      if (ticket === latest) status.textContent = t("js.search.unavailable");
    });
  }

  // A button or link with data-key removes that facet ("" removes them all), then searches again.
  function remove(event) {
    var key = event.target.getAttribute("data-key");
    if (key === null) return;
    event.preventDefault();
    boxes.forEach(function (box) { if (!key || box.name + ":" + box.value === key) box.checked = false; });
    run();
    if (event.currentTarget !== facets) input.focus();  // the button pressed is gone
  }

  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  facets.addEventListener("change", run);
  facets.addEventListener("submit", function (event) { event.preventDefault(); });
  [facets, bar, status].forEach(function (place) { place.addEventListener("click", remove); });
  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  boxes.forEach(function (box) { box.checked = params.getAll(box.name).indexOf(box.value) >= 0; });
  if (input.value || picked().length) run();
})();
