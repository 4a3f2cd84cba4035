/* Survey charts (Chart.js, vendored): criteria bars against the target, and the monthly index. */
(function () {
  "use strict";
  var node = document.getElementById("survey-charts-data");
  if (!node || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(node.textContent);
  charts.forEach(function (c, i) {
    var bars = document.getElementById("chart-criteria-" + i);
    if (bars) {
      // One 26 px row per criterion plus the axes (a CSSOM write: allowed by the Content-Security-Policy).
      bars.parentNode.style.height = (c.criteria.labels.length * 26 + 70) + "px";
      new Chart(bars, {
        type: "bar",
        data: {
          labels: c.criteria.labels,
          datasets: [
            { label: bars.dataset.label, data: c.criteria.values, backgroundColor: c.criteria.values.map(function (v) { return v !== null && v < c.target ? "#c0392b" : "#1f6f43"; }) },
            { type: "line", label: bars.dataset.target, data: c.criteria.labels.map(function () { return c.target; }), borderColor: "#b8860b", borderDash: [6, 4], pointRadius: 0 }
          ]
        },
        options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: { min: 0, max: 100 }, y: { ticks: { autoSkip: false } } } }
      });
    }
    var line = document.getElementById("chart-months-" + i);
    if (line) {
      new Chart(line, {
        type: "line",
        data: {
          labels: c.months.labels,
          datasets: [
            { label: line.dataset.label, data: c.months.values, borderColor: "#1f4e79", tension: 0.2 },
            { label: line.dataset.target, data: c.months.labels.map(function () { return c.target; }), borderColor: "#b8860b", borderDash: [6, 4], pointRadius: 0 }
          ]
        },
        options: { maintainAspectRatio: false, scales: { y: { suggestedMin: 50, max: 100 } } }
      });
    }
  });
})();
