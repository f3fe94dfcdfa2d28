/* «Экспертная оценка»: checks the expert's answers against the description built from the
   registry, criteria.yml and the Assessment model (the same rules as `practice-bank validate`:
   every criterion scored within its scale, a justification at either end of the scale, a date
   not to come, a known expert, no conflict of interest, the text rules), writes the assessment
   file and offers to download it or to open GitHub's «create new file» page. Nothing is sent
   to any server by this script. */
(function () {
  "use strict";
  var root = document.getElementById("bank-expert");
  var specNode = document.getElementById("bank-expert-spec");
  if (!root || !specNode) return;
  var form = root.querySelector("form.bank-expert__form");
  if (!form) return;  // no experts in the registry: the page explains it instead of the form
  var spec = JSON.parse(specNode.textContent);
  var rules = window.bankTextRules(spec, "картинки в тексте не публикуются: оценка — это текст");
  var refusedChar = rules.refusedChar, checkText = rules.checkText;

  // The validator's rules for text, loaded from the page (generator/model/entries.py TEXT_PATTERNS),
  // applied as the submit form applies them.

  var experts = {};
  spec.experts.forEach(function (e) { experts[e.slug] = e; });
  var entries = {};
  spec.entries.forEach(function (e) { entries[e.slug] = e; });

  var expertSelect = form.querySelector("#expert-expert");
  var entrySelect = form.querySelector("#expert-entry");
  var dateInput = form.querySelector("#expert-date");
  var conclusionInput = form.querySelector("#expert-conclusion");
  var notice = form.querySelector("#expert-notice");
  var about = form.querySelector("#expert-expert-about");
  var sections = Array.prototype.slice.call(form.querySelectorAll("section.bank-criterion"));

  // ---- the entries, grouped by kind --------------------------------------
  spec.kinds.forEach(function (kind) {
    var items = spec.entries.filter(function (e) { return e.kind === kind.kind; });
    if (!items.length) return;
    var group = document.createElement("optgroup");
    group.label = kind.label;
    items.forEach(function (e) {
      var option = document.createElement("option");
      option.value = e.slug;
      option.textContent = e.title;
      group.appendChild(option);
    });
    entrySelect.appendChild(group);
  });

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  dateInput.value = today();
  dateInput.max = today();

  // ---- conflict of interest: the two conditions of benchmarking.conflict ---
  function conflictOf(expert, entry) {
    var chain = entry.chain || [];
    if (expert.organization && chain.indexOf(expert.organization) >= 0) {
      var title = expert.organization_title || expert.organization;
      if (expert.organization === chain[0]) return "эксперт работает в организации, которая ведёт эту запись («" + title + "»)";
      return "эксперт работает в «" + title + "», в сеть которой входит организация этой записи";
    }
    if ((entry.people || []).indexOf(expert.key) >= 0) return "эксперт — автор, наставник или контактное лицо этой записи";
    return "";
  }
  function conflictMessage(expert, entry) {
    var why = conflictOf(expert, entry);
    return why ? "конфликт интересов: " + why + "; эту запись оценивает другой эксперт" : "";
  }
  function targetPath(expert, entry) {
    return spec.folder + entry.slug + "/" + expert.slug + ".yml";
  }
  function earlierNote(expert, entry) {
    var earlier = (entry.assessed || {})[expert.slug];
    if (!earlier) return "";
    var same = earlier === targetPath(expert, entry);
    return "Эксперт уже оценил эту запись: в банке есть файл " + earlier + ". У одного эксперта — одна оценка записи: " +
      (same ? "новый файл заменит этот." : "положите новый файл вместо того, а тот удалите.");
  }

  function updateNotice() {
    var expert = experts[expertSelect.value];
    var entry = entries[entrySelect.value];
    about.textContent = expert
      ? [expert.position, expert.organization_name, expert.area ? "область экспертизы: " + expert.area : ""]
        .filter(Boolean).join("; ")
      : "";
    notice.textContent = "";
    notice.className = "bank-expert__notice";
    if (!expert || !entry) return;
    var conflict = conflictMessage(expert, entry);
    var earlier = earlierNote(expert, entry);
    var text = conflict ? conflict.charAt(0).toUpperCase() + conflict.slice(1) + "." : earlier;
    if (!text) return;
    notice.textContent = text;
    notice.classList.add(conflict ? "bank-expert__notice--conflict" : "bank-expert__notice--earlier");
  }
  expertSelect.addEventListener("change", updateNotice);
  entrySelect.addEventListener("change", updateNotice);

  // ---- a justification is required as soon as a score at an end of the scale is chosen ----
  function chosen(section) {
    var radio = section.querySelector("input[type=radio]:checked");
    return radio ? Number(radio.value) : null;
  }
  function needsJustification(crit, score) {
    return score !== null && crit.justify.indexOf(score) >= 0;
  }
  function updateNeed(section) {
    var crit = spec.criteria[Number(section.getAttribute("data-index"))];
    var score = chosen(section);
    var field = section.querySelector(".bank-field--justification");
    var textarea = field.querySelector("textarea");
    var need = field.querySelector(".bank-expert__need");
    var star = field.querySelector(".bank-expert__star");
    if (needsJustification(crit, score)) {
      field.setAttribute("data-required", "");
      textarea.setAttribute("aria-required", "true");
      star.hidden = false;
      need.textContent = "Обязательно: вы поставили " + (score === crit.lo ? "низший" : "высший") + " балл (" + score + ").";
      need.classList.add("bank-expert__need--on");
    } else {
      field.removeAttribute("data-required");
      textarea.removeAttribute("aria-required");
      star.hidden = true;
      need.textContent = "Обязательно при балле " + crit.lo + " или " + crit.hi + ".";
      need.classList.remove("bank-expert__need--on");
    }
  }
  sections.forEach(function (section) {
    section.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () { updateNeed(section); });
    });
    updateNeed(section);
  });
  updateNotice();

  // ---- text rules (as submit.js) -----------------------------------------
  function clean(text) {
    return text.replace(/\r\n?/g, "\n").replace(/[ \t]+$/gm, "").trim();
  }

  // A text field: the cleaned text (undefined when empty), its problems pushed.
  function readText(textarea, required, max, problem) {
    var raw = clean(textarea.value || "");
    if (!raw) {
      if (required) problem(required);
      return undefined;
    }
    var refused = refusedChar(raw);
    if (refused) { problem(refused); return raw; }
    checkText(raw, problem, max);
    return raw;
  }

  // ---- YAML (form-rules.js, as the submit form writes it) ------------------
  var scalar = window.bankYaml.scalar, key = window.bankYaml.key;
  // The first line is a comment: nothing in it may end the line or be unprintable.
  function commentText(value) {
    return value.replace(/[\r\n\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]+/g, " ");
  }
  function toYaml(expert, entry, date, scores, conclusion) {
    var lines = ["# Экспертная оценка: " + commentText(entry.title) + " — " + commentText(expert.name),
      "expert: " + scalar(expert.slug, 0),
      "date: " + date,
      "scores:"];
    spec.criteria.forEach(function (crit) {
      var item = scores[crit.id];
      lines.push("  " + key(crit.id) + ":");
      lines.push("    score: " + item.score);
      if (item.justification !== undefined) lines.push("    justification: " + scalar(item.justification, 4));
    });
    lines.push("conclusion: " + scalar(conclusion, 0));
    return lines.join("\n") + "\n";
  }

  // ---- errors --------------------------------------------------------------
  function clearErrors() {
    form.querySelectorAll(".bank-field__error").forEach(function (n) { n.remove(); });
    form.querySelectorAll(".bank-field--invalid").forEach(function (n) { n.classList.remove("bank-field--invalid"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
    form.querySelectorAll("[data-error-id]").forEach(function (n) {
      var ids = (n.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id.indexOf("expert-error-") !== 0;
      });
      if (ids.length) n.setAttribute("aria-describedby", ids.join(" ")); else n.removeAttribute("aria-describedby");
      n.removeAttribute("data-error-id");
    });
  }
  function showErrors(problems) {
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
      msg.id = "expert-error-" + i;
      msg.textContent = p.message;
      // under the field's label, after the field's earlier messages (in the order they were found)
      var after = p.el.querySelector(":scope > .bank-field__label, :scope > fieldset > legend");
      while (after && after.nextElementSibling && after.nextElementSibling.classList.contains("bank-field__error")) {
        after = after.nextElementSibling;
      }
      if (after) after.parentNode.insertBefore(msg, after.nextSibling);
      else p.el.insertBefore(msg, p.el.firstChild);
      var targets = p.group ? [p.group] : [p.focus];
      targets.forEach(function (t) {
        if (!t) return;
        if (!p.group) t.setAttribute("aria-invalid", "true");
        var described = (t.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (described.indexOf(msg.id) < 0) described.push(msg.id);
        t.setAttribute("aria-describedby", described.join(" "));
        t.setAttribute("data-error-id", msg.id);
      });
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
    if (problems[0].focus) problems[0].focus.focus();  // the first field to fix; the summary is announced (role=alert)
    else summary.focus();
  }

  // ---- submit --------------------------------------------------------------
  function fieldEl(name) {
    return form.querySelector('.bank-field[data-field="' + name + '"]');
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var result = form.querySelector(".bank-expert__result");
    result.hidden = true;
    var problems = [];
    function adder(el, focus, label, group) {
      return function (message) { problems.push({ el: el, focus: focus, label: label, message: message, group: group }); };
    }

    var expertProblem = adder(fieldEl("expert"), expertSelect, spec.fields.expert.label);
    var expert = experts[expertSelect.value];
    if (!expertSelect.value) expertProblem("выберите себя из реестра экспертов");
    else if (!expert) expertProblem("эксперта «" + expertSelect.value + "» нет в реестре");

    var entryProblem = adder(fieldEl("entry"), entrySelect, spec.fields.entry.label);
    var entry = entries[entrySelect.value];
    if (!entrySelect.value) entryProblem("выберите практику или программу");
    else if (!entry) entryProblem("такой практики или программы в банке нет");
    if (expert && entry) {
      var conflict = conflictMessage(expert, entry);
      if (conflict) expertProblem(conflict);
    }

    var dateProblem = adder(fieldEl("date"), dateInput, spec.fields.date.label);
    var date = (dateInput.value || "").trim();
    if (!date) dateProblem("укажите дату оценки (ГГГГ-ММ-ДД)");
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || isNaN(Date.parse(date + "T00:00:00Z")) ||
             new Date(date + "T00:00:00Z").toISOString().slice(0, 10) !== date) dateProblem("дата в виде ГГГГ-ММ-ДД");
    else if (date > today()) dateProblem("этот день ещё не наступил — укажите сегодняшнюю или прошедшую дату");

    var scores = {};
    sections.forEach(function (section) {
      var n = Number(section.getAttribute("data-index"));
      var crit = spec.criteria[n];
      var scoreField = fieldEl("score-" + n);
      var radios = scoreField.querySelectorAll("input[type=radio]");
      var score = chosen(section);
      var scoreProblem = adder(scoreField, section.querySelector("input[type=radio]:checked") || radios[0],
                               crit.label, scoreField.querySelector("fieldset"));
      if (score === null) scoreProblem("поставьте балл по шкале " + crit.lo + "–" + crit.hi);
      else if (!(Math.floor(score) === score && score >= crit.lo && score <= crit.hi)) {
        scoreProblem("балл " + score + " вне шкалы " + crit.lo + "–" + crit.hi);
      }
      var jField = fieldEl("justification-" + n);
      var textarea = jField.querySelector("textarea");
      var jProblem = adder(jField, textarea, crit.label + " — " + spec.fields.justification.label.toLowerCase());
      var required = needsJustification(crit, score)
        ? "вы поставили " + (score === crit.lo ? "низший" : "высший") + " балл (" + score + "): напишите обоснование — почему именно он"
        : "";
      var justification = readText(textarea, required, spec.fields.justification.max_length, jProblem);
      scores[crit.id] = { score: score, justification: justification };
    });

    var cField = fieldEl("conclusion");
    var conclusion = readText(conclusionInput, spec.fields.conclusion.required ? "напишите заключение" : "",
                              spec.fields.conclusion.max_length,
                              adder(cField, conclusionInput, spec.fields.conclusion.label));

    if (problems.length) { showErrors(problems); return; }
    form.querySelector(".bank-submit__summary").hidden = true;
    showResult(expert, entry, toYaml(expert, entry, date, scores, conclusion));
  });

  // ---- result ----------------------------------------------------------------
  var copyButton = form.querySelector(".bank-expert__copy");
  var copied = form.querySelector(".bank-expert__copied");
  if (navigator.clipboard && window.isSecureContext) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      navigator.clipboard.writeText(form.querySelector(".bank-expert__yaml code").textContent).then(function () {
        copied.textContent = "Скопировано";
      }, function () {
        copied.textContent = "Не удалось скопировать: выделите текст и скопируйте его";
      });
    });
  }

  function showResult(expert, entry, yaml) {
    var result = form.querySelector(".bank-expert__result");
    var name = expert.slug + ".yml";
    var folder = spec.folder + entry.slug + "/";
    result.querySelector(".bank-expert__path").textContent = folder + name;
    result.querySelector(".bank-expert__folder").textContent = folder;
    result.querySelector(".bank-expert__yaml code").textContent = yaml;
    copied.textContent = "";
    var replace = result.querySelector(".bank-expert__replace");
    replace.textContent = earlierNote(expert, entry);
    replace.hidden = !replace.textContent;
    var download = result.querySelector(".bank-expert__download");
    if (download.__url) URL.revokeObjectURL(download.__url);
    download.__url = URL.createObjectURL(new Blob([yaml], { type: "text/yaml;charset=utf-8" }));
    download.href = download.__url;
    download.setAttribute("download", name);
    var githubItem = result.querySelector(".bank-expert__github-item");
    var tooLong = result.querySelector(".bank-expert__toolong");
    tooLong.hidden = true;
    if (spec.github_new) {
      var url = spec.github_new + entry.slug + "?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(yaml);
      githubItem.hidden = url.length > 8000;
      tooLong.hidden = url.length <= 8000;
      result.querySelector(".bank-expert__github").href = url;
    } else if (spec.gitlab_new) {
      // GitLab's «new file» page takes no text in its address: it opens, the expert pastes the text
      githubItem.hidden = false;
      result.querySelector(".bank-expert__github").href = spec.gitlab_new + entry.slug;
    } else {
      githubItem.hidden = true;
    }
    result.hidden = false;
    var heading = result.querySelector("h2");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
})();
