"""The content model: one pydantic class per kind of entry.

These classes are the single source of truth: the validator checks entries
against them, `schema.py` derives the JSON Schema from them and `templates.py`
derives the commented template of a new entry. Russian titles and descriptions
live here, beside the fields they describe.

Vocabulary fields carry ``json_schema_extra={"vocabulary": <section>}``; the
validator checks their terms against ``practices/vocabulary.yml``.
References carry ``{"reference": <kind>}`` and must name an existing entry.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TERM_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# Raw HTML: a tag as browsers read it (any name: «<x&y onmouseover=…>» is inline HTML to Markdown),
# comments, declarations and processing instructions; autolinks «<https://…>», «<a@b.ru>» are not.
_HTML = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(\s|/|>|$)|<!|<\?"
                   r"|<\s*/?\s*[A-Za-z](?![A-Za-z0-9+.-]*:[^\s<>]*>)(?![^\s<>@]*@[^\s<>]*>)[^<>\n]*>")
# A line's container marks before a link reference definition: blockquote «>», list items
# «- », «1. », a definition «: », a footnote «[^1]: » — Markdown reads «> [x]: https://…»,
# «- [x]: …», «:   [x]: …» and «[^1]: [x]: …» as definitions too.
_CONTAINERS = r"(?:[ \t]*(?:>|[-+*:](?=[ \t])|\d{1,9}[.)](?=[ \t])|\[\^[^\]\n]*\]:(?=[ \t])))*[ \t]*"
# (a label starting with «^» is a footnote, not a link; «< javascript:…>» is a link to it too)
_MD_LINK = re.compile(r"\]\(\s*<?\s*(?P<inline>(?:[^()\s>]|\([^()\s>]*\))*)|^" + _CONTAINERS
                      + r"\[(?!\^)[^\]]*\]:\s*<?\s*(?P<ref>\S+?)>?(?:\s|$)"
                      r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>", re.MULTILINE)
# Attribute lists «{: #id .class key=value }»: Markdown takes any braces at the end of a block
# that hold a key=value or a #id/.class token — whatever the first key looks like («{ 1=1 onclick=… }»).
_ATTR_LIST = re.compile(r"\{\s*[:#.]|\{[^\n]*=[^\n]*\}|\{[^{}\n]*\s[#.][^\s{}]")
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


# Characters no text may hold, however written (a YAML escape such as "\a" or "\e" included):
# C0/C1 controls but tab and line breaks (the feed would not be XML), non-characters (U+FDD0–FDEF
# and the last two code points of every plane), lone surrogates, tag characters (invisible
# letters U+E0000–E007F), and the bidi embeddings, overrides and isolates that make text read
# otherwise than it is stored («Trojan Source»). One class of literal characters and ranges: the
# submit form gets it as a JavaScript class (submit_form._js_class).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane << 16 | 0xFFFE)}-{chr(plane << 16 | 0xFFFF)}"
                                           for plane in range(17))
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS
                        + "\U000e0000-\U000e007f\u202a-\u202e\u2066-\u2069]")


# Markup no ordinary text holds, and on which Markdown engines take quadratic time or recurse
# without end (a field of 20,000 «[» took minutes to render; 5,000 «**» pairs overflowed the stack).
_MARK_RUN = re.compile(r"([*_\[\]!`~<>])\1{32,}")
_DEEP_NESTING = re.compile(r"^(?:[ \t]*(?:>|[-+*:](?=[ \t])|\d{1,9}[.)](?=[ \t]))){17,}|^[ \t]{65,}\S", re.MULTILINE)
MAX_BRACKETS = 400
MAX_LINES = 1000


def _check_markup(value: str) -> None:
    run = _MARK_RUN.search(value)
    if run:
        raise PydanticCustomError(
            "markup_run", "в тексте {count} символов «{char}» подряд; столько разметки в обычном тексте не "
                          "бывает — уберите лишние", {"count": len(run.group(0)), "char": run.group(1)})
    brackets = value.count("[")
    if brackets > MAX_BRACKETS:
        raise PydanticCustomError(
            "too_many_brackets", "в тексте {count} квадратных скобок «[» (допустимо {limit}); если это "
                                 "ссылки, оставьте главные", {"count": brackets, "limit": MAX_BRACKETS})
    lines = value.count("\n") + 1
    if lines > MAX_LINES:
        raise PydanticCustomError(
            "too_many_lines", "в тексте {count} строк (допустимо {limit}); разделите его или сократите",
            {"count": lines, "limit": MAX_LINES})
    if ("\n" in value or ">" in value) and _DEEP_NESTING.search(value):
        raise PydanticCustomError(
            "deep_nesting", "слишком глубокая вложенность списков или цитат (больше 16 уровней); "
                            "упростите структуру текста", {})


def _check_characters(value: str) -> str:
    """No invisible character (``_INVISIBLE``): every text, and values that are not Markdown (paths)."""
    bad = _INVISIBLE.search(value)
    if bad:
        char = bad.group(0)
        if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
            raise PydanticCustomError(
                "bidi", "символ управления направлением текста U+{code} не допускается: он показывает "
                        "текст не таким, каким он записан; удалите его", {"code": f"{ord(char):04X}"})
        raise PydanticCustomError("control_char", "недопустимый управляющий символ U+{code}; удалите его",
                                  {"code": f"{ord(char):04X}"})
    return value


def _check_text(value: str) -> str:
    if "\r" in value:  # Markdown takes a lone CR for a line break: the line rules must see it too
        value_lines = value.replace("\r\n", "\n").replace("\r", "\n")
        _check_text(value_lines)
        return value
    _check_markup(value)
    _check_characters(value)
    # the regexes run only where their first character occurs: most texts have none of them
    if "<" in value and _HTML.search(value):
        raise PydanticCustomError(
            "raw_html",
            "HTML-разметка в тексте не допускается (найдено «{found}»); "
            "используйте Markdown: **жирный**, *курсив*, [ссылка](https://…), списки «- »",
            {"found": _HTML.search(value).group(0).strip()})
    links = _MD_LINK.finditer(value) if "](" in value or "]:" in value or "<" in value else ()
    for match in links:
        target = (match.group("inline") or match.group("ref") or match.group("auto") or "").strip()
        if not target or target.startswith("#"):
            continue
        lowered = re.sub(r"[\s\x00-\x1f]", "", target).lower()
        if not lowered.startswith(ALLOWED_SCHEMES):
            raise PydanticCustomError(
                "bad_link",
                "ссылка «{target}» не разрешена: допустимы только адреса http://, https:// и mailto:",
                {"target": target[:60]})
    if "![" in value:
        _check_images(value)
    if "{" in value and _ATTR_LIST.search(value):
        raise PydanticCustomError(
            "attr_list",
            "фигурные скобки с атрибутами (найдено «{found}») в тексте не допускаются; уберите их",
            {"found": _ATTR_LIST.search(value).group(0)})
    return value


PLACEHOLDERS = frozenset({"...", "…", "«...»", "«…»"})


def _check_placeholder(stripped: str) -> None:
    if stripped in PLACEHOLDERS:
        raise PydanticCustomError("placeholder", "в поле осталась заготовка «...» из шаблона; "
                                                 "напишите вместо неё свой текст")


_MD_DEFINITION = re.compile(r"^" + _CONTAINERS + r"\[(?P<label>(?!\^)[^\]]*)\]:\s*<?\s*(?P<target>\S+?)>?(?:\s|$)",
                            re.MULTILINE)
_REMOTE_TARGET = re.compile(r"^\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*:|//)")


def _brackets(value: str) -> dict[int, int]:
    """Index of each «[» → index of its «]», nesting and backslash escapes respected: one pass."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            stack.append(i)
        elif ch == "]" and stack:
            pairs[stack.pop()] = i
        i += 1
    return pairs


