// al-folio's ```plotly blocks: {"data": [...], "layout": {...}} drawn by the bundled
// plotly.js; on a dark page the text, grid and background take the page's colours
// unless the block sets them.
(function () {
  var charts = window.scholarsiteCharts;
  if (!window.Plotly || !charts) return;
  function themed(layout, dark) {
    layout = layout || {};
    if (!dark) return layout;
    var fg = charts.colour("--fg", "#e4e7eb"), grid = charts.colour("--border", "#2b3139");
    var out = Object.assign({ paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)" }, layout);
    out.font = Object.assign({ color: fg }, layout.font);
    ["xaxis", "yaxis"].forEach(function (axis) {
      out[axis] = Object.assign({ gridcolor: grid, zerolinecolor: grid, linecolor: grid }, layout[axis]);
    });
    return out;
  }
  charts.blocks("plotly", function (box, source, dark) {
    var figure = JSON.parse(source);
    return window.Plotly.newPlot(box, figure.data || [], themed(figure.layout, dark),
                                 Object.assign({ responsive: true }, figure.config));
  }, {
    clear: function (box) { window.Plotly.purge(box); }
  });
})();
