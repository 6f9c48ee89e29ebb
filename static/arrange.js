/* Until the page's script has arranged what the URL asks for, style.css keeps it unseen: nothing moves. */
(function (query, root) {
  if (/[?&](actor|tag|from|to|order)=/.test(query)) root.className += " js-arranging";
  if (/[?&](actor|tag|from|to)=/.test(query)) root.className += " js-filtered";
})(location.search, document.documentElement);
