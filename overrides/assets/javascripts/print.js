/* Print view of a bank selection: the same URL state and query engine (bank-query.js) as the
 * bank page, entries fetched in full. */
(function () {
  "use strict";
  var root = document.getElementById("bank-print");
  if (!root) return;
  var LIMIT = 100;
  var facets = JSON.parse(document.getElementById("bank-facet-config").textContent);
  var params = new URLSearchParams(location.search);
  var q = params.get("q") || "";
  var filters = {};
  var described = [];
  facets.forEach(function (f) {
    var raw = params.get(f.key);
    if (!raw) return;
    var map = {};
    f.values.forEach(function (v) { map[v.id] = v.label; });
    var labels = raw.split(",").map(function (id) { return map[id]; }).filter(Boolean);
    var ids = raw.split(",").filter(function (id) { return map[id] !== undefined; });
    if (ids.length) { filters[f.key] = ids; described.push(f.label + ": " + labels.join(", ")); }
  });
  var sort = params.get("sort");
  var status = document.getElementById("bank-print-status");
  var out = document.getElementById("bank-print-entries");
  var go = document.getElementById("bank-print-go");
  document.getElementById("bank-print-back").href += location.search;
  document.getElementById("bank-print-query").textContent =
    (q ? "Запрос: «" + q + "». " : "") + (described.length ? described.join("; ") + "." : (q ? "" : "Все записи банка."));
  go.addEventListener("click", function () { window.print(); });

  var query = new window.BankQuery(new URL(root.getAttribute("data-base") || ".", location.href).pathname,
    new URL(root.getAttribute("data-stemmer"), location.href).href, facets);
  var order = sort === "title" || sort === "newest" ? sort : (q ? "relevance" : "newest");

  function extract(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var article = doc.querySelector("article.md-content__inner");
    var section = document.createElement("section");
    section.className = "bank-print__entry";
    if (!article) return section;
    article.querySelectorAll(".md-content__button, .headerlink, .bank-actions, .bank-source, script")
      .forEach(function (n) { n.remove(); });
    article.querySelectorAll("a[href]").forEach(function (a) { a.setAttribute("href", new URL(a.getAttribute("href"), url).href); });
    Array.prototype.forEach.call(article.childNodes, function (n) { section.appendChild(document.importNode(n, true)); });
    var src = document.createElement("p");
    src.className = "bank-print__url";
    src.textContent = "Страница записи: " + url;
    section.appendChild(src);
    return section;
  }

  query.run({ q: q, sort: order, filters: filters }).then(function (found) {
    var entries = found.entries.slice(0, LIMIT);
    status.textContent = "Записей в подборке: " + found.total +
      (found.total > LIMIT ? " (для печати взяты первые " + LIMIT + ")" : "");
    // the whole entry is printed, so no excerpt is needed
    return Promise.all(entries.map(function (e) { return query.card(e); }));
  }).then(function (datas) {
    return Promise.all(datas.map(function (d) {
      var url = new URL(d.url, location.href).href;
      return fetch(url).then(function (r) { return r.text(); }).then(function (html) { return extract(html, url); });
    }));
  }).then(function (sections) {
    sections.forEach(function (s) { out.appendChild(s); });
    go.disabled = false;
    root.setAttribute("data-ready", "true");
  }).catch(function (err) {
    status.textContent = "Не удалось собрать подборку: " + err;
  });
})();
