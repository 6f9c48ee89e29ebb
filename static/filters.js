/* Timeline filters: progressive enhancement of the plain actor and topic links, on the timeline page and
   in its embed. State lives in the URL (?actor=nato&actor=russia&tag=expulsions&from=2008&to=2010);
   every selection narrows the list: all chosen actors, all chosen topics, and a period
   overlapping the chosen years. Each view's query is announced as a "timeline:filter" event. */
(function () {
  "use strict";
  // An unfiltered view needs nothing from this script to look right, so the form is built
  // after the first paint and never delays the timeline; a filtered link is applied at once,
  // before anything is painted, so no event is seen and then hidden.
  if (/[?&](actor|tag|from|to)=/.test(location.search)) start();
  else requestAnimationFrame(function () { setTimeout(start, 0); });

  function start() {
    var section = document.getElementById("filters");
    var timeline = document.getElementById("timeline");
    var status = document.getElementById("filter-status");
    if (!section || !timeline || !status || !window.URLSearchParams || !history.pushState) return;
    var t = window.timelineT;  // static/words.js, which the page runs first

    var events = [].slice.call(timeline.querySelectorAll("li.event"));
    var years = [].slice.call(timeline.querySelectorAll("section.year"));
    var first = +section.getAttribute("data-first-year");
    var last = +section.getAttribute("data-last-year");
    var names = {};

    function el(tag, attrs, text) {
      var node = document.createElement(tag);
      for (var key in attrs) node.setAttribute(key, attrs[key]);
      if (text != null) node.textContent = text;
      return node;
    }

    // The plain links sit in a closed <details>; the form takes their place inside it,
    // so the page does not move when the script runs.
    var details = section.querySelector("details");
    var form = el("form", { "class": "filter-form", "aria-label": t("js.filters.form") });

    [].forEach.call(section.querySelectorAll(".facet"), function (facet) {
      var name = facet.getAttribute("data-facet");
      var fieldset = el("fieldset", { "class": "facet-options" });
      fieldset.appendChild(el("legend", {}, facet.querySelector("h3").textContent));
      [].forEach.call(facet.querySelectorAll("a[data-value]"), function (link) {
        var value = link.getAttribute("data-value");
        var label = el("label");
        var box = el("input", { type: "checkbox", name: name, value: value });
        names[name + ":" + value] = link.textContent;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + link.textContent + " "));
        label.appendChild(el("span", { "class": "count" }, "(" + link.nextElementSibling.textContent + ")"));
        fieldset.appendChild(label);
      });
      form.appendChild(fieldset);
    });

    var period = el("fieldset", { "class": "years" });
    period.appendChild(el("legend", {}, t("js.filters.years")));
    ["from", "to"].forEach(function (name) {
      var label = el("label", {}, t("js.filters." + name) + " ");
      var select = el("select", { name: name });
      for (var year = first; year <= last; year++) {
        var option = el("option", { value: String(year) }, String(year));
        // The default a reset returns to: the whole range.
        option.defaultSelected = year === (name === "from" ? first : last);
        select.appendChild(option);
      }
      label.appendChild(select);
      period.appendChild(label);
    });
    form.appendChild(period);
    form.appendChild(el("button", { type: "reset" }, t("js.filters.clear")));

    var summary = details.querySelector("summary");
    details.textContent = "";
    summary.textContent = t("js.filters.summary");
    details.appendChild(summary);
    details.appendChild(form);

    function fromUrl() {
      var params = new URLSearchParams(location.search);
      var from = parseInt(params.get("from"), 10), to = parseInt(params.get("to"), 10);
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
      if (chosen.length) details.open = true;
      document.dispatchEvent(new CustomEvent("timeline:filter", { detail: query(state) }));
    }

    function changed() {
      var state = fromForm();
      if (state.from > state.to) { state.to = state.from; form.elements.to.value = String(state.to); }
      // Inside another site's page, Back belongs to that page: the frame's address changes in place.
      history[window.parent === window ? "pushState" : "replaceState"](null, "", query(state) || location.pathname);
      apply(state);
    }

    form.addEventListener("change", changed);
    form.addEventListener("reset", function () { setTimeout(changed, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () { var state = fromUrl(); toForm(state); apply(state); });
    var initial = fromUrl();
    toForm(initial);
    apply(initial);
  }
})();
