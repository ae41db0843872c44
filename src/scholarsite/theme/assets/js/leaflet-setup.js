// al-folio's ```geojson blocks: the GeoJSON drawn by the bundled Leaflet over
// OpenStreetMap's tiles (the one thing such a page fetches from another site), the map
// fitted to the shapes.
(function () {
  var charts = window.scholarsiteCharts;
  if (!window.L || !charts) return;
  charts.blocks("geojson", function (box, source) {
    var shapes = window.L.geoJSON(JSON.parse(source));
    var map = window.L.map(box);
    window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    }).addTo(map);
    shapes.addTo(map);
    var bounds = shapes.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 16 });
    else map.setView([0, 0], 1);
  }, { height: "400px", themed: false });
})();
