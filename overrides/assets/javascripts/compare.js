/* Comparison table: fetches api/entries/<slug>.json for the slugs in ?e= and lays them side by side. */
(function () {
  "use strict";
  var root = document.getElementById("bank-compare");
  if (!root) return;
  var criteria = JSON.parse(document.getElementById("bank-criteria").textContent);
  var status = document.getElementById("bank-compare-status");
  var table = document.getElementById("bank-compare-table");
  var only = document.getElementById("bank-compare-only");
  var api = new URL(root.getAttribute("data-api"), location.href);
  var siteRoot = new URL(root.getAttribute("data-site") || ".", location.href);
  var slugs = (new URLSearchParams(location.search).get("e") || "").split(",")
    .map(function (s) { return s.trim(); }).filter(function (s) { return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s); });
  slugs = slugs.filter(function (s, i) { return slugs.indexOf(s) === i; }).slice(0, 4);
  if (slugs.length < 2) {
    status.textContent = slugs.length ? "Выбрана одна запись: добавьте ещё хотя бы одну кнопкой «Сравнить»." :
      "Записи для сравнения не выбраны.";
    if (!slugs.length) return;
  }
  var EVIDENCE = { none: "нет данных", described: "результаты описаны", measured: "результаты измерены", compared: "измерены и сравнены с исходными" };
  function num(v) { return String(v).replace(".", ","); }  // 4,69 as Russian writes it
  function text(v) { return v === undefined || v === null || v === "" ? "—" : String(v); }
  function list(v) { return v && v.length ? v.join(", ") : "—"; }
  function years(d) { var y = d.data.years; return y ? (y.start + "–" + (y.end || "н. в.")) : "—"; }
  function indicators(d) {
    var items = d.data.indicators || [];
    if (!items.length) return "—";
    return items.map(function (i) {
      return (i.type === "outcome" ? "эффект — " : "продукт или охват — ") + i.name + ": " + (i.baseline !== undefined ? i.baseline + " → " : "") + i.value + " " + i.unit + (i.source ? " (" + i.source + ")" : "");
    }).join("\n");
  }
  var rows = [
    ["Вид", function (d) { return d.labels.kind; }],
    ["Организация", function (d) { return text(d.labels.organization); }],
    ["Место", function (d) { return [d.labels.municipality, d.labels.region].filter(Boolean).join(", ") || "—"; }],
    ["Годы", years],
    ["Направления", function (d) { return list(d.labels.directions); }],
    ["Целевые группы", function (d) { return list(d.labels.audiences); }],
    ["Уровни образования", function (d) { return list(d.labels.levels); }],
    ["Компетенции", function (d) { return list(d.labels.competences); }],
    ["Формы и технологии", function (d) { return list(d.labels.forms); }],
    ["Источники описания", function (d) { return text(d.derived.sources); }],
    ["Достигнутые результаты", function (d) { return d.derived.results_achieved !== undefined ? String(d.derived.results_achieved) : "—"; }],
    ["Ожидаемые результаты", function (d) { return d.derived.results_expected !== undefined ? String(d.derived.results_expected) : "—"; }],
    ["Доказательность", function (d) { return d.derived.evidence_level ? EVIDENCE[d.derived.evidence_level] : "—"; }],
    ["Лет реализации", function (d) { return text(d.derived.years_in_operation); }],
    ["Охват по отчётам", function (d) { return text(d.derived.reach); }],
    ["Полнота описания", function (d) { var c = d.derived.completeness; return c ? c.filled + " из " + c.total + " (" + c.percent + " %)" : "—"; }],
    ["Экспертиза", function (d) { var p = d.derived.panel; return p ? p.label + (p.count ? " (экспертиз: " + p.count + ")" : "") : "—"; }],
    ["Балл экспертов", function (d) {
      var p = d.derived.panel;
      if (!p) return "—";
      if (p.status === "final") return num(p.score) + " из 5 — итоговый";
      return p.count ? num(p.score) + " из 5 — не в рейтинге" : "нет оценки";
    }]
  ];
  var criterionRows = criteria.map(function (c) {
    return [c.label, function (d) {
      var p = d.derived.panel, row = p && p.criteria ? p.criteria[c.id] : undefined;
      if (!row) return "—";
      return num(row.median) + " из " + c.max + (row.scores.length > 1 ? " (баллы " + row.scores.join(", ") + (row.disputed ? ", расхождение" : "") + ")" : "");
    }];
  });
  rows.push(["Стадия", function (d) { return text(d.derived.status); }]);
  rows.push(["Показатели", indicators]);
  var missing = [];
  Promise.all(slugs.map(function (slug) {
    return fetch(new URL(slug + ".json", api)).then(function (r) {
      if (!r.ok) throw new Error(slug);
      return r.json();
    }).catch(function () { missing.push(slug); return null; });  // a removed entry leaves the others
  })).then(function (found) {
    var entries = found.filter(Boolean);
    if (!entries.length) throw new Error(missing.join("», «"));
    // the criteria's rows only when an expert has assessed one of the entries: no lines of «—»
    if (entries.some(function (d) { return d.derived.panel && d.derived.panel.count; })) {
      var at = rows.findIndex(function (row) { return row[0] === "Стадия"; });
      rows.splice.apply(rows, [at, 0].concat(criterionRows));
    }
    var head = table.tHead.insertRow();
    var corner = document.createElement("th");
    corner.scope = "col"; corner.textContent = "Поле";
    head.appendChild(corner);
    entries.forEach(function (d) {
      var th = document.createElement("th");
      th.scope = "col";
      th.setAttribute("data-slug", d.slug);
      var a = document.createElement("a");
      a.href = new URL(d.derived.url, siteRoot).href;
      a.textContent = d.data.title;
      th.appendChild(a);
      // the same comparison without this entry: a link, so it works as a shared URL too
      var rest = entries.filter(function (x) { return x !== d; }).map(function (x) { return x.slug; });
      var drop = document.createElement("a");
      drop.className = "bank-compare__drop";
      drop.href = "?e=" + rest.join(",");
      drop.textContent = "Убрать из сравнения";
      drop.setAttribute("aria-label", "Убрать из сравнения: " + d.data.title);
      drop.addEventListener("click", function () {  // the selection is kept by compare-select.js
        if (window.bankCompareSelection) window.bankCompareSelection.remove(d.slug);
      });
      th.appendChild(drop);
      head.appendChild(th);
    });
    var same = 0;
    rows.forEach(function (row) {
      var tr = table.tBodies[0].insertRow();
      var th = document.createElement("th");
      th.scope = "row"; th.textContent = row[0];
      tr.appendChild(th);
      var values = entries.map(function (d) { return row[1](d); });
      values.forEach(function (v) { tr.insertCell().textContent = v; });
      var differs = values.some(function (v) { return v !== values[0]; });
      tr.className = differs ? "bank-compare__row--differs" : "bank-compare__row--same";
      same += differs ? 0 : 1;
    });
    // «only differences»: rows where every entry has the same value are hidden
    only.hidden = entries.length < 2 || !same;
    only.querySelector("input").addEventListener("change", function (e) {
      table.classList.toggle("bank-compare__table--differences", e.target.checked);
    });
    table.hidden = false;
    status.textContent = (entries.length < 2 ? "В сравнении одна запись: добавьте ещё хотя бы одну кнопкой «Сравнить»" :
      "Сравниваются записи: " + entries.length) +
      (missing.length ? ". Не найдены: «" + missing.join("», «") + "» — записи удалены или переименованы." : "");
    root.setAttribute("data-ready", "true");
  }).catch(function (err) {
    status.textContent = "Не удалось загрузить запись «" + err.message + "»: проверьте ссылку.";
  });
})();
