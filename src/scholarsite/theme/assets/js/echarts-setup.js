// al-folio's ```echarts blocks: the block is an ECharts option object (JSON), drawn by the
// bundled ECharts, with its dark theme on a dark page (on the page's own background).
(function () {
  var charts = window.scholarsiteCharts;
  if (!window.echarts || !charts) return;
  var drawn = [];
  charts.blocks("echarts", function (box, source, dark) {
    var option = JSON.parse(source);
    var chart = window.echarts.init(box, dark ? "dark" : null);
    if (dark && option.backgroundColor === undefined) option.backgroundColor = "transparent";
    chart.setOption(option);
    drawn.push(chart);
  }, {
    height: "400px",
    clear: function (box) { window.echarts.dispose(box); }
  });
  window.addEventListener("resize", function () {
    drawn.forEach(function (chart) { if (!chart.isDisposed()) chart.resize(); });
  });
})();
