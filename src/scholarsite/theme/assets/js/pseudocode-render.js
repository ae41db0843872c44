// Typesets the page's ```pseudocode blocks (<pre><code class="language-pseudocode">) with
// the bundled pseudocode.js, whose math goes through the bundled KaTeX. head.liquid loads
// this file, deferred after katex.min.js and pseudocode.min.js, only on pages that have
// such a block (or `pseudocode: true`). al-folio asks authors to write math as $$..$$ in
// these blocks; pseudocode.js reads $..$, so each $$..$$ is read as $..$ first. A block
// pseudocode.js cannot parse stays as the code it was, with a warning in the console.
(function () {
  function source(code) {
    return code.textContent.replace(/\$\$([\s\S]*?)\$\$/g, function (_, math) {
      return "$" + math + "$";
    });
  }
  function start() {
    if (!window.pseudocode || !window.katex) return;
    var blocks = document.querySelectorAll("pre > code.language-pseudocode");
    Array.prototype.forEach.call(blocks, function (code) {
      var box = document.createElement("div");
      box.className = "pseudocode-block";
      try {
        window.pseudocode.render(source(code), box, {});
      } catch (error) {
        console.warn("pseudocode: " + (error && error.message ? error.message : error));
        return;
      }
      code.parentElement.replaceWith(box);
    });
    // theme.js makes a block that scrolls by itself reachable by keyboard
    document.dispatchEvent(new Event("scholarsite:rendered"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
