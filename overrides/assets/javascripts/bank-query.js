/* Банк практик: the query engine shared by the bank page (bank.js) and the print view (print.js).
 *
 * Which entries match the words: Pagefind, loaded only when words are typed. Everything else —
 * which entries carry a facet value, the counts, «newest» and «by title» orders — comes from the
 * static lists written by generator/browse.py (api/browse/*.json), in both modes. Pagefind page
 * ids are mapped to entry numbers by api/browse/search-ids.json; a hit that is not an entry is
 * a page of the site (recommendations, «О банке»…), named in api/browse/search-pages.json.
 */
(function () {
  "use strict";

  function undelta(list) {
    var out = new Array(list.length), n = -1;
    for (var i = 0; i < list.length; i++) { n += list[i]; out[i] = n; }
    return out;
  }

  function BankQuery(siteBase, pagefindUrl, facets) {
    this.siteBase = siteBase.replace(/\/?$/, "/");
    this.pagefindUrl = pagefindUrl;
    this.facets = facets;
    this.cache = {};
    this.members = {};  // facet key -> value id -> entry numbers
    this.pagefindMissing = false;
    this.ready = null;
    this.idToNumber = null;
  }

  BankQuery.prototype.json = function (path) {
    var self = this;
    if (!self.cache[path]) {
      self.cache[path] = fetch(self.siteBase + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      self.cache[path].catch(function () { delete self.cache[path]; });
    }
    return self.cache[path];
  };

  BankQuery.prototype.pagefind = function () {
    var self = this;
    if (!self.ready) {
      self.ready = import(self.pagefindUrl).then(function (mod) {
        return mod.options({ baseUrl: new URL(self.siteBase, location.href).pathname, excerptLength: 24 })
          .then(function () { return mod; });
      }, function (err) { self.pagefindMissing = true; self.ready = null; throw err; });
    }
    return self.ready;
  };

  BankQuery.prototype.searchIds = function () {
    var self = this;
    if (self.idToNumber) return Promise.resolve(self.idToNumber);
    return Promise.all([self.json("api/browse/search-ids.json"), self.json("api/browse/search-pages.json")])
      .then(function (both) {
        var map = new Map();
        both[0].forEach(function (id, n) { if (id) map.set(id, n); });
        self.pages = both[1];  // Pagefind id -> {url, title} of the site's other pages
        self.idToNumber = map;
        return map;
      });
  };

  BankQuery.prototype.memberLists = function () {
    var self = this;
    return Promise.all(self.facets.map(function (f) { return self.json("api/browse/" + f.key + ".json"); }))
      .then(function (lists) {
        self.facets.forEach(function (f, i) {
          if (self.members[f.key]) return;
          var own = {};
          Object.keys(lists[i]).forEach(function (id) { own[id] = undelta(lists[i][id]); });
          self.members[f.key] = own;
        });
        return self.members;
      });
  };

  /* The user is about to type (the search field got focus): fetch what every query needs —
   * Pagefind's code and page list, the id map, the facet lists — so that only the chunks of
   * the typed words are left to load. Nothing is fetched for someone who only browses. */
  BankQuery.prototype.warm = function () {
    var self = this;
    if (self.warmed) return;
    self.warmed = true;
    self.pagefind().then(function (pf) { return pf.init(); }).catch(function () {});
    self.searchIds().catch(function () {});
    self.memberLists().catch(function () {});
  };

  /* While words are being typed: load their index chunks ahead of the search. */
  BankQuery.prototype.preload = function (q) {
    if (!q) return;
    this.pagefind().then(function (pf) { return pf.preload(q); }).catch(function () {});
  };

  /* state: {q, sort: "relevance"|"newest"|"title", filters: {facet key: [value ids]}}
   * -> {entries: [{number, hit}], total, counts: {facet key: {value id: n}}, pages: [hit]} */
  BankQuery.prototype.run = function (state) {
    var self = this;
    var selected = self.facets.filter(function (f) { return (state.filters[f.key] || []).length; });
    var lists = state.q || selected.length ? self.memberLists() : null;  // fetched alongside Pagefind
    if (lists) lists.catch(function () {});  // a failure is reported through the chain below
    var words = state.q ? self.pagefind().then(function (pf) {
      return Promise.all([pf.search(state.q), self.searchIds()]);
    }).then(function (both) {
      var found = both[0], map = both[1], entries = [], pages = [];
      ((found && found.results) || []).forEach(function (hit) {
        var n = map.get(hit.id);
        if (n !== undefined) entries.push({ number: n, hit: hit });
        else if (self.pages[hit.id]) pages.push({ url: self.siteBase + self.pages[hit.id].url, title: self.pages[hit.id].title });
      });
      return { entries: entries, pages: pages };
    }) : Promise.resolve(null);

    return Promise.all([words, self.json("api/browse/facets.json")]).then(function (both) {
      var matched = both[0], all = both[1];
      if (!matched && !selected.length) {  // nothing asked: all entries, counts precomputed
        return { numbers: null, hits: {}, total: all.total, counts: all.counts, pages: [] };
      }
      return lists.then(function (members) {
        var keep = null, hits = {};
        if (matched) {
          keep = new Set();
          matched.entries.forEach(function (e) { keep.add(e.number); hits[e.number] = e.hit; });
        }
        selected.forEach(function (f) {
          var union = new Set();
          state.filters[f.key].forEach(function (id) {
            (members[f.key][id] || []).forEach(function (n) { if (!keep || keep.has(n)) union.add(n); });
          });
          keep = union;
        });
        var counts = {};
        self.facets.forEach(function (f) {
          counts[f.key] = {};
          Object.keys(members[f.key]).forEach(function (id) {
            var c = 0, list = members[f.key][id];
            for (var i = 0; i < list.length; i++) if (keep.has(list[i])) c++;
            if (c) counts[f.key][id] = c;
          });
        });
        var numbers;
        if (matched && state.sort === "relevance") {
          numbers = matched.entries.map(function (e) { return e.number; }).filter(function (n) { return keep.has(n); });
        } else {
          numbers = Array.from(keep).sort(function (a, b) { return a - b; });  // numbers are newest first
        }
        return { numbers: numbers, hits: hits, total: numbers.length, counts: counts,
                 pages: matched ? matched.pages : [] };
      });
    }).then(function (found) {
      if (state.sort !== "title") return found;
      return self.json("api/browse/title-order.json").then(function (order) {
        var keep = found.numbers ? new Set(found.numbers) : null;
        found.numbers = order.filter(function (n) { return !keep || keep.has(n); });
        return found;
      });
    }).then(function (found) {
      var entries = new Array(found.total);
      for (var i = 0; i < found.total; i++) {
        var n = found.numbers ? found.numbers[i] : i;
        entries[i] = { number: n, hit: found.hits[n] || null };
      }
      return { entries: entries, total: found.total, counts: found.counts, pages: found.pages };
    });
  };

  /* What a card shows: {url, meta, tags, excerpt}. A query result comes whole from its
   * Pagefind fragment (one request: the excerpt and the card data); browsing uses api/cards/. */
  BankQuery.prototype.card = function (entry) {
    var self = this;
    if (entry.hit) {
      return entry.hit.data().then(function (d) {
        var m = d.meta || {};
        return { url: d.url, meta: m, tags: m.tags ? m.tags.split("|") : [], excerpt: d.excerpt };
      });
    }
    return self.json("api/cards/" + entry.number + ".json").then(function (c) {
      var f = c.filters || {};
      return { url: self.siteBase + c.url, meta: c.meta, tags: (f.direction || []).concat(f.competence || []),
               excerpt: "" };
    });
  };

  window.BankQuery = BankQuery;
})();
