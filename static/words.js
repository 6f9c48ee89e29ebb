/* t(key, values): words from <script id="words">, the page language's catalogue; plural forms by category. */
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
