/* Timeline filters and order over the plain links (timeline page and embed). State is in the URL
   (?actor=nato&tag=expulsions&from=2008&to=2010&order=newest); each choice narrows the list. Each view's
   query is announced as a "timeline:filter" event. README: "Filters". */
(function () {
  "use strict";
  // Unfiltered: built after the first paint. Filtered: applied before it, so nothing is seen to move.
  if (/[?&](actor|tag|from|to|order)=/.test(location.search)) {
    try { start(); } finally { document.documentElement.classList.remove("js-filtered", "js-arranging"); }
  } else requestAnimationFrame(function () { setTimeout(start, 0); });

  function start() {
    var section = document.getElementById("filters");
    var timeline = document.getElementById("timeline");
    var status = document.getElementById("filter-status");
    var switcher = document.getElementById("order");
    if (!section || !timeline || !status || !window.URLSearchParams || !history.pushState) return;
    var t = window.timelineT;  // static/words.js, which the page runs first

    var events = [].slice.call(timeline.querySelectorAll("li.event"));
    var years = [].slice.call(timeline.querySelectorAll("section.year"));
    var first = +section.getAttribute("data-first-year");
    var last = +section.getAttribute("data-last-year");
    // The order this page lists in (/ or newest/), the order shown, and the lists in date order.
    var listed = switcher ? switcher.getAttribute("data-order") : "oldest", shownOrder = listed, order = listed;
    var lists = [timeline].concat([].slice.call(timeline.querySelectorAll("ol")));
    var orderLinks = switcher ? [].slice.call(switcher.querySelectorAll("a")) : [], lanesLink = document.getElementById("lanes-link");

    // The form takes the plain links' place inside their closed <details>: the page does not move.
    var details = section.querySelector("details");
    var made = window.timelineFacets(details, t("js.filters.form")), form = made.form, names = made.names, el = made.el;

    var period = el("fieldset", { "class": "years" });
    period.appendChild(el("legend", {}, t("js.filters.years")));
    ["from", "to"].forEach(function (name) {
      var label = el("label", {}, t("js.filters." + name) + " ");
      var select = el("select", { name: name });
      for (var year = first; year <= last; year++) {
        var option = el("option", { value: String(year) }, String(year));
        option.defaultSelected = year === (name === "from" ? first : last);
        select.appendChild(option);
      }
      label.appendChild(select);
      period.appendChild(label);
    });
    form.appendChild(period);
    form.appendChild(el("button", { type: "reset" }, t("js.filters.clear")));
    // A reset beside the count too: a shared link is cleared in one press.
    form.id = "filter-form";
    var clear = el("button", { type: "reset", form: form.id, "class": "filter-clear" }, t("js.filters.clear"));
    status.after(clear);

    var summary = details.querySelector("summary");
    details.textContent = "";
    summary.textContent = t("js.filters.summary");
    details.appendChild(summary);
    details.appendChild(form);

    function fromUrl() {
      var params = new URLSearchParams(location.search);
      var from = parseInt(params.get("from"), 10), to = parseInt(params.get("to"), 10);
      order = /^(oldest|newest)$/.test(params.get("order")) ? params.get("order") : listed;
      return {
        actor: params.getAll("actor"), tag: params.getAll("tag"),
        from: from >= first && from <= last ? from : first, to: to >= first && to <= last ? to : last
      };
    }

    function fromForm() {
      var state = { actor: [], tag: [], from: +form.elements.from.value, to: +form.elements.to.value };
      [].forEach.call(form.querySelectorAll("input:checked"), function (box) { state[box.name].push(box.value); });
      return state;
    }

    function toForm(state) {
      [].forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
        box.checked = state[box.name].indexOf(box.value) >= 0;
      });
      form.elements.from.value = String(state.from);
      form.elements.to.value = String(state.to);
    }

    function query(state) {
      var params = new URLSearchParams();
      state.actor.forEach(function (v) { params.append("actor", v); });
      state.tag.forEach(function (v) { params.append("tag", v); });
      if (state.from !== first) params.set("from", state.from);
      if (state.to !== last) params.set("to", state.to);
      if (order !== listed) params.set("order", order);
      var text = params.toString();
      return text ? "?" + text : "";
    }

    function apply(state) {
      var shown = 0;
      events.forEach(function (item) {
        var actors = item.getAttribute("data-actors").split(" ");
        var tags = item.getAttribute("data-tags").split(" ");
        var match = +item.getAttribute("data-start") <= state.to && +item.getAttribute("data-end") >= state.from &&
          state.actor.every(function (a) { return actors.indexOf(a) >= 0; }) &&
          state.tag.every(function (t) { return tags.indexOf(t) >= 0; });
        item.hidden = !match;
        if (match) shown++;
      });
      years.forEach(function (year) { year.hidden = !year.querySelector("li.event:not([hidden])"); });
      var chosen = state.actor.map(function (v) { return names["actor:" + v] || v; })
        .concat(state.tag.map(function (v) { return names["tag:" + v] || v; }));
      if (state.from !== first || state.to !== last) chosen.push(state.from + "–" + state.to);
      status.textContent = t(chosen.length ? "js.filters.showing_chosen" : "js.filters.showing",
        { shown: shown, n: events.length, chosen: chosen.join(", ") });
      if (order !== shownOrder) {
        // Each item in turn to the front reverses a list; ids, and links to them, hold.
        lists.forEach(function (list) {
          for (var i = 1; i < list.children.length; i++) list.insertBefore(list.children[i], list.firstChild);
        });
        shownOrder = order;
      }
      orderLinks.forEach(function (link) {
        var mine = link.getAttribute("data-order"), own = order;
        if (mine === order) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
        // The link is this view in its order (a new tab); a click switches in place.
        order = mine; link.href = query(state); order = own;
      });
      clear.hidden = !chosen.length;
      if (lanesLink) lanesLink.search = location.search;  // the lanes view draws the chosen actors
      document.dispatchEvent(new CustomEvent("timeline:filter", { detail: query(state) }));
      return chosen.length;
    }

    function changed() {
      var state = fromForm();
      if (state.from > state.to) { state.to = state.from; form.elements.to.value = String(state.to); }
      // Inside another site's page, Back belongs to that page: the frame's address changes in place.
      history[window.parent === window ? "pushState" : "replaceState"](null, "", query(state) || location.pathname);
      apply(state);
    }

    orderLinks.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        order = link.getAttribute("data-order");
        changed();
      });
    });
    form.addEventListener("change", changed);
    form.addEventListener("reset", function () { setTimeout(changed, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () { var state = fromUrl(); toForm(state); apply(state); });
    var initial = fromUrl();
    toForm(initial);
    // A shared filtered link lands on its results: the latest, chart and years go below them.
    var glance = document.getElementById("glance");
    if (apply(initial) && glance) timeline.after(glance);
  }
})();
