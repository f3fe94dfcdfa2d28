"""Load and check the events calendar: ``practices/events/<year>.yml``.

Every rule gives a Russian message on its line: a file that is not ``<year>.yml`` (or a folder,
or a link), a file without its ``events:`` list, a field the model refuses, a term that is not
in the vocabulary (with the closest one), an organiser, programme or practice that is not in
the bank, an end before the start, an event filed under another year, an event marked held
that has not come yet or that only a plan names, and the same event twice.
"""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path
from typing import Any


from generator.bank.core import Bank
from generator.load.yamlio import Document, load_file
from generator.model.entries import SOURCE_TYPES
from generator.model.events import EVENTS_DIR, REPORTING_SOURCES, YEAR_FILE, Event, FiledEvent
from generator.model.vocabulary import VOCABULARY_FILE
from generator.validate.positions import validated
from generator.problems import Problems

# the field a rule between two fields points at
_POINT_AT = {"end_before_start": ("end",)}
# field → (kind it names, what the kind is called in a message)
_REFERENCES = (("site", "sites"), ("programme", "programmes"), ("practice", "tutoring"))
_TERMS = (("type", "event_types"), ("audience", "audiences"))


def _files(folder: Path, shown: str, problems: Problems) -> list[tuple[int, Path, str]]:
    """(year, file, shown path) of every year file; anything else in the folder is a problem."""
    found: list[tuple[int, Path, str]] = []
    if folder.is_symlink() or not folder.is_dir():
        problems.add(shown, 1, 1, f"{shown} должна быть папкой проекта (не ссылкой и не файлом): в ней лежат "
                                  "файлы событий <год>.yml")
        return found
    with os.scandir(folder) as scan:
        items = sorted((item.name, item.is_dir(follow_symlinks=False), item.is_symlink()) for item in scan
                       if not item.name.startswith("."))
    for name, is_dir, is_link in items:
        where = f"{shown}/{name}"
        match = YEAR_FILE.match(name)
        if is_dir:
            problems.add(where, 1, 1, f"вложенные папки в {shown}/ не допускаются: события года лежат в одном "
                                      f"файле {shown}/<год>.yml")
        elif is_link:
            problems.add(where, 1, 1, "файл событий — символическая ссылка; положите в папку сам файл")
        elif match is None:
            stem = name.rsplit(".", 1)[0]
            hint = f"; переименуйте в {stem}.yml" if stem.isdigit() and len(stem) == 4 else ""
            problems.add(where, 1, 1, f"в {shown}/ лежат только файлы событий с именем-годом, например "
                                      f"2021.yml{hint}")
        elif not 1990 <= int(match.group(1)) <= 2100:
            problems.add(where, 1, 1, f"год {match.group(1)} в имени файла вне 1990–2100")
        else:
            found.append((int(match.group(1)), folder / name, where))
    return found


def _validated(doc: Document, item: Any, index: int, problems: Problems) -> Event | None:
    """The event, or None with every error of the model on its line."""
    return validated(Event, item, doc, problems, ("events", index), f"событие {index + 1}", _POINT_AT)


def _check_terms(doc: Document, item: dict, index: int, bank: Bank, problems: Problems) -> None:
    """Vocabulary terms on the raw data, so they are checked even when the model failed."""
    vocab = bank.vocabulary

    def check(section: str, value: Any, loc: tuple) -> None:
        if not isinstance(value, str) or not vocab.sections.get(section):
            return  # a wrong type is the model's message
        if value.strip() and vocab.get(section, value) is not None:
            return
        line, col = doc.position(loc)
        if not value.strip():
            problems.add(doc.path, line, col, f"событие {index + 1}: пустой термин; выберите значение из "
                                              f"словаря «{section}»")
            return
        hint = vocab.suggest(section, value)
        tip = f"; возможно, имелось в виду «{hint.id}» ({hint.label})" if hint else \
            f"; список терминов — в practices/{VOCABULARY_FILE}, раздел {section}"
        problems.add(doc.path, line, col, f"событие {index + 1}: «{value}» нет в словаре «{section}»{tip}")

    for field, section in _TERMS:
        value = item.get(field)
        if isinstance(value, list):
            seen: set[str] = set()
            for i, term in enumerate(value):
                check(section, term, ("events", index, field, i))
                if isinstance(term, str) and term in seen:
                    line, col = doc.position(("events", index, field, i))
                    problems.add(doc.path, line, col, f"событие {index + 1}: термин «{term}» повторяется в "
                                                      "списке; оставьте один")
                if isinstance(term, str):
                    seen.add(term)
        else:
            check(section, value, ("events", index, field))


