/* Charts of the leaders' dashboard (Chart.js, vendored). Data comes from the json_script block. */
(function () {
  "use strict";
  function start() {
    var node = document.getElementById("indicator-charts");
    if (!node || typeof Chart === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    var red = "#b31b1b", gold = "#d4a017", grey = "#999";
    var pct = { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } };
    function make(id, config) {
      var el = document.getElementById(id);
      if (el) { return new Chart(el, config); }
      return null;
    }
    make("chart-trend", {
      type: "line",
      data: { labels: data.trend.labels, datasets: [{ label: "Đúng hạn (%)", data: data.trend.values, borderColor: red, backgroundColor: red, spanGaps: false, tension: 0.2 }] },
      options: { maintainAspectRatio: false, scales: { y: pct } }
    });
    // One sparkline per target card: its monthly trend (percent targets on a 0–100 scale).
    Object.keys(data.targets || {}).forEach(function (key) {
      var t = data.targets[key];
      // Percentages: a window of at least 10 points around the values, inside 0–100, so that a
      // change of a few points shows without turning noise into a cliff.
      var y = { display: false, beginAtZero: true };
      var seen = t.values.filter(function (v) { return v !== null; });
      if (t.percent && seen.length) {
        var lo = Math.min.apply(null, seen), hi = Math.max.apply(null, seen);
        var pad = Math.max(5, (10 - (hi - lo)) / 2);
        y = { display: false, min: Math.max(0, Math.floor(lo - pad)), max: Math.min(100, Math.ceil(hi + pad)) };
      }
      make("spark-" + key, {
        type: "line",
        data: { labels: t.labels, datasets: [{ data: t.values, borderColor: red, backgroundColor: red, pointRadius: 2, borderWidth: 2, spanGaps: false, clip: false }] },
        options: { maintainAspectRatio: false, layout: { padding: 4 }, plugins: { legend: { display: false }, tooltip: { enabled: true } }, scales: { x: { display: false }, y: y } }
      });
    });
    make("chart-ranking", {
      type: "bar",
      data: { labels: data.ranking.labels, datasets: [{ label: "Đúng hạn (%)", data: data.ranking.values, backgroundColor: red }] },
      options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: pct } }
    });
    make("chart-766", {
      type: "bar",
      data: { labels: data.groups.labels, datasets: [
        { label: "Điểm đạt", data: data.groups.values, backgroundColor: red },
        { label: "Điểm tối đa", data: data.groups.max, backgroundColor: grey }
      ] },
      options: { maintainAspectRatio: false }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
