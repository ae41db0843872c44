// The cookie banner of sites with `enable_cookie_consent: true` (plugins/analytics.py):
// analytics snippets are written inert (type="text/plain" data-category="analytics") and
// run only after "Accept"; the answer is kept in localStorage, so the banner asks once.
(function () {
  var KEY = "scholarsite-consent";
  function run() {
    var held = document.querySelectorAll('script[type="text/plain"][data-category="analytics"]');
    for (var i = 0; i < held.length; i++) {
      var old = held[i], live = document.createElement("script");
      for (var j = 0; j < old.attributes.length; j++) {
        var a = old.attributes[j];
        if (a.name !== "type" && a.name !== "data-category") live.setAttribute(a.name, a.value);
      }
      live.text = old.text;
      old.parentNode.replaceChild(live, old);
    }
  }
  var answer = null;
  try { answer = localStorage.getItem(KEY); } catch (e) {}
  if (answer === "accepted") return run();
  if (answer === "declined") return;
  var bar = document.createElement("div");
  bar.className = "consent";
  bar.setAttribute("role", "region");
  bar.setAttribute("aria-label", "Cookie consent");
  bar.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:50;max-width:36rem;" +
    "margin:0 auto;padding:1rem;border:1px solid var(--border);border-radius:.5rem;" +
    "background:var(--bg);color:var(--fg);box-shadow:var(--shadow);font-size:.95rem";
  bar.innerHTML = "<p style=\"margin:0 0 .75rem\">This site would like to count visits with " +
    "analytics cookies. Nothing is sent unless you accept.</p>" +
    "<button type=\"button\" class=\"btn\" data-answer=\"accepted\">Accept</button> " +
    "<button type=\"button\" class=\"btn\" data-answer=\"declined\">Decline</button>";
  bar.addEventListener("click", function (event) {
    var choice = event.target.getAttribute && event.target.getAttribute("data-answer");
    if (!choice) return;
    try { localStorage.setItem(KEY, choice); } catch (e) {}
    bar.parentNode.removeChild(bar);
    if (choice === "accepted") run();
  });
  document.body.appendChild(bar);
})();
