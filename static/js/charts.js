// Bar charts (Chart.js) for the figures, gaps and overlaps pages. Each canvas names the JSON it draws
// ({"labels", "datasets": [{"label", "data", "colour"?}], "percent"?, "unit"?, "horizontal"?}); the
// table beside it gives the same figures, so the chart is never the only way to read them.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") return;
  var COLOURS = ["#1d70b8", "#00703c", "#4c2c92", "#d4351c"];

  // The chart's box gets its height here, from data-chart-height (and data-chart-min-height), not
  // from a style attribute, which the Content Security Policy refuses; setting style from a script
  // is allowed.
  function sizeBox(canvas) {
    var box = canvas.parentElement;
    var height = parseInt(box.getAttribute("data-chart-height"), 10);
    var least = parseInt(box.getAttribute("data-chart-min-height"), 10) || 0;
    if (height) box.style.height = Math.max(height, least) + "px";
  }
  document.querySelectorAll("canvas[data-inplace-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-inplace-chart"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    sizeBox(canvas);
    var valueAxis = data.horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      ticks: {
        precision: 0,
        callback: function (value) {
          return data.percent ? value + "%" : value;
        },
      },
    };
    if (data.percent) scales[valueAxis].max = 100;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, index) {
          return {
            label: set.label,
            data: set.data,
            backgroundColor: set.colour || COLOURS[index % COLOURS.length],
          };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: data.horizontal ? "y" : "x",
        scales: scales,
        plugins: {
          legend: { position: "bottom", display: data.datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = context.raw === null ? "no data yet" : context.raw;
                var unit = data.percent ? "%" : data.unit ? " " + data.unit : "";
                return context.dataset.label + ": " + value + (context.raw === null ? "" : unit);
              },
            },
          },
        },
      },
    });
  });
})();
