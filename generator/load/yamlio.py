"""Safe YAML loading with positions for every key and value.

Entries come from strangers, so the loader is strict and small:

* the file is refused by size before it is read, must be UTF-8 (a BOM is
  accepted), must not be binary, and must not indent with tabs;
* it is parsed from libyaml's event stream (no recursion, no Python objects):
  aliases, explicit tags (``!!python/object``…) and very deep nesting are
  rejected, duplicate keys are reported;
* scalars follow the YAML 1.2 core schema as the Rust serde_yaml reads it:
  only ``true``/``false`` are booleans, so ``no``, ``yes`` and ``on`` stay
  text, dates stay text for the model to check, and digits with a leading
  zero (``007``) stay text too;
* an ordinary file (no anchors, aliases or tags anywhere) is read by ryaml,
  a Rust parser built on the same libyaml grammar, about twice as fast; any
  file it declines or fails on goes through the event parser, which reads it
  the same way and words the message;
* the result is plain data plus a map from a key path to the (line, column)
  of the key and of its value, so any later problem points at the right line.

All failures are `Problem` objects with a Russian message; nothing else escapes.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problem

try:  # libyaml's parser is an order of magnitude faster; fall back if absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

try:  # the fast path for ordinary files; without it every file takes the event parser
    import ryaml as _fast
except ImportError:  # pragma: no cover - no wheel for the platform
    _fast = None  # type: ignore[assignment]

MAX_FILE_BYTES = 512 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows: there is_symlink is asked first
MAX_DEPTH = 20
MAX_NODES = 50_000

_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_RADIX = {"0x": (16, re.compile(r"[0-9a-fA-F]+")), "0o": (8, re.compile(r"[0-7]+")),
          "0b": (2, re.compile(r"[01]+"))}
_INFINITIES = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
               "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf")}
_NANS = {".nan", ".NaN", ".NAN"}
_INT_LIMIT = {"": 2 ** 128 - 1, "+": 2 ** 128 - 1, "-": 2 ** 127}  # u128 and i128, as in Rust
_NUMBER_START = frozenset("0123456789+-.")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

Key = tuple  # a path of mapping keys and list indexes


@dataclass
class Document:
    """A loaded YAML mapping and where each part of it stands in the file."""

    path: str
    data: Any
    _value_pos: dict[Key, tuple[int, int]] | None = field(default=None, repr=False)
    _key_pos: dict[Key, tuple[int, int]] | None = field(default=None, repr=False)
    source: str | None = field(default=None, repr=False)  # the text, to find positions on demand
    file: Path | None = field(default=None, repr=False)  # or the file to read it again from

    def forget_text(self) -> None:
        """Keep only the file's name: positions, if ever asked for, are found by reading it again."""
        if self.file is not None:
            self.source = None

    def _positions(self) -> None:
        located = Document(path=self.path, data=None, _value_pos={}, _key_pos={})
        source = self.source
        if source is None and self.file is not None:
            try:
                source = _decode(read_regular(self.file))
            except (OSError, YamlProblem):
                source = None  # the file changed since: the message points at line 1
        if source is not None:
            try:
                _parse(source, located, positions=True)
            except YamlProblem:  # the file changed since and no longer parses
                located = Document(path=self.path, data=None, _value_pos={}, _key_pos={})
        self._value_pos, self._key_pos = located._value_pos, located._key_pos
        self.source = None

    @property
    def value_pos(self) -> dict[Key, tuple[int, int]]:
        if self._value_pos is None:
            self._positions()
        return self._value_pos  # type: ignore[return-value]

    @property
    def key_pos(self) -> dict[Key, tuple[int, int]]:
        if self._key_pos is None:
            self._positions()
        return self._key_pos  # type: ignore[return-value]

    def position(self, loc: Key, prefer_key: bool = False) -> tuple[int, int]:
        """Line and column of the deepest known part of ``loc`` (parsed again on first use)."""
        loc = tuple(loc)
        while True:
            if prefer_key and loc in self.key_pos:
                return self.key_pos[loc]
            if loc in self.value_pos:
                return self.value_pos[loc]
            if loc in self.key_pos:
                return self.key_pos[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def key_position(self, loc: Key) -> tuple[int, int]:
        return self.position(loc, prefer_key=True)


class YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _looks_utf16(raw: bytes) -> bool:
    """Text in UTF-16 without a BOM: a zero in every other byte of the start."""
    head = raw[:64]
    if len(head) < 4:
        return False
    for offset in (0, 1):  # ASCII keys give zeros on one side; Cyrillic has 0x04 there instead
        high, low = head[offset::2], head[1 - offset::2]
        if sum(1 for c in high if c in (0, 4)) >= 0.8 * len(high) and high.count(0) >= 2 \
                and low.count(0) == 0:
            return True
    return False


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in raw and _looks_utf16(raw)):
        raise YamlProblem(1, 1, "файл в кодировке UTF-16 (или другой двухбайтовой); "
                                "сохраните его в кодировке UTF-8")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise YamlProblem(line, 1, "файл двоичный, а не текстовый YAML; "
                                   "загрузите текстовый файл в кодировке UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            raw.decode("cp1251")
            hint = " (похоже на Windows-1251)"
        except UnicodeDecodeError:
            pass
        raise YamlProblem(line, column, f"файл не в кодировке UTF-8{hint}; "
                                        "ожидается UTF-8: пересохраните файл в UTF-8") from None


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
# C0 and C1 controls but tab, line breaks and NEL (U+0085), which YAML allows; not \n: no copy of the text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_C1_BYTES = re.compile(rb"\xc2[\x80-\x84\x86-\x9f]")  # U+0080…U+009F in UTF-8, but NEL


def _may_have_control(raw: bytes) -> bool:
    """A quick look at the UTF-8 bytes (deleting every ordinary byte is a C loop)."""
    return bool(raw.translate(None, _NOT_CONTROL_BYTES)) or b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw \
        or (b"\xc2" in raw and _C1_BYTES.search(raw) is not None)


def _check_control_chars(text: str, raw: bytes | None = None) -> None:
    """Tabs in indentation and control characters; the regexes run only if the bytes hint at them."""
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    bad = _CONTROL.search(text) if raw is None or _may_have_control(raw) else None
    first = min((m for m in (tab, bad) if m is not None), key=lambda m: m.start(), default=None)
    if first is None:
        return
    lineno = text.count("\n", 0, first.start()) + 1
    line_start = text.rfind("\n", 0, first.start()) + 1
    if first is tab:
        raise YamlProblem(lineno, first.end() - line_start,
                          "отступ сделан табуляцией; в YAML отступы делаются только пробелами")
    ch = text[first.start()]
    raise YamlProblem(lineno, first.start() - line_start + 1,
                      f"недопустимый управляющий символ U+{ord(ch):04X}; удалите его")


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if not event.implicit[0]:  # quoted or block scalar: always text
        return value
    if value and value[0] not in _NUMBER_START and value not in _NULLS and value not in _TRUE \
            and value not in _FALSE:
        return value  # the usual case: plain text
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return _number(value)


def _number(value: str) -> Any:
    """A plain scalar that may be a number, resolved exactly as serde_yaml (the fast path) does.

    Decimal, 0x/0o/0b integers and floats with an optional sign; digits with a
    leading zero stay text; integers fit in 128 bits (beyond 64 the fast path
    declines them, and here they are still integers); bigger decimal ones are
    floats, a float must be finite.
    """
    sign = value[:1] if value[:1] in "+-" else ""
    body = value[len(sign):]
    if body[:1] in ("+", "-"):
        return value
    radix = _RADIX.get(body[:2])
    if radix is not None and radix[1].fullmatch(body, 2):
        number = int(body[2:], radix[0])
        if number <= _INT_LIMIT[sign]:
            return -number if sign == "-" else number
    if len(body) > 1 and body[0] == "0" and body.isdigit() and body.isascii():
        return value  # 007: a code, not a number
    if body.isascii() and body.isdigit():
        number = int(body)
        if number <= _INT_LIMIT[sign]:
            return -number if sign == "-" else number
    if value in _INFINITIES or (sign == "+" and body in _INFINITIES):
        return _INFINITIES[body if sign == "+" else value]
    if value in _NANS:
        return float("nan")
    if _FLOAT.fullmatch(value):
        number = float(value)
        if number not in (float("inf"), float("-inf")):
            return number
    return value


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _parse(text: str, doc: Document, positions: bool = True) -> None:
    """Build plain data from the event stream, iteratively (recording positions if asked)."""
    stack: list[list[Any]] = []  # frames: [container, path, pending_key, key_pos]
    root: Any = None
    have_root = False
    nodes = 0
    documents = 0

    def place(value: Any, event) -> bool:
        """Attach a finished value to the current container; False if it is a key."""
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            if positions:
                doc.value_pos[()] = _pos(event.start_mark)
            return True
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            if positions:
                doc.value_pos[path + (len(container),)] = _pos(event.start_mark)
            container.append(value)
            return True
        if frame[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YamlProblem(*_pos(event.start_mark),
                                  "ключом может быть только простое значение (текст или число)")
            key = value if value is None or isinstance(value, str) else str(value).lower() \
                if isinstance(value, bool) else str(value)
            if key is None:
                raise YamlProblem(*_pos(event.start_mark), "пустой ключ; укажите имя поля перед двоеточием")
            if key in container:
                if not positions:
                    raise _NeedPositions
                first = doc.key_pos.get(path + (key,), (0, 0))[0]
                raise YamlProblem(*_pos(event.start_mark),
                                  f"ключ «{key}» повторяется (впервые на строке {first}); "
                                  "оставьте только один")
            frame[2] = key
            if positions:
                frame[3] = _pos(event.start_mark)
            return False
        key = frame[2]
        container[key] = value
        if positions:
            doc.key_pos[path + (key,)] = frame[3]
            doc.value_pos[path + (key,)] = _pos(event.start_mark)
        frame[2] = _NO_KEY
        return True

    def current_path() -> Key:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame[0], list):
            return frame[1] + (len(frame[0]),)
        return frame[1] + (frame[2],)

    scalar_event, map_start, seq_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            cls = type(event)
            if cls is scalar_event or cls is map_start or cls is seq_start:
                if event.anchor:
                    raise YamlProblem(*_pos(event.start_mark),
                                      f"якоря YAML (&{event.anchor}) не поддерживаются; удалите их")
                tag = event.tag
                if tag is not None and tag != "!":
                    shown_tag = tag.replace("tag:yaml.org,2002:", "!!")
                    raise YamlProblem(*_pos(event.start_mark),
                                      f"теги YAML ({shown_tag}) не разрешены; "
                                      "запишите значение без тега")
                nodes += 1
                if nodes > MAX_NODES:
                    raise YamlProblem(*_pos(event.start_mark),
                                      "файл слишком сложный (слишком много значений)")
                if cls is scalar_event:
                    place(_scalar(event), event)
                    continue
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(*_pos(event.start_mark),
                                      f"слишком глубокая вложенность (больше {MAX_DEPTH} уровней)")
                container: Any = {} if cls is map_start else []
                stack.append([container, current_path() if positions else (), _NO_KEY, None, event])
            elif cls is map_end or cls is seq_end:
                frame = stack.pop()
                place(frame[0], frame[4])
            elif cls is yaml.AliasEvent:
                raise YamlProblem(*_pos(event.start_mark),
                                  "ссылки YAML (*имя) не поддерживаются; повторите значение явно")
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(*_pos(event.start_mark),
                                      "в файле несколько документов YAML (---); "
                                      "одна запись — один документ")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        special = _explain_at_line(exc, text)
        if special is not None:
            raise YamlProblem(*special) from None
        line, column = _pos(mark) if mark else (1, 1)
        raise YamlProblem(line, column, _translate_yaml_error(exc)) from None
    except yaml.YAMLError as exc:  # the reader's: a character YAML does not allow (none gets here now)
        at = getattr(exc, "position", None)
        if isinstance(at, int) and 0 <= at <= len(text):
            line_start = text.rfind("\n", 0, at) + 1
            raise YamlProblem(text.count("\n", 0, at) + 1, at - line_start + 1,
                              "недопустимый символ; удалите его") from None
        raise YamlProblem(1, 1, "ошибка синтаксиса YAML; проверьте кавычки, скобки и отступы") from None
    except RecursionError:  # pragma: no cover - the iterative parser avoids it
        raise YamlProblem(1, 1, "слишком глубокая вложенность") from None
    finally:
        loader.dispose()
    doc.data = root if have_root else None


class _NeedPositions(Exception):
    """A problem whose message needs positions: parse again, recording them."""


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


def _explain_at_line(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """Mistakes an author makes often, told where they are rather than where libyaml noticed them."""
    problem = (exc.problem or "").strip()
    if problem.startswith("could not find expected ':'") and exc.context_mark is not None \
            and "simple key" in (exc.context or ""):
        mark = exc.context_mark  # the line that has no colon, not the next one
        return (mark.line + 1, mark.column + 1,
                "ошибка синтаксиса YAML: в строке нет двоеточия после имени поля; если это продолжение "
                "текста, сдвиньте строку пробелами, как текст над ней (после «|» каждая строка текста "
                "пишется с отступом)")
    if problem.startswith("did not find expected key") and exc.problem_mark is not None:
        mark = exc.problem_mark
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        before = line[:mark.column]
        if mark.column > 0 and (before.count('"') >= 2 or before.count("'") >= 2):
            return (mark.line + 1, mark.column + 1,
                    "ошибка синтаксиса YAML: после закрывающей кавычки в строке есть ещё текст; "
                    "если кавычки — часть текста, пишите «ёлочки» или не заключайте значение в кавычки")
    return None


_QUOTE_HINT = "если это часть текста, заключите значение в кавычки"
_ESCAPE_HINT = ("в двойных кавычках обратная косая черта «\\» начинает код символа; пишите текст "
                "в одинарных кавычках или без кавычек")
_DIRECTIVE = ("строка, начинающаяся с «%», — служебная команда YAML, а такой в записи быть не может; "
              "удалите её или, если это текст, заключите значение в кавычки")
_TAG = f"теги YAML («!…») не разрешены; {_QUOTE_HINT}"
_TAB = "символ табуляции в отступе; в YAML отступы делаются только пробелами"
_DEPTH = f"слишком глубокая вложенность (больше {MAX_DEPTH} уровней)"

# libyaml's messages (its scanner and parser, statically linked into PyYAML) in Russian;
# the first entry whose English text starts the problem wins. None: a syntax message in
# general words (the English is never shown).
_YAML_ERRORS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed",
     "ошибка синтаксиса YAML: двоеточие в неожиданном месте; если в тексте есть «: », заключите значение в кавычки"),
    ("found unexpected ':'",
     "ошибка синтаксиса YAML: двоеточие в неожиданном месте; если в тексте есть «: », заключите значение в кавычки"),
    ("could not find expected ':'",
     "ошибка синтаксиса YAML: не найдено двоеточие после имени поля; проверьте отступы и кавычки"),
    ("found character '\\t' that cannot start any token",
     "ошибка синтаксиса YAML: символ табуляции; в YAML используйте пробелы"),
    ("found character that cannot start any token",
     "ошибка синтаксиса YAML: значение начинается со служебного символа YAML (например «@», «`» или «%»); "
     "заключите значение в кавычки"),
    ("found unexpected end of stream",
     "ошибка синтаксиса YAML: файл оборвался: не закрыты кавычки или скобки"),
    ("did not find expected key",
     "ошибка синтаксиса YAML: ожидалось поле «ключ: значение»; проверьте отступы в этой строке"),
    ("did not find expected '-' indicator",
     "ошибка синтаксиса YAML: строка сдвинута не так, как соседние: поле элемента списка выравнивается "
     "по полю над ним, новый элемент начинается с «- »"),
    ("did not find expected ',' or ']'",
     "ошибка синтаксиса YAML: не закрыта квадратная скобка «[»: закройте список знаком «]» "
     "или, если скобка — часть текста, заключите значение в кавычки"),
    ("did not find expected ',' or '}'",
     "ошибка синтаксиса YAML: не закрыта фигурная скобка «{»: закройте её знаком «}» "
     "или, если скобка — часть текста, заключите значение в кавычки"),
    ("did not find expected node content",
     "ошибка синтаксиса YAML: здесь ожидалось значение, а стоит лишняя запятая, скобка или «---»; "
     "если скобки и запятые — часть текста, заключите значение в кавычки"),
    ("block sequence entries are not allowed",
     "ошибка синтаксиса YAML: элемент списка «- » в неожиданном месте; начните список с новой строки "
     "с отступом или, если дефис — часть текста, заключите значение в кавычки"),
    ("mapping keys are not allowed",
     f"ошибка синтаксиса YAML: знак «?» в неожиданном месте; {_QUOTE_HINT}"),
    ("found undefined alias", "ошибка синтаксиса YAML: ссылки YAML (*имя) не поддерживаются"),
    ("expected <block end>, but found '-'", "ошибка синтаксиса YAML: элемент списка «- …» с неверным отступом"),
    ("found unknown escape character",
     "ошибка синтаксиса YAML: неизвестная экранированная последовательность «\\» в кавычках; "
     "используйте одинарные кавычки"),
    ("did not find expected hexdecimal number",
     f"ошибка синтаксиса YAML: после «\\x», «\\u» или «\\U» нужны шестнадцатеричные цифры; {_ESCAPE_HINT}"),
    ("found invalid Unicode character escape code",
     f"ошибка синтаксиса YAML: код символа после «\\u» или «\\U» не существует в Юникоде; {_ESCAPE_HINT}"),
    ("exceeded maximum nesting depth", _DEPTH),
    ("found a tab character", _TAB),
    ("found unexpected document indicator",
     "ошибка синтаксиса YAML: строка «---» или «...» внутри текста в кавычках; сдвиньте её пробелами"),
    ("found an indentation indicator equal to 0",
     "ошибка синтаксиса YAML: после «|» или «>» может стоять цифра отступа от 1 до 9, но не 0; уберите цифру"),
    ("did not find expected <document start>",
     "ошибка синтаксиса YAML: после строки «...» (конец документа) есть ещё текст; удалите строку «...»"),
    ("found incompatible YAML document", f"ошибка синтаксиса YAML: {_DIRECTIVE}"),
    ("found unknown directive name", f"ошибка синтаксиса YAML: {_DIRECTIVE}"),
    ("found duplicate %", f"ошибка синтаксиса YAML: {_DIRECTIVE}"),
    ("did not find expected directive name", f"ошибка синтаксиса YAML: {_DIRECTIVE}"),
    ("could not find expected directive name", f"ошибка синтаксиса YAML: {_DIRECTIVE}"),
    ("did not find expected version number", f"ошибка синтаксиса YAML: {_DIRECTIVE}"),
    ("did not find expected digit or '.' character", f"ошибка синтаксиса YAML: {_DIRECTIVE}"),
    ("found extremely long version number", f"ошибка синтаксиса YAML: {_DIRECTIVE}"),
    ("found undefined tag handle", _TAG),
    ("did not find expected tag URI", _TAG),
    ("did not find expected '!'", _TAG),
    ("did not find the expected '>'", _TAG),
    ("did not find URI escaped octet", _TAG),
    ("found an incorrect", _TAG),  # leading/trailing UTF-8 octet of a %-escape in a tag
    ("control characters are not allowed", "недопустимый управляющий символ; удалите его"),
)


