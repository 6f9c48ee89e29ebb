/* In the head of a page whose script arranges it from the URL (the timeline's filters and order, the lanes'
   filter): until that script has run, what it would move stays unseen (style.css), so should the browser
   paint first, nothing is seen to move. The script takes the classes away when it is done. */
(function (query, root) {
  if (/[?&](actor|tag|from|to|order)=/.test(query)) root.className += " js-arranging";
  if (/[?&](actor|tag|from|to)=/.test(query)) root.className += " js-filtered";
})(location.search, document.documentElement);