def _image_targets(value: str):
    """The address of every picture in Markdown text — inline ``![alt](url)``, ``![alt][ref]``,
    ``![ref][]`` and ``![ref]`` — found in linear time, wherever the picture stands."""
    pairs = _brackets(value)
    definitions = None
    start = value.find("![")
    while start != -1:
        close = pairs.get(start + 1)
        if close is not None:
            rest = value[close + 1:].lstrip(" \t\n")
            if rest.startswith("("):
                yield rest[1:].lstrip().split(maxsplit=1)[0] if rest[1:].strip() else ""
            else:
                if definitions is None:
                    definitions = {" ".join(m.group("label").split()).lower(): m.group("target")
                                   for m in _MD_DEFINITION.finditer(value)}
                label = value[start + 2:close]
                if rest.startswith("["):
                    end = rest.find("]")
                    label = rest[1:end] if end > 1 else label
                yield definitions.get(" ".join(label.split()).lower(), "")
        start = value.find("![", start + 2)


def _check_images(value: str) -> None:
    """Pictures come from the bank's own materials, never from another site: a remote picture
    would be fetched by every reader's browser (or by the build) from a server nobody checked."""
    for target in _image_targets(value):
        if _REMOTE_TARGET.match(target):
            raise PydanticCustomError(
                "remote_image",
                "картинки с других сайтов не публикуются (найдено «{target}»): положите файл в "
                "practices/materials/ и укажите его в разделе materials записи",
                {"target": target.strip().lstrip("<").rstrip(")")[:60]})


def text_problem(value: str) -> str | None:
    """The text rules for institute data outside entries (vocabulary, criteria): the message, or None."""
    try:
        _check_text(value)
    except PydanticCustomError as exc:
        return exc.message()
    return None


