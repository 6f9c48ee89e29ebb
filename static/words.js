/* t(key, values): the interface words a script says, read from <script type="application/json" id="words">,
   the catalogue of the page's language. An entry is a text or forms by plural category ({one, few, many,
   other}); {name} in it is filled from values. One copy serves every script of the page. */
window.timelineT = window.timelineT || (function () {
  "use strict";
  var words = JSON.parse((document.getElementById("words") || {}).textContent || "{}");
  return function (key, values) {
    var text = key in words ? words[key] : key;
    values = values || {};
    if (typeof text !== "string") text = text[new Intl.PluralRules(document.documentElement.lang || undefined).select(values.n)] || text.other;
    return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  };
})();