def _translate_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if problem.startswith(("did not find expected alphabetic or numeric character",
                           "found unexpected non-alphabetical character")):
        if "tag" in context:
            return _TAG
        return f"ошибка синтаксиса YAML: после «&» или «*» в начале значения должно стоять имя; {_QUOTE_HINT}"
    if problem.startswith(("did not find expected comment or line break",
                           "did not find expected whitespace")):
        if "block scalar" in context:
            return ("ошибка синтаксиса YAML: после «|» или «>» в той же строке ничего не пишут; "
                    "перенесите текст на следующую строку с отступом")
        if "tag" in context and "directive" not in context:
            return _TAG
        return f"ошибка синтаксиса YAML: {_DIRECTIVE}"
    for eng, rus in _YAML_ERRORS:
        if problem.startswith(eng):
            return rus
    if "block end" in problem:
        return "ошибка синтаксиса YAML: неверный отступ; выровняйте строку с соседними полями"
    return "ошибка синтаксиса YAML; проверьте кавычки, скобки и отступы в этой строке"


# Anchors (&), aliases (*) and tags (!) can only start a node: after a space, a line break,
# "[", "{", "," or ":" (a JSON-like key). A file with one of those characters in such a place
# (a Markdown "**bold**" after a space is one too) goes to the event parser, which refuses
# the feature or reads the text exactly as the fast path would have.
_NODE_PROPERTY = re.compile(r"(?:^|[\s\[{,:])[&*!]")


