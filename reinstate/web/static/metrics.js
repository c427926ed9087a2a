// Draws each metric card's chart with plotly.js (served by the app, never a CDN) from the JSON
// block of the page: dated axis, the rate in percent, the value of a day on hover, and the
// target as a dashed line. Every word comes translated in the JSON ("labels").
(function () {
  "use strict";
  var source = document.getElementById("metric-charts");
  if (!source || !window.Plotly) { return; }
  var data = JSON.parse(source.textContent || "{}");
  var labels = data.labels || {};
  (data.charts || []).forEach(function (chart) {
    var holder = document.querySelector('[data-chart="' + chart.id + '"]');
    if (!holder) { return; }
    var days = chart.points.map(function (p) { return p.day; });
    var rates = chart.points.map(function (p) { return p.rate === null ? null : p.rate * 100; });
    var traces = [{
      x: days, y: rates, type: "scatter", mode: "lines+markers", name: labels.rate,
      connectgaps: false, line: { color: "#0969da", width: 2 }, marker: { size: 3 },
      hovertemplate: "%{x|%Y-%m-%d}<br>" + labels.rate + ": %{y:.2f}%<extra></extra>"
    }];
    if (chart.target !== null && days.length) {
      traces.push({
        x: [days[0], days[days.length - 1]], y: [chart.target * 100, chart.target * 100],
        type: "scatter", mode: "lines", name: labels.target,
        line: { color: "#cf222e", width: 1.5, dash: "dash" },
        hovertemplate: labels.target + ": %{y:.2f}%<extra></extra>"
      });
    }
    var layout = {
      height: 220, margin: { l: 48, r: 8, t: 8, b: 36 }, showlegend: true,
      legend: { orientation: "h", x: 0, y: 1.12, font: { size: 11 } },
      hovermode: "closest", paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "#fff",
      font: { family: "system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif", size: 11 },
      xaxis: { type: "date", automargin: true, tickformat: "%m-%d", hoverformat: "%Y-%m-%d", title: { text: "" },
               gridcolor: "#eef1f4" },
      yaxis: { ticksuffix: "%", automargin: true, rangemode: "tozero", gridcolor: "#eef1f4", zeroline: false,
               title: { text: labels.axis, font: { size: 11 } } }
    };
    var config = { displayModeBar: false, responsive: true };
    window.Plotly.newPlot(holder, traces, layout, config);
  });
})();
