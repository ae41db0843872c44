(function () {
  var root = document.documentElement;

  // A region that scrolls by itself (a wide code block, table or equation at 360 px, a
  // scrollable news list) must be reachable by keyboard when nothing in it is focusable.
  var SCROLLERS = "pre, table, .katex-display, .scrollable, .table-responsive";
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function scrollers() {
    var els = document.querySelectorAll(SCROLLERS);
    for (var i = 0; i < els.length; i++) {
      var el = els[i], style = getComputedStyle(el);
      var scrolls = (el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(style.overflowX)) ||
                    (el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(style.overflowY));
      if (scrolls && !el.hasAttribute("tabindex") && !el.querySelector(FOCUSABLE)) {
        el.tabIndex = 0;
        el.setAttribute("data-scroller", "");
      } else if (!scrolls && el.hasAttribute("data-scroller")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroller");
      }
    }
  }
  var timer;
  function later() { clearTimeout(timer); timer = setTimeout(scrollers, 150); }
  scrollers();
  window.addEventListener("load", scrollers);
  window.addEventListener("resize", later);
  document.addEventListener("scholarsite:rendered", scrollers); // math.js, after KaTeX
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(scrollers);

  // The header's menu button, below 36rem (header.liquid, _layout.scss): a disclosure that
  // shows and hides the links. Enter and Space are the button's own; Esc closes the menu and
  // gives the focus back to the button; a click elsewhere, or on one of the links, closes it.
  var menuButton = document.querySelector(".nav-toggle");
  var menu = menuButton && document.getElementById(menuButton.getAttribute("aria-controls"));
  if (menu) {
    var nav = menuButton.parentNode;
    var isOpen = function () { return menuButton.getAttribute("aria-expanded") === "true"; };
    var setOpen = function (open) { menuButton.setAttribute("aria-expanded", open ? "true" : "false"); };
    menuButton.addEventListener("click", function () { setOpen(!isOpen()); });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && isOpen() &&
          (nav.contains(event.target) || event.target === document.body)) {
        setOpen(false);
        menuButton.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (isOpen() && !nav.contains(event.target)) setOpen(false);
    });
    menu.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) setOpen(false);
    });
  }

  // al-folio's own header markup (a v1 site's _includes/header.liquid, styled by
  // _alfolio_header.scss): its menu button shows the links below 36rem, its "other"
  // dropdown opens on a click and closes on Esc or a click elsewhere.
  var toggler = document.querySelector("[data-nav-toggle]");
  var collapse = toggler && document.getElementById(toggler.getAttribute("data-nav-toggle"));
  if (collapse) {
    toggler.addEventListener("click", function () {
      var open = collapse.classList.toggle("show");
      toggler.setAttribute("aria-expanded", open ? "true" : "false");
      toggler.classList.toggle("collapsed", !open);
    });
  }
  var dropdowns = document.querySelectorAll("[data-nav-dropdown-toggle]");
  function closeDropdowns(except) {
    for (var i = 0; i < dropdowns.length; i++) {
      if (dropdowns[i] === except) continue;
      dropdowns[i].parentNode.classList.remove("show");
      dropdowns[i].setAttribute("aria-expanded", "false");
    }
  }
  for (var d = 0; d < dropdowns.length; d++) {
    dropdowns[d].addEventListener("click", function (event) {
      event.preventDefault();
      var open = this.parentNode.classList.toggle("show");
      this.setAttribute("aria-expanded", open ? "true" : "false");
      closeDropdowns(this);
    });
  }
  if (dropdowns.length) {
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest(".dropdown")) closeDropdowns(null);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Esc") closeDropdowns(null);
    });
  }

  // The dark/light toggle: the choice is kept in localStorage.theme and applied before
  // the first paint by the inline script in head.liquid. al-folio's #light-toggle is one.
  var button = document.querySelector(".theme-toggle") || document.getElementById("light-toggle");
  if (!button) return;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function current() {
    return root.getAttribute("data-theme") || (media && media.matches ? "dark" : "light");
  }
  function sync() {
    var dark = current() === "dark";
    button.setAttribute("aria-pressed", dark ? "true" : "false");
    button.setAttribute("title", dark ? "Switch to light mode" : "Switch to dark mode");
  }
  button.hidden = false;
  sync();
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("theme", next); } catch (e) {}
    sync();
  });
  if (media && media.addEventListener) media.addEventListener("change", sync);
})();
