/* The plain facet links (.facet, data-value, a count) become checkboxes in a form: timeline and search. */
window.timelineFacets = window.timelineFacets || function (panel, label) {
  "use strict";
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text != null) node.textContent = text;
    return node;
  }
  var form = el("form", { "class": "filter-form", "aria-label": label }), names = {};
  [].forEach.call(panel.querySelectorAll(".facet"), function (facet) {
    var name = facet.getAttribute("data-facet");
    var fieldset = el("fieldset", { "class": "facet-options" });
    fieldset.appendChild(el("legend", {}, facet.querySelector("h3").textContent));
    [].forEach.call(facet.querySelectorAll("a[data-value]"), function (link) {
      var value = link.getAttribute("data-value"), box = el("input", { type: "checkbox", name: name, value: value });
      var option = el("label");
      names[name + ":" + value] = link.textContent;
      option.appendChild(box);
      option.appendChild(document.createTextNode(" " + link.textContent + " "));
      option.appendChild(el("span", { "class": "count" }, "(" + link.nextElementSibling.textContent + ")"));
      fieldset.appendChild(option);
    });
    form.appendChild(fieldset);
  });
  return { form: form, names: names, el: el };
};
