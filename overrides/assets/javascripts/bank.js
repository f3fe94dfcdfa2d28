/* Банк практик: search page over the Pagefind index.
 * State (query, filters, sort, page size) lives in the URL: ?q=…&direction=id1,id2&sort=newest
 * The index stores Russian labels as filter values; the URL keeps vocabulary ids.
 */
(function () {
  "use strict";

  var root = document.getElementById("bank-search");
  if (!root) return;

  var PAGE = 12;
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
    details: document.getElementById("bank-facets")
  };

  var pagefind = null;
  var state = readState();
  var shown = PAGE;
  var lastResults = [];
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

  function pagefindFilters() {
    var out = {};
    facets.forEach(function (f) {
      var ids = state.filters[f.key];
      if (ids && ids.length) out[f.key] = { any: ids.map(function (id) { return f.idToLabel[id]; }) };
    });
    out.bank = "entry";  // the bank lists entries, not hand-written pages
    return out;
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
        var c = (counts[f.key] || {})[v.label] || 0;
        return c > 0 || selected.indexOf(v.id) >= 0;
      });
      if (!values.length) return;
      var fs = el_("fieldset", { "class": "bank-facet", "data-facet": f.key });
      fs.appendChild(el_("legend", null, f.label));
      var list = el_("ul");
      values.forEach(function (v) {
        var id = "f-" + f.key + "-" + v.id;
        var c = (counts[f.key] || {})[v.label] || 0;
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

  function card(data) {
    var m = data.meta || {};
    var article = el_("article", { "class": "bank-card bank-card--" + (m.kind || "page"), "data-slug": m.slug || "" });
    article.appendChild(el_("p", { "class": "bank-card__kind" }, m.kind_label || "Страница"));
    var h = el_("h3", { "class": "bank-card__title" });
    var a = el_("a", { href: data.url }, m.title || data.url);
    h.appendChild(a);
    article.appendChild(h);
    if (state.q && data.excerpt) {
      var ex = el_("p", { "class": "bank-card__excerpt" });
      // Pagefind's excerpt is text with <mark> around hits: rebuild it safely
      data.excerpt.split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
        if (part === "<mark>") return true;
        if (part === "</mark>") return false;
        var text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
        ex.appendChild(inMark ? el_("mark", null, text) : document.createTextNode(text));
        return inMark;
      }, false);
      article.appendChild(ex);
    } else if (m.summary) {
      article.appendChild(el_("p", { "class": "bank-card__summary" }, m.summary));
    }
    var where = [m.organization, m.place].filter(Boolean).join(" · ");
    if (where) article.appendChild(el_("p", { "class": "bank-card__meta" }, where));
    var tags = [];
    ["direction", "competence"].forEach(function (k) {
      ((data.filters || {})[k] || []).forEach(function (label) { tags.push(label); });
    });
    if (tags.length) {
      var ul = el_("ul", { "class": "bank-tags" });
      tags.slice(0, 4).forEach(function (t) { ul.appendChild(el_("li", null, t)); });
      article.appendChild(ul);
    }
    document.dispatchEvent(new CustomEvent("bank:card", { detail: { node: article, data: data } }));
    return article;
  }

  function renderResults(my) {
    var slice = lastResults.slice(0, shown);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
      if (my !== generation) return;
      el.results.textContent = "";
      datas.forEach(function (d) { el.results.appendChild(card(d)); });
      el.more.hidden = lastResults.length <= shown;
    });
  }

  function showCount(n) {
    el.status.textContent = n
      ? "Найдено: " + n + " " + plural(n, "запись", "записи", "записей")
      : "Ничего не найдено";
    el.empty.hidden = n > 0;
  }

  function run() {
    var my = ++generation;
    var sort = effectiveSort();
    el.sort.value = sort === "relevance" && !state.q ? "newest" : sort;
    el.status.textContent = "Поиск…";
    root.setAttribute("aria-busy", "true");
    // Without words Pagefind would load its whole index: browse from the static lists instead.
    var work = state.q ? search(my, sort) : browse(my, sort);
    work.then(function () {
      if (my === generation) root.setAttribute("aria-busy", "false");
    }).catch(function (err) {
      if (my !== generation) return;
      el.status.textContent = pagefindMissing
        ? "Поисковый индекс не найден: соберите сайт командой ./run.sh build."
        : "Поиск не удался: " + err;
      root.setAttribute("aria-busy", "false");
    });
  }

  function search(my, sort) {
    var options = { filters: pagefindFilters() };
    if (sort === "newest") options.sort = { added: "desc" };
    if (sort === "title") options.sort = { title: "asc" };
    return ensurePagefind().then(function () {
      return pagefind.search(state.q, options);
    }).then(function (found) {
      if (my !== generation || !found) return;
      lastResults = found.results;
      renderFacets(found.filters || {});
      showCount(found.results.length);
      return renderResults(my);
    });
  }

  // ---- browsing without a query: api/browse/*.json (generator/browse.py) ----
  var cache = {};
  function json(path) {
    if (!cache[path]) {
      cache[path] = fetch(siteBase + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }
  function undelta(list) {
    var out = new Array(list.length), n = -1;
    for (var i = 0; i < list.length; i++) { n += list[i]; out[i] = n; }
    return out;
  }
  function cardResult(number) {
    return { data: function () {
      return json("api/cards/" + number + ".json").then(function (c) {
        return { url: siteBase + c.url, meta: c.meta, filters: c.filters };
      });
    } };
  }
  function byLabel(countsById) {
    var out = {};
    facets.forEach(function (f) {
      var own = countsById[f.key] || {};
      out[f.key] = {};
      Object.keys(own).forEach(function (id) { out[f.key][f.idToLabel[id]] = own[id]; });
    });
    return out;
  }
  function browse(my, sort) {
    var selected = facets.filter(function (f) { return (state.filters[f.key] || []).length; });
    return json("api/browse/facets.json").then(function (all) {
      if (!selected.length) return { numbers: null, total: all.total, counts: all.counts };
      return Promise.all(facets.map(function (f) { return json("api/browse/" + f.key + ".json"); })).then(function (lists) {
        var members = {};
        facets.forEach(function (f, i) { members[f.key] = lists[i]; });
        var result = null;
        selected.forEach(function (f) {
          var union = new Set();
          state.filters[f.key].forEach(function (id) {
            undelta(members[f.key][id] || []).forEach(function (n) { union.add(n); });
          });
          result = result === null ? union : new Set(Array.from(result).filter(function (n) { return union.has(n); }));
        });
        var counts = {};
        facets.forEach(function (f) {
          counts[f.key] = {};
          Object.keys(members[f.key]).forEach(function (id) {
            var c = 0;
            undelta(members[f.key][id]).forEach(function (n) { if (result.has(n)) c++; });
            if (c) counts[f.key][id] = c;
          });
        });
        return { numbers: Array.from(result).sort(function (a, b) { return a - b; }), total: result.size, counts: counts };
      });
    }).then(function (found) {
      if (my !== generation) return;
      var order = sort === "title" ? json("api/browse/title-order.json") : Promise.resolve(null);
      return order.then(function (titleOrder) {
        if (my !== generation) return;
        var numbers = found.numbers;
        if (titleOrder) {
          var keep = numbers ? new Set(numbers) : null;
          numbers = titleOrder.filter(function (n) { return !keep || keep.has(n); });
        }
        var total = found.total;
        lastResults = new Array(total);  // cards are fetched only for those on screen
        for (var i = 0; i < total; i++) lastResults[i] = cardResult(numbers ? numbers[i] : i);
        renderFacets(byLabel(found.counts));
        showCount(total);
        return renderResults(my);
      });
    });
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

  el.q.addEventListener("input", function () {
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
  var base = new URL(root.getAttribute("data-base") || ".", location.href).pathname;
  var siteBase = base.replace(/\/?$/, "/");
  var pagefindMissing = false;
  var pagefindReady = null;
  function ensurePagefind() {
    // Pagefind is loaded only when words are searched for.
    if (!pagefindReady) {
      pagefindReady = import(new URL(root.getAttribute("data-pagefind"), location.href).href).then(function (mod) {
        pagefind = mod;
        return pagefind.options({ baseUrl: base, excerptLength: 24 });
      }, function (err) { pagefindMissing = true; throw err; }).then(function () {
        // loading every filter index up front makes Pagefind return counts for all facets
        return pagefind.filters();
      });
    }
    return pagefindReady;
  }
  run();

  window.bankSearch = { state: function () { return JSON.parse(JSON.stringify(state)); }, results: function () { return lastResults; } };
})();
