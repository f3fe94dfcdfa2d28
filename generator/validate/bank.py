"""Load and validate the whole bank: files, models, vocabulary, references.

`load_bank(root)` walks ``practices/<kind>/<slug>.yml``, checks every file
against its model and every cross-entry rule, and returns the `Bank` together
with all problems found in one run. Nothing here raises on bad input: every
failure becomes a `Problem` with a path, a line, a column and a Russian message.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.bank.core import Bank, Record
from generator.model.messages import translate
from generator.model.names import slug_problem
from generator.model.assessments import ASSESSMENTS_DIR, EXPERTS_FILE
from generator.model.entries import KINDS, Adoption, Entry, Site
from generator.parallel import workers as parallel_workers
from generator.problems import Problem, Problems
from generator.model.vocabulary import VOCABULARY_FILE, Vocabulary, load_vocabulary
from generator.load.yamlio import Document, load_file

# Files and folders in practices/ that are not entry folders.
DATA_FILES = frozenset({VOCABULARY_FILE, "collections.yml", "criteria.yml", "redirects.yml", "settings.yml",
                        "published.txt", "README.md", EXPERTS_FILE})
DATA_DIRS = frozenset({"schema", "materials", ASSESSMENTS_DIR, "events"})

@lru_cache(maxsize=16)
def _display_root(root: Path) -> Path:
    return root.resolve().parent


@lru_cache(maxsize=16)
def _root_name(root: Path) -> str:
    return root.resolve().name


def _shown(path: Path, root: Path) -> str:
    """The path as people see it: ``practices/<kind>/<slug>.yml``."""
    if path.is_absolute() == root.is_absolute():
        try:  # the usual case, without touching the file system
            return f"{_root_name(root)}/{path.relative_to(root).as_posix()}"
        except ValueError:
            pass
    try:
        return str(path.resolve().relative_to(_display_root(root))) if not path.is_symlink() else \
            str(path.parent.resolve().relative_to(_display_root(root)) / path.name)
    except (ValueError, OSError):
        return str(path)


def discover(root: Path, problems: Problems) -> list[tuple[str, Path]]:
    """(kind, path) of every entry file; stray files become problems."""
    found: list[tuple[str, Path]] = []
    if not root.is_dir():
        problems.add(str(root), 1, 1, "папка с записями не найдена")
        return found
    for child in sorted(root.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir() and child.name in KINDS and not child.is_symlink():
            seen_lower: dict[str, str] = {}  # lowercase name → the name
            folder = _shown(child, root)
            with os.scandir(child) as scan:  # names and types in one call: fast on big banks
                items = sorted((item.name, item.is_dir()) for item in scan if not item.name.startswith("."))
            for name, is_dir in items:
                shown = f"{folder}/{name}"
                if is_dir:
                    problems.add(shown, 1, 1, "вложенные папки в папке вида записей не допускаются; "
                                              "положите файл прямо в " + child.name + "/")
                    continue
                stem, suffix = os.path.splitext(name)  # string work: pathlib's is slow on 10,000 names
                if suffix != ".yml":
                    hint = "переименуйте в .yml" if suffix in (".yaml", ".YML", ".Yml") else \
                        "в этой папке могут лежать только файлы записей .yml"
                    problems.add(shown, 1, 1, f"файл «{name}» пропущен: {hint}")
                    continue
                lower = stem.lower()
                if lower in seen_lower:
                    problems.add(shown, 1, 1, f"имя «{stem}» отличается от «{seen_lower[lower]}» "
                                              "только регистром букв; оставьте одно имя")
                    continue
                seen_lower[lower] = stem
                found.append((child.name, child / name))
        elif child.name in KINDS and child.is_symlink():
            problems.add(_shown(child, root), 1, 1,
                         f"папка {child.name}/ — символическая ссылка на другое место; записи читаются только "
                         "из самой папки проекта: замените ссылку папкой с файлами записей")
        elif child.is_dir() and (child.name in DATA_DIRS):
            continue
        elif child.name in DATA_FILES and not child.is_dir():
            continue  # a named pipe or a link in its place is reported by the loader (README.md is never read)
        else:
            kinds = ", ".join(f"{k}/" for k in KINDS)
            problems.add(_shown(child, root), 1, 1,
                         f"неожиданный {'каталог' if child.is_dir() else 'файл'} «{child.name}» в practices/; "
                         f"записи кладутся в папки {kinds}")
    return found


_POINT_AT = {"review_before_added": ("reviewed",), "years_order": ("end",), "recognition_source": ("recognition",),
             "unconfirmed_results": ("results",)}


def validate_document(kind: str, slug: str, doc: Document, problems: Problems,
                      today: date | None = None) -> Entry | None:
    """Check one loaded document against its model; report with lines."""
    model_cls = KINDS[kind]
    try:
        entry = model_cls.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error.get("loc", ()))
            if error.get("type") == "missing":
                line, col = doc.key_position(loc[:-1]) if loc[:-1] else doc.position(())
            elif error.get("type") == "extra_forbidden":
                line, col = doc.key_position(loc)
            else:  # a rule between two fields points at the one to fix
                line, col = doc.position(loc + _POINT_AT.get(error.get("type", ""), ()))
            problems.add(doc.path, line, col, translate(model_cls, error))
        return None
    for loc, message in time_problems(entry, today or date.today()):
        line, col = doc.position(loc)
        problems.add(doc.path, line, col, message)
    return entry


def time_problems(entry: Entry, today: date) -> list[tuple[tuple, str]]:
    """(where, message) for dates that have not come yet: the bank holds what has been done.
    Shared by the validator and `import` (which names the table's column instead of a line)."""
    found = []
    for i, contact in enumerate(getattr(entry, "contacts", None) or []):
        if contact.consent is not None and contact.consent.date > today:
            found.append((("contacts", i, "consent", "date"), f"дата согласия {contact.consent.date.isoformat()} "
                                                                "ещё не наступила; укажите дату, когда согласие подписано"))
    for name in ("added", "reviewed"):
        value = getattr(entry, name)
        if value is not None and value > today:
            title = type(entry).model_fields[name].title
            found.append(((name,), f"дата {value.isoformat()} в поле «{title}» ({name}) ещё не наступила; "
                                   "укажите прошедшую дату"))
    if isinstance(entry, Adoption) and entry.stage == "adopted" and entry.since > today.year:
        found.append((("since",), f"год {entry.since} ещё не наступил, а стадия — «внедрено»; если внедрение "
                                  "только планируется, укажите stage: planned"))
    years = getattr(entry, "years", None)
    if years is not None and years.start > today.year:
        found.append((("years", "start"), f"год начала {years.start} ещё не наступил; в банк попадает то, "
                                          "что уже реализовано — укажите год, когда работа началась"))
    return found


@lru_cache(maxsize=None)
def _vocab_fields(model_cls: type[Entry]) -> dict[str, str]:
    """Field name → vocabulary section, for the fields of ``model_cls`` that take terms."""
    out = {}
    for fname, info in model_cls.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("vocabulary"):
            out[fname] = extra["vocabulary"]
    return out


def _check_terms(kind: str, doc: Document, vocab: Vocabulary, problems: Problems) -> None:
    """Vocabulary checks on the raw data, so they run even when the model failed."""
    data = doc.data if isinstance(doc.data, dict) else {}

    def check(section: str, value: Any, loc: tuple) -> None:
        if not isinstance(value, str) or not vocab.sections.get(section):
            return  # wrong types are reported by the model
        if value.strip() and vocab.get(section, value) is not None:
            return
        line, col = doc.position(loc)
        if not value.strip():
            problems.add(doc.path, line, col, f"пустой термин; выберите значение из словаря «{section}»")
            return
        hint = vocab.suggest(section, value)
        tip = f"; возможно, имелось в виду «{hint.id}» ({hint.label})" if hint else \
            f"; список терминов — в practices/{VOCABULARY_FILE}, раздел {section}"
        problems.add(doc.path, line, col, f"«{value}» нет в словаре «{section}»{tip}")

    for fname, section in _vocab_fields(KINDS[kind]).items():
        value = data.get(fname)
        if isinstance(value, list):
            seen: set[str] = set()
            for i, item in enumerate(value):
                check(section, item, (fname, i))
                if isinstance(item, str) and item in seen:
                    line, col = doc.position((fname, i))
                    problems.add(doc.path, line, col, f"термин «{item}» повторяется в списке; оставьте один")
                if isinstance(item, str):
                    seen.add(item)
        else:
            check(section, value, (fname,))
    if kind == "programmes" and isinstance(data.get("modules"), list):
        for i, module in enumerate(data["modules"]):
            if isinstance(module, dict):
                check("forms", module.get("form"), ("modules", i, "form"))
    region, municipality = data.get("region"), data.get("municipality")
    if isinstance(region, str) and isinstance(municipality, str):
        term = vocab.get("municipalities", municipality)
        if term is not None and term.region and term.region != region and vocab.get("regions", region):
            line, col = doc.position(("municipality",))
            problems.add(doc.path, line, col,
                         f"муниципалитет «{municipality}» относится к региону «{term.region}», "
                         f"а в записи указан регион «{region}»")


@lru_cache(maxsize=None)
def _reference_fields(model_cls: type[Entry]) -> tuple[tuple[str, str], ...]:
    """(field name, kind it points at) for the fields of ``model_cls`` that name another entry."""
    out = []
    for fname, info in model_cls.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("reference"):
            out.append((fname, extra["reference"]))
    return tuple(out)


def _check_references(record: Record, bank: Bank, problems: Problems,
                      broken: frozenset[str] = frozenset()) -> None:
    model, doc = record.model, record.document
    assert doc is not None
    for fname, target_kind in _reference_fields(type(model)):
        value = getattr(model, fname)
        if value is None or (bank.get(value) is None and value in broken):
            continue  # a reference to a file with its own errors is not a second problem
        target = bank.get(value)
        if target is not None and target.kind == target_kind and not (
                target_kind == "sites" and value == record.slug) and (target.published or not record.published):
            continue  # the usual case: no message, no need for positions
        line, col = doc.position((fname,))
        if target is None:
            candidates = [r.slug for r in bank.records.values() if r.kind == target_kind]
            import difflib
            close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
            tip = f"; возможно, «{close[0]}»" if close else \
                f"; создайте файл practices/{target_kind}/{value}.yml или исправьте имя"
            problems.add(record.path, line, col,
                         f"ссылка на «{value}» не найдена среди записей practices/{target_kind}/{tip}")
        elif target.kind != target_kind:
            problems.add(record.path, line, col,
                         f"«{value}» — запись вида {target.kind}, а здесь нужна запись из practices/{target_kind}/")
        elif target_kind == "sites" and value == record.slug:
            problems.add(record.path, line, col, "организация не может ссылаться сама на себя")
        elif record.published and not target.published:
            problems.add(record.path, line, col,
                         f"опубликованная запись ссылается на черновик «{value}»; опубликуйте его "
                         "или сделайте эту запись черновиком")


_SPACES = re.compile(r"\s+")


def _normal_title(title: str) -> str:
    return _SPACES.sub(" ", title.lower().replace("ё", "е")).strip(" .«»\"'")


def _load_entry(kind: str, path: Path, root: Path, vocab: Vocabulary,
                today: date | None) -> tuple[str, Document | None, Entry | None, list[Problem]]:
    """Read, parse and check one entry file on its own (no cross-entry checks)."""
    problems = Problems()
    shown = _shown(path, root)
    why = slug_problem(path.stem)
    if why:
        problems.add(shown, 1, 1, why)
        return shown, None, None, problems.items
    doc, problem = load_file(path, shown)
    if problem is not None:
        return shown, None, None, [problem]
    assert doc is not None
    entry = validate_document(kind, path.stem, doc, problems, today)
    _check_terms(kind, doc, vocab, problems)
    if entry is None:
        return shown, None, None, problems.items
    doc.data = None  # the model holds the values now, and lines are found on demand
    doc.forget_text()
    return shown, doc, entry, problems.items


# Below this many files a pool costs as much as it saves.
PARALLEL_MIN_FILES = 1000  # at 1,000 entries one process and two take the same time
_JOB: tuple | None = None  # what forked workers read: (files, root, vocab, today)


def _load_range(bounds: tuple[int, int]) -> list:
    """Worker: load files[start:stop]; a document goes back as a flag (see `_load_entries`)."""
    assert _JOB is not None
    files, root, vocab, today = _JOB
    return [(shown, doc is not None, entry, found)
            for shown, doc, entry, found in (_load_entry(kind, path, root, vocab, today)
                                             for kind, path in files[bounds[0]:bounds[1]])]


def _load_entries(files: list[tuple[str, Path]], root: Path, vocab: Vocabulary, today: date | None,
                  workers: int | None = None):
    """Per-file results in the order of ``files``, read by every core when the bank is big.

    Workers are forked (they inherit the vocabulary) and send back the checked
    models and their problems — no parsed data, no text, not even the document:
    the parent makes it anew from the file's name (lines for messages are found
    by reading the file again), which is cheaper than unpickling a Path; the
    parent unpickles the models while the workers go on.
    10,000 entries on 2 cores: about half the time of reading them one by one.
    """
    workers = parallel_workers(len(files), PARALLEL_MIN_FILES) if workers is None else workers
    if workers <= 1:
        return [_load_entry(kind, path, root, vocab, today) for kind, path in files]
    global _JOB
    step = max(50, len(files) // (workers * 8))
    ranges = [(i, min(i + step, len(files))) for i in range(0, len(files), step)]
    _JOB = (files, root, vocab, today)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = (item for part in pool.imap(_load_range, ranges) for item in part)
            return [(shown, Document(path=shown, data=None, file=path) if has_doc else None, entry, found)
                    for (_, path), (shown, has_doc, entry, found) in zip(files, done)]
    finally:
        _JOB = None


def load_bank(root: Path, today: date | None = None,
              only: list[tuple[str, Path]] | None = None) -> tuple[Bank, Problems]:
    """Load ``root`` (the practices/ folder) and validate everything."""
    problems = Problems()
    vocab = load_vocabulary(root, problems, _display_root(root))
    bank = Bank(root=root, vocabulary=vocab)
    files = discover(root, problems)
    if only is not None:
        files = files + [f for f in only if f not in files]
    first_of_title: dict[tuple[str, str], Record] = {}
    broken: set[str] = set()
    for (kind, path), (shown, doc, entry, found) in zip(files, _load_entries(files, root, vocab, today)):
        slug = path.stem
        broken.add(slug)
        problems.items.extend(found)
        if entry is None or doc is None:
            continue
        if slug in bank.records:
            other = bank.records[slug]
            problems.add(shown, 1, 1, f"имя «{slug}» уже занято записью {other.path}; "
                                      "имена файлов должны быть уникальны во всём банке")
            continue
        record = Record(kind, slug, shown, entry, doc)
        bank.records[slug] = record
        key = (kind, _normal_title(entry.title))
        if key in first_of_title:
            other = first_of_title[key]
            line, col = doc.position(("title",))
            other_line = other.document.position(("title",))[0] if other.document else 1
            problems.add(shown, line, col, f"такое же название уже есть в {other.path}:{other_line}; "
                                           "названия записей одного вида не должны совпадать")
        else:
            first_of_title[key] = record
    unloadable = frozenset(broken - set(bank.records))  # files with their own errors
    for record in bank.records.values():
        _check_references(record, bank, problems, unloadable)
    _check_site_cycles(bank, problems)
    _check_adoptions(bank, problems)
    from generator.bank.benchmarking import load_criteria
    from generator.bank.collections import load_collections
    from generator.validate.assessments import load_assessments, load_experts

    bank.criteria = load_criteria(root, problems)
    bank.experts = load_experts(root, bank, problems)
    bank.assessments = load_assessments(root, bank, bank.experts, problems, today)
    bank.collections = load_collections(root, bank, problems)
    from generator.validate.events import load_events

    bank.events = load_events(root, bank, problems, today)
    from generator.validate.materials import check_materials, load_settings

    bank.material_settings = load_settings(root, problems)
    from generator.validate.publication import load_publication

    bank.publication = load_publication(root, problems)
    check_materials(bank, root, problems, bank.material_settings)
    from generator.validate.redirects import check_registry, load_redirects, load_registry

    bank.registry = load_registry(root, problems)
    bank.redirects = load_redirects(root, bank, problems)
    check_registry(bank, bank.registry, bank.redirects, root, problems)
    return bank, problems


def _check_adoptions(bank: Bank, problems: Problems) -> None:
    """An adoption is by another organisation: not the one that runs the entry, nor its network head."""
    from generator.bank.benchmarking import network_of

    for record in bank.records.values():
        m = record.model
        if not isinstance(m, Adoption) or not m.organization or record.document is None:
            continue
        target = bank.get(m.target)
        if target is None:
            continue
        if m.organization in network_of(bank, target):
            line, col = record.document.position(("organization",))
            problems.add(record.path, line, col,
                         f"«{m.organization}» ведёт «{target.title}» (или это её головная организация): внедрение — "
                         "это перенос практики в другую организацию; укажите организацию, которая её внедрила")


def _check_site_cycles(bank: Bank, problems: Problems) -> None:
    for record in bank.records.values():
        if not isinstance(record.model, Site):
            continue
        seen = {record.slug}
        current = record.model.parent
        while current:
            if current in seen:
                line, col = record.document.position(("parent",)) if record.document else (1, 1)
                problems.add(record.path, line, col, "цепочка «входит в сеть» замыкается в круг; "
                                                     "исправьте поле parent")
                break
            seen.add(current)
            target = bank.get(current)
            current = target.model.parent if target and isinstance(target.model, Site) else None


def kind_of_path(path: Path) -> str | None:
    parent = path.resolve().parent.name
    return parent if parent in KINDS else None
