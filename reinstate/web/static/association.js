// Draws an association group with plotly.js from the page's JSON: stores as points, shared
// identifiers as lines, strong links thick and solid, weak ones thin and dotted.
(function () {
  "use strict";
  var source = document.getElementById("association-graph");
  var holder = document.getElementById("association-picture");
  if (!source || !holder || typeof Plotly === "undefined") { return; }
  var data = JSON.parse(source.textContent || "{}");
  var labels = JSON.parse(holder.getAttribute("data-labels") || "{}");
  // plotly.js reads tags in its texts (<a href>, <b>, <br>): a store's name or an identifier
  // is anyone's typing (an intake form, an imported file), shown as written, never as a link
  function plain(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var styles = {
    strong: { width: 5, color: "#b42318", dash: "solid" },
    medium: { width: 3, color: "#b54708", dash: "solid" },
    weak: { width: 1.5, color: "#667085", dash: "dot" }
  };
  var traces = [];
  ["weak", "medium", "strong"].forEach(function (strength) {
    var xs = [], ys = [], tips = [];
    data.edges.forEach(function (e) {
      if (e.strength !== strength) { return; }
      var a = byId[e.a], b = byId[e.b];
      xs.push(a.x, b.x, null); ys.push(a.y, b.y, null);
      tips.push(plain(e.label), plain(e.label), null);
    });
    if (!xs.length) { return; }
    traces.push({ x: xs, y: ys, text: tips, mode: "lines", hoverinfo: "text",
      name: labels[strength] || strength, line: styles[strength] });
  });
  traces.push({
    x: data.nodes.map(function (n) { return n.x; }),
    y: data.nodes.map(function (n) { return n.y; }),
    text: data.nodes.map(function (n) { return plain(n.name); }),
    mode: "markers+text", hoverinfo: "text",
    // a name near an edge is written towards the middle, so a narrow screen does not cut it
    textposition: data.nodes.map(function (n) {
      return n.x < -0.3 ? "top right" : (n.x > 0.3 ? "top left" : "top center");
    }),
    name: labels.stores || "stores", showlegend: false,
    marker: {
      size: data.nodes.map(function (n) { return n.current ? 22 : 16; }),
      color: data.nodes.map(function (n) {
        return n.trouble ? "#b42318" : (n.at_risk ? "#f79009" : "#1570ef");
      }),
      line: { width: data.nodes.map(function (n) { return n.current ? 3 : 1; }), color: "#101828" }
    }
  });
  var axis = { visible: false, range: [-1.35, 1.35] };
  Plotly.newPlot(holder, traces, {
    margin: { l: 8, r: 8, t: 8, b: 8 }, xaxis: axis, yaxis: axis, showlegend: true,
    legend: { orientation: "h" }, hovermode: "closest", dragmode: false
  }, { displayModeBar: false, responsive: true, staticPlot: false });
})();
