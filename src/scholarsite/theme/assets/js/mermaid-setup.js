// al-folio's ```mermaid blocks (and <pre class="mermaid"> written in HTML or by
// {% mermaid %}) drawn as SVG
// by the bundled Mermaid, in its dark theme when the page is dark. On a page with
// mermaid: {zoomable: true} (head.liquid then loads d3), a diagram pans when dragged
// and zooms with the wheel or a pinch.
(function () {
  if (!window.mermaid || !window.scholarsiteCharts) return;
  var count = 0;
  function zoomable(box) {
    var d3 = window.d3, svg = box.querySelector("svg");
    if (!d3 || !svg) return;
    var layer = document.createElementNS("http://www.w3.org/2000/svg", "g");
    while (svg.firstChild) layer.appendChild(svg.firstChild);
    svg.appendChild(layer);
    d3.select(svg).call(d3.zoom().on("zoom", function (event) {
      layer.setAttribute("transform", event.transform.toString());
    }));
    box.classList.add("chart-zoomable");
  }
  window.scholarsiteCharts.blocks("mermaid", function (box, source, dark) {
    window.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default" });
    return window.mermaid.render("mermaid-diagram-" + (++count), source).then(function (out) {
      box.innerHTML = out.svg;
      if (out.bindFunctions) out.bindFunctions(box);
      zoomable(box);
    });
  });
  // jekyll-diagrams' wrapper is class "mermaid" too: its <pre class="mermaid"> is the diagram
  var written = document.querySelectorAll(".mermaid:not([data-processed]):not(.jekyll-diagrams)");
  if (written.length) {
    window.mermaid.initialize({ startOnLoad: false, theme: window.scholarsiteCharts.dark() ? "dark" : "default" });
    window.mermaid.run({ nodes: written });
  }
})();
