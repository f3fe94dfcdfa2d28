/* «Версия для слабовидящих» (ГОСТ Р 52872-2019): the header's button and its settings panel.
 *
 * The choice — font size, colours, images, spacing — is kept in localStorage ("bank-a11y") and
 * shown as data-a11y-* attributes on <html>; assets/stylesheets/a11y.css draws the page from them.
 * A small script in every page's <head> (overrides/partials/a11y-head.html) sets the same
 * attributes before the first paint; this file builds the panel, keeps the attributes and the
 * panel in step, and says each change aloud to a screen reader. Nothing is loaded from anywhere.
 */
(function () {
  "use strict";

  var KEY = "bank-a11y";
  // the first value of each is the one set when the version is switched on
  var OPTIONS = {
    size: ["150", "100", "200"],
    scheme: ["white", "black", "blue"],
    images: ["on", "off"],
    spacing: ["normal", "wide"],
  };
  var GROUPS = [
    ["size", "Размер шрифта", [["100", "100 %"], ["150", "150 %"], ["200", "200 %"]]],
    ["scheme", "Цвета", [["white", "Чёрным по белому"], ["black", "Белым по чёрному"],
                         ["blue", "Тёмно-синим по голубому"]]],
    ["images", "Изображения", [["on", "Показывать"], ["off", "Не показывать"]]],
    ["spacing", "Интервал между буквами и строками", [["normal", "Обычный"], ["wide", "Увеличенный"]]],
  ];
  var SAID = {
    size: "Размер шрифта ", scheme: "Цвета: ", images: "Изображения: ",
    spacing: "Интервал: ",
  };
  var root = document.documentElement;
  var panel = null;
  var status = null;  // a live region outside the panel: heard also when the panel closes
  var observer = null;

  function normalise(saved) {
    var state = {on: true};
    Object.keys(OPTIONS).forEach(function (key) {
      var value = saved && saved[key];
      state[key] = OPTIONS[key].indexOf(value) < 0 ? OPTIONS[key][0] : value;
    });
    return state;
  }

  var memory = null;  // the choice when the browser keeps no localStorage: for this page only

  function load() {
    var saved = memory;
    try {
      saved = JSON.parse(localStorage.getItem(KEY));
    } catch (e) { /* no localStorage here */ }
    return saved && saved.on === true ? normalise(saved) : null;
  }

  function store(state) {
    memory = state;
    try {
      if (state) localStorage.setItem(KEY, JSON.stringify(state));
      else localStorage.removeItem(KEY);
    } catch (e) { /* no localStorage here: `memory` keeps it */ }
  }

  // the attributes on <html>, as the head script sets them
  function show(state) {
    if (state) root.setAttribute("data-a11y", "on");
    else root.removeAttribute("data-a11y");
    Object.keys(OPTIONS).forEach(function (key) {
      if (state) root.setAttribute("data-a11y-" + key, state[key]);
      else root.removeAttribute("data-a11y-" + key);
    });
    altTexts(!!state && state.images === "off");
    syncPanel(state);
    // the theme measures its sidebars on resize: let it measure again at the new size
    window.dispatchEvent(new Event("resize"));
  }

  /* Images off: <img> are hidden by the stylesheet; each one that says something (a non-empty
     alt) leaves its text in its place, also in what a script adds to the page later. */
  function altText(img) {
    var next = img.nextElementSibling;
    if (!img.alt || !img.alt.trim() || (next && next.classList.contains("a11y-alt"))) return;
    var text = document.createElement("span");
    text.className = "a11y-alt";
    text.textContent = "Изображение: " + img.alt.trim();
    img.insertAdjacentElement("afterend", text);
  }

  function altTexts(on) {
    if (!document.body) return;
    if (on) {
      document.body.querySelectorAll("img").forEach(altText);
      if (!observer && "MutationObserver" in window) {
        observer = new MutationObserver(function (records) {
          records.forEach(function (record) {
            record.addedNodes.forEach(function (node) {
              if (node.nodeType !== 1) return;
              if (node.tagName === "IMG") altText(node);
              else node.querySelectorAll("img").forEach(altText);
            });
          });
        });
        observer.observe(document.body, {childList: true, subtree: true});
      }
    } else {
      if (observer) observer.disconnect();
      observer = null;
      document.querySelectorAll(".a11y-alt").forEach(function (el) { el.remove(); });
    }
  }

  function say(text) {
    if (!status) return;
    status.textContent = "";
    // a fresh text each time, so that the same words twice are said twice
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function label(key, value) {
    for (var i = 0; i < GROUPS.length; i++) {
      if (GROUPS[i][0] !== key) continue;
      for (var j = 0; j < GROUPS[i][2].length; j++) {
        if (GROUPS[i][2][j][0] === value) return GROUPS[i][2][j][1];
      }
    }
    return value;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function buildPanel() {
    var groups = GROUPS.map(function (group) {
      var key = group[0];
      return el("fieldset", {"class": "a11y-panel__group a11y-panel__group--" + key}, [
        el("legend", {text: group[1]}),
        el("div", {"class": "a11y-panel__choices"}, group[2].map(function (choice) {
          return el("label", {"class": "a11y-choice a11y-choice--" + key + "-" + choice[0]}, [
            el("input", {type: "radio", name: "a11y-" + key, value: choice[0]}),
            el("span", {text: choice[1]}),
          ]);
        })),
      ]);
    });
    var node = el("section", {
      "class": "a11y-panel", id: "a11y-panel", "aria-labelledby": "a11y-panel-title", hidden: "",
    }, [
      el("div", {"class": "a11y-panel__inner"}, [
        el("h2", {"class": "a11y-panel__title", id: "a11y-panel-title", tabindex: "-1",
                  text: "Версия для слабовидящих"}),
        el("div", {"class": "a11y-panel__groups"}, groups),
        el("div", {"class": "a11y-panel__actions"}, [
          el("button", {type: "button", "class": "a11y-panel__off", "data-a11y-off": "",
                        text: "Обычная версия"}),
          el("button", {type: "button", "class": "a11y-panel__close", "data-a11y-close": "",
                        text: "Закрыть настройки"}),
        ]),
      ]),
    ]);
    node.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.name || input.name.indexOf("a11y-") !== 0) return;
      var key = input.name.slice(5);
      var state = load() || normalise(null);
      state[key] = input.value;
      state = normalise(state);
      store(state);
      show(state);
      say(SAID[key] + label(key, input.value));
    });
    node.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        openPanel(false, true);
      }
    });
    return node;
  }

  function syncPanel(state) {
    if (!panel) return;
    Object.keys(OPTIONS).forEach(function (key) {
      panel.querySelectorAll('input[name="a11y-' + key + '"]').forEach(function (input) {
        input.checked = !!state && input.value === state[key];
      });
    });
  }

  function toggles() {
    return document.querySelectorAll("[data-a11y-toggle]");
  }

  function openPanel(open, returnFocus) {
    if (!panel) return;
    panel.hidden = !open;
    toggles().forEach(function (button) { button.setAttribute("aria-expanded", String(open)); });
    if (open) {
      panel.querySelector(".a11y-panel__title").focus();
    } else if (returnFocus) {
      var toggle = toggles()[0];
      if (toggle && toggle.offsetParent !== null) toggle.focus();
    }
  }

  function switchOn() {
    var state = load();
    if (!state) {
      state = normalise(null);
      store(state);
      show(state);
      say("Включена версия для слабовидящих");
    }
    return state;
  }

  function switchOff() {
    store(null);
    show(null);
    say("Включена обычная версия сайта");
    openPanel(false, true);
  }

  function init() {
    panel = buildPanel();
    status = el("p", {"class": "a11y-visually-hidden", role: "status", "data-a11y-status": ""});
    document.body.appendChild(status);
    // right after the site's header; in a booklet, after the line that holds the button
    var header = document.querySelector(".md-header");
    var first = toggles()[0];
    var anchor = header || (first && first.closest("p, div, nav")) || null;
    if (anchor) anchor.insertAdjacentElement("afterend", panel);
    else document.body.insertAdjacentElement("afterbegin", panel);

    toggles().forEach(function (button) {
      button.setAttribute("aria-controls", panel.id);
      button.addEventListener("click", function () {
        if (!load()) {
          switchOn();
          openPanel(true);
        } else {
          openPanel(panel.hidden);
        }
      });
    });
    document.addEventListener("click", function (event) {
      var target = event.target.closest && event.target.closest("[data-a11y-off], [data-a11y-close]");
      if (!target) return;
      if (target.hasAttribute("data-a11y-off")) switchOff();
      else openPanel(false, true);
    });
    // another tab of the site changed the choice
    window.addEventListener("storage", function (event) {
      if (event.key === KEY || event.key === null) show(load());
    });
    show(load());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
