// Turns the page's ```typograms blocks (<pre><code class="language-typograms">) into the
// <script type="text/typogram"> elements that the bundled typograms.js draws as SVG.
// head.liquid loads this file, deferred and just before typograms.js, only on pages that
// have such a block (or `typograms: true`): it runs before the DOMContentLoaded event on
// which typograms.js draws. Each drawing is put in a <div class="typogram">.
(function () {
  var blocks = document.querySelectorAll("pre > code.language-typograms");
  Array.prototype.forEach.call(blocks, function (code) {
    var box = document.createElement("div");
    box.className = "typogram";
    var script = document.createElement("script");
    script.type = "text/typogram";
    // typograms.js drops the first and the last line of a script (the line breaks
    // after <script> and before </script>), so the diagram is framed by two.
    script.textContent = "\n" + code.textContent.replace(/\n$/, "") + "\n";
    box.appendChild(script);
    code.parentElement.replaceWith(box);
  });
})();
