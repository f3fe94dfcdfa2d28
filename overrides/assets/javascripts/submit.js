/* «Предложить практику»: checks the form against the description built from the
   models (same rules as `practice-bank validate`), writes the YAML entry and offers
   to download it or to open GitHub's «create new file» page. Nothing is sent to any
   server by this script except lookups of existing pages of this same site. */
(function () {
  "use strict";
  var root = document.getElementById("bank-submit");
  var specNode = document.getElementById("bank-submit-spec");
  if (!root || !specNode) return;
  var spec = JSON.parse(specNode.textContent);
  var base = root.getAttribute("data-base") || "./";
  var slugRe = new RegExp(spec.slug_pattern);
  var reserved = new Set(spec.reserved);
  var rules = window.bankTextRules(spec, "картинки в тексте не публикуются: файл прикладывают к записи в разделе «Материалы»");
  var refusedChar = rules.refusedChar, checkText = rules.checkText;
  var online = /^https?:$/.test(location.protocol);

  // The validator's rules for text, loaded from the page (generator/model/entries.py TEXT_PATTERNS):
  // no HTML, safe links, no attribute lists, addresses of sites.
  var URL_RE = new RegExp(spec.text.url);

  function specOf(kind) {
    return spec.kinds.filter(function (k) { return k.kind === kind; })[0];
  }

  // ---- kind switch --------------------------------------------------------
  var forms = Array.prototype.slice.call(root.querySelectorAll("form.bank-submit__form"));
  root.querySelectorAll("input[name=bank-submit-kind]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      forms.forEach(function (f) { f.hidden = f.getAttribute("data-kind") !== radio.value; });
    });
  });

  // ---- repeatable groups -------------------------------------------------
  var counter = 0;
  function addItem(fieldEl) {
    var template = fieldEl.querySelector(":scope > fieldset > template.bank-group__template");
    var items = fieldEl.querySelector(":scope > fieldset > .bank-group__items");
    var index = "n" + (counter++);
    var item = template.content.firstElementChild.cloneNode(true);
    [item].concat(Array.prototype.slice.call(item.querySelectorAll("*"))).forEach(function (node) {
      ["id", "for", "list", "aria-describedby"].forEach(function (name) {
        var value = node.getAttribute(name);
        if (value && value.indexOf("__i__") >= 0) node.setAttribute(name, value.replace(/__i__/g, index));
      });
    });
    items.appendChild(item);
    wire(item);
    return item;
  }
  function updateRemoveButtons(fieldEl) {
    var min = parseInt(fieldEl.querySelector(":scope > fieldset > .bank-group__add").getAttribute("data-min"), 10) || 0;
    var items = fieldEl.querySelectorAll(":scope > fieldset > .bank-group__items > .bank-group__item");
    items.forEach(function (item) {
      item.querySelector(":scope > .bank-group__remove").hidden = items.length <= min;
    });
  }
  function wire(scope) {
    scope.querySelectorAll(".bank-field--group").forEach(function (fieldEl) {
      if (fieldEl.__wired) return;
      fieldEl.__wired = true;
      var add = fieldEl.querySelector(":scope > fieldset > .bank-group__add");
      var min = parseInt(add.getAttribute("data-min"), 10) || 0;
      for (var i = 0; i < min; i++) addItem(fieldEl);
      add.addEventListener("click", function () {
        var item = addItem(fieldEl);
        updateRemoveButtons(fieldEl);
        var first = item.querySelector("input, textarea, select");
        if (first) first.focus();
      });
      fieldEl.addEventListener("click", function (event) {
        var button = event.target.closest(".bank-group__remove");
        if (!button || button.closest(".bank-field--group") !== fieldEl) return;
        button.closest(".bank-group__item").remove();
        updateRemoveButtons(fieldEl);
        add.focus();
      });
      updateRemoveButtons(fieldEl);
    });
    scope.querySelectorAll(".bank-field--ref input").forEach(function (input) {
      input.addEventListener("change", function () { lookup(input); });
    });
  }

  // ---- reading values ----------------------------------------------------
  function fieldEl(scope, name) {
    return scope.querySelector(':scope > .bank-field[data-field="' + name + '"]') ||
      scope.querySelector(':scope > fieldset > .bank-field[data-field="' + name + '"]');
  }
  function control(el) {
    return el.querySelector(":scope > input, :scope > textarea, :scope > select");
  }
  function clean(text) {
    return text.replace(/\r\n?/g, "\n").replace(/[ \t]+$/gm, "").trim();
  }

  // Returns the value for YAML (undefined when empty) and pushes problems.
  function read(scope, f, problems, path) {
    var el = fieldEl(scope, f.name);
    if (!el) return undefined;
    var label = path.concat(f.label).join(" → ");
    function problem(message, target) {
      problems.push({ el: el, focus: target || control(el) || el.querySelector("input, textarea, select, button"), label: label, message: message });
    }
    var value, raw;
    switch (f.widget) {
      case "choices":
        value = Array.prototype.map.call(el.querySelectorAll("input[type=checkbox]:checked"), function (c) { return c.value; });
        if (value.length < (f.min_items || 0) || (f.required && !value.length)) problem("выберите хотя бы одно значение", el.querySelector("input"));
        return value.length ? value : undefined;
      case "object":
        value = {};
        var any = false;
        f.fields.forEach(function (sub) {
          var v = read(el.querySelector(":scope > fieldset"), sub, [], path.concat(f.label));
          if (v !== undefined) { any = true; }
        });
        if (!any) {
          if (f.required) problem("заполните этот раздел");
          return undefined;
        }
        f.fields.forEach(function (sub) {
          var v = read(el.querySelector(":scope > fieldset"), sub, problems, path.concat(f.label));
          if (v !== undefined) value[sub.name] = v;
        });
        return value;
      case "group":
        var items = el.querySelectorAll(":scope > fieldset > .bank-group__items > .bank-group__item");
        value = [];
        items.forEach(function (item, i) {
          var probe = [];
          var filled = f.fields.some(function (sub) { return read(item, sub, probe, []) !== undefined; });
          if (!filled) return;  // an empty item is ignored
          var obj = {};
          var before = problems.length;
          f.fields.forEach(function (sub) {
            var v = read(item, sub, problems, path.concat(f.label + " " + (i + 1)));
            if (v !== undefined) obj[sub.name] = v;
          });
          // as the validator: the rules between fields only once every field of the item is right
          if (problems.length === before) checkRules(f.rules, obj, f.fields, item, f.label + " " + (i + 1), problems);
          value.push(obj);
        });
        if (value.length < (f.min_items || 0) || (f.required && !value.length)) {
          problem("добавьте хотя бы одну запись («" + f.item_label.toLowerCase() + "»)", el.querySelector(".bank-group__add"));
        }
        return value.length ? value : undefined;
    }
    var input = control(el);
    raw = clean(input.value || "");
    if (!raw) {
      if (f.required) problem("заполните поле");
      return undefined;
    }
    var refused = refusedChar(raw);
    if (refused) { problem(refused); return raw; }  // defined: an item with it is not an empty one
    switch (f.widget) {
      case "lines":
        value = raw.split("\n").map(function (s) { return s.replace(/^\s*(?:[-•*]|\d+[.)])\s+/, "").trim(); })
          .filter(Boolean);
        if (value.length < (f.min_items || 0)) problem("нужно не меньше " + f.min_items + " пунктов");
        value.forEach(function (item) { checkText(item, problem, f.max_length); });
        return value;
      case "text":
        checkText(raw, problem, f.max_length);
        return raw;
      case "int":
      case "number":
        var num = Number(raw.replace(",", "."));
        if (!isFinite(num) || (f.widget === "int" && Math.floor(num) !== num)) { problem(f.widget === "int" ? "нужно целое число" : "нужно число"); return undefined; }
        if (f.min != null && num < f.min) problem("не меньше " + f.min);
        if (f.max != null && num > f.max) problem("не больше " + f.max);
        if (f.not_future && num > new Date().getFullYear()) problem("год начала " + num + " ещё не наступил: в банк попадает то, что уже реализовано");
        return num;
      case "date":
        if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) problem("дата в виде ГГГГ-ММ-ДД");
        return raw;
      case "url":
        if (!URL_RE.test(raw)) problem("нужен адрес вида https://example.ru/…");
        return raw;
      case "email":
      case "phone":
        if (f.pattern && !new RegExp(f.pattern).test(raw)) problem(f.widget === "email" ? "адрес почты вида name@example.ru" : "телефон: цифры, +, скобки, дефисы");
        return raw;
      case "choice":
        return raw;
      case "ref":
        if (!slugRe.test(raw)) { problem("выберите запись из списка (нужно имя файла латиницей)"); return raw; }
        if (f.options && f.options.length) {
          if (f.options.indexOf(raw) < 0) problem("такой записи нет в банке; выберите из списка");
        } else if (input.getAttribute("data-found") === "no") {
          problem("такой записи нет в банке");
        }
        return raw;
      default:  // line
        if (raw.indexOf("\n") >= 0) problem("здесь нужна одна строка");
        checkPlain(raw, problem, f.max_length);
        return raw.replace(/\s+/g, " ");
    }
  }

  function checkPlain(text, problem, max) {
    checkText(text, problem, max);  // a line is rendered as Markdown too: the same rules
  }


  // ---- references and file names checked against the published site -----
  function lookup(input) {
    var out = input.parentNode.querySelector("output.bank-field__found");
    var slug = input.value.trim();
    input.removeAttribute("data-found");
    if (out) out.textContent = "";
    if (!slug || !slugRe.test(slug) || !online) return Promise.resolve();
    return fetch(base + "api/entries/" + slug + ".json").then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (entry) {
      var kind = input.getAttribute("data-kind");
      if (entry && entry.kind === kind) {
        input.setAttribute("data-found", "yes");
        if (out) out.textContent = "✓ " + entry.data.title;
      } else {
        input.setAttribute("data-found", "no");
        if (out) out.textContent = "Такой записи в банке нет";
      }
    }).catch(function () {});
  }

  function slugTaken(slug) {
    if (!online) return Promise.resolve(false);
    return fetch(base + "api/entries/" + slug + ".json", { method: "HEAD" })
      .then(function (r) { return r.ok; }).catch(function () { return false; });
  }

  var TRANSLIT = { "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya" };
  function slugify(title) {
    var s = title.toLowerCase().split("").map(function (c) {
      return Object.prototype.hasOwnProperty.call(TRANSLIT, c) ? TRANSLIT[c] : c;
    }).join("").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (s.length > 60) s = s.slice(0, 60).replace(/-[^-]*$/, "");
    return s;
  }

  // ---- YAML (form-rules.js) ------------------------------------------------
  var scalar = window.bankYaml.scalar;
  function dump(obj, indent) {
    var pad = new Array(indent + 1).join(" ");
    var out = [];
    Object.keys(obj).forEach(function (key) {
      var v = obj[key];
      if (Array.isArray(v)) {
        out.push(pad + key + ":");
        v.forEach(function (item) {
          if (item !== null && typeof item === "object") {
            var lines = dump(item, indent + 4).split("\n");
            out.push(pad + "  - " + lines[0].slice(indent + 4));
            lines.slice(1).forEach(function (l) { out.push(l); });
          } else {
            out.push(pad + "  - " + scalar(item, indent + 2));
          }
        });
      } else if (v !== null && typeof v === "object") {
        out.push(pad + key + ":");
        out.push(dump(v, indent + 2));
      } else {
        out.push(pad + key + ": " + scalar(v, indent));
      }
    });
    return out.join("\n");
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function toYaml(kind, data) {
    var head = "# yaml-language-server: $schema=../schema/" + kind + ".schema.json\n";
    var ordered = {};
    Object.keys(data).forEach(function (k) {
      ordered[k] = data[k];
      if (k === "summary") ordered.added = today();
    });
    return head + dump(ordered, 0) + "\n";
  }

  // ---- rules between fields, from the model (FieldRule): the validator's own words ----
  function checkRules(rules, data, fields, scope, where, problems) {
    function given(v) { return v !== undefined && v !== "" && v !== false && !(Array.isArray(v) && !v.length); }
    function get(dotted) {
      return dotted.split(".").reduce(function (o, k) { return o && typeof o === "object" ? o[k] : undefined; }, data);
    }
    (rules || []).forEach(function (rule) {
      if (rule.unless && given(data[rule.unless])) return;
      var flags = rule.fields.map(function (name) { return given(data[name]); });
      var count = flags.filter(Boolean).length;
      var then = rule.then ? get(rule.then) : undefined;
      var broken = rule.check === "any_of" ? count === 0 :
        rule.check === "one_of" ? count !== 1 :
        rule.check === "requires" ? flags[0] && !given(then) :
        rule.check === "any_requires" ? count > 0 && !given(then) :
        rule.check === "covered" ? then !== undefined && rule.fields.some(function (name, i) { return flags[i] && then.indexOf(name) < 0; }) :
        false;
      if (!broken) return;
      var name = rule.then && rule.check !== "any_of" && rule.check !== "one_of" ? rule.then.split(".")[0] : rule.fields[0];
      var target = fieldEl(scope, name);
      var spec = fields.filter(function (f) { return f.name === name; })[0];
      problems.push({ el: target, focus: target && (control(target) || target.querySelector("input, textarea, select, button")),
                      label: (where ? where + " → " : "") + (spec ? spec.label : name), message: rule.message });
    });
  }

  // ---- errors --------------------------------------------------------------
  function clearErrors(form) {
    form.querySelectorAll(".bank-field__error").forEach(function (n) { n.remove(); });
    form.querySelectorAll(".bank-field--invalid").forEach(function (n) { n.classList.remove("bank-field--invalid"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
  }
  function showErrors(form, problems) {
    var summary = form.querySelector(".bank-submit__summary");
    summary.textContent = "";
    var head = document.createElement("p");
    head.textContent = "Исправьте, пожалуйста (" + problems.length + "):";
    summary.appendChild(head);
    var list = document.createElement("ul");
    problems.forEach(function (p, i) {
      p.el.classList.add("bank-field--invalid");
      var msg = document.createElement("p");
      msg.className = "bank-field__error";
      msg.id = (form.getAttribute("data-kind") || "f") + "-error-" + i;
      msg.textContent = p.message;
      var anchor = p.el.querySelector(":scope > .bank-field__label, :scope > fieldset > legend");
      (anchor ? anchor.parentNode : p.el).insertBefore(msg, anchor ? anchor.nextSibling : p.el.firstChild);
      if (p.focus) {
        p.focus.setAttribute("aria-invalid", "true");
        var described = (p.focus.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (described.indexOf(msg.id) < 0) described.push(msg.id);
        p.focus.setAttribute("aria-describedby", described.join(" "));
      }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#";
      a.textContent = p.label + ": " + p.message;
      a.addEventListener("click", function (e) { e.preventDefault(); if (p.focus) p.focus.focus(); });
      li.appendChild(a);
      list.appendChild(li);
    });
    summary.appendChild(list);
    summary.hidden = false;
    summary.focus();
  }

  // ---- submit --------------------------------------------------------------
  forms.forEach(function (form) {
    var kind = form.getAttribute("data-kind");
    var kspec = specOf(kind);
    wire(form);
    var titleInput = control(fieldEl(form, "title"));
    var slugField = fieldEl(form, "__slug");
    var slugInput = control(slugField);
    var slugEdited = false;
    slugInput.addEventListener("input", function () { slugEdited = slugInput.value.trim() !== ""; });
    titleInput.addEventListener("input", function () {
      if (!slugEdited) slugInput.value = slugify(titleInput.value);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(form);
      var result = form.querySelector(".bank-submit__result");
      result.hidden = true;
      var problems = [];
      var refs = Array.prototype.map.call(form.querySelectorAll(".bank-field--ref input"), lookup);
      Promise.all(refs).then(function () {
        var data = {};
        kspec.fields.forEach(function (f) {
          var v = read(form, f, problems, []);
          if (v !== undefined) data[f.name] = v;
        });
        checkRules(kspec.rules, data, kspec.fields, form, "", problems);
        var slug = slugInput.value.trim();
        function slugProblem(message) {
          problems.push({ el: slugField, focus: slugInput, label: "Имя файла", message: message });
        }
        if (!slug) slugProblem("заполните поле");
        else if (!slugRe.test(slug)) slugProblem("только латинские строчные буквы, цифры и одиночные дефисы, например mostovsky-tutors");
        else if (reserved.has(slug)) slugProblem("имя «" + slug + "» зарезервировано сайтом; выберите другое");
        return (slug && slugRe.test(slug) ? slugTaken(slug) : Promise.resolve(false)).then(function (taken) {
          if (taken) slugProblem("имя «" + slug + "» уже занято записью банка; выберите другое");
          if (problems.length) { showErrors(form, problems); return; }
          form.querySelector(".bank-submit__summary").hidden = true;
          showResult(form, kind, slug, toYaml(kind, data));
        });
      });
    });
  });

  function showResult(form, kind, slug, yaml) {
    var result = form.querySelector(".bank-submit__result");
    var name = slug + ".yml";
    result.querySelectorAll(".bank-submit__filename").forEach(function (n) { n.textContent = "practices/" + kind + "/" + name; });
    result.querySelector(".bank-submit__folder").textContent = "practices/" + kind + "/";
    result.querySelector(".bank-submit__yaml code").textContent = yaml;
    var download = result.querySelector(".bank-submit__download");
    if (download.__url) URL.revokeObjectURL(download.__url);
    download.__url = URL.createObjectURL(new Blob([yaml], { type: "text/yaml;charset=utf-8" }));
    download.href = download.__url;
    download.setAttribute("download", name);
    // the letter to the editors carries the file's text too (an attachment cannot be added by a link)
    var mail = result.querySelector(".bank-submit__mail");
    if (mail && spec.editors_email) {
      mail.href = "mailto:" + spec.editors_email + "?subject=" + encodeURIComponent("Банк практик: " + "practices/" + kind + "/" + name) +
        "&body=" + encodeURIComponent(yaml.length <= 6000 ? yaml : "Файл записи приложен к письму.");
    }
    var githubItem = result.querySelector(".bank-submit__github-item");
    var tooLong = result.querySelector(".bank-submit__toolong");
    tooLong.hidden = true;
    if (spec.github_new) {
      var url = spec.github_new + kind + "?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(yaml);
      githubItem.hidden = url.length > 8000;
      tooLong.hidden = url.length <= 8000;
      result.querySelector(".bank-submit__github").href = url;
    } else if (spec.gitlab_new) {
      // GitLab's «new file» page takes no text in its address: it opens, the author pastes the text
      githubItem.hidden = false;
      result.querySelector(".bank-submit__github").href = spec.gitlab_new + kind;
    } else {
      githubItem.hidden = true;
    }
    result.hidden = false;
    result.querySelector("h2").setAttribute("tabindex", "-1");
    result.querySelector("h2").focus();
  }
})();
