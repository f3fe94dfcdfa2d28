"""Load and check the experts' registry and the assessment files.

``practices/experts.yml`` and ``practices/assessments/<entry>/<file>.yml`` (one file per
expert per entry). Every rule gives a Russian message on its line: an unknown entry, expert
or criterion, a score outside its scale, a missing justification for a score at either end
of the scale, a date to come, an expert assessing an entry of their own organisation or of
the network it belongs to, or a practice they wrote (conflict of interest), and two files of
one expert for one entry.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any


from generator.bank.benchmarking import conflict
from generator.bank.core import Bank
from generator.load.yamlio import Document, load_file
from generator.model.assessments import ASSESSMENTS_DIR, EXPERTS_FILE, Assessment, Expert
from generator.model.entries import BENCHMARKED_KINDS, Site
from generator.model.names import slug_problem
from generator.problems import Problems
from generator.validate.positions import validated


@dataclass
class Filed:
    """One assessment file as the bank keeps it."""
    entry: str      # slug of the assessed entry
    path: str       # as shown to people
    model: Assessment
    document: Document


def load_experts(root: Path, bank: Bank, problems: Problems) -> dict[str, Expert]:
    path = root / EXPERTS_FILE
    if not path.exists() and not path.is_symlink():
        return {}
    shown = f"{root.name}/{EXPERTS_FILE}"
    doc, problem = load_file(path, shown)
    if problem:
        problems.items.append(problem)
        return {}
    if doc.data is None:
        return {}
    data = doc.data
    if not isinstance(data, dict) or set(data) - {"experts"} or not isinstance(data.get("experts", {}), dict):
        problems.add(shown, 1, 1, "в файле должен быть один раздел experts: имя эксперта латиницей → его сведения "
                                  "(name, position, organization или organization_name, area, consent)")
        return {}
    experts: dict[str, Expert] = {}
    for slug, item in (data.get("experts") or {}).items():
        why = slug_problem(str(slug))
        if why:
            problems.add(shown, *doc.key_position(("experts", slug)), f"имя эксперта «{slug}»: {why}")
            continue
        expert = validated(Expert, item, doc, problems, ("experts", slug), f"эксперт «{slug}»")
        if expert is None:
            continue
        if expert.organization and not isinstance(getattr(bank.get(expert.organization), "model", None), Site):
            line, col = doc.position(("experts", slug, "organization"))
            problems.add(shown, line, col, f"организации «{expert.organization}» нет среди practices/sites/; "
                                           "укажите имя её файла или напишите название в organization_name")
        experts[slug] = expert
    return experts


def _files(folder: Path, shown: str, problems: Problems) -> list[tuple[str, Path]]:
    """(entry slug, file) of every assessment file; anything else there is a problem."""
    found: list[tuple[str, Path]] = []
    if folder.is_symlink() or not folder.is_dir():
        problems.add(shown, 1, 1, f"{shown} должна быть папкой проекта (не ссылкой и не файлом): в ней лежат "
                                  "папки записей с файлами оценок")
        return found
    with os.scandir(folder) as scan:
        entries = sorted((item.name, item.is_dir(follow_symlinks=False), item.is_symlink()) for item in scan
                         if not item.name.startswith("."))
    for name, is_dir, is_link in entries:
        where = f"{shown}/{name}"
        if not is_dir or is_link:
            problems.add(where, 1, 1, f"в {shown}/ лежат только папки с именами записей "
                                      f"({shown}/<запись>/<эксперт>.yml)")
            continue
        with os.scandir(folder / name) as scan:
            files = sorted((item.name, item.is_file(follow_symlinks=False)) for item in scan
                           if not item.name.startswith("."))
        for file_name, is_file in files:
            stem, suffix = os.path.splitext(file_name)
            if not is_file or suffix != ".yml":
                problems.add(f"{where}/{file_name}", 1, 1, "здесь могут лежать только файлы оценок .yml "
                                                           "(имя файла — имя эксперта)")
                continue
            why = slug_problem(stem)
            if why:
                problems.add(f"{where}/{file_name}", 1, 1, why)
                continue
            found.append((name, folder / name / file_name))
    return found


def load_assessments(root: Path, bank: Bank, experts: dict[str, Expert], problems: Problems,
                     today: date | None = None) -> dict[str, list[Filed]]:
    """Entry slug → its assessments, every rule checked; a file with errors is left out."""
    folder = root / ASSESSMENTS_DIR
    if not folder.exists() and not folder.is_symlink():
        return {}
    shown_dir = f"{root.name}/{ASSESSMENTS_DIR}"
    criteria = bank.criteria
    today = today or date.today()
    out: dict[str, list[Filed]] = {}
    for entry_slug, path in _files(folder, shown_dir, problems):
        shown = f"{shown_dir}/{entry_slug}/{path.name}"
        record = bank.get(entry_slug)
        if record is None or record.kind not in BENCHMARKED_KINDS:
            candidates = [r.slug for r in bank.records.values() if r.kind in BENCHMARKED_KINDS]
            close = difflib.get_close_matches(entry_slug, candidates, n=1, cutoff=0.6)
            what = (f"«{entry_slug}» — не практика и не программа" if record is not None
                    else f"записи «{entry_slug}» нет в банке")
            problems.add(shown, 1, 1, f"{what}: папка оценки называется именем практики или программы"
                                      + (f"; возможно, «{close[0]}»" if close else ""))
            continue
        doc, problem = load_file(path, shown)
        if problem:
            problems.items.append(problem)
            continue
        count = len(problems.items)
        model = validated(Assessment, doc.data, doc, problems)
        if model is None:
            continue
        if criteria is None or not criteria.items:
            if not (criteria is not None and criteria.unreadable):
                problems.add(shown, 1, 1, "оценка есть, а критериев (practices/criteria.yml) нет")
            continue
        _check_scores(model, doc, criteria, problems)
        if model.date > today:
            problems.add(shown, *doc.position(("date",)), f"дата оценки {model.date.isoformat()} ещё не наступила")
        expert = experts.get(model.expert)
        if expert is None:
            close = difflib.get_close_matches(model.expert, list(experts), n=1, cutoff=0.6)
            tip = f"; возможно, «{close[0]}»" if close else "; сначала добавьте эксперта в practices/experts.yml"
            problems.add(shown, *doc.position(("expert",)), f"эксперта «{model.expert}» нет в реестре{tip}")
        else:
            why = conflict(bank, record, expert)
            if why:
                problems.add(shown, *doc.position(("expert",)),
                             f"конфликт интересов: {why}; эту запись оценивает другой эксперт")
        earlier = next((f for f in out.get(entry_slug, []) if f.model.expert == model.expert), None)
        if earlier is not None:
            problems.add(shown, *doc.position(("expert",)),
                         f"эксперт «{model.expert}» уже оценил эту запись в {earlier.path}; у одного эксперта — "
                         "одна оценка записи: исправьте тот файл, а этот удалите")
            continue
        if len(problems.items) == count:
            out.setdefault(entry_slug, []).append(Filed(entry_slug, shown, model, doc))
    return out


def _check_scores(model: Assessment, doc: Document, criteria: Any, problems: Problems) -> None:
    for cid, item in model.scores.items():
        if cid not in criteria.items:
            close = difflib.get_close_matches(cid, list(criteria.items), n=1)
            tip = f"; возможно, «{close[0]}»" if close else f"; допустимы: {', '.join(criteria.items)}"
            problems.add(doc.path, *doc.key_position(("scores", cid)), f"неизвестный критерий «{cid}»{tip}")
            continue
        lo, hi = criteria.scale(cid)
        label = criteria.items[cid].label
        if not lo <= item.score <= hi:
            problems.add(doc.path, *doc.position(("scores", cid, "score")),
                         f"балл {item.score} по критерию «{label}» вне шкалы {lo}–{hi}")
        elif item.score in (lo, hi) and not item.justification:
            end = "низший" if item.score == lo else "высший"
            problems.add(doc.path, *doc.key_position(("scores", cid)),
                         f"по критерию «{label}» стоит {end} балл ({item.score}): напишите обоснование "
                         "(justification) — почему именно он")
    missing = [c for c in criteria.items if c not in model.scores]
    if missing:
        names = ", ".join(f"{c} ({criteria.items[c].label})" for c in missing)
        problems.add(doc.path, *doc.key_position(("scores",)), f"нет баллов по критериям: {names}")
