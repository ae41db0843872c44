// al-folio's ```chartjs blocks: the block is a Chart.js configuration (JSON), drawn on a
// canvas by the bundled Chart.js; text and grid lines take the page's colours.
(function () {
  var charts = window.scholarsiteCharts;
  if (!window.Chart || !charts) return;
  charts.blocks("chartjs", function (box, source, dark) {
    var config = JSON.parse(source);
    window.Chart.defaults.color = charts.colour("--muted", dark ? "#9ba5b3" : "#596270");
    // (the grid's colour, not defaults.borderColor: changing that one turns off the
    // palette Chart.js gives datasets that set no colour)
    window.Chart.defaults.scale.grid.color = charts.colour("--border", dark ? "#2b3139" : "#e1e4e8");
    var canvas = document.createElement("canvas");
    box.appendChild(canvas);
    new window.Chart(canvas, config);
  }, {
    clear: function (box) {
      var canvas = box.querySelector("canvas");
      var chart = canvas && window.Chart.getChart(canvas);
      if (chart) chart.destroy();
    }
  });
})();