def _check_references(doc: Document, event: Event, index: int, bank: Bank, problems: Problems) -> None:
    for field, kind in _REFERENCES:
        value = getattr(event, field)
        if value is None:
            continue
        target = bank.get(value)
        if target is not None and target.kind == kind and target.published:
            continue
        line, col = doc.position(("events", index, field))
        if target is None:
            candidates = [r.slug for r in bank.records.values() if r.kind == kind]
            close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
            tip = f"; возможно, «{close[0]}»" if close else \
                f"; создайте файл practices/{kind}/{value}.yml или исправьте имя"
            message = f"ссылка на «{value}» не найдена среди записей practices/{kind}/{tip}"
        elif target.kind != kind:
            message = f"«{value}» — запись вида {target.kind}, а здесь нужна запись из practices/{kind}/"
        else:
            message = (f"событие ссылается на черновик «{value}»; опубликуйте его или уберите ссылку: "
                       "календарь показывает только опубликованные записи")
        problems.add(doc.path, line, col, f"событие {index + 1}: {message}")


def _check_dates(doc: Document, event: Event, index: int, year: int, today: date, problems: Problems) -> None:
    if event.first_day.year != year:
        line, col = doc.position(("events", index, "start"))
        problems.add(doc.path, line, col,
                     f"событие {index + 1} начинается в {event.first_day.year} году, а лежит в файле {year}.yml; "
                     f"перенесите его в practices/{EVENTS_DIR}/{event.first_day.year}.yml (файл года — по дате начала)")
    if event.status == "held":
        line, col = doc.position(("events", index, "status"))
        if event.first_day > today:
            problems.add(doc.path, line, col,
                         f"событие {index + 1} отмечено как проведённое (held), но начнётся только "
                         f"{event.dates_label}; пока оно не состоялось, пишите status: planned")
        elif event.source.type not in REPORTING_SOURCES:
            problems.add(doc.path, line, col,
                         f"событие {index + 1} отмечено как проведённое (held), а источник — "
                         f"{SOURCE_TYPES[event.source.type]}: он сообщает о плане, не о том, что событие "
                         "состоялось; укажите отчёт или публикацию (source.type: report или publication) "
                         "или оставьте status: planned")


def load_events(root: Path, bank: Bank, problems: Problems, today: date | None = None) -> list[FiledEvent]:
    """Every event of ``practices/events/``, each rule checked, in date order; an event with
    errors is left out (its file's other events stay)."""
    folder = root / EVENTS_DIR
    if not folder.exists() and not folder.is_symlink():
        return []
    shown_dir = f"{root.name}/{EVENTS_DIR}"
    today = today or date.today()
    out: list[FiledEvent] = []
    first: dict[str, tuple[str, int]] = {}  # key → (path, line) of its first event
    for year, path, shown in _files(folder, shown_dir, problems):
        doc, problem = load_file(path, shown)
        if problem:
            problems.items.append(problem)
            continue
        data = doc.data
        extra = [k for k in data if k != "events"]
        if extra:
            problems.add(shown, *doc.key_position((extra[0],)),
                         f"неизвестный раздел «{extra[0]}»: в файле событий один раздел events — список событий")
        items = data.get("events")
        if not isinstance(items, list):
            where = doc.position(("events",)) if "events" in data else (1, 1)
            problems.add(shown, *where, "нужен раздел events: список событий, каждое начинается строкой «- title: …»")
            continue
        for index, item in enumerate(items):
            count = len(problems.items)
            if not isinstance(item, dict):
                problems.add(shown, *doc.position(("events", index)),
                             f"событие {index + 1}: ожидается набор полей «поле: значение» (title, type, start, "
                             "site, status, source…)")
                continue
            _check_terms(doc, item, index, bank, problems)
            event = _validated(doc, item, index, problems)
            if event is None:
                continue
            _check_references(doc, event, index, bank, problems)
            _check_dates(doc, event, index, year, today, problems)
            filed = FiledEvent(event, shown, index)
            line = doc.position(("events", index))[0]
            if filed.key in first:
                other_path, other_line = first[filed.key]
                problems.add(shown, *doc.position(("events", index, "title")),
                             f"событие {index + 1}: такое же событие (организатор, начало, название) уже есть "
                             f"в {other_path}:{other_line}; оставьте одно")
                continue
            first[filed.key] = (shown, line)
            if len(problems.items) == count:
                out.append(filed)
    return sorted(out, key=lambda f: f.sort_key)
