// al-folio's ```vega_lite blocks: a Vega-Lite (or Vega) specification drawn by the bundled
// vega-embed, with its "dark" theme on a dark page. The actions menu offers the PNG and
// SVG downloads only (no link to the online editor).
(function () {
  var charts = window.scholarsiteCharts;
  if (!window.vegaEmbed || !charts) return;
  var views = new WeakMap();
  charts.blocks("vega_lite", function (box, source, dark) {
    var options = { actions: { export: true, source: false, compiled: false, editor: false } };
    if (dark) options.theme = "dark";
    return window.vegaEmbed(box, JSON.parse(source), options).then(function (result) {
      views.set(box, result);
    });
  }, {
    clear: function (box) {
      var result = views.get(box);
      if (result) result.finalize();
    }
  });
})();
