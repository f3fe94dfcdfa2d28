/* The YAML the forms write (submit.js, expert.js): any text written so that every YAML reader
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
