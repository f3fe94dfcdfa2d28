/* What the two forms share (submit.js, expert.js). The YAML they write: any text written so that every YAML reader
   (1.1 or 1.2, libyaml, serde_yaml) reads it back unchanged. Loaded before the form's script. */
(function () {
  "use strict";
  // Plain only when it starts with a letter, holds only letters, digits and ordinary punctuation
  // and is no yes/no/null word; several lines as a literal block «|-» when no line could change
  // its meaning there; anything else in double quotes, with every character YAML does not print
  // or takes for a line break escaped.
  var PLAIN_RE = /^[A-Za-zА-Яа-яЁё«][A-Za-zА-Яа-яЁё0-9 «»"'.,;()?\/%№–—-]*$/;
  var AMBIGUOUS = /^(y|yes|n|no|true|false|on|off|null)$/i;
  var UNPRINTABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
  var ESCAPED = /["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
  var ESCAPES = { '"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n" };
  function quoted(value) {
    return '"' + value.replace(ESCAPED, function (c) {
      return ESCAPES[c] || "\\u" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    }) + '"';
  }
  function scalar(value, indent) {
    if (typeof value === "number") return String(value);
    if (PLAIN_RE.test(value) && !/ $/.test(value) && !AMBIGUOUS.test(value)) return value;
    if (value.indexOf("\n") >= 0 && !/^\s|\s$/.test(value) && !/^ *\t|[ \t]$/m.test(value) &&
        !UNPRINTABLE.test(value)) {
      var pad = " ".repeat(indent + 2);
      return "|-\n" + value.split("\n").map(function (line) { return line ? pad + line : ""; }).join("\n");
    }
    return quoted(value);
  }
  // A mapping key: plain only when it is a simple name, otherwise in double quotes.
  function key(value) {
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(value) && !AMBIGUOUS.test(value) ? value : quoted(value);
  }
  window.bankYaml = { quoted: quoted, scalar: scalar, key: key };
})();

/* The validator's text rules in the browser (generator/model/entries.py TEXT_PATTERNS, given to the
   page by the form's description): no HTML, safe links, no attribute lists, no pictures, no
   invisible characters, no template stubs, a length limit. Used by submit.js and expert.js. */
(function () {
  "use strict";
  window.bankTextRules = function (spec, pictureMessage) {
    var placeholders = new Set(spec.placeholders || []);
    var HTML_RE = new RegExp(spec.text.html);
    var LINK_RE = new RegExp(spec.text.link, "gm");
    var ATTR_RE = new RegExp(spec.text.attributes);
    var PICTURE_RE = new RegExp(spec.text.picture);
    // Characters no text may hold (controls, bidi overrides, lone halves of a surrogate pair…), and
    // U+FEFF, which JavaScript takes for white space and the validator does not. With the "u" flag
    // a range of surrogates matches only a lone half, never a whole pair.
    var REFUSED_RE = new RegExp(spec.text.invisible + "|\ufeff", "u");
    function refusedChar(text) {
      var m = REFUSED_RE.exec(text);
      if (!m) return "";
      var n = m[0].codePointAt(0);  // a whole character (a tag character is astral), a lone half as it is
      var code = "U+" + n.toString(16).toUpperCase().padStart(4, "0");
      var before = Array.from(text.slice(0, m.index)).slice(-20).join("").replace(/\s+/g, " ").trim();
      var where = before ? " после «" + before + "»" : " в начале";
      return n >= 0xd800 && n <= 0xdfff
        ? "в тексте повреждённый символ (" + code + ")" + where + "; удалите его или наберите это место заново"
        : "в тексте невидимый служебный символ " + code + where + "; удалите его";
    }
    function checkText(text, problem, max) {
      var m = HTML_RE.exec(text);
      if (m) problem("HTML-разметка в тексте не допускается (найдено «" + m[0].trim() + "»); используйте Markdown: **жирный**, *курсив*, [ссылка](https://…)");
      LINK_RE.lastIndex = 0;
      var link;
      while ((link = LINK_RE.exec(text))) {
        var target = (link.groups.inline || link.groups.ref || link.groups.auto || "").trim();
        if (!target || target.charAt(0) === "#") continue;
        var lowered = target.replace(/[\s\x00-\x1f]/g, "").toLowerCase();
        if (!/^(https?:\/\/|mailto:)/.test(lowered)) {
          problem("ссылка «" + Array.from(target).slice(0, 60).join("") + "» не разрешена: допустимы только адреса http://, https:// и mailto:");
        }
      }
      if (PICTURE_RE.test(text)) problem(pictureMessage);
      if (ATTR_RE.test(text)) problem("фигурные скобки с атрибутами ({: …}) в тексте не допускаются; уберите их");
      if (placeholders.has(text)) problem("здесь заготовка вместо текста (" + text + "); напишите свой текст");
      var length = max && text.length > max ? Array.from(text).length : 0;  // characters, as the validator counts
      if (length > max) problem("слишком длинно: " + length + " знаков из " + max);
    }
    return { refusedChar: refusedChar, checkText: checkText };
  };
})();