def _check_plain(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("empty_text", "пустой текст; напишите текст или удалите поле")
    _check_placeholder(stripped)
    if "\n" in stripped or "\r" in stripped:
        raise PydanticCustomError("multiline", "здесь нужна одна строка без переносов")
    return _check_text(stripped)  # a line is rendered as Markdown too: the same rules for HTML and links


def _check_markdown(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("empty_text", "пустой текст; напишите текст или удалите поле")
    _check_placeholder(stripped)
    return _check_text(value).strip()


URL_PATTERN = r"^https?://[^\s/$.?#][^\s<>\"']*$"


def _check_url(value: str) -> str:
    value = _check_text(value).strip()
    if not re.match(URL_PATTERN, value):
        raise PydanticCustomError("url", "ожидается адрес сайта вида https://example.ru/…")
    return value


# The text rules as patterns, for the submit form's script: it loads them, never copies them.
# No picture in a text can pass the rules (one from another site is refused, a relative address is
# no link the rules allow), so the form refuses every picture it sees, without the full scan.
PICTURE_PATTERN = r"!\[[^\]\n]*\]\s*[(\[]"
TEXT_PATTERNS = {"html": _HTML.pattern, "link": _MD_LINK.pattern, "attributes": _ATTR_LIST.pattern,
                 "url": URL_PATTERN, "invisible": _INVISIBLE.pattern, "picture": PICTURE_PATTERN}


Line = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_check_plain)]
Text = Annotated[str, Field(max_length=20_000), AfterValidator(_check_text)]  # may be empty
Markdown = Annotated[str, Field(min_length=1, max_length=20_000), AfterValidator(_check_markdown)]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_check_url)]
Email = Annotated[str, Field(pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", max_length=200), AfterValidator(_check_text)]
Phone = Annotated[str, Field(pattern=r"^[0-9+()\-\s.,доб]{5,40}$"), AfterValidator(_check_plain)]
FilePath = Annotated[str, Field(max_length=200), AfterValidator(_check_characters)]  # checked in validate/materials
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
Day = Annotated[date, Field(strict=False)]
Year = Annotated[int, Field(ge=1990, le=2100)]


def term(section: str, title: str, description: str, **kw: Any) -> Any:
    return Field(title=title, description=description,
                 json_schema_extra={"vocabulary": section}, **kw)


def terms(section: str, title: str, description: str, min_length: int = 0, **kw: Any) -> Any:
    if min_length:
        return Field(title=title, description=description, min_length=min_length,
                     json_schema_extra={"vocabulary": section}, **kw)
    return Field(default_factory=list, title=title, description=description,
                 json_schema_extra={"vocabulary": section}, **kw)


def ref(kind: str, title: str, description: str, **kw: Any) -> Any:
    return Field(title=title, description=description,
                 json_schema_extra={"reference": kind}, **kw)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False, allow_inf_nan=False,
                              str_strip_whitespace=False, populate_by_name=False)


class FieldRule(NamedTuple):
    """A rule between fields of one entry (or of one item of its lists), as data: the model's
    validator applies it and the submit form loads it (render.submit_form), so both say the same
    in the same words.

    ``any_of``: at least one of ``fields`` is given; ``one_of``: exactly one; ``requires``:
    when ``fields[0]`` is given, ``then`` must be too; ``any_requires``: when any of ``fields``
    is given, ``then`` must be; ``covered``: every given one of ``fields`` is named in the list
    ``then`` (dotted: ``consent.publish``). None applies when the flag ``unless`` is set."""
    check: Literal["any_of", "one_of", "requires", "any_requires", "covered"]
    fields: tuple[str, ...]
    code: str
    message: str
    then: str = ""
    unless: str = ""


def _given(value: Any) -> bool:
    return value not in (None, "", [], {}, False)


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
    return obj


def apply_rules(entry: Any, rules: tuple[FieldRule, ...]) -> None:
    for rule in rules:
        if rule.unless and _given(getattr(entry, rule.unless)):
            continue
        given = [_given(getattr(entry, f)) for f in rule.fields]
        then = _get(entry, rule.then) if rule.then else None
        broken = (rule.check == "any_of" and not any(given)
                  or rule.check == "one_of" and sum(given) != 1
                  or rule.check == "requires" and given[0] and not _given(then)
                  or rule.check == "any_requires" and any(given) and not _given(then)
                  or rule.check == "covered" and then is not None
                  and any(g and f not in then for f, g in zip(rule.fields, given)))
        if broken:
            raise PydanticCustomError(rule.code, rule.message)


class Person(Strict):
    """Автор или наставник."""
    model_config = ConfigDict(title="Человек")
    name: Line = Field(title="ФИО", description="Фамилия, имя, отчество")
    position: Line | None = Field(None, title="Должность",
                                  description="Должность и место работы, например «учитель математики»")


# What a person's consent may cover (152-ФЗ, ст. 10.1: consent to data «разрешённые для распространения»).
PUBLISHABLE = {"name": "ФИО", "position": "должность", "email": "электронная почта", "phone": "телефон",
               "address": "адрес"}


class Consent(Strict):
    """Согласие человека на распространение его персональных данных (152-ФЗ, ст. 10.1)."""
    model_config = ConfigDict(title="Согласие на распространение персональных данных")
    date: Day = Field(title="Дата согласия", description="Когда человек подписал отдельное согласие на "
                                                         "распространение, ГГГГ-ММ-ДД; документ хранит редакция")
    publish: list[Literal["name", "position", "email", "phone", "address"]] = Field(
        min_length=1, title="Что разрешено публиковать",
        description="name — ФИО, position — должность, email — почта, phone — телефон, address — адрес; "
                    "публикуется только перечисленное")


class Contact(Strict):
    """Как связаться."""
    model_config = ConfigDict(title="Контакт")
    name: Line | None = Field(None, title="Кто", description="ФИО или название службы")
    position: Line | None = Field(None, title="Должность")
    email: Email | None = Field(None, title="Электронная почта")
    phone: Phone | None = Field(None, title="Телефон")
    url: Url | None = Field(None, title="Сайт")
    address: Line | None = Field(None, title="Адрес")
    service: bool = Field(False, title="Контакт организации",
                          description="true — почта, телефон и адрес организации или службы, а не человека: "
                                      "согласие не нужно (ФИО людей в таком контакте не пишут)")
    consent: Consent | None = Field(None, title="Согласие на распространение",
                                    description="Обязательно для контакта человека: дата согласия и что "
                                                "разрешено публиковать")

    rules: ClassVar[tuple[FieldRule, ...]] = (
        FieldRule("any_requires", tuple(PUBLISHABLE), "no_consent",
                  "контакт человека без согласия на распространение персональных данных: добавьте consent (дата "
                  "согласия и что разрешено публиковать) или, если это контакт организации, а не человека, "
                  "укажите service: true", "consent", "service"),
        FieldRule("covered", tuple(PUBLISHABLE), "beyond_consent",
                  "согласие не разрешает публиковать всё, что указано в контакте: уберите лишние сведения или "
                  "отметьте их в согласии (consent.publish)", "consent.publish", "service"),
    )

    @model_validator(mode="after")
    def _something(self) -> "Contact":
        if not any([self.name, self.email, self.phone, self.url, self.address]):
            raise PydanticCustomError("empty_contact",
                                      "контакт пустой: укажите хотя бы имя, почту, телефон, сайт или адрес")
        apply_rules(self, self.rules)
        return self


def _in_order(first: Any, then: Any, code: str, message: str, **values: Any) -> None:
    """``then`` (when given) may not come before ``first``: years, dates."""
    if then is not None and then < first:
        raise PydanticCustomError(code, message, values)


# Achieved results and reach name the document they come from (a reader weighs a report otherwise
# than an application that tells of earlier years); a level of recognition names its basis.
_SOURCED = (
    FieldRule("requires", ("results",), "unconfirmed_results",
              "указаны достигнутые результаты (results), но не указано, из какого документа они взяты: добавьте "
              "источник описания (sources: вид документа и название); если это планы, перенесите их в "
              "expected_results", "sources"),
    FieldRule("requires", ("reach",), "unconfirmed_results",
              "указан охват (reach), но не указано, из какого документа он взят: добавьте источник описания "
              "(sources: вид документа и название)", "sources"),
    FieldRule("requires", ("recognition",), "recognition_source",
              "указан уровень признания (recognition), но не сказано, чем он подтверждён: добавьте "
              "recognition_source — статус, решение или награду и документ", "recognition_source"),
)


class Years(Strict):
    """Годы реализации."""
    model_config = ConfigDict(title="Годы")
    start: Year = Field(title="Начало", description="Год начала, например 2017")
    end: Year | None = Field(None, title="Окончание",
                             description="Год окончания; не указывайте, если практика продолжается")

    @model_validator(mode="after")
    def _order(self) -> "Years":
        _in_order(self.start, self.end, "years_order", "год окончания ({end}) раньше года начала ({start}); "
                  "исправьте один из годов", end=self.end, start=self.start)
        return self


class Stage(Strict):
    """Этап."""
    model_config = ConfigDict(title="Этап")
    period: Line = Field(title="Сроки", description="Например «октябрь 2017 – июнь 2018»")
    title: Line | None = Field(None, title="Название этапа")
    content: Markdown = Field(title="Содержание", description="Что делается на этапе")


class PlanItem(Strict):
    """Строка плана мероприятий."""
    model_config = ConfigDict(title="Мероприятие плана")
    content: Markdown = Field(title="Содержание", description="Что делается")
    dates: Line | None = Field(None, title="Сроки", description="Например «январь 2021» или «в течение года»")
    responsible: Line | None = Field(None, title="Ответственные")
    result: Markdown | None = Field(None, title="Планируемый результат")
    type: Line | None = Field(None, title="Вид работы",
                              description="Например «консультационная», «экспертная»")


INDICATOR_TYPES = {"outcome": "эффект", "output": "продукт или охват"}


class Indicator(Strict):
    """Измеримый показатель результата."""
    model_config = ConfigDict(title="Показатель")
    name: Line = Field(title="Показатель", description="Что измеряли")
    type: Literal["outcome", "output"] = Field(
        title="Что показывает",
        description="outcome — эффект: что изменилось у педагогов или обучающихся; output — продукт или "
                    "охват: сколько сделано (выпущено пособий, проведено мероприятий, участников сети). "
                    "Уровень доказательности считается только по эффектам (outcome)")
    value: float = Field(title="Достигнутое значение", description="Число")
    unit: Line = Field(title="Единица", description="Например «человек», «%», «педагогов»")
    baseline: float | None = Field(None, title="Исходное значение",
                                   description="Значение до начала практики, если известно")
    period: Line | None = Field(None, title="Период", description="Например «2017–2020»")
    participants: int | None = Field(None, ge=1, title="Участников",
                                     description="Сколько человек охвачено измерением")
    source: Line = Field(title="Источник",
                         description="Отчёт, мониторинг или публикация, где приведено значение (обязательно)")
    source_url: Url | None = Field(None, title="Ссылка на источник")
    source_file: FilePath | None = Field(
        None, title="Файл источника", description="Путь к файлу внутри папки materials/")


# The documents an entry is written from: an application or a programme mostly holds plans and
# expected results; a report or a publication tells what has been achieved. Pages name the kind
# beside the results, so a reader can weigh them.
SOURCE_TYPES = {"application": "заявка", "programme": "программа", "plan": "план работы",
                "report": "отчёт", "publication": "публикация"}


class Source(Strict):
    """Документ, по которому составлено описание."""
    model_config = ConfigDict(title="Источник описания")
    type: Literal["application", "programme", "plan", "report", "publication"] = Field(
        title="Вид документа",
        description="application — заявка, programme — программа, plan — план работы, report — отчёт, "
                    "publication — публикация (статья, сборник, буклет)")
    title: Line = Field(title="Название документа")
    year: Year | None = Field(None, title="Год документа")
    url: Url | None = Field(None, title="Ссылка на документ")


class Reach(Strict):
    """Охват: сколько людей, организаций и муниципалитетов участвовали (по отчёту)."""
    model_config = ConfigDict(title="Охват")
    participants: int | None = Field(None, ge=1, le=10_000_000, title="Участников (человек)")
    organizations: int | None = Field(None, ge=1, le=100_000, title="Организаций")
    municipalities: int | None = Field(None, ge=1, le=10_000, title="Муниципалитетов")
    period: Line | None = Field(None, title="Период", description="Например «2020–2023»")
    source: Line = Field(title="Источник", description="Отчёт или публикация, где приведены эти числа (обязательно)")

    @model_validator(mode="after")
    def _something(self) -> "Reach":
        if not any([self.participants, self.organizations, self.municipalities]):
            raise PydanticCustomError("empty_reach", "охват пустой: укажите участников, организаций "
                                                     "или муниципалитетов — или удалите раздел reach")
        return self


# The fields of results shared by practices and programmes.
Sources = Annotated[list[Source], Field(
    default_factory=list, title="Источники описания",
    description="Заявка, программа, план, отчёт или публикация, по которым написана запись")]
AchievedResults = Annotated[list[Markdown], Field(
    default_factory=list, title="Достигнутые результаты",
    description="Только то, что уже получено, по документам из «Источников описания»; планы — в «Ожидаемых "
                "результатах»")]
ExpectedResults = Annotated[list[Markdown], Field(
    default_factory=list, title="Ожидаемые результаты", description="Что планируется получить (из заявки, программы, плана)")]
ReachOf = Annotated[Reach | None, Field(None, title="Охват", description="Только числа из отчёта или публикации")]


RECOGNITION_LABELS = {"school": "школьный", "municipal": "муниципальный", "regional": "региональный",
                      "federal": "федеральный"}


class Material(Strict):
    """Материал: ссылка или файл из папки materials/."""
    model_config = ConfigDict(title="Материал")
    title: Line = Field(title="Название материала")
    url: Url | None = Field(None, title="Ссылка", description="Адрес в интернете")
    file: FilePath | None = Field(
        None, title="Файл", description="Путь к файлу внутри папки materials/, например «mostovskoy/plan.pdf»")
    alt: Line | None = Field(None, title="Описание изображения",
                             description="Обязательно для картинок: что на ней изображено")

    @model_validator(mode="after")
    def _one_target(self) -> "Material":
        if bool(self.url) == bool(self.file):
            raise PydanticCustomError("material_target",
                                      "у материала должна быть либо ссылка (url), либо файл (file) — одно из двух")
        return self


class Module(Strict):
    """Модуль программы."""
    model_config = ConfigDict(title="Модуль")
    title: Line = Field(title="Название модуля")
    hours: int | None = Field(None, ge=1, le=2000, title="Часы",
                              description="Объём модуля в часах; не указывайте, если неизвестен")
    form: str | None = term("forms", "Форма", "Форма работы из словаря forms", default=None)
    content: Markdown | None = Field(None, title="Содержание модуля")


class Entry(Strict):
    """Поля, общие для всех записей.

    ``rules``: the rules between its fields (`FieldRule`), applied by the kind's validator.

    A kind is declared in its class line: ``class Case(Entry, kind="cases", title="Кейс",
    plural="Кейсы")`` — the title names the kind in the schema, the forms and the site."""
    kind: ClassVar[str]
    label: ClassVar[str]
    plural_label: ClassVar[str]
    rules: ClassVar[tuple[FieldRule, ...]] = ()

    def __init_subclass__(cls, kind: str = "", plural: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if kind:
            cls.kind, cls.label, cls.plural_label = kind, cls.model_config.get("title", ""), plural

    title: Line = Field(title="Название", description="Полное название записи")
    summary: Annotated[str, Field(max_length=600), AfterValidator(_check_markdown)] = Field(
        title="Кратко", description="Одно-два предложения о сути (до 600 знаков)")
    status: Literal["draft", "published"] = Field(
        "published", title="Статус публикации",
        description="без этого поля запись публикуется после слияния (published); "
                    "draft — черновик, на сайт не попадает")
    added: Day = Field(title="Дата добавления", description="Когда запись добавлена в банк, ГГГГ-ММ-ДД")
    reviewed: Day | None = Field(None, title="Дата последней проверки",
                                 description="Когда сведения последний раз проверены, ГГГГ-ММ-ДД")
    licence: Line | None = Field(None, title="Лицензия",
                                 description="На каких условиях описание можно использовать, например «CC BY 4.0»; "
                                             "без поля — лицензия банка по умолчанию (practices/settings.yml)")

    @model_validator(mode="after")
    def _dates(self) -> "Entry":
        _in_order(self.added, self.reviewed, "review_before_added",
                  "дата проверки ({reviewed}) раньше даты добавления ({added}); запись проверяют после того, "
                  "как добавили: исправьте одну из дат",
                  reviewed=self.reviewed and self.reviewed.isoformat(), added=self.added.isoformat())
        return self


# Benchmarking facts of practices and programmes alike
Recognition = Annotated[Literal["school", "municipal", "regional", "federal"] | None, Field(
    title="Уровень признания",
    description="school, municipal, regional или federal — на каком уровне практика признана")]
RecognitionSource = Annotated[Line | None, Field(
    title="Чем подтверждено признание",
    description="Статус, решение или награда и документ, где это сказано, например «статус краевого "
                "ресурсного центра (2019), по заявке проекта»; обязательно, если указан уровень признания")]
Maturity = Annotated[Literal["pilot", "verified"] | None, Field(
    title="Стадия", description="pilot — пилот (апробация), verified — проверена на практике; "
                                "«рекомендована» присваивается автоматически по правилу из criteria.yml")]


class TutoringPractice(Entry, kind="tutoring", title="Тьюторская практика", plural="Тьюторские практики"):
    """Тьюторская практика."""

    authors: list[Person] = Field(min_length=1, title="Авторы", description="Кто разработал практику")
    organization: Slug = ref("sites", "Организация", "Имя файла организации из practices/sites/ без .yml")
    partners: list[Line] = Field(default_factory=list, title="Партнёры",
                                 description="Организации-партнёры практики")
    region: str | None = term("regions", "Регион",
                              "Регион из словаря regions; если не указан — регион организации", default=None)
    municipality: str | None = term("municipalities", "Муниципалитет",
                                    "Муниципалитет из словаря municipalities", default=None)
    years: Years | None = Field(None, title="Годы реализации",
                                description="Не указывайте, если источник не называет годы")
    directions: list[str] = terms("directions", "Направления", "Направления тьюторской работы", 1)
    audience: list[str] = terms("audiences", "Целевые группы", "Для кого практика", 1)
    levels: list[str] = terms("levels", "Уровни образования", "Уровни образования")
    competences: list[str] = terms("competences", "Развиваемые компетенции",
                                   "Какие компетенции развивает практика")
    forms: list[str] = terms("forms", "Формы и технологии", "Формы работы и технологии", 1)
    problem: Markdown = Field(title="Проблема", description="Какую проблему решает практика")
    goal: Markdown = Field(title="Цель")
    tasks: list[Markdown] = Field(min_length=1, title="Задачи")
    stages: list[Stage] = Field(default_factory=list, title="Этапы")
    plan: list[PlanItem] = Field(default_factory=list, title="План мероприятий",
                                 description="Мероприятия со сроками, ответственными и результатами")
    resources: Markdown | None = Field(None, title="Необходимые ресурсы",
                                       description="Кадры, помещения, оборудование, время")
    sources: Sources
    results: AchievedResults
    expected_results: ExpectedResults
    products: list[Markdown] = Field(default_factory=list, title="Методические продукты",
                                     description="Рекомендации, программы, сборники, буклеты, диагностические комплекты")
    indicators: list[Indicator] = Field(default_factory=list, title="Измеримые показатели",
                                        description="Только числа из отчётов и документов практики")
    reach: ReachOf
    recognition: Recognition = None
    recognition_source: RecognitionSource = None
    maturity: Maturity = None
    transfer: Markdown | None = Field(None, title="Условия переноса",
                                      description="Что нужно, чтобы применить практику в другой школе")
    materials: list[Material] = Field(default_factory=list, title="Материалы")
    contacts: list[Contact] = Field(default_factory=list, title="Контакты")

    rules: ClassVar[tuple[FieldRule, ...]] = (
        FieldRule("any_of", ("results", "expected_results"), "no_results",
                  "нет ни достигнутых (results), ни ожидаемых (expected_results) результатов; укажите хотя бы "
                  "один результат"),
        *_SOURCED)

    @model_validator(mode="after")
    def _rules(self) -> "TutoringPractice":
        apply_rules(self, self.rules)
        return self

    @property
    def years_label(self) -> str:
        return years_label(self.years)


class Programme(Entry, kind="programmes", title="Программа стажировочной площадки", plural="Программы стажировочных площадок"):
    """Программа стажировочной площадки."""

    site: Slug = ref("sites", "Площадка", "Имя файла организации, которая реализует программу")
    topic: Markdown = Field(title="Тема", description="Тема и назначение программы")
    competences: list[str] = terms("competences", "Компетенции", "На какие компетенции направлена", 1)
    directions: list[str] = terms("directions", "Направления", "Направления (если подходят)")
    audience: list[str] = terms("audiences", "Целевые группы", "Для кого программа", 1)
    levels: list[str] = terms("levels", "Уровни образования", "Уровни образования")
    duration: Line | None = Field(None, title="Продолжительность",
                                  description="Например «один учебный год» или «3 дня»")
    format: str = term("route_formats", "Формат", "Индивидуальный или групповой маршрут")
    years: Years | None = Field(None, title="Годы реализации")
    modules: list[Module] = Field(min_length=1, title="Модули")
    total_hours: int | None = Field(None, ge=1, le=10_000, title="Всего часов",
                                    description="Должно равняться сумме часов модулей")
    recognition: Recognition = None
    recognition_source: RecognitionSource = None
    maturity: Maturity = None
    mentors: list[Person] = Field(default_factory=list, title="Педагоги-мастера (наставники)")
    diagnostics: list[Markdown] = Field(default_factory=list, title="Диагностические инструменты")
    sources: Sources
    results: AchievedResults
    expected_results: ExpectedResults
    reach: ReachOf
    indicators: list[Indicator] = Field(default_factory=list, title="Измеримые показатели")
    materials: list[Material] = Field(default_factory=list, title="Материалы")
    contacts: list[Contact] = Field(default_factory=list, title="Контакты")

    rules: ClassVar[tuple[FieldRule, ...]] = _SOURCED

    @model_validator(mode="after")
    def _hours(self) -> "Programme":
        hours = [m.hours for m in self.modules]
        known = [h for h in hours if h is not None]
        if self.total_hours is not None:
            if len(known) != len(hours):
                raise PydanticCustomError(
                    "hours_missing",
                    "указано «всего часов» ({total}), но не у всех модулей есть часы; "
                    "укажите часы каждого модуля или уберите total_hours",
                    {"total": self.total_hours})
            if sum(known) != self.total_hours:
                raise PydanticCustomError(
                    "hours_sum",
                    "всего часов указано {total}, а сумма часов модулей равна {sum}; исправьте одно из них",
                    {"total": self.total_hours, "sum": sum(known)})
        apply_rules(self, self.rules)
        return self

    @property
    def computed_hours(self) -> int | None:
        hours = [m.hours for m in self.modules]
        return sum(hours) if hours and all(h is not None for h in hours) else None


class Case(Entry, kind="cases", title="Кейс", plural="Кейсы"):
    """Кейс из тьюторской практики."""

    practice: Slug = ref("tutoring", "Практика", "Имя файла практики из practices/tutoring/, к которой относится кейс")
    tutee: str = term("tutee_types", "Тьюторант", "Кто тьюторант: ученик, педагог, родитель…")
    directions: list[str] = terms("directions", "Направления", "Направления (если отличаются от практики)")
    situation: Markdown = Field(title="Ситуация")
    problem: Markdown = Field(title="Проблема")
    actions: Markdown = Field(title="Действия тьютора")
    outcome: Markdown = Field(title="Результат")
    questions: list[Markdown] = Field(min_length=1, title="Вопросы для обсуждения")


class Site(Entry, kind="sites", title="Организация", plural="Организации и площадки"):
    """Организация: стажировочная площадка, школа, методическая служба…"""

    type: str = term("site_types", "Тип организации", "Тип из словаря site_types")
    region: str | None = term("regions", "Регион",
                              "Регион из словаря regions; не указывайте, если неизвестен", default=None)
    municipality: str | None = term("municipalities", "Муниципалитет",
                                    "Муниципалитет из словаря municipalities", default=None)
    address: Line | None = Field(None, title="Адрес")
    website: Url | None = Field(None, title="Сайт")
    parent: Slug | None = ref("sites", "Входит в сеть",
                              "Имя файла головной организации (ресурсного центра, сети)", default=None)
    contacts: list[Contact] = Field(default_factory=list, title="Контакты")


ADOPTION_STAGES = {"adopted": "внедрено", "planned": "планируется"}


class Adoption(Entry, kind="adoptions", title="Внедрение", plural="Внедрения"):
    """Внедрение практики или программы в другой организации («внедрили у себя»)."""

    practice: Slug | None = ref("tutoring", "Практика",
                                "Имя файла внедрённой практики из practices/tutoring/", default=None)
    programme: Slug | None = ref("programmes", "Программа",
                                 "Имя файла внедрённой программы из practices/programmes/", default=None)
    organization: Slug | None = ref("sites", "Организация в банке",
                                    "Имя файла организации, которая внедрила, из practices/sites/", default=None)
    organization_name: Line | None = Field(None, title="Организация",
                                           description="Название организации, если её нет в банке")
    region: str | None = term("regions", "Регион", "Регион из словаря regions (для организации не из банка)",
                              default=None)
    municipality: str | None = term("municipalities", "Муниципалитет",
                                    "Муниципалитет из словаря municipalities", default=None)
    stage: Literal["adopted", "planned"] = Field(
        title="Стадия", description="adopted — практика уже работает в организации; planned — внедрение "
                                    "только планируется (такие внедрения не считаются в бенчмаркинге)")
    since: Year = Field(title="С какого года", description="Год, с которого практика работает (или планируется)")
    adapted: Markdown = Field(title="Что изменили и почему",
                              description="Как практику приспособили к своим условиям")
    outcome: Markdown | None = Field(None, title="Что получилось",
                                     description="Итоги внедрения; не указывайте, пока их нет")
    sources: list[Source] = Field(default_factory=list, title="Откуда известно",
                                  description="Отчёт, публикация, программа или план, где описано внедрение")
    contacts: list[Contact] = Field(default_factory=list, title="Контакты")

    rules: ClassVar[tuple[FieldRule, ...]] = (
        FieldRule("one_of", ("practice", "programme"), "adoption_target",
                  "укажите одно из двух: практику (practice) или программу (programme), которую внедрили"),
        FieldRule("any_of", ("organization", "organization_name"), "adoption_place",
                  "укажите, кто внедрил: organization (имя файла организации из банка) или organization_name "
                  "с регионом (region)"),
        FieldRule("requires", ("organization_name",), "adoption_region",
                  "у организации не из банка укажите регион (region) — так внедрение попадёт в статистику по "
                  "регионам", "region"),
    )

    @model_validator(mode="after")
    def _rules(self) -> "Adoption":
        apply_rules(self, self.rules)
        return self

    @property
    def target(self) -> str:
        return self.practice or self.programme or ""


# The kinds of entries, in the order the site lists them: the one place that knows them.
KINDS: dict[str, type[Entry]] = {
    "tutoring": TutoringPractice,
    "programmes": Programme,
    "cases": Case,
    "sites": Site,
    "adoptions": Adoption,
}
# Practices and programmes: assessed by experts, ranked, compared, printed as booklets.
BENCHMARKED_KINDS = ("tutoring", "programmes")


def years_label(years: Years | None) -> str:
    if years is None:
        return ""
    if years.end is None:
        return f"с {years.start} г. по настоящее время"
    if years.end == years.start:
        return f"{years.start} г."
    return f"{years.start}–{years.end} гг."
