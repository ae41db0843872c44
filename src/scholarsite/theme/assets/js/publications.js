// The publication filter bar (_includes/publication_filter.liquid).
(function () {
  var form = document.querySelector("form.pub-filter");
  if (!form) return;
  var TYPES = { article: "Journal article", inproceedings: "Conference paper",
    conference: "Conference paper", incollection: "Book chapter", inbook: "Book chapter",
    book: "Book", phdthesis: "PhD thesis", mastersthesis: "Master's thesis",
    techreport: "Report", misc: "Other", unpublished: "Unpublished", patent: "Patent" };
  var items = [];
  document.querySelectorAll("ol.bibliography > li, ul.bibliography > li").forEach(function (li) {
    var entry = li.querySelector(".publication");
    if (!entry) return;
    items.push({ li: li, year: entry.getAttribute("data-year") || "",
      type: entry.getAttribute("data-type") || "",
      keywords: (entry.getAttribute("data-keywords") || "").split(/[,;]/)
        .map(function (k) { return k.trim().toLowerCase(); }).filter(Boolean),
      text: li.textContent.toLowerCase() });
  });
  if (!items.length) return;
  var fields = { q: form.elements.q, year: form.elements.year, type: form.elements.type,
                 keyword: form.elements.keyword };
  var count = form.querySelector(".pub-filter-count");

  function fill(select, values, label) {
    var all = document.createElement("option");
    all.value = "";
    all.textContent = select.getAttribute("data-all");
    select.appendChild(all);
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = label ? label(value) : value;
      select.appendChild(option);
    });
  }
  function unique(list) {
    return list.filter(function (v, i) { return v && list.indexOf(v) === i; });
  }
  fill(fields.year, unique(items.map(function (i) { return i.year; })).sort().reverse());
  fill(fields.type, unique(items.map(function (i) { return i.type; })).sort(),
       function (t) { return TYPES[t] || t; });
  var keywords = unique([].concat.apply([], items.map(function (i) { return i.keywords; }))).sort();
  fill(fields.keyword, keywords);
  fields.keyword.hidden = keywords.length === 0;

  function state() {
    return { q: fields.q.value.trim(), year: fields.year.value, type: fields.type.value,
             keyword: fields.keyword.value };
  }
  function apply() {
    var s = state(), words = s.q.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    items.forEach(function (item) {
      var keep = (!s.year || item.year === s.year) && (!s.type || item.type === s.type) &&
        (!s.keyword || item.keywords.indexOf(s.keyword) >= 0) &&
        words.every(function (w) { return item.text.indexOf(w) >= 0; });
      item.li.hidden = !keep;
      if (keep) shown++;
    });
    document.querySelectorAll("ol.bibliography, ul.bibliography").forEach(function (list) {
      var any = list.querySelector(":scope > li:not([hidden])") !== null;
      list.hidden = !any;
      var heading = list.previousElementSibling;
      if (heading && /^H[1-6]$/.test(heading.tagName)) heading.hidden = !any;
    });
    count.textContent = shown === items.length ? items.length + " publications"
      : shown + " of " + items.length + " publications";
  }
  function save() {
    var s = state(), parts = [];
    Object.keys(s).forEach(function (k) { if (s[k]) parts.push(k + "=" + encodeURIComponent(s[k])); });
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }
  function load() {
    var hash = location.hash.slice(1);
    Object.keys(fields).forEach(function (k) { fields[k].value = ""; });
    if (hash.indexOf("=") < 0) return; // #KEY: a link to one entry, shown in the whole list
    hash.split("&").forEach(function (part) {
      var pair = part.split("="), field = fields[pair[0]];
      if (!field) return;
      var value = decodeURIComponent(pair[1] || "");
      if (field.tagName === "SELECT" && !field.querySelector('option[value="' + value.replace(/"/g, "") + '"]')) return;
      field.value = value;
    });
  }
  form.hidden = false;
  load();
  apply();
  form.addEventListener("input", function () { apply(); save(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", function () { load(); apply(); });
})();
