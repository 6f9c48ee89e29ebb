/* Actor lanes for the reader's filter, the one the timeline's filters keep in the URL: ?actor=nato&actor=russia
   draws those actors' lanes (each with all of its events: the lanes are there to be compared), and
   ?tag=...&from=...&to=... keeps the events with every chosen topic and a period overlapping the years.
   Each table row carries its event's mark as the build drew it; without a filter the page stays as built. */
(function () {
  "use strict";
  try { draw(); } finally { document.documentElement.classList.remove("js-arranging", "js-filtered"); }

  function draw() {
    var svg = document.querySelector("svg.lanes"), table = document.getElementById("lanes-table");
    var status = document.getElementById("lanes-status"), data = document.getElementById("lane-names");
    // The filter goes along to the overview and to the other pages of lanes.
    [].forEach.call(document.querySelectorAll(".pager a, #per-year"), function (link) { link.search = location.search; });
    if (!svg || !table || !status || !data || !window.URLSearchParams) return;
    var params = new URLSearchParams(location.search), t = window.timelineT, names = JSON.parse(data.textContent);
    var actors = params.getAll("actor"), tags = params.getAll("tag");
    var from = parseInt(params.get("from"), 10), to = parseInt(params.get("to"), 10);
    if (!actors.length && !tags.length && !(from || to)) return;
    from = from || 0;
    to = to || 9999;
    var old = [].slice.call(svg.querySelectorAll("g.lane")), axis = svg.querySelector("g.axis");
    var step = +svg.getAttribute("data-lane"), box = svg.getAttribute("viewBox").split(" ");
    var below = box[3] - old.length * step;  // the axis and its years
    if (!old.length) return;
    if (!actors.length) actors = old.map(function (lane) { return lane.getAttribute("data-actor"); });
    var rows = [].slice.call(table.tBodies[0].rows).filter(function (row) {
      var own = row.getAttribute("data-tags").split(" ");
      row.hidden = true;
      return +row.getAttribute("data-start") <= to && +row.getAttribute("data-end") >= from &&
        tags.every(function (tag) { return own.indexOf(tag) >= 0; });
    });
    actors.forEach(function (actor, index) {
      // A lane drawn as the build draws one: its label and track from the first, marks from the rows.
      var lane = old[0].cloneNode(true);
      [].forEach.call(lane.querySelectorAll("path"), function (mark) { lane.removeChild(mark); });
      lane.setAttribute("data-actor", actor);
      lane.setAttribute("transform", "translate(0 " + index * step + ")");
      lane.querySelector("text").textContent = names.actor[actor] || actor;
      rows.forEach(function (row) {
        if (row.getAttribute("data-actors").split(" ").indexOf(actor) < 0) return;
        var mark = document.createElementNS(svg.namespaceURI, "path"), title = document.createElementNS(svg.namespaceURI, "title");
        var link = row.querySelector("a");
        mark.setAttribute("class", row.getAttribute("data-kind"));
        mark.setAttribute("d", row.getAttribute("data-shape"));
        title.textContent = link.textContent;
        if (link.lang) title.setAttribute("lang", link.lang);
        mark.appendChild(title);
        lane.appendChild(mark);
        row.hidden = false;
      });
      svg.insertBefore(lane, axis);
    });
    old.forEach(function (lane) { svg.removeChild(lane); });
    axis.setAttribute("transform", "translate(0 " + actors.length * step + ")");
    svg.setAttribute("viewBox", box.slice(0, 3).concat(actors.length * step + below).join(" "));
    var chosen = tags.map(function (tag) { return names.tag[tag] || tag; });
    if (params.get("from") || params.get("to")) chosen.push((from || "…") + "–" + (to < 9999 ? to : "…"));
    status.textContent = svg.querySelector("desc").textContent = t(chosen.length ? "js.lanes.showing_chosen" : "js.lanes.showing", {
      n: rows.filter(function (row) { return !row.hidden; }).length,
      lanes: actors.map(function (actor) { return names.actor[actor] || actor; }).join(", "), chosen: chosen.join(", ")
    });
  }
})();
