// al-folio's ```diff2html blocks: a unified diff (git diff, git format-patch) shown by the
// bundled diff2html as a file list and a side-by-side table with highlighted code, in its
// dark colours on a dark page.
(function () {
  var charts = window.scholarsiteCharts;
  if (!window.Diff2HtmlUI || !charts) return;
  charts.blocks("diff2html", function (box, source, dark) {
    var ui = new window.Diff2HtmlUI(box, source, {
      colorScheme: dark ? "dark" : "light", drawFileList: true, matching: "lines", highlight: true
    });
    ui.draw();
    ui.highlightCode();
    if (!box.querySelector(".d2h-file-wrapper")) throw new Error("no diff found in the block");
  });
})();
