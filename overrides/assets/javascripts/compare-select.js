/* Marking entries for comparison on any page: a toggle per entry and a bar with the selection. */
(function () {
  "use strict";
  var KEY = "bank-compare";
  var MAX = 4;
  function load() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function save(list) { try { localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* private mode */ } render(); }
  var base = document.querySelector("meta[name='bank-base']");
  var root = new URL(base ? base.content : ".", location.href);

  function toggle(slug) {
    var list = load();
    var at = list.indexOf(slug);
    if (at >= 0) list.splice(at, 1);
    else if (list.length < MAX) list.push(slug);
    else { announce("Можно сравнить не больше " + MAX + " записей"); return; }
    save(list);
  }

  var live = document.createElement("div");
  live.className = "bank-compare-bar";
  live.setAttribute("role", "region");
  live.setAttribute("aria-label", "Выбор для сравнения");
  var msg = document.createElement("span");
  msg.setAttribute("aria-live", "polite");
  var open = document.createElement("a");
  open.className = "md-button md-button--primary";
  open.textContent = "Сравнить";
  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "md-button";
  clear.textContent = "Очистить";
  clear.addEventListener("click", function () { save([]); });
  live.appendChild(msg); live.appendChild(open); live.appendChild(clear);
  open.addEventListener("click", function (e) {  // one entry is nothing to compare with
    if (open.getAttribute("aria-disabled") === "true") {
      e.preventDefault();
      announce("Выбрана одна запись: добавьте ещё хотя бы одну кнопкой «Сравнить».");
    }
  });

  function announce(text) { msg.textContent = text; }

  function render() {
    var list = load();
    document.querySelectorAll("[data-compare-slug]").forEach(function (btn) {
      var on = list.indexOf(btn.getAttribute("data-compare-slug")) >= 0;
      btn.setAttribute("aria-pressed", on ? "true" : "false");
      btn.textContent = on ? "✓ В сравнении" : "Сравнить";
    });
    live.hidden = list.length === 0;
    announce("Выбрано для сравнения: " + list.length + " из " + MAX);
    open.href = new URL("compare/?e=" + list.join(","), root).href;
    open.setAttribute("aria-disabled", list.length < 2 ? "true" : "false");
  }

  function bind(scope) {
    scope.querySelectorAll("[data-compare-slug]:not([data-bound])").forEach(function (btn) {
      btn.setAttribute("data-bound", "1");
      btn.addEventListener("click", function () { toggle(btn.getAttribute("data-compare-slug")); });
    });
    render();
  }

  document.addEventListener("bank:card", function (e) {
    var slug = e.detail.data && e.detail.data.meta && e.detail.data.meta.slug;
    var kind = e.detail.data && e.detail.data.meta && e.detail.data.meta.kind;
    if (!slug || kind === "sites") return;
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "bank-compare-toggle";
    btn.setAttribute("data-compare-slug", slug);
    e.detail.node.appendChild(btn);
    setTimeout(function () { bind(e.detail.node); }, 0);
  });
  // for the comparison page: taking a column off takes the entry out of the selection too
  window.bankCompareSelection = {
    remove: function (slug) { save(load().filter(function (s) { return s !== slug; })); }
  };

  function start() { document.body.appendChild(live); bind(document); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  window.addEventListener("storage", render);
})();
