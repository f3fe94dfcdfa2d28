"""Controlled vocabularies: directions, competences, audiences and the rest.

They live in ``practices/vocabulary.yml``: a section per facet, a term per
line (``term-id: Русская метка`` or ``term-id: {label: …, description: …}``).
Editors extend them without touching code; entries refer to terms by id.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.entries import TERM_PATTERN, text_problem
from generator.problems import Problems
from generator.load.yamlio import Document, load_file

import re

VOCABULARY_FILE = "vocabulary.yml"

# section id -> (Russian name of the facet, singular noun for messages)
SECTIONS: dict[str, str] = {
    "directions": "Направления",
    "competences": "Компетенции",
    "audiences": "Целевые группы",
    "levels": "Уровни образования",
    "forms": "Формы и технологии",
    "site_types": "Типы организаций",
    "tutee_types": "Тьюторанты",
    "route_formats": "Форматы маршрута",
    "event_types": "Виды событий",
    "regions": "Регионы",
    "municipalities": "Муниципалитеты",
}
_TERM = re.compile(TERM_PATTERN)


@dataclass(frozen=True)
class Term:
    section: str
    id: str
    label: str
    description: str = ""
    region: str | None = None  # municipalities only


@dataclass
class Vocabulary:
    sections: dict[str, dict[str, Term]] = field(default_factory=dict)
    path: str = ""
    document: Document | None = None

    def get(self, section: str, term_id: str) -> Term | None:
        return self.sections.get(section, {}).get(term_id)

    def label(self, section: str, term_id: str | None) -> str:
        if term_id is None:
            return ""
        found = self.get(section, term_id)
        return found.label if found else term_id

    def terms(self, section: str) -> list[Term]:
        return list(self.sections.get(section, {}).values())

    def suggest(self, section: str, wrong: str) -> Term | None:
        """The closest term to a typo, by id or by Russian label."""
        terms = self.sections.get(section, {})
        if not terms:
            return None
        wrong_l = str(wrong).strip().lower().replace("ё", "е")
        by_key: dict[str, Term] = {}
        for t in terms.values():
            by_key[t.id] = t
            by_key[t.label.lower().replace("ё", "е")] = t
        if wrong_l in by_key:
            return by_key[wrong_l]
        close = difflib.get_close_matches(wrong_l, list(by_key), n=1, cutoff=0.6)
        if close:
            return by_key[close[0]]
        prefixed = [k for k in by_key if len(wrong_l) >= 3 and (k.startswith(wrong_l) or wrong_l.startswith(k))]
        return by_key[prefixed[0]] if prefixed else None

    def find_by_label(self, section: str, label: str) -> Term | None:
        """Exact match by id or label, ignoring case and ё/е (used by import)."""
        key = label.strip().lower().replace("ё", "е")
        for t in self.sections.get(section, {}).values():
            if key in (t.id, t.label.lower().replace("ё", "е")):
                return t
        return None


def load_vocabulary(root: Path, problems: Problems, display_root: Path | None = None) -> Vocabulary:
    path = root / VOCABULARY_FILE
    shown = _display(path, display_root)
    vocab = Vocabulary(path=shown)
    if not path.exists():
        problems.add(shown, 1, 1, "нет файла словарей vocabulary.yml в папке practices/")
        return vocab
    doc, problem = load_file(path, shown)
    if problem:
        problems.items.append(problem)
        return vocab
    vocab.document = doc
    data = doc.data
    for name in data:
        if name not in SECTIONS:
            line, col = doc.key_position((name,))
            problems.add(shown, line, col, f"неизвестный раздел словаря «{name}»; "
                                           f"допустимы: {', '.join(SECTIONS)}")
    for section in SECTIONS:
        raw = data.get(section)
        vocab.sections[section] = {}
        if raw is None:
            problems.add(shown, 1, 1, f"в словаре нет раздела «{section}» ({SECTIONS[section]})")
            continue
        if not isinstance(raw, dict):
            line, col = doc.position((section,))
            problems.add(shown, line, col, f"раздел «{section}» должен быть набором «термин: метка»")
            continue
        for term_id, value in raw.items():
            loc = (section, term_id)
            line, col = doc.key_position(loc)
            if not isinstance(term_id, str) or not _TERM.match(term_id):
                problems.add(shown, line, col,
                             f"идентификатор термина «{term_id}» должен состоять из строчных латинских "
                             "букв, цифр и дефисов")
                continue
            if isinstance(value, str) and value.strip():
                if _text_ok(doc, shown, loc, value, problems):
                    vocab.sections[section][term_id] = Term(section, term_id, value.strip())
            elif isinstance(value, dict) and isinstance(value.get("label"), str):
                extra = set(value) - {"label", "description", "region"}
                if extra:
                    problems.add(shown, line, col, f"у термина «{term_id}» лишние поля: {', '.join(map(str, extra))}")
                description = value.get("description")
                if description is not None and not isinstance(description, str):
                    d_line, d_col = doc.position((*loc, "description"))
                    problems.add(shown, d_line, d_col, "описание термина должно быть текстом")
                    description = None
                if _text_ok(doc, shown, (*loc, "label"), value["label"], problems) and \
                        _text_ok(doc, shown, (*loc, "description"), description or "", problems):
                    vocab.sections[section][term_id] = Term(
                        section, term_id, value["label"].strip(), description or "", value.get("region"))
            else:
                problems.add(shown, line, col, f"у термина «{term_id}» нет русской метки; "
                                               f"запишите «{term_id}: Метка»")
    for term in vocab.terms("municipalities"):
        if term.region is None or term.region not in vocab.sections.get("regions", {}):
            line, col = doc.key_position(("municipalities", term.id))
            problems.add(shown, line, col, f"у муниципалитета «{term.id}» должен быть region — "
                                           "идентификатор из раздела regions")
    return vocab


LABEL_MAX, DESCRIPTION_MAX = 300, 2000  # as a one-line field of an entry; a description is a paragraph


def _text_ok(doc: Document, shown: str, loc: tuple, text: str, problems: Problems) -> bool:
    """Vocabulary text obeys the rules of entry text: no HTML, safe links, no hidden characters,
    a length a page can carry (a 180,000-character description took the Markdown engine 19 s)."""
    limit = DESCRIPTION_MAX if loc[-1] == "description" else LABEL_MAX
    why = (f"слишком длинно: {len(text)} знаков (допустимо {limit})" if len(text) > limit else None) \
        or text_problem(text) or ("здесь нужна одна строка без переносов" if loc[-1] != "description"
                                  and "\n" in text.strip() else None)
    if why is None:
        return True
    line, col = doc.position(loc)
    problems.add(shown, line, col, why)
    return False


def _display(path: Path, display_root: Path | None) -> str:
    if display_root is not None:
        try:
            return str(path.resolve().relative_to(display_root.resolve()))
        except ValueError:
            pass
    return str(path)
