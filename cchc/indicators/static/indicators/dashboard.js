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
      var y = t.percent ? { display: false, min: 0, max: 100 } : { display: false, beginAtZero: true };
      make("spark-" + key, {
        type: "line",
        data: { labels: t.labels, datasets: [{ data: t.values, borderColor: red, backgroundColor: red, pointRadius: 2, borderWidth: 2, spanGaps: false }] },
        options: { maintainAspectRatio: false, plugins: { legend: { display: false }, tooltip: { enabled: true } }, scales: { x: { display: false }, y: y } }
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
