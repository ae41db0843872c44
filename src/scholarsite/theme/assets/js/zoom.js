// Lets readers enlarge the images of figures included with zoomable=true (and images
// written as <img data-zoomable>), with the bundled medium-zoom (assets/vendor/medium-zoom).
// head.liquid loads both files only on pages that have such an image. The backdrop takes
// the page's own background colour, so it follows the light and dark schemes.
(function () {
  function start() {
    if (!window.mediumZoom) return;
    var background = getComputedStyle(document.documentElement).getPropertyValue("--bg").trim();
    window.mediumZoom("img[data-zoomable], figure[data-zoomable] img", {
      background: background || "#fff",
      margin: 24
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