class _Declined:
    __slots__ = ()


_DECLINED = _Declined()


def _fast_parse(text: str) -> Any:
    """Plain data from ryaml, or ``_DECLINED`` when the file needs the event parser."""
    if _fast is None:
        return _DECLINED
    if ("&" in text or "*" in text or "!" in text) and _NODE_PROPERTY.search(text):
        return _DECLINED
    try:
        data = _fast.loads(text)
    except BaseException as exc:  # pyo3 reports a panic in Rust as a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        return _DECLINED  # a syntax error, a duplicate key, two documents…: the event parser words it
    return data if _plain(data) else _DECLINED


def _plain(data: Any) -> bool:
    """Text keys only, no deeper than MAX_DEPTH, no more than MAX_NODES values (as the event parser counts)."""
    stack = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            return False
        if type(value) is dict:
            nodes += len(value)
            for key, item in value.items():
                if type(key) is not str:
                    return False
                if type(item) is dict or type(item) is list:
                    stack.append((item, depth + 1))
                else:
                    nodes += 1
        elif type(value) is list:
            for item in value:
                if type(item) is dict or type(item) is list:
                    stack.append((item, depth + 1))
                else:
                    nodes += 1
    return nodes <= MAX_NODES


def load_text(text: str, path: str, raw: bytes | None = None) -> Document:
    """Parse ``text`` (``raw``: its UTF-8 bytes, if at hand); positions are worked out only when needed."""
    doc = Document(path=path, data=None)
    _check_control_chars(text, raw)
    data = _fast_parse(text)
    if data is not _DECLINED:
        doc.data = data
        doc.source = text
        return doc
    try:
        _parse(text, doc, positions=False)
    except _NeedPositions:  # e.g. a duplicate key: its message names the line of the first one
        doc = Document(path=path, data=None, _value_pos={}, _key_pos={})
        _parse(text, doc, positions=True)
        return doc
    doc.source = text
    return doc


