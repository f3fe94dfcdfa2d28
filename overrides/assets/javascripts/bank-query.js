/* Банк практик: the query engine shared by the bank page (bank.js) and the print view (print.js).
 *
 * Which entries match the words: the bank's own index (generator/search_index.py, search/):
 * the manifest search/index.json names the shard of every term prefix; a query loads only the
 * shards of its words. Terms are Snowball Russian stems — the same algorithm in the browser
 * (vendor/snowball-russian.js, loaded on first use) as at build time.
 * Everything else — which entries carry a facet value, the counts, «newest» and «by title»
 * orders — comes from the static lists written by generator/browse.py (api/browse/*.json).
 * Entries are numbered the same way in both (newest first).
 */
(function () {
  "use strict";

  var WORD = /[0-9a-zа-яё]+/g;
  var CYRILLIC = /[а-яё]/;

  function undelta(list) {
    var out = new Array(list.length), n = -1;
    for (var i = 0; i < list.length; i++) { n += list[i]; out[i] = n; }
    return out;
  }

  /* A posting set of the index: 0, a list of gaps, or a base64 bitset -> calls fn(number). */
  function each(set, fn) {
    if (!set) return;
    if (typeof set === "string") {
      var bytes = atob(set);
      for (var i = 0; i < bytes.length; i++) {
        var b = bytes.charCodeAt(i);
        for (var bit = 0; b; bit++, b >>= 1) if (b & 1) fn(i * 8 + bit);
      }
      return;
    }
    var n = -1;
    for (var j = 0; j < set.length; j++) { n += set[j]; fn(n); }
  }

  function words(text) {
    return (text.toLowerCase().replace(/ё/g, "е").match(WORD) || []);
  }

  /* How an index term t answers a query term q: 2 — the same stem; 1 — a longer stem that
   * starts with it (тьютор -> тьюторск) or one one or two letters shorter (тьюторск ->
   * тьютор); 0 — no match. Used for matching and for marking words in the summary. */
  function likeness(t, q) {
    if (t === q) return 2;
    if (q.length >= 3 && t.indexOf(q) === 0) return 1;
    if (q.length >= 6 && t.length >= q.length - 2 && q.indexOf(t) === 0) return 1;
    return 0;
  }

  function BankQuery(siteBase, stemmerUrl, facets) {
    this.siteBase = siteBase.replace(/\/?$/, "/");
    this.stemmerUrl = stemmerUrl;
    this.facets = facets;
    this.cache = {};
    this.members = {};  // facet key -> value id -> entry numbers
    this.indexMissing = false;
  }

  BankQuery.prototype.json = function (path) {
    var self = this;
    if (!self.cache[path]) {
      // Shards are named by their content and may come from the browser's cache; every other
      // file changes with each build (entry numbers, shard names), so it is revalidated.
      var fresh = path.indexOf("search/t/") === 0 ? {} : { cache: "no-cache" };
      self.cache[path] = fetch(self.siteBase + path, fresh).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      self.cache[path].catch(function () { delete self.cache[path]; });
    }
    return self.cache[path];
  };

  BankQuery.prototype.manifest = function () {
    var self = this;
    return self.json("search/index.json").then(function (m) {
      if (!self.keys) {
        self.keys = m.shards;
        self.stop = new Set(m.stop);
      }
      return m;
    }, function (err) { self.indexMissing = true; throw err; });
  };

  BankQuery.prototype.stemmer = function () {
    var self = this;
    if (!self.stemming) {
      self.stemming = import(self.stemmerUrl).then(function (mod) { return mod.stemmer; },
        function (err) { self.stemming = null; throw err; });
    }
    return self.stemming;
  };

  /* The query's words as index terms (stems), stop words left out, each term once. */
  BankQuery.prototype.terms = function (q) {
    var self = this;
    return Promise.all([self.manifest(), self.stemmer()]).then(function (both) {
      var stem = both[1], out = [];
      words(q).forEach(function (w) {
        var t = CYRILLIC.test(w) ? stem(w) : w;
        if (!self.stop.has(w) && out.indexOf(t) < 0) out.push(t);
      });
      return out;
    });
  };

  /* Shard keys a term needs: the one holding the term (its longest prefix among the keys),
   * those holding longer terms that start with it, and for a long term the shards of its
   * one- and two-letter-shorter forms (тьюторск -> тьютор). */
  BankQuery.prototype.shardsFor = function (term) {
    var keys = this.keys, need = {};
    function holder(t) {
      for (var len = t.length; len > 0; len--) if (keys[t.slice(0, len)] !== undefined) return t.slice(0, len);
      return null;
    }
    [term].concat(term.length >= 6 ? [term.slice(0, -1), term.slice(0, -2)] : []).forEach(function (t) {
      var h = holder(t);
      if (h !== null) need[h] = true;
    });
    if (term.length >= 3) {
      Object.keys(keys).forEach(function (k) { if (k.length > term.length && k.indexOf(term) === 0) need[k] = true; });
    }
    return Object.keys(need);
  };

  BankQuery.prototype.shard = function (key) {
    return this.json("search/t/" + this.keys[key] + ".json");
  };

  /* Index entries matching one term: [{postings, weight}], weight from likeness(). */
  BankQuery.prototype.lookup = function (term) {
    var self = this;
    return Promise.all(self.shardsFor(term).map(function (k) { return self.shard(k); })).then(function (shards) {
      var found = [];
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (t) {
          var weight = likeness(t, term);
          if (weight) found.push({ postings: shard[t], weight: weight });
        });
      });
      return found;
    });
  };

  /* Entries and pages containing every word of q, best first:
   * -> {entries: [number], pages: [{url, title}], terms: [term]} */
  BankQuery.prototype.match = function (q) {
    var self = this;
    return self.terms(q).then(function (terms) {
      return Promise.all(terms.map(function (t) { return self.lookup(t); })).then(function (lookups) {
        return self.manifest().then(function (m) {
          var n = m.entries, pageCount = m.pages.length;
          var score = new Float64Array(n), hits = new Uint8Array(n);
          var pageHits = new Uint8Array(pageCount);
          lookups.forEach(function (found, i) {
            var best = new Uint8Array(n), pageBest = new Uint8Array(pageCount);
            found.forEach(function (f) {
              // title or summary counts three times as much as the rest of the entry
              each(f.postings[0], function (d) { if (best[d] < 3 * f.weight) best[d] = 3 * f.weight; });
              each(f.postings[1], function (d) { if (best[d] < f.weight) best[d] = f.weight; });
              each(f.postings[2], function (d) { pageBest[d] = 1; });
            });
            for (var d = 0; d < n; d++) if (best[d]) { score[d] += best[d]; hits[d]++; }
            for (var p = 0; p < pageCount; p++) if (pageBest[p]) pageHits[p]++;
          });
          var need = terms.length, entries = [], pages = [];
          if (need) {
            for (var d = 0; d < n; d++) if (hits[d] === need) entries.push(d);
            for (var p = 0; p < pageCount; p++) if (pageHits[p] === need) pages.push(p);
          }
          entries.sort(function (a, b) { return score[b] - score[a] || a - b; });  // ties: newest first
          return {
            entries: entries,
            pages: pages.map(function (p) { return { url: self.siteBase + m.pages[p][0], title: m.pages[p][1] }; }),
            terms: terms
          };
        });
      });
    });
  };

  /* Letters to change, add, drop or swap to turn a into b (optimal string alignment),
   * or max + 1 as soon as it is clear the answer is above max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], row, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        row.push(d);
        if (d < low) low = d;
      }
      if (low > max) return max + 1;
      prev2 = prev; prev = row;
    }
    return prev[b.length];
  }

  /* The closest of the bank's words (most frequent first) to a misspelt one, or null:
   * one letter off for short words, two for longer ones. */
  function closest(word, list) {
    var max = word.length <= 5 ? 1 : 2, best = null, bestD = max + 1;
    for (var i = 0; i < list.length && bestD > 1; i++) {
      var d = distance(word, list[i].replace(/ё/g, "е"), max);
      if (d < bestD && d > 0) { best = list[i]; bestD = d; }
    }
    return best;
  }

  /* A query that found nothing, corrected: every word the index does not know is replaced by
   * the closest word of the bank (search/words.json, fetched only now). -> Promise of the
   * corrected query, or null when nothing could be corrected or the correction finds nothing. */
  BankQuery.prototype.suggest = function (q) {
    var self = this;
    return Promise.all([self.json("search/words.json"), self.stemmer(), self.manifest()]).then(function (all) {
      var list = all[0].words, stem = all[1], changed = false;
      var parts = q.split(/([0-9A-Za-zА-Яа-яЁё]+)/);
      return Promise.all(parts.map(function (part, i) {
        var w = part.toLowerCase().replace(/ё/g, "е");
        if (i % 2 === 0 || !CYRILLIC.test(w) || w.length < 3 || self.stop.has(w)) return part;
        return self.lookup(stem(w)).then(function (found) {
          if (found.length) return part;
          var better = closest(w, list);
          if (better) changed = true;
          return better || part;
        });
      })).then(function (out) {
        if (!changed) return null;
        var fixed = out.join("");
        return self.match(fixed).then(function (m) { return m.entries.length || m.pages.length ? fixed : null; });
      });
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
   * the manifest, the stemmer, the facet lists — so that only the shards of the typed words
   * are left to load. Nothing is fetched for someone who only browses. */
  BankQuery.prototype.warm = function () {
    var self = this;
    if (self.warmed) return;
    self.warmed = true;
    self.manifest().catch(function () {});
    self.stemmer().catch(function () {});
    self.memberLists().catch(function () {});
  };

  /* While words are being typed: load their shards ahead of the search. */
  BankQuery.prototype.preload = function (q) {
    var self = this;
    if (!q) return;
    self.terms(q).then(function (terms) {
      terms.forEach(function (t) { self.shardsFor(t).forEach(function (k) { self.shard(k).catch(function () {}); }); });
    }).catch(function () {});
  };

  /* state: {q, sort: "relevance"|"newest"|"title", filters: {facet key: [value ids]}}
   * -> {entries: [{number}], total, counts: function -> Promise of {facet key: {value id: n}},
   *     pages: [{url, title}], terms}
   * Without filters the entries do not need the facet lists: they are fetched only when
   * counts() is called — after the first cards, which then do not share the connections
   * with 70 KB of lists (at 10,000 entries) on a slow network. */
  BankQuery.prototype.run = function (state) {
    var self = this;
    var selected = self.facets.filter(function (f) { return (state.filters[f.key] || []).length; });
    var lists = selected.length ? self.memberLists() : null;  // needed to narrow the entries
    if (lists) lists.catch(function () {});  // a failure is reported through the chains below
    var words = state.q ? self.match(state.q) : Promise.resolve(null);

    /* Counts of every facet value within the current results — except that a group's own
     * choice is left out of its counts: options in one group add to each other («практики»
     * + «кейсы»), so each shows what ticking it as well would give. */
    function countsOf(narrowed) {
      return (lists || self.memberLists()).then(function (members) {
        var counts = {};
        self.facets.forEach(function (f) {
          var keep = (state.filters[f.key] || []).length ? narrowed.without(f.key) : narrowed.keep;
          counts[f.key] = {};
          Object.keys(members[f.key]).forEach(function (id) {
            var list = members[f.key][id], c = 0;
            if (!keep) c = list.length;
            else for (var i = 0; i < list.length; i++) if (keep.has(list[i])) c++;
            if (c) counts[f.key][id] = c;
          });
        });
        return counts;
      });
    }

    return Promise.all([words, self.json("api/browse/facets.json")]).then(function (both) {
      var matched = both[0], all = both[1];
      if (!matched && !selected.length) {  // nothing asked: all entries, counts precomputed
        return { numbers: null, total: all.total, counts: function () { return Promise.resolve(all.counts); },
                 pages: [], terms: [] };
      }
      var narrowed = selected.length ? lists.then(function (members) {
        var base = matched ? new Set(matched.entries) : null;  // null: every entry
        var unions = {};  // per chosen group: entries with any of its ticked values
        selected.forEach(function (f) {
          var union = new Set();
          state.filters[f.key].forEach(function (id) {
            (members[f.key][id] || []).forEach(function (n) { if (!base || base.has(n)) union.add(n); });
          });
          unions[f.key] = union;
        });
        function without(skip) {  // the words and every chosen group but `skip`
          var keep = base;
          selected.forEach(function (f) {
            if (f.key === skip) return;
            if (!keep) { keep = unions[f.key]; return; }
            var next = new Set();
            unions[f.key].forEach(function (n) { if (keep.has(n)) next.add(n); });
            keep = next;
          });
          return keep;
        }
        return { keep: without(null), without: without };
      }) : Promise.resolve((function () {
        var only = new Set(matched.entries);
        return { keep: only, without: function () { return only; } };
      })());
      return narrowed.then(function (found) {
        var keep = found.keep;
        var numbers;
        if (matched && state.sort === "relevance") {
          numbers = selected.length ? matched.entries.filter(function (n) { return keep.has(n); }) : matched.entries;
        } else {
          numbers = Array.from(keep).sort(function (a, b) { return a - b; });  // numbers are newest first
        }
        return { numbers: numbers, total: numbers.length, counts: function () { return countsOf(found); },
                 pages: matched ? matched.pages : [], terms: matched ? matched.terms : [] };
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
      for (var i = 0; i < found.total; i++) entries[i] = { number: found.numbers ? found.numbers[i] : i };
      return { entries: entries, total: found.total, counts: found.counts, pages: found.pages, terms: found.terms };
    });
  };

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  /* The summary as escaped HTML with <mark> around the words whose stems the query matched. */
  BankQuery.prototype.marked = function (text, terms) {
    var self = this;
    if (!terms || !terms.length || !self.stemming) return Promise.resolve(escapeHtml(text));
    return self.stemmer().then(function (stem) {
      return text.split(/([0-9A-Za-zА-Яа-яЁё]+)/).map(function (part, i) {
        if (i % 2 === 0) return escapeHtml(part);
        var w = part.toLowerCase().replace(/ё/g, "е");
        var t = CYRILLIC.test(w) ? stem(w) : w;
        var hit = terms.some(function (q) { return likeness(t, q) > 0; });
        return hit ? "<mark>" + escapeHtml(part) + "</mark>" : escapeHtml(part);
      }).join("");
    });
  };

  /* What a card shows: {url, meta, tags, excerpt}; under a query the excerpt is the summary
   * with the matched words marked. */
  BankQuery.prototype.card = function (entry, terms) {
    var self = this;
    return self.json("api/cards/" + entry.number + ".json").then(function (c) {
      var f = c.filters || {};
      var data = { url: self.siteBase + c.url, meta: c.meta, tags: (f.direction || []).concat(f.competence || []),
                   excerpt: "" };
      if (!terms || !terms.length) return data;
      return self.marked(c.meta.summary || "", terms).then(function (html) { data.excerpt = html; return data; });
    });
  };

  window.BankQuery = BankQuery;
})();
