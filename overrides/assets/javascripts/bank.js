/* Банк практик: the bank page (search, facets, sort) over BankQuery (bank-query.js).
 * State (query, filters, sort) lives in the URL: ?q=…&direction=id1,id2&sort=newest,
 * with vocabulary ids as facet values.
 */
(function () {
  "use strict";

  var root = document.getElementById("bank-search");
  if (!root) return;

  var PAGE = 12;
  var PAGES = 5;  // hand-written pages shown for a query
  var facets = JSON.parse(document.getElementById("bank-facet-config").textContent);
  var byKey = {};
  facets.forEach(function (f) {
    f.idToLabel = {};
    f.labelToId = {};
    f.values.forEach(function (v) { f.idToLabel[v.id] = v.label; f.labelToId[v.label] = v.id; });
    byKey[f.key] = f;
  });
  var allKinds = byKey.kind.values.map(function (v) { return v.label; });

  var el = {
    q: document.getElementById("bank-q"),
    sort: document.getElementById("bank-sort"),
    groups: document.getElementById("bank-facet-groups"),
    status: document.getElementById("bank-status"),
    results: document.getElementById("bank-results"),
    empty: document.getElementById("bank-empty"),
    more: document.getElementById("bank-more"),
    active: document.getElementById("bank-active"),
    details: document.getElementById("bank-facets"),
    show: document.getElementById("bank-show-results"),
    suggest: document.getElementById("bank-suggest"),
    suggestLink: document.getElementById("bank-suggest-link"),
    pages: document.getElementById("bank-pages"),
    pagesList: document.getElementById("bank-pages-list")
  };

  var relevance = el.sort.querySelector("option[value='relevance']");
  var state = readState();
  var shown = PAGE;
  var lastResults = [];
  var lastTerms = [];
  var generation = 0;
  var typingTimer = null;

  function readState() {
    var params = new URLSearchParams(location.search);
    var s = { q: params.get("q") || "", sort: params.get("sort") || "", filters: {} };
    facets.forEach(function (f) {
      var raw = params.get(f.key);
      if (!raw) return;
      var ids = raw.split(",").filter(function (id) { return f.idToLabel[id] !== undefined; });
      if (ids.length) s.filters[f.key] = ids;
    });
    return s;
  }

  function writeState(push) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    facets.forEach(function (f) {
      var ids = state.filters[f.key];
      if (ids && ids.length) params.set(f.key, ids.join(","));
    });
    if (state.sort) params.set("sort", state.sort);
    var qs = params.toString();
    var url = location.pathname + (qs ? "?" + qs : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
    updatePrintLink();
  }

  function updatePrintLink() {
    var link = document.getElementById("bank-print-link");
    if (link) link.href = link.href.split("?")[0] + location.search;
  }

  function effectiveSort() {
    if (state.sort === "newest" || state.sort === "title") return state.sort;
    return state.q ? "relevance" : "newest";
  }

  function el_(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plural(n, one, few, many) {
    var n10 = n % 10, n100 = n % 100;
    if (n10 === 1 && n100 !== 11) return one;
    if (n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14)) return few;
    return many;
  }

  function renderFacets(counts) {
    var focusedId = document.activeElement && document.activeElement.id;
    el.groups.textContent = "";
    var activeCount = 0;
    facets.forEach(function (f) {
      var selected = state.filters[f.key] || [];
      activeCount += selected.length;
      var values = f.values.filter(function (v) {
        var c = (counts[f.key] || {})[v.id] || 0;
        return c > 0 || selected.indexOf(v.id) >= 0;
      });
      if (!values.length) return;
      var fs = el_("fieldset", { "class": "bank-facet", "data-facet": f.key });
      fs.appendChild(el_("legend", null, f.label));
      var list = el_("ul");
      values.forEach(function (v) {
        var id = "f-" + f.key + "-" + v.id;
        var c = (counts[f.key] || {})[v.id] || 0;
        var li = el_("li");
        var box = el_("input", { type: "checkbox", id: id, value: v.id, "data-facet": f.key });
        box.checked = selected.indexOf(v.id) >= 0;
        box.addEventListener("change", onFacetChange);
        var label = el_("label", { "for": id });
        label.appendChild(document.createTextNode(v.label + " "));
        label.appendChild(el_("span", { "class": "bank-facet__count", "aria-label": c + " " + plural(c, "запись", "записи", "записей") }, "(" + c + ")"));
        li.appendChild(box);
        li.appendChild(label);
        list.appendChild(li);
      });
      fs.appendChild(list);
      el.groups.appendChild(fs);
    });
    el.active.textContent = activeCount ? "(выбрано: " + activeCount + ")" : "";
    if (focusedId) {
      var again = document.getElementById(focusedId);
      if (again) again.focus();
    }
  }

  function onFacetChange(event) {
    var box = event.target;
    var key = box.getAttribute("data-facet");
    var ids = (state.filters[key] || []).slice();
    var at = ids.indexOf(box.value);
    if (box.checked && at < 0) ids.push(box.value);
    if (!box.checked && at >= 0) ids.splice(at, 1);
    if (ids.length) state.filters[key] = ids; else delete state.filters[key];
    shown = PAGE;
    writeState(true);
    run();
  }

  function excerpt(html, cls) {
    // the summary as escaped text with <mark> around the query's words: rebuild it safely
    var p = el_("p", { "class": cls });
    html.split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      p.appendChild(inMark ? el_("mark", null, text) : document.createTextNode(text));
      return inMark;
    }, false);
    return p;
  }

  function card(data) {
    var m = data.meta || {};
    var article = el_("article", { "class": "bank-card bank-card--" + (m.kind || "page"), "data-slug": m.slug || "" });
    article.appendChild(el_("p", { "class": "bank-card__kind" }, m.kind_label || "Страница"));
    var h = el_("h3", { "class": "bank-card__title" });
    var a = el_("a", { href: data.url }, m.title || data.url);
    h.appendChild(a);
    article.appendChild(h);
    if (state.q && data.excerpt) {
      article.appendChild(excerpt(data.excerpt, "bank-card__excerpt"));
    } else if (m.summary) {
      article.appendChild(el_("p", { "class": "bank-card__summary" }, m.summary));
    }
    var where = [m.organization, m.place].filter(Boolean).join(" · ");
    if (where) article.appendChild(el_("p", { "class": "bank-card__meta" }, where));
    var tags = data.tags || [];
    if (tags.length) {
      var ul = el_("ul", { "class": "bank-tags" });
      tags.slice(0, 4).forEach(function (t) { ul.appendChild(el_("li", null, t)); });
      article.appendChild(ul);
    }
    document.dispatchEvent(new CustomEvent("bank:card", { detail: { node: article, data: data } }));
    return article;
  }

  function renderResults(my) {
    // cards appear in order as they arrive: the first ones do not wait for the last
    var slice = lastResults.slice(0, shown);
    var datas = new Array(slice.length), next = 0;
    el.results.textContent = "";
    el.more.hidden = lastResults.length <= shown;
    return Promise.all(slice.map(function (e, i) {
      return query.card(e, lastTerms).then(function (d) {
        if (my !== generation) return;
        datas[i] = d;
        while (next < datas.length && datas[next]) el.results.appendChild(card(datas[next++]));
      });
    }));
  }

  function showCount(n) {
    var count = n + " " + plural(n, "запись", "записи", "записей");
    el.status.textContent = n ? "Найдено: " + count : "Ничего не найдено";
    el.show.textContent = n ? "Показать " + count : "Ничего не найдено";
    el.empty.hidden = n > 0;
  }

  function renderPages(pages) {
    // pages of the site (recommendations, «О банке»…) that contain the words: titles only,
    // so no long page has to be downloaded for an excerpt
    el.pagesList.textContent = "";
    el.pages.hidden = !pages.length;
    pages.slice(0, PAGES).forEach(function (pg) {
      var li = el_("li");
      li.appendChild(el_("a", { href: pg.url }, pg.title));
      el.pagesList.appendChild(li);
    });
  }

  function run() {
    var my = ++generation;
    var sort = effectiveSort();
    relevance.disabled = !state.q;  // without a query there is nothing to be relevant to
    relevance.textContent = state.q ? "по соответствию" : "по соответствию (нужен запрос)";
    el.sort.value = sort === "relevance" && !state.q ? "newest" : sort;
    el.status.textContent = "Поиск…";
    root.setAttribute("aria-busy", "true");
    query.run({ q: state.q, sort: sort, filters: state.filters }).then(function (found) {
      if (my !== generation) return;
      lastResults = found.entries;
      lastTerms = found.terms;
      showCount(found.total);
      offerCorrection(my, found);
      renderPages(found.pages);
      return renderResults(my).then(function () {
        return my === generation ? found.counts() : null;
      }).then(function (counts) { if (counts && my === generation) renderFacets(counts); });
    }).then(function () {
      if (my === generation) root.setAttribute("aria-busy", "false");
    }).catch(function (err) {
      if (my !== generation) return;
      el.status.textContent = query.indexMissing
        ? "Поисковый индекс не найден: соберите сайт командой ./run.sh build."
        : "Поиск не удался: " + err;
      root.setAttribute("aria-busy", "false");
    });
  }

  /* Nothing found for the words: «Возможно, вы искали: тьютор» (a misspelt word corrected). */
  function offerCorrection(my, found) {
    el.suggest.hidden = true;
    if (found.total || found.pages.length || !state.q) return;
    query.suggest(state.q).then(function (fixed) {
      if (!fixed || my !== generation) return;
      var params = new URLSearchParams(location.search);
      params.set("q", fixed);
      el.suggestLink.href = "?" + params.toString();
      el.suggestLink.textContent = fixed;
      el.suggest.hidden = false;
    }).catch(function () { /* no correction is no worse than before */ });
  }

  function applyStateToForm() {
    el.q.value = state.q;
    el.sort.value = effectiveSort();
  }

  function reset(all) {
    state.filters = {};
    if (all) { state.q = ""; state.sort = ""; }
    shown = PAGE;
    applyStateToForm();
    writeState(true);
    run();
  }

  el.q.addEventListener("focus", function () { query.warm(); });
  el.q.addEventListener("input", function () {
    query.preload(el.q.value.trim());
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      var pushing = !state.q !== !el.q.value.trim();
      state.q = el.q.value.trim();
      shown = PAGE;
      writeState(pushing);
      run();
    }, 250);
  });
  el.q.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); clearTimeout(typingTimer); state.q = el.q.value.trim(); writeState(true); run(); }
  });
  el.sort.addEventListener("change", function () {
    state.sort = el.sort.value === "relevance" ? "" : el.sort.value;
    writeState(true);
    run();
  });
  el.more.addEventListener("click", function () {
    shown += PAGE;
    renderResults(generation);
  });
  document.getElementById("bank-reset-filters").addEventListener("click", function () { reset(false); });
  el.suggestLink.addEventListener("click", function (e) {
    e.preventDefault();
    state.q = el.suggestLink.textContent;
    shown = PAGE;
    applyStateToForm();
    writeState(true);
    run();
  });
  el.show.addEventListener("click", function () {
    el.details.open = false;
    el.status.focus({ preventScroll: true });
    el.status.scrollIntoView({ block: "start" });  // below the fixed header: scroll-margin-top in bank.css
  });
  document.getElementById("bank-reset-all").addEventListener("click", function () { reset(true); });
  window.addEventListener("popstate", function () {
    state = readState();
    shown = PAGE;
    applyStateToForm();
    run();
  });
  if (window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches) el.details.open = false;

  applyStateToForm();
  updatePrintLink();
  var query = new window.BankQuery(new URL(root.getAttribute("data-base") || ".", location.href).pathname,
    new URL(root.getAttribute("data-stemmer"), location.href).href, facets);
  run();

  window.bankSearch = {  // for tests and the benchmark
    engine: query,
    state: function () { return JSON.parse(JSON.stringify(state)); },
    results: function () { return lastResults.map(function (e) { return { data: function () { return query.card(e, lastTerms); } }; }); }
  };
})();
