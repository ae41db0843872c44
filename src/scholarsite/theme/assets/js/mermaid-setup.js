// al-folio's ```mermaid blocks (and <pre class="mermaid"> written in HTML) drawn as SVG
// by the bundled Mermaid, in its dark theme when the page is dark.
(function () {
  if (!window.mermaid || !window.scholarsiteCharts) return;
  var count = 0;
  window.scholarsiteCharts.blocks("mermaid", function (box, source, dark) {
    window.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default" });
    return window.mermaid.render("mermaid-diagram-" + (++count), source).then(function (out) {
      box.innerHTML = out.svg;
      if (out.bindFunctions) out.bindFunctions(box);
    });
  });
  var written = document.querySelectorAll(".mermaid:not([data-processed])");
  if (written.length) {
    window.mermaid.initialize({ startOnLoad: false, theme: window.scholarsiteCharts.dark() ? "dark" : "default" });
    window.mermaid.run({ nodes: written });
  }
})();
