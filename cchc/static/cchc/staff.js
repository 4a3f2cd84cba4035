/* Staff pages: progress bars take their width from data-width (a percentage). A CSSOM write, which the
   Content-Security-Policy allows, where a style="" attribute would be refused. Runs on every HTMX swap. */
(function () {
  "use strict";
  function widths(root) {
    var bars = root.querySelectorAll ? root.querySelectorAll("[data-width]") : [];
    Array.prototype.forEach.call(bars, function (el) {
      var value = Math.max(0, Math.min(100, parseFloat(el.getAttribute("data-width")) || 0));
      el.style.width = value + "%";
    });
  }
  if (window.htmx) {
    window.htmx.onLoad(widths);
  } else {
    document.addEventListener("DOMContentLoaded", function () { widths(document); });
  }
})();
