/* The events calendar (calendar/): filters by type, organiser and audience.
   Progressive: without this script every event is listed and the form stays hidden. Each event
   (li.bank-event) carries its values in classes — bank-ev-type-<term>, bank-ev-site-<slug>,
   bank-ev-aud-<term> (one per audience); the choice lives in the address
   (?type=seminar&site=…&audience=…), so a link keeps it, and the count beside each option says
   how many events it would show with the other filters. */
(function () {
  "use strict";
  var form = document.getElementById("bank-calendar-filters");
  if (!form) return;
  var status = document.getElementById("bank-calendar-status");
  var empty = document.getElementById("bank-calendar-empty");
  var clear = document.getElementById("bank-calendar-clear");
  var events = Array.prototype.slice.call(document.querySelectorAll("li.bank-event"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  var FACETS = ["type", "site", "audience"];

  var PREFIX = {type: "bank-ev-type-", site: "bank-ev-site-", audience: "bank-ev-aud-"};
  var cache = new Map();

  function values(ev, facet) {
    var mine = cache.get(ev);
    if (!mine) {
      mine = {type: [], site: [], audience: []};
      ev.classList.forEach(function (name) {
        FACETS.forEach(function (f) {
          if (name.indexOf(PREFIX[f]) === 0) mine[f].push(name.slice(PREFIX[f].length));
        });
      });
      cache.set(ev, mine);
    }
    return mine[facet];
  }

  function chosen() {
    var c = {};
    selects.forEach(function (s) { if (s.value) c[s.getAttribute("data-facet")] = s.value; });
    return c;
  }

  function matches(ev, c, skip) {
    return Object.keys(c).every(function (k) { return k === skip || values(ev, k).indexOf(c[k]) >= 0; });
  }

  function word(n) {  // 1 событие, 2 события, 5 событий
    var a = n % 10, b = n % 100;
    if (a === 1 && b !== 11) return "событие";
    if (a >= 2 && a <= 4 && (b < 12 || b > 14)) return "события";
    return "событий";
  }

  function hideGroups() {
    document.querySelectorAll(".bank-calendar-month").forEach(function (m) {
      m.hidden = !m.querySelector("li.bank-event:not([hidden])");
    });
    document.querySelectorAll(".bank-calendar-year").forEach(function (y) {
      var any = !!y.querySelector("li.bank-event:not([hidden])");
      var year = y.id.replace("events-", "");
      y.hidden = !any;
      var heading = document.getElementById("year-" + year);
      if (heading) heading.hidden = !any;
      var jump = document.querySelector('.bank-calendar-years a[href="#year-' + year + '"]');
      if (jump) jump.hidden = !any;
    });
  }

  function recount(c) {
    selects.forEach(function (s) {
      var facet = s.getAttribute("data-facet");
      Array.prototype.forEach.call(s.options, function (o) {
        if (!o.value) return;
        var n = events.filter(function (ev) {
          return matches(ev, c, facet) && values(ev, facet).indexOf(o.value) >= 0;
        }).length;
        o.textContent = o.getAttribute("data-label") + " (" + n + ")";
      });
    });
  }

  function remember(c) {
    var params = new URLSearchParams(window.location.search);
    FACETS.forEach(function (k) { if (c[k]) params.set(k, c[k]); else params.delete(k); });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function apply() {
    var c = chosen();
    var shown = 0;
    events.forEach(function (ev) {
      var ok = matches(ev, c);
      ev.hidden = !ok;
      if (ok) shown += 1;
    });
    hideGroups();
    recount(c);
    var active = Object.keys(c).length > 0;
    status.textContent = active
      ? "Показано " + shown + " " + word(shown) + " из " + events.length
      : "Все события: " + events.length;
    if (empty) empty.hidden = shown > 0;
    remember(c);
  }

  var params = new URLSearchParams(window.location.search);
  selects.forEach(function (s) {
    var wanted = params.get(s.getAttribute("data-facet"));
    if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) s.value = wanted;
  });
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  if (clear) {
    clear.addEventListener("click", function () {
      form.reset();
      window.setTimeout(function () { apply(); selects[0].focus(); }, 0);
    });
  }
  apply();
})();
