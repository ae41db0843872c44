// What the chart setup scripts share (charts-setup files: mermaid, chartjs, echarts, plotly,
// vega, leaflet, diff2html). head.liquid loads it, before them, only on pages that have
// one of al-folio's chart blocks. scholarsiteCharts.blocks(LANG, draw) replaces every
// <pre><code class="language-LANG"> by a <div class="chart chart-LANG"> that draw(div,
// source, dark) fills; the code block is kept, hidden, and shown again when drawing
// fails. Blocks whose library follows the colour scheme are drawn again when the reader
// switches between light and dark.
(function () {
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var items = [];

  function dark() {
    var theme = root.getAttribute("data-theme");
    return theme ? theme === "dark" : !!(media && media.matches);
  }

  function colour(name, fallback) {
    return getComputedStyle(root).getPropertyValue(name).trim() || fallback;
  }

  function fail(item, error) {
    item.box.hidden = true;
    item.pre.hidden = false;
    console.warn("A " + item.lang + " block could not be drawn: " + (error && error.message || error));
  }

  function draw(item) {
    try {
      var done = item.draw(item.box, item.source, dark());
      if (done && typeof done.then === "function") done.then(null, function (e) { fail(item, e); });
    } catch (e) {
      fail(item, e);
    }
  }

  function blocks(lang, drawBlock, options) {
    options = options || {};
    var codes = document.querySelectorAll("pre > code.language-" + lang);
    for (var i = 0; i < codes.length; i++) {
      var pre = codes[i].parentElement;
      if (pre.hasAttribute("data-chart")) continue;
      pre.setAttribute("data-chart", lang);
      var box = document.createElement("div");
      box.className = "chart chart-" + lang;
      if (options.height) box.style.height = options.height;
      pre.parentNode.insertBefore(box, pre.nextSibling);
      pre.hidden = true;
      var item = { lang: lang, pre: pre, box: box, source: codes[i].textContent,
                   draw: drawBlock, clear: options.clear, themed: options.themed !== false };
      items.push(item);
      draw(item);
    }
  }

  var last = dark();
  function themeChanged() {
    var now = dark();
    if (now === last) return;
    last = now;
    items.forEach(function (item) {
      if (!item.themed || item.box.hidden) return;
      if (item.clear) item.clear(item.box);
      item.box.textContent = "";
      draw(item);
    });
  }
  new MutationObserver(themeChanged).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  if (media && media.addEventListener) media.addEventListener("change", themeChanged);

  window.scholarsiteCharts = { blocks: blocks, dark: dark, colour: colour };
})();
