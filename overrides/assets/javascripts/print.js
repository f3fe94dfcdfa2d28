/* Print view of a bank selection: the same URL state as the bank page, entries in full. */
(function () {
  "use strict";
  var root = document.getElementById("bank-print");
  if (!root) return;
  var LIMIT = 100;
  var facets = JSON.parse(document.getElementById("bank-facet-config").textContent);
  var params = new URLSearchParams(location.search);
  var q = params.get("q") || "";
  var filters = { bank: "entry" };
  var described = [];
  facets.forEach(function (f) {
    var raw = params.get(f.key);
    if (!raw) return;
    var map = {};
    f.values.forEach(function (v) { map[v.id] = v.label; });
    var labels = raw.split(",").map(function (id) { return map[id]; }).filter(Boolean);
    if (labels.length) { filters[f.key] = { any: labels }; described.push(f.label + ": " + labels.join(", ")); }
  });
  var sort = params.get("sort");
  var status = document.getElementById("bank-print-status");
  var out = document.getElementById("bank-print-entries");
  var go = document.getElementById("bank-print-go");
  document.getElementById("bank-print-back").href += location.search;
  document.getElementById("bank-print-query").textContent =
    (q ? "Запрос: «" + q + "». " : "") + (described.length ? described.join("; ") + "." : (q ? "" : "Все записи банка."));
  go.addEventListener("click", function () { window.print(); });

  var base = new URL(root.getAttribute("data-base") || ".", location.href).pathname;
  var options = { filters: filters };
  if (sort === "title") options.sort = { title: "asc" };
  else if (sort === "newest" || !q) options.sort = { added: "desc" };

  function extract(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var article = doc.querySelector("article.md-content__inner");
    var section = document.createElement("section");
    section.className = "bank-print__entry";
    if (!article) return section;
    article.querySelectorAll(".bank-search-meta, .md-content__button, .headerlink, .bank-actions, .bank-source, script")
      .forEach(function (n) { n.remove(); });
    article.querySelectorAll("a[href]").forEach(function (a) { a.setAttribute("href", new URL(a.getAttribute("href"), url).href); });
    Array.prototype.forEach.call(article.childNodes, function (n) { section.appendChild(document.importNode(n, true)); });
    var src = document.createElement("p");
    src.className = "bank-print__url";
    src.textContent = "Страница записи: " + url;
    section.appendChild(src);
    return section;
  }

  import(new URL(root.getAttribute("data-pagefind"), location.href).href).then(function (pf) {
    return pf.options({ baseUrl: base }).then(function () { return pf.search(q || null, options); });
  }).then(function (search) {
    var results = search.results.slice(0, LIMIT);
    status.textContent = "Записей в подборке: " + search.results.length +
      (search.results.length > LIMIT ? " (для печати взяты первые " + LIMIT + ")" : "");
    return Promise.all(results.map(function (r) { return r.data(); }));
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
