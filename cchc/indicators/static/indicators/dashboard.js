/* Charts of the leaders' dashboard (Chart.js, vendored). Data comes from the json_script block.

   Percent axes are fitted to the values (``fitted``): a 0–100 axis hides a change from 95 to 99 %.
   Long labels (unit and group names) are wrapped onto several lines (``wrap``) and never rotated,
   so no label runs off the canvas, at 1366 px or on a phone. */
(function () {
  "use strict";

  // An axis window around the values: at least ``minSpan`` points wide, padded on both sides, on
  // round ticks (1, 2, 5, 10 or 20 points), never below 0 or above 100. Empty data: 0–100.
  function fitted(values, minSpan) {
    var seen = values.filter(function (v) { return v !== null && v !== undefined && !isNaN(v); });
    if (!seen.length) { return { min: 0, max: 100, step: 20 }; }
    var lo = Math.min.apply(null, seen), hi = Math.max.apply(null, seen);
    var span = Math.max(hi - lo, minSpan);
    var pad = Math.max(1, span * 0.15);
    var step = [1, 2, 5, 10, 20].find(function (s) { return (span + 2 * pad) / s <= 6; }) || 20;
    var min = Math.max(0, Math.floor((lo - pad) / step) * step);
    var max = Math.min(100, Math.ceil((hi + pad) / step) * step);
    if (max - min < minSpan) { min = Math.max(0, max - Math.ceil(minSpan / step) * step); }
    return { min: min, max: max, step: step };
  }

  function percentAxis(values, minSpan) {
    var f = fitted(values, minSpan);
    return {
      min: f.min,
      max: f.max,
      ticks: { stepSize: f.step, maxRotation: 0, callback: function (v) { return v + " %"; } }
    };
  }

  // ``text`` cut at spaces into lines of at most ``width`` characters (a longer word keeps its line).
  function wrap(text, width) {
    var lines = [], line = "";
    String(text).split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  // Characters per line for labels beside a horizontal chart: about two fifths of its width.
  function sideWidth(canvas) {
    var width = canvas.parentNode.getBoundingClientRect().width || 300;
    return Math.max(12, Math.floor((width * 0.4) / 6.5));
  }

  function start() {
    var node = document.getElementById("indicator-charts");
    if (!node || typeof Chart === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    var red = "#b31b1b", grey = "#999";
    function make(id, config) {
      var el = document.getElementById(id);
      if (el) { return new Chart(el, config); }
      return null;
    }

    make("chart-trend", {
      type: "line",
      data: { labels: data.trend.labels, datasets: [{ label: "Đúng hạn (%)", data: data.trend.values, borderColor: red, backgroundColor: red, spanGaps: false, tension: 0.2, cubicInterpolationMode: "monotone", clip: false }] },
      options: {
        maintainAspectRatio: false,
        layout: { padding: { top: 6, right: 8 } },
        scales: { x: { ticks: { maxRotation: 0, autoSkip: true } }, y: percentAxis(data.trend.values, 10) }
      }
    });

    // One sparkline per target card: its monthly trend, percent targets on the same fitted window.
    Object.keys(data.targets || {}).forEach(function (key) {
      var t = data.targets[key];
      var y = { display: false, beginAtZero: true };
      if (t.percent) { y = Object.assign(percentAxis(t.values, 10), { display: false }); }
      make("spark-" + key, {
        type: "line",
        data: { labels: t.labels, datasets: [{ data: t.values, borderColor: red, backgroundColor: red, pointRadius: 2, borderWidth: 2, spanGaps: false, clip: false }] },
        options: { maintainAspectRatio: false, layout: { padding: 4 }, plugins: { legend: { display: false }, tooltip: { enabled: true } }, scales: { x: { display: false }, y: y } }
      });
    });

    // Units by on-time rate: dots on a fitted axis (bars would have to start at 0 to be honest).
    var ranking = document.getElementById("chart-ranking");
    if (ranking) {
      var width = sideWidth(ranking);
      ranking.parentNode.style.height = Math.max(260, data.ranking.labels.length * 48 + 70) + "px";
      make("chart-ranking", {
        type: "line",
        data: {
          labels: data.ranking.labels.map(function (l) { return wrap(l, width); }),
          datasets: [{ label: "Đúng hạn (%)", data: data.ranking.values, borderColor: red, backgroundColor: red, showLine: false, pointRadius: 6, pointHoverRadius: 8, clip: false }]
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          layout: { padding: { right: 10 } },
          plugins: { tooltip: { callbacks: { title: function (items) { return data.ranking.labels[items[0].dataIndex]; } } } },
          scales: { x: percentAxis(data.ranking.values, 10), y: { offset: true, ticks: { autoSkip: false } } }
        }
      });
    }

    // QĐ 766 points by group against the maximum: horizontal bars, the group names beside them.
    var groups = document.getElementById("chart-766");
    if (groups) {
      var groupWidth = sideWidth(groups);
      groups.parentNode.style.height = Math.max(260, data.groups.labels.length * 52 + 70) + "px";
      make("chart-766", {
        type: "bar",
        data: {
          labels: data.groups.labels.map(function (l) { return wrap(l, groupWidth); }),
          datasets: [
            { label: "Điểm đạt", data: data.groups.values, backgroundColor: red },
            { label: "Điểm tối đa", data: data.groups.max, backgroundColor: grey }
          ]
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          plugins: { tooltip: { callbacks: { title: function (items) { return data.groups.labels[items[0].dataIndex]; } } } },
          scales: { x: { beginAtZero: true, ticks: { maxRotation: 0 } }, y: { ticks: { autoSkip: false } } }
        }
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
