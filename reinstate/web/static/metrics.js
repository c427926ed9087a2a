// Draws each metric card's 90-day chart as SVG, with its target line, from the page's JSON.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var source = document.getElementById("metric-charts");
  if (!source) { return; }
  var charts = JSON.parse(source.textContent || "[]");
  function el(name, attrs) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  charts.forEach(function (chart) {
    var holder = document.querySelector('[data-chart="' + chart.id + '"]');
    if (!holder) { return; }
    var W = 280, H = 90, P = 4;
    var values = chart.points.map(function (p) { return p.rate; });
    var known = values.filter(function (v) { return v !== null; });
    var top = Math.max.apply(null, known.concat([chart.target || 0])) * 1.15 || 1;
    var low = chart.comparator === "gt" || chart.comparator === "ge" ?
      Math.min.apply(null, known.concat([chart.target || 0])) * 0.97 : 0;
    if (top <= low) { top = low + 1; }
    var x = function (i) { return P + i * (W - 2 * P) / Math.max(values.length - 1, 1); };
    var y = function (v) { return H - P - (v - low) * (H - 2 * P) / (top - low); };
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img" });
    if (chart.target !== null) {
      svg.appendChild(el("line", { x1: P, x2: W - P, y1: y(chart.target), y2: y(chart.target),
        "class": "target", "stroke-dasharray": "4 3" }));
    }
    var path = "", pen = false;
    values.forEach(function (v, i) {
      if (v === null) { pen = false; return; }
      path += (pen ? " L" : " M") + x(i).toFixed(1) + " " + y(v).toFixed(1);
      pen = true;
    });
    if (path) { svg.appendChild(el("path", { d: path, "class": "series", fill: "none" })); }
    var title = el("title", {});
    var last = chart.points.length ? chart.points[chart.points.length - 1] : null;
    title.textContent = last ? last.day + ": " + (last.rate === null ? "—" : (last.rate * 100).toFixed(2) + "%") : "";
    svg.appendChild(title);
    holder.appendChild(svg);
  });
})();
