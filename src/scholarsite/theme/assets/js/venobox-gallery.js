// VenoBox: links with class "venobox" open their target in the bundled VenoBox, and links
// sharing a data-gall name form one gallery. head.liquid loads this file, after
// venobox.min.js, only on pages that have such a link (or `images: {venobox: true}`).
(function () {
  if (window.VenoBox) new window.VenoBox({ selector: ".venobox" });
})();
