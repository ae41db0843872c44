// PhotoSwipe galleries: every link inside a .pswp-gallery opens its image (the link's
// href, or data-pswp-src) in the bundled PhotoSwipe, sized by data-pswp-width and
// data-pswp-height. head.liquid loads this module only on pages that have such a gallery
// (or `images: {photoswipe: true}`); the viewer's own module loads on the first click.
import PhotoSwipeLightbox from "../vendor/photoswipe/photoswipe-lightbox.esm.min.js";

const lightbox = new PhotoSwipeLightbox({
  gallery: ".pswp-gallery",
  children: "a",
  pswpModule: () => import("../vendor/photoswipe/photoswipe.esm.min.js"),
});
lightbox.init();