class NotRegularFile(OSError):
    """A name in the bank that is a named pipe, a device, a socket or a folder, not a file."""

    def __init__(self, mode: int):
        super().__init__(errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL, "not a regular file")
        self.mode = mode


def open_regular(path: Path | str, follow_symlinks: bool = False) -> tuple[int, os.stat_result]:
    """A read-only descriptor of ``path`` and its status, if it is a regular file.

    Opened without blocking (a named pipe would wait for a writer for ever) and without
    following a symbolic link unless asked; the type is asked of the open descriptor, so
    nothing can be swapped in between. Raises OSError (`NotRegularFile` for a pipe, a
    device, a socket or a folder)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags if follow_symlinks else flags | _NOFOLLOW)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(status.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd, status


def read_regular(path: Path | str, limit: int | None = None, follow_symlinks: bool = False) -> bytes:
    """The bytes of a regular file (at most ``limit`` + 1 of them); OSError as `open_regular`."""
    fd, _ = open_regular(path, follow_symlinks)
    with os.fdopen(fd, "rb") as stream:
        return stream.read() if limit is None else stream.read(limit + 1)


_OS_ERRORS = {
    errno.ENOENT: "файла нет (его удалили или переименовали во время проверки)",
    errno.EACCES: "нет прав на чтение файла; разрешите чтение (chmod a+r)",
    errno.EPERM: "нет прав на чтение файла; разрешите чтение (chmod a+r)",
    errno.EISDIR: "это папка, а не файл записи; уберите её или переименуйте без .yml",
    errno.ELOOP: "файл — символическая ссылка; положите на её место сам файл",
}


def os_error_message(exc: OSError) -> str:
    """Why a file could not be read, in Russian."""
    if isinstance(exc, NotRegularFile) and not stat.S_ISDIR(exc.mode):
        what = "именованный канал (FIFO)" if stat.S_ISFIFO(exc.mode) else "сокет" if stat.S_ISSOCK(exc.mode) \
            else "устройство" if stat.S_ISCHR(exc.mode) or stat.S_ISBLK(exc.mode) else "особый файл"
        return (f"не удалось прочитать файл: это не обычный файл, а {what}; "
                "положите на его место обычный текстовый файл")
    known = _OS_ERRORS.get(exc.errno or 0)
    code = errno.errorcode.get(exc.errno or 0, "неизвестна")  # the system's own words are English
    return f"не удалось прочитать файл: {known or f'ошибка системы {code}'}"


def load_file(path: Path, display: str | None = None,
              max_bytes: int = MAX_FILE_BYTES) -> tuple[Document | None, Problem | None]:
    """Load one YAML file; return the document or the single problem that stopped it."""
    shown = display or str(path)
    symlink = Problem(shown, 1, 1, "файл записи — символическая ссылка; положите в папку сам файл")
    try:
        if not _NOFOLLOW and path.is_symlink():
            return None, symlink
        # one open that refuses a symbolic link and does not wait on a named pipe, then the
        # type and size from the open file: a third of the system calls of is_symlink + stat + read_bytes
        fd, status = open_regular(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            return None, symlink
        return None, Problem(shown, 1, 1, os_error_message(exc))
    try:
        with os.fdopen(fd, "rb") as stream:
            size = status.st_size
            if size > max_bytes:
                return None, Problem(shown, 1, 1,
                                     f"файл слишком большой ({size // 1024} КБ, допустимо "
                                     f"{max_bytes // 1024} КБ); вынесите длинные материалы в отдельные файлы")
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        return None, Problem(shown, 1, 1, os_error_message(exc))
    if not raw.strip():
        return None, Problem(shown, 1, 1, "файл пустой; заполните запись по шаблону "
                                          "(practice-bank new)")
    try:
        text = _decode(raw)
        doc = load_text(text, shown, raw)
    except YamlProblem as exc:
        return None, Problem(shown, exc.line, exc.column, exc.message)
    doc.file = path
    if doc.data is None:
        return None, Problem(shown, 1, 1, "в файле нет данных; заполните запись по шаблону")
    if not isinstance(doc.data, dict):
        what = "список" if isinstance(doc.data, list) else "одно значение"
        return None, Problem(shown, 1, 1, f"файл содержит {what}, а ожидается набор полей "
                                          "«поле: значение» на верхнем уровне")
    return doc, None
