/* Individual educational route (ИОМ): modules of staging-site programmes, chosen with «В маршрут»
 * on the programmes' pages, laid out on the route page (route/) by site, with hours and contacts.
 * The list of modules lives in this browser (localStorage) and in the route page's address
 * (?m=programme-slug.N,… — N is the module's number in the programme's table), so a link shows the
 * same route anywhere. The teacher's name and goal stay in localStorage only: never in a link. */
(function () {
  "use strict";
  var KEY = "bank-route";
  var PERSON = "bank-route-person";
  var MAX = 60;
  var ITEM = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[1-9][0-9]{0,3}$/;
  var base = document.querySelector("meta[name='bank-base']");
  var root = new URL(base ? base.content : ".", location.href);

  function clean(list) {
    var seen = {}, out = [];
    (list || []).forEach(function (key) {
      key = typeof key === "string" ? key.trim() : "";
      if (ITEM.test(key) && !seen[key] && out.length < MAX) { seen[key] = true; out.push(key); }
    });
    return out;
  }
  function load() {
    try { var v = JSON.parse(localStorage.getItem(KEY) || "[]"); return clean(Array.isArray(v) ? v : []); }
    catch (e) { return []; }
  }
  function store(list) {
    try { if (list.length) localStorage.setItem(KEY, JSON.stringify(list)); else localStorage.removeItem(KEY); }
    catch (e) { /* private mode: the route still lives in the address */ }
  }
  function same(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }
  function split(key) { var at = key.lastIndexOf("."); return { slug: key.slice(0, at), n: parseInt(key.slice(at + 1), 10) }; }
  function plural(n, one, few, many) {
    var d = n % 10, h = n % 100;
    if (d === 1 && h !== 11) return one;
    return d >= 2 && d <= 4 && (h < 12 || h > 14) ? few : many;
  }
  function modules(n) { return n + " " + plural(n, "модуль", "модуля", "модулей"); }
  function ofModules(n) { return n + " " + (n % 10 === 1 && n % 100 !== 11 ? "модуля" : "модулей"); }  // «у 1 модуля», «у 3 модулей»
  function routeUrl(list) {
    var url = new URL("route/", root);
    if (list.length) url.search = "?m=" + list.join(",");
    return url.href;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function button(cls, text, hidden) {
    var b = el("button", cls);
    b.type = "button";
    b.appendChild(el("span", "bank-route__btn-text", text));
    if (hidden) b.appendChild(el("span", "bank-route-sr", hidden));
    return b;
  }

  /* -- a programme's page: a toggle per module, a link to the route ------------------------- */
  function programmePage(slots) {
    var toggles = [];
    var note, noteMsg, noteLink, headLink;
    slots.forEach(function (slot) {
      var key = slot.getAttribute("data-slug") || "";
      if (!ITEM.test(key) || slot.querySelector("button")) return;
      var p = split(key);
      var title = (slot.parentNode.textContent || "").replace(/\s+/g, " ").trim();
      var b = el("button", "bank-route-toggle");
      b.type = "button";
      b.setAttribute("data-programme", p.slug);
      b.setAttribute("data-module", String(p.n));
      b.setAttribute("aria-pressed", "false");
      b.appendChild(el("span", "bank-route-toggle__text", "В маршрут"));
      b.appendChild(el("span", "bank-route-sr", ": модуль " + p.n + (title ? " «" + title + "»" : "")));
      b.addEventListener("click", function () { toggle(key, title); });
      slot.appendChild(b);
      toggles.push({ key: key, node: b });
    });
    if (!toggles.length) return;

    var table = slots[0].closest("table");
    var after = table && (table.closest(".md-typeset__scrollwrap") || table);
    if (after) {
      note = el("p", "bank-route-note");
      note.hidden = true;
      noteMsg = el("span", "bank-route-note__msg");
      noteMsg.setAttribute("role", "status");
      noteLink = el("a", "bank-route-note__link", "Открыть мой маршрут");
      note.appendChild(noteMsg);
      note.appendChild(document.createTextNode(" "));
      note.appendChild(noteLink);
      after.parentNode.insertBefore(note, after.nextSibling);
    }
    var actions = document.querySelector(".bank-entry-head .bank-actions");
    if (actions) {
      headLink = el("a", "md-button bank-route-link");
      headLink.hidden = true;
      actions.appendChild(headLink);
    }

    function toggle(key, title) {
      var list = load();
      var at = list.indexOf(key);
      var name = title ? "«" + title + "»" : "Модуль";
      var said;
      if (at >= 0) { list.splice(at, 1); said = name + " убран из маршрута."; }
      else if (list.length >= MAX) { render("В маршруте уже " + modules(MAX) + ": больше не поместится."); return; }
      else { list.push(key); said = name + " добавлен в маршрут."; }
      store(list);
      render(said);
    }

    function render(said) {
      var list = load();
      toggles.forEach(function (t) {
        var on = list.indexOf(t.key) >= 0;
        t.node.setAttribute("aria-pressed", on ? "true" : "false");
        t.node.firstChild.textContent = on ? "В маршруте ✓" : "В маршрут";
        t.node.title = on ? "Нажмите, чтобы убрать модуль из маршрута" : "Добавить модуль в индивидуальный маршрут";
      });
      var count = "Мой маршрут: " + modules(list.length);
      if (headLink) {
        headLink.hidden = !list.length;
        headLink.textContent = count;
        headLink.href = routeUrl(list);
      }
      if (note) {
        if (said) noteMsg.textContent = said + " " + (list.length ? "В маршруте " + modules(list.length) + "." : "Маршрут пуст.");
        else if (list.length) noteMsg.textContent = count + ".";
        note.hidden = !list.length && !said;
        noteLink.hidden = !list.length;
        noteLink.href = routeUrl(list);
      }
    }
    render();
    window.addEventListener("storage", function (e) { if (e.key === KEY || e.key === null) render(); });
  }

  /* -- the route page ----------------------------------------------------------------------- */
  function routePage(app) {
    var forms = {};
    try { forms = JSON.parse(document.getElementById("bank-route-forms").textContent) || {}; } catch (e) { /* labels stay ids */ }
    var api = new URL("api/entries/", root);
    var status = document.getElementById("bank-route-status");
    var groupsBox = document.getElementById("bank-route-groups");
    var empty = document.getElementById("bank-route-empty");
    var total = document.getElementById("bank-route-total");
    var plan = document.getElementById("bank-route-plan-title");
    var sharedBox = document.getElementById("bank-route-shared");
    var sharedText = document.getElementById("bank-route-shared-text");
    var saveBtn = document.getElementById("bank-route-save");
    var mineLink = document.getElementById("bank-route-mine");
    var actions = document.getElementById("bank-route-actions");
    var linkBox = document.getElementById("bank-route-link");
    var printUrl = document.getElementById("bank-route-print-url");
    var personBox = document.getElementById("bank-route-person");

    var raw = new URLSearchParams(location.search).get("m");
    var fromUrl = raw ? clean(raw.split(",")) : [];
    var saved = load();
    var shared = fromUrl.length > 0 && !same(fromUrl, saved);
    var list = fromUrl.length ? fromUrl : saved;
    var broken = raw && !fromUrl.length ? "В ссылке нет модулей, которые удалось бы распознать" +
      (saved.length ? "; показан ваш сохранённый маршрут. " : ". ") : "";
    var items = {};    // key → what the JSON files say of the module
    var entries = {};  // slug → promise of its JSON (null when it is not there)
    var ready = false;

    function entry(slug) {
      if (!entries[slug]) {
        entries[slug] = fetch(new URL(slug + ".json", api).href).then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        }).catch(function () { return null; });
      }
      return entries[slug];
    }
    function resolve(keys) {
      return Promise.all(keys.filter(function (k) { return !items[k]; }).map(function (key) {
        var p = split(key);
        return entry(p.slug).then(function (prog) {
          var ok = prog && prog.kind === "programmes" && prog.data && Array.isArray(prog.data.modules);
          var mod = ok ? prog.data.modules[p.n - 1] || null : null;
          var site = ok && mod ? prog.data.site : "";
          return (site ? entry(site) : Promise.resolve(null)).then(function (s) {
            items[key] = { key: key, slug: p.slug, n: p.n, programme: ok ? prog : null, module: mod,
                           group: mod ? "site:" + site : "missing", site: s && s.kind === "sites" ? s : null };
          });
        });
      }));
    }
    function groupsOf(keys) {
      var order = [], by = {};
      keys.forEach(function (key) {
        var g = items[key] ? items[key].group : "missing";
        if (!by[g]) { by[g] = []; order.push(g); }
        by[g].push(key);
      });
      // modules that were not found come last, after every site
      order.sort(function (a, b) { return (a === "missing") - (b === "missing"); });
      return order.map(function (g) { return { id: g, keys: by[g] }; });
    }
    function flat(groups) { return groups.reduce(function (all, g) { return all.concat(g.keys); }, []); }

    function commit(next, said, focus) {
      list = clean(next);
      if (!shared) store(list);
      try { history.replaceState(null, "", routeUrl(list)); } catch (e) { /* file:// */ }
      render(said, focus);
    }

    function titleOf(key) {
      var it = items[key];
      return it && it.module ? "«" + it.module.title + "»" : "Модуль " + split(key).n + " программы " + split(key).slug;
    }

    function move(key, by) {
      var groups = groupsOf(list), g, i;
      for (var x = 0; x < groups.length; x++) if (groups[x].keys.indexOf(key) >= 0) g = groups[x];
      i = g.keys.indexOf(key);
      if (i + by < 0 || i + by >= g.keys.length) return;
      g.keys.splice(i, 1);
      g.keys.splice(i + by, 0, key);
      var next = flat(groups);
      commit(next, titleOf(key) + ": теперь " + (next.indexOf(key) + 1) + "-й из " + next.length + ".",
             { key: key, action: by < 0 ? "up" : "down" });
    }
    function moveGroup(id, by) {
      var groups = groupsOf(list);
      var i = groups.map(function (g) { return g.id; }).indexOf(id);
      if (i < 0 || i + by < 0 || i + by >= groups.length || groups[i + by].id === "missing") return;
      var g = groups.splice(i, 1)[0];
      groups.splice(i + by, 0, g);
      commit(flat(groups), "Площадка перемещена " + (by < 0 ? "выше" : "ниже") + ".", { key: id, action: by < 0 ? "group-up" : "group-down" });
    }
    function remove(key) {
      var at = list.indexOf(key);
      var next = list.filter(function (k) { return k !== key; });
      var neighbour = next[Math.min(at, next.length - 1)];
      commit(next, titleOf(key) + " убран из маршрута." + (next.length ? "" : " Маршрут пуст."),
             neighbour ? { key: neighbour, action: "remove" } : { heading: true });
    }

    function siteBlock(group) {
      var first = items[group.keys[0]];
      var section = el("section", "bank-route__site");
      var h = el("h3", "bank-route__site-title");
      var id = "bank-route-site-" + group.id.replace(/[^a-z0-9-]/g, "-");
      h.id = id;
      section.setAttribute("aria-labelledby", id);
      var name;
      if (group.id === "missing") {
        name = "Модули, которых больше нет в банке";
        h.textContent = name;
        section.appendChild(h);
        section.appendChild(el("p", "bank-route__hint", "Программа изменилась или снята с публикации: уберите эти модули или найдите их заново в каталоге."));
      } else {
        var site = first.site;
        name = site ? site.data.title : (first.programme.labels && first.programme.labels.organization) || first.programme.data.site;
        h.appendChild(el("span", "bank-route__site-kind", "Площадка: "));
        if (site && site.derived && site.derived.url) {
          var a = el("a", null, name);
          a.href = new URL(site.derived.url, root).href;
          h.appendChild(a);
        } else h.appendChild(document.createTextNode(name));
        section.appendChild(h);
        section.appendChild(contacts(site));
      }
      var table = el("table", "bank-route__table");
      var caption = el("caption", "bank-route-sr", "Модули маршрута: " + name);
      table.appendChild(caption);
      var head = table.createTHead().insertRow();
      ["№", "Модуль и программа", "Форма", "Часы", "Порядок"].forEach(function (t, i) {
        var th = el("th", i === 4 ? "bank-route__act" : null, t);
        th.scope = "col";
        head.appendChild(th);
      });
      var body = table.createTBody();
      group.keys.forEach(function (key, i) {
        var it = items[key] || { key: key, n: split(key).n, slug: split(key).slug };
        var tr = body.insertRow();
        tr.setAttribute("data-key", key);
        var num = el("td", "bank-route__num", String(list.indexOf(key) + 1));
        var what = el("td", "bank-route__what");
        if (it.module) {
          what.appendChild(el("span", "bank-route__module", it.module.title));
          var prog = el("span", "bank-route__programme", "Программа: ");
          var pa = el("a", null, it.programme.data.title);
          pa.href = new URL(it.programme.derived.url, root).href;
          prog.appendChild(pa);
          prog.appendChild(document.createTextNode(", модуль " + it.n));
          what.appendChild(prog);
        } else {
          what.appendChild(el("span", "bank-route__module", "Модуль " + it.n + " не найден"));
          what.appendChild(el("span", "bank-route__programme", it.programme ? "Программа: " + it.programme.data.title : "Программа «" + it.slug + "» не найдена"));
        }
        var form = it.module && it.module.form ? (forms[it.module.form] || it.module.form) : "—";
        var hours = it.module && typeof it.module.hours === "number" ? String(it.module.hours) : null;
        var formCell = el("td", "bank-route__form");
        formCell.appendChild(el("span", "bank-route__cell-label", "Форма: "));
        formCell.appendChild(document.createTextNode(form));
        var hoursCell = el("td", "bank-route__hours" + (hours ? "" : " bank-route__hours--none"));
        hoursCell.appendChild(el("span", "bank-route__cell-label", "Часы: "));
        hoursCell.appendChild(document.createTextNode(hours || "не указаны"));
        var act = el("td", "bank-route__act");
        var label = it.module ? "«" + it.module.title + "»" : "модуль " + it.n;
        var up = button("md-button bank-route__move", "Выше", ": " + label);
        up.setAttribute("data-action", "up");
        up.disabled = i === 0;
        up.addEventListener("click", function () { move(key, -1); });
        var down = button("md-button bank-route__move", "Ниже", ": " + label);
        down.setAttribute("data-action", "down");
        down.disabled = i === group.keys.length - 1;
        down.addEventListener("click", function () { move(key, 1); });
        var del = button("md-button bank-route__remove", "Убрать", ": " + label);
        del.setAttribute("data-action", "remove");
        del.addEventListener("click", function () { remove(key); });
        [up, down, del].forEach(function (b) { b.setAttribute("data-key", key); act.appendChild(b); });
        [num, what, formCell, hoursCell, act].forEach(function (td) { tr.appendChild(td); });
      });
      section.appendChild(table);
      return section;
    }

    function contacts(site) {
      var box = el("div", "bank-route__contacts");
      var d = site ? site.data : null;
      var lines = [];
      if (d && d.address) lines.push(["Адрес: ", d.address]);
      if (d && d.website) lines.push(["Сайт: ", d.website, d.website]);
      (d && d.contacts || []).forEach(function (c) {
        var parts = [c.name, c.position].filter(Boolean).join(", ");
        var how = [c.phone ? "тел. " + c.phone : "", c.email || "", c.address ? "адрес: " + c.address : "", c.url || ""]
          .filter(Boolean).join("; ");
        lines.push(["Контакт: ", [parts, how].filter(Boolean).join(" — ")]);
      });
      if (!lines.length) {
        box.appendChild(el("p", "bank-route__hint", "Контакты площадки в банке не указаны: уточните их на странице площадки или у методиста."));
        return box;
      }
      var ul = el("ul", "bank-route__contact-list");
      lines.forEach(function (line) {
        var li = el("li");
        li.appendChild(el("span", "bank-route__contact-label", line[0]));
        if (line[2] && /^https?:\/\//.test(line[2])) {
          var a = el("a", null, line[1]);
          a.href = line[2];
          a.rel = "noopener nofollow";
          li.appendChild(a);
        } else li.appendChild(document.createTextNode(line[1]));
        ul.appendChild(li);
      });
      box.appendChild(ul);
      return box;
    }

    function render(said, focus) {
      var groups = groupsOf(list);
      var normal = flat(groups);
      if (ready && !same(normal, list)) {  // grouped by site: the list follows what is shown
        list = normal;
        if (!shared) store(list);
        try { history.replaceState(null, "", routeUrl(list)); } catch (e) { /* file:// */ }
      }
      groupsBox.textContent = "";
      var found = 0, sum = 0, noHours = 0, sites = 0;
      groups.forEach(function (g, gi) {
        var block = siteBlock(g);
        if (g.id !== "missing") sites++;
        if (groups.length > 1 && g.id !== "missing") {
          var title = block.querySelector("h3").textContent.replace(/^Площадка: /, "");
          var row = el("p", "bank-route__site-move");
          var gu = button("md-button bank-route__move", "Площадку выше", ": " + title);
          gu.setAttribute("data-action", "group-up");
          gu.setAttribute("data-key", g.id);
          gu.disabled = gi === 0;
          gu.addEventListener("click", function () { moveGroup(g.id, -1); });
          var gd = button("md-button bank-route__move", "Площадку ниже", ": " + title);
          gd.setAttribute("data-action", "group-down");
          gd.setAttribute("data-key", g.id);
          gd.disabled = gi === groups.length - 1 || groups[gi + 1].id === "missing";
          gd.addEventListener("click", function () { moveGroup(g.id, 1); });
          row.appendChild(gu);
          row.appendChild(gd);
          block.insertBefore(row, block.querySelector("h3").nextSibling);
        }
        groupsBox.appendChild(block);
        g.keys.forEach(function (key) {
          var it = items[key];
          if (!it || !it.module) return;
          found++;
          if (typeof it.module.hours === "number") sum += it.module.hours; else noHours++;
        });
      });
      empty.hidden = list.length > 0;
      actions.hidden = list.length === 0;
      personBox.hidden = list.length === 0;  // an empty route: the way to fill it comes first
      total.hidden = found === 0;
      total.textContent = "";
      if (found) {
        total.appendChild(el("strong", null, "Всего часов: " + (found > noHours ? sum : "не указано")));
        if (noHours) total.appendChild(document.createTextNode(" — часы не указаны у " + ofModules(noHours) +
          (found > noHours ? ", в сумму они не вошли; уточните их на площадке." : "; уточните их на площадке.")));
        else total.appendChild(document.createTextNode("."));
      }
      var summary = list.length ? "В маршруте " + modules(list.length) + (sites ? " на " + sites + " " + plural(sites, "площадке", "площадках", "площадках") : "") + "." : "";
      status.textContent = (said ? said + " " : "") + (broken || "") + summary;
      broken = "";
      // the shared link's banner
      sharedBox.hidden = !shared;
      if (shared) {
        var mine = load();
        sharedText.textContent = "Это маршрут по ссылке: " + modules(list.length) + ". В этом браузере он не сохранён — " +
          "изменения остаются только в адресе страницы. " +
          (mine.length ? "Если сохранить его, он заменит ваш маршрут (" + modules(mine.length) + ")." : "Сохраните его, чтобы вернуться к нему и добавлять модули со страниц программ.");
        mineLink.hidden = !mine.length;
        mineLink.href = routeUrl(mine);
      }
      var url = routeUrl(list);
      linkBox.value = url;
      printUrl.textContent = url;
      if (focus) refocus(focus);
    }

    function refocus(focus) {
      var target = null;
      if (focus.key) {
        var order = { up: ["up", "down", "remove"], down: ["down", "up", "remove"], remove: ["remove"],
                      "group-up": ["group-up", "group-down"], "group-down": ["group-down", "group-up"] }[focus.action] || [];
        for (var i = 0; i < order.length && !target; i++) {
          var b = groupsBox.querySelector("button[data-key='" + focus.key + "'][data-action='" + order[i] + "']");
          if (b && !b.disabled) target = b;
        }
      }
      if (!target) target = plan;
      target.focus();
    }

    // the teacher's name and goal: this browser only
    var nameInput = document.getElementById("bank-route-name");
    var goalInput = document.getElementById("bank-route-goal");
    var printName = document.getElementById("bank-route-print-name");
    var printGoal = document.getElementById("bank-route-print-goal");
    var printDate = document.getElementById("bank-route-print-date");
    function person() {
      try { var p = JSON.parse(localStorage.getItem(PERSON) || "{}"); return p && typeof p === "object" ? p : {}; }
      catch (e) { return {}; }
    }
    function showPerson() {
      printName.textContent = nameInput.value.trim() || "____________________________";
      printGoal.textContent = goalInput.value.trim() || "____________________________";
    }
    function keepPerson() {
      var p = { name: nameInput.value, goal: goalInput.value };
      try {
        if (p.name || p.goal) localStorage.setItem(PERSON, JSON.stringify(p)); else localStorage.removeItem(PERSON);
      } catch (e) { /* private mode */ }
      showPerson();
    }
    var p0 = person();
    nameInput.value = typeof p0.name === "string" ? p0.name : "";
    goalInput.value = typeof p0.goal === "string" ? p0.goal : "";
    nameInput.addEventListener("input", keepPerson);
    goalInput.addEventListener("input", keepPerson);
    document.getElementById("bank-route-forget").addEventListener("click", function () {
      nameInput.value = "";
      goalInput.value = "";
      keepPerson();
      status.textContent = "ФИО и цель удалены из этого браузера.";
    });
    function stamp() { printDate.textContent = new Date().toLocaleDateString("ru-RU", { day: "numeric", month: "long", year: "numeric" }); }
    showPerson();
    stamp();
    window.addEventListener("beforeprint", function () { stamp(); showPerson(); });

    saveBtn.addEventListener("click", function () {
      shared = false;
      store(list);
      render("Маршрут сохранён как ваш: теперь он в этом браузере.", { heading: true });
    });
    document.getElementById("bank-route-print").addEventListener("click", function () { window.print(); });
    var copied = document.getElementById("bank-route-copied");
    document.getElementById("bank-route-copy").addEventListener("click", function () {
      function fallback() {
        linkBox.focus();
        linkBox.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        copied.textContent = ok ? "Ссылка скопирована." : "Ссылка выделена: скопируйте её (Ctrl+C).";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(linkBox.value).then(function () { copied.textContent = "Ссылка скопирована."; }, fallback);
      } else fallback();
    });
    window.addEventListener("storage", function (e) {
      if (e.key === PERSON) { var p = person(); nameInput.value = p.name || ""; goalInput.value = p.goal || ""; showPerson(); }
      if ((e.key === KEY || e.key === null) && !shared) {
        list = load();
        resolve(list).then(function () { render(); });
      }
    });

    status.textContent = list.length ? "Загружаю модули маршрута…" : "";
    empty.hidden = list.length > 0;
    actions.hidden = true;
    personBox.hidden = list.length === 0;
    resolve(list).then(function () {
      ready = true;
      if (list.length) try { history.replaceState(null, "", routeUrl(list)); } catch (e) { /* file:// */ }
      render();
      app.setAttribute("data-ready", "true");
    }, function (err) {
      status.textContent = "Не удалось загрузить модули маршрута: " + err;
    });
  }

  function start() {
    var app = document.getElementById("bank-route");
    if (app) routePage(app);
    var slots = document.querySelectorAll(".bank-route-slot[data-slug]");
    if (slots.length) programmePage(Array.prototype.slice.call(slots));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
