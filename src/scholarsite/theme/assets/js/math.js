// Renders the math of the page with the bundled KaTeX (assets/vendor/katex). head.liquid
// loads this file, deferred after katex.min.js and auto-render.min.js, only on pages whose
// content has math (`\(..\)`, `\[..\]`, `$$..$$`) or `math: true` in the front matter.
// KaTeX's stylesheet is preloaded by head.liquid (not render-blocking) and applied here,
// then the math is typeset, so the unstyled KaTeX markup is never shown.
(function () {
  var script = document.currentScript;
  var root = document.getElementById("main") || document.body;
  var done = false;
  function render() {
    if (done || !window.renderMathInElement) return;
    done = true;
    window.renderMathInElement(root, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false }
      ],
      throwOnError: false
    });
    // theme.js makes a display equation that scrolls by itself reachable by keyboard
    document.dispatchEvent(new Event("scholarsite:rendered"));
  }
  var href = script && script.getAttribute("data-katex-css");
  if (!href) return render();
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  link.onload = link.onerror = render;
  document.head.appendChild(link);
})();
