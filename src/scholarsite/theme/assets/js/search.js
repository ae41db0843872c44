// Site search (see _includes/search.liquid): Pagefind's UI, loaded on first use.
(function () {
  var dialog = document.getElementById("search-dialog");
  // the bundled header's button, or al-folio's (a v1 site's own _includes/header.liquid)
  var toggle = document.querySelector(".search-toggle") || document.getElementById("search-toggle");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var mount = document.getElementById("search");
  var bundle = mount.getAttribute("data-bundle");
  var loading = null;

  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-ui.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = bundle + "pagefind-ui.js";
      script.onload = function () {
        new PagefindUI({ element: "#search", bundlePath: bundle, showSubResults: true,
                         baseUrl: mount.getAttribute("data-base") || "/",
                         showImages: false, resetStyles: false, autofocus: true,
                         translations: { placeholder: "Search this site" } });
        resolve();
      };
      script.onerror = function () {
        mount.textContent = "The search index could not be loaded.";
        reject();
      };
      document.head.appendChild(script);
    });
    return loading;
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    load().then(function () {
      var input = mount.querySelector("input");
      if (input) {
        input.setAttribute("aria-label", "Search this site"); // Pagefind gives it a title only
        input.focus();
        input.select();
      }
    }, function () {});
  }

  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", open);
  }
  dialog.querySelector(".search-close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  dialog.addEventListener("close", function () { if (toggle) toggle.focus(); });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if ((event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      open();
    } else if (event.key === "/" && !typing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      open();
    }
  });
})();
