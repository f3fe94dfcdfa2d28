"""Benchmarking: criteria, evidence levels, overall scores and the «рекомендована» rule.

Criteria and the badge rule live in ``practices/criteria.yml``; everything
here is derived from data, never typed by authors: the overall score (weighted
mean of the expert's scores), the evidence level of a practice and whether it
earns the «рекомендована» badge.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.bank.core import Bank, Record
from generator.model.messages import translate
from generator.model.entries import BENCHMARKED_KINDS, Site, RECOGNITION_LABELS, SOURCE_TYPES, Line, Text
from generator.problems import Problems
from generator.load.yamlio import load_file

CRITERIA_FILE = "criteria.yml"

EVIDENCE_LEVELS = ["none", "described", "measured", "compared"]
EVIDENCE_LABELS = {
    "none": "нет достигнутых результатов",
    "described": "результаты описаны словами",
    "measured": "результаты измерены",
    "compared": "измерены и сравнены с исходными",
}
EVIDENCE_HELP = {
    "none": "Источники называют только ожидаемые результаты (планы) или не называют никаких.",
    "described": "Достигнутые результаты описаны словами, без числовых показателей эффекта.",
    "measured": "Есть числовые показатели с единицами и источником (отчёт, мониторинг, публикация).",
    "compared": "Есть показатели с исходным и достигнутым значением и источником: видно, что изменилось.",
}
RECOGNITION_ORDER = ["school", "municipal", "regional", "federal"]


class CriterionModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    label: Line = Field(title="Название")
    description: Text = Field("", title="Описание")
    weight: float = Field(1.0, gt=0, le=10, title="Вес")
    levels: dict[str, Line] = Field(min_length=2, title="Уровни шкалы")

    @property
    def scale_levels(self) -> dict[int, str]:
        return {int(k): v for k, v in self.levels.items() if k.isdigit()}


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    min_score: float = Field(4.0, ge=0, title="Минимальный итоговый балл")
    min_evidence: Literal["none", "described", "measured", "compared"] = "measured"
    maturity: Literal["pilot", "verified"] | None = "verified"
    min_recognition: Literal["school", "municipal", "regional", "federal"] | None = None


class PanelModel(BaseModel):
    """How independent assessments become one score."""
    model_config = ConfigDict(extra="forbid", strict=True)
    min_experts: int = Field(2, ge=1, le=10, title="Сколько экспертиз нужно для итоговой оценки")
    disagreement: int = Field(2, ge=1, le=10, title="Расхождение в баллах, при котором нужна ещё одна экспертиза")
    agreement_min_entries: int = Field(3, ge=2, le=1000,
                                       title="С какого числа записей с двумя экспертизами показывать согласованность")


class CriteriaFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    criteria: dict[str, CriterionModel] = Field(min_length=1, title="Критерии")
    recommended: RuleModel = Field(default_factory=RuleModel, title="Правило «рекомендована»")
    panel: PanelModel = Field(default_factory=PanelModel, title="Правила экспертизы")


@dataclass
class Criteria:
    items: dict[str, CriterionModel] = field(default_factory=dict)
    rule: RuleModel = field(default_factory=RuleModel)
    panel: PanelModel = field(default_factory=PanelModel)
    unreadable: bool = False  # the file is there but could not be used: its own error says why

    def scale(self, cid: str) -> tuple[int, int]:
        levels = self.items[cid].scale_levels
        return min(levels), max(levels)



def load_criteria(root: Path, problems: Problems) -> Criteria:
    path = root / CRITERIA_FILE
    if not path.exists():
        return Criteria()
    shown = f"{root.name}/{CRITERIA_FILE}"
    doc, problem = load_file(path, shown)
    if problem:
        problems.items.append(problem)
        return Criteria(unreadable=True)
    try:
        parsed = CriteriaFile.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error.get("loc", ()))
            line, col = doc.position(loc[:-1] if error.get("type") == "missing" else loc)
            problems.add(shown, line, col, translate(CriteriaFile, error))
        return Criteria(unreadable=True)
    for cid, crit in parsed.criteria.items():
        bad = [k for k in crit.levels if not k.isdigit()]
        levels = sorted(crit.scale_levels)
        if bad or len(levels) < 2 or levels != list(range(levels[0], levels[-1] + 1)):
            line, col = doc.position(("criteria", cid, "levels"))
            problems.add(shown, line, col, f"уровни критерия «{cid}» должны идти подряд, например 1, 2, 3, 4, 5")
    return Criteria(parsed.criteria, parsed.recommended, parsed.panel)


def evidence_level(record: Record) -> str:
    """Only achieved outcomes count: an outcome indicator with a source (and its baseline for
    «compared»), or achieved results in words. Outputs (manuals published, events held, people
    trained) show the volume of work, not its effect; expected results are plans."""
    m = record.model
    outcomes = [i for i in getattr(m, "indicators", []) or [] if i.type == "outcome" and i.source]
    if any(i.baseline is not None for i in outcomes):
        return "compared"
    if outcomes:
        return "measured"
    if getattr(m, "results", None):
        return "described"
    return "none"


def _document(source: Any) -> str:
    return f"{SOURCE_TYPES[source.type]} «{source.title}»" + (f" ({source.year})" if source.year else "")


def results_basis(record: Record) -> dict[str, Any]:
    """What the results of an entry stand on, in words for pages, booklets and data:
    the documents it is written from, and what its expected results are."""
    m = record.model
    sources = list(getattr(m, "sources", []) or [])
    documents = "; ".join(_document(s) for s in sources)
    reach = getattr(m, "reach", None)
    reach_parts = []
    if reach is not None:
        for value, unit in ((reach.participants, "участников"), (reach.organizations, "организаций"),
                            (reach.municipalities, "муниципалитетов")):
            if value:
                reach_parts.append(f"{value} {unit}")
    return {
        "sources": [{"label": SOURCE_TYPES[s.type].capitalize(), "type": s.type, "title": s.title,
                     "year": s.year, "url": s.url} for s in sources],
        "documents": documents,
        "expected": (f"Так результаты названы в документах ({documents}): это планы, а не итоги."
                     if documents else "Это планы авторов, а не итоги."),
        "reach": ", ".join(reach_parts),
    }


PANEL_LABELS = {
    "none": "не оценена экспертами",
    "preliminary": "предварительная оценка",
    "disputed": "нужна ещё одна экспертиза",
    "final": "итоговая оценка",
}


@dataclass
class Panel:
    """What the experts' assessments of one entry add up to.

    ``status``: none (no assessment), preliminary (fewer than ``min_experts``: shown as such,
    not ranked), disputed (on some criterion no majority of experts is within the allowed
    spread: another expert is needed, not ranked) or final (ranked)."""
    status: str
    count: int
    rows: list[dict[str, Any]]
    score: float | None
    experts: list[dict[str, Any]]

    @property
    def label(self) -> str:
        return PANEL_LABELS[self.status]

    @property
    def ranked(self) -> bool:
        return self.status == "final"


def settled(scores: list[int], disagreement: int) -> bool:
    """More than half of the experts gave scores that differ by less than ``disagreement``:
    with two experts, 3 and 4 agree, 2 and 4 do not; a third expert's 4 settles 2, 4, 4."""
    ordered = sorted(scores)
    best = max(sum(1 for s in ordered if low <= s < low + disagreement) for low in ordered)
    return best * 2 > len(ordered)


def _normalised(criteria: Criteria, cid: str, value: float) -> float:
    lo, hi = criteria.scale(cid)
    return 1 + 4 * (value - lo) / (hi - lo)  # every scale as 1..5, so criteria with other scales compare


def weighted_score(criteria: Criteria, values: dict[str, float]) -> float | None:
    """The overall score by the rule of criteria.yml: the weighted mean of the criteria's
    values (each scale brought to 1..5)."""
    total = weights = 0.0
    for cid, crit in criteria.items.items():
        if cid in values:
            total += _normalised(criteria, cid, values[cid]) * crit.weight
            weights += crit.weight
    return round(total / weights, 2) if weights else None


def panel(bank: Bank, record: Record) -> Panel:
    memo = bank.memo("panel")
    if record.slug not in memo:
        memo[record.slug] = _panel(bank, record)
    return memo[record.slug]


def _panel(bank: Bank, record: Record) -> Panel:
    criteria: Criteria | None = bank.criteria
    filed = bank.assessments.get(record.slug, []) if criteria is not None and criteria.items else []
    if not filed:
        return Panel("none", 0, [], None, [])
    rule = criteria.panel
    rows, medians = [], {}
    for cid, crit in criteria.items.items():
        scores = [f.model.scores[cid].score for f in filed if cid in f.model.scores]
        if not scores:
            continue
        median = statistics.median(scores)
        median = int(median) if median == int(median) else median  # 4, not 4.0; 4.5 stays
        medians[cid] = median
        lo, hi = criteria.scale(cid)
        rows.append({"id": cid, "label": crit.label, "median": median, "min": min(scores), "max": max(scores),
                     "scores": sorted(scores), "lo": lo, "hi": hi, "weight": crit.weight,
                     "level_text": crit.scale_levels.get(round(median), ""),
                     "disputed": len(scores) > 1 and not settled(scores, rule.disagreement)})
    if len(filed) < rule.min_experts:
        status = "preliminary"
    elif any(r["disputed"] for r in rows):
        status = "disputed"
    else:
        status = "final"
    experts = []
    for f in sorted(filed, key=lambda f: (f.model.date, f.model.expert)):
        person = bank.experts.get(f.model.expert)
        experts.append({"slug": f.model.expert, "name": person.name if person else f.model.expert,
                        "position": person.position if person else "", "date": f.model.date,
                        "conclusion": f.model.conclusion, "path": f.path,
                        "score": weighted_score(criteria, {c: s.score for c, s in f.model.scores.items()})})
    return Panel(status, len(filed), rows, weighted_score(criteria, medians), experts)


def overall_score(bank: Bank, record: Record) -> float | None:
    """The score a ranking uses: only a final panel's (preliminary and disputed ones are not ranked)."""
    p = panel(bank, record)
    return p.score if p.ranked else None


def agreement(bank: Bank) -> dict[str, Any]:
    """Inter-rater agreement of the bank's experts: Krippendorff's alpha (ordinal when every
    criterion has the same scale, interval on the 1..5 scale otherwise) over every criterion of
    every entry with two or more assessments — once ``agreement_min_entries`` such entries exist."""
    criteria: Criteria | None = bank.criteria
    pairs = {slug: filed for slug, filed in bank.assessments.items() if len(filed) >= 2}
    need = criteria.panel.agreement_min_entries if criteria is not None else 3
    result: dict[str, Any] = {"entries": len(pairs), "need": need, "alpha": None, "level": ""}
    if criteria is None or not criteria.items or len(pairs) < need:
        return result
    import krippendorff
    import numpy as np

    scales = {criteria.scale(cid) for cid in criteria.items}
    same = len(scales) == 1
    experts = sorted({f.model.expert for filed in pairs.values() for f in filed})
    units = [(slug, cid) for slug in sorted(pairs) for cid in criteria.items]
    data = np.full((len(experts), len(units)), np.nan)
    for j, (slug, cid) in enumerate(units):
        for f in pairs[slug]:
            if cid in f.model.scores:
                value = f.model.scores[cid].score
                data[experts.index(f.model.expert), j] = value if same else _normalised(criteria, cid, value)
    values = data[~np.isnan(data)]
    if len(set(values.tolist())) < 2:
        result["level"] = "все эксперты поставили одинаковые баллы: согласованность не вычисляется"
        return result
    level = "ordinal" if same else "interval"
    kwargs: dict[str, Any] = {"value_domain": list(range(min(scales)[0], min(scales)[1] + 1))} if same else {}
    alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement=level, **kwargs))
    result["alpha"] = round(alpha, 2)
    result["level"] = ("высокая" if alpha >= 0.8 else "приемлемая для предварительных выводов" if alpha >= 0.667
                       else "низкая: критерии понимаются по-разному, нужна сверка экспертов")
    return result


def is_recommended(bank: Bank, record: Record) -> bool:
    criteria: Criteria | None = bank.criteria
    if criteria is None:
        return False
    rule = criteria.rule
    score = overall_score(bank, record)
    if score is None or score < rule.min_score:
        return False
    if EVIDENCE_LEVELS.index(evidence_level(record)) < EVIDENCE_LEVELS.index(rule.min_evidence):
        return False
    m = record.model
    if rule.maturity and getattr(m, "maturity", None) != rule.maturity:
        return False
    if rule.min_recognition:
        rec = getattr(m, "recognition", None)
        if rec is None or RECOGNITION_ORDER.index(rec) < RECOGNITION_ORDER.index(rule.min_recognition):
            return False
    return True


MATURITY_LABELS = {"pilot": "пилот", "verified": "проверена"}


def status_label(bank: Bank, record: Record) -> str:
    if is_recommended(bank, record):
        return "рекомендована"
    return MATURITY_LABELS.get(getattr(record.model, "maturity", None) or "", "не указана")


def rule_text(criteria: Criteria) -> list[str]:
    rule = criteria.rule
    parts = [f"итоговая оценка не ниже {rule.min_score:g} из 5 (не меньше {criteria.panel.min_experts} "
             "независимых экспертиз без расхождений)",
             f"уровень доказательности не ниже «{EVIDENCE_LABELS[rule.min_evidence]}»"]
    if rule.maturity:
        parts.append("стадия «проверена»" if rule.maturity == "verified" else "стадия «пилот»")
    if rule.min_recognition:
        parts.append(f"признание не ниже уровня «{RECOGNITION_LABELS[rule.min_recognition]}»")
    return parts


def scorecard(bank: Bank, record: Record) -> dict[str, Any]:
    """What the panel on an entry's page shows."""
    m = record.model
    level = evidence_level(record)
    p = panel(bank, record)
    return {
        "panel": p,
        "evidence": level,
        "evidence_label": EVIDENCE_LABELS[level],
        "evidence_rank": EVIDENCE_LEVELS.index(level),
        "evidence_max": len(EVIDENCE_LEVELS) - 1,
        "recognition": RECOGNITION_LABELS.get(getattr(m, "recognition", None) or "", ""),
        "status": status_label(bank, record),
        "recommended": is_recommended(bank, record),
    }


def assessable(record: Record) -> bool:
    return record.kind in BENCHMARKED_KINDS


def ranking(bank: Bank, records: list[Record]) -> list[Record]:
    """Of ``records``, the practices and programmes with a final expert score, best first."""
    ranked = [r for r in records if assessable(r) and r.published and overall_score(bank, r) is not None]
    return sorted(ranked, key=lambda r: (-(overall_score(bank, r) or 0),
                                         -EVIDENCE_LEVELS.index(evidence_level(r)), r.title))


# -- factual indicators: benchmarking from what entries hold, before any expert has scored ------

def years_in_operation(record: Record) -> tuple[int, str] | None:
    """(years, «2020–2023») from the entry's years; an ongoing one counts to the year it was last
    checked (so a build does not change with the calendar)."""
    years = getattr(record.model, "years", None)
    if years is None:
        return None
    m = record.model
    end = years.end if years.end is not None else max(years.start, (m.reviewed or m.added).year)
    span = f"{years.start}–{years.end}" if years.end and years.end != years.start else (
        str(years.start) if years.end else f"с {years.start} по {end} (продолжается)")
    return end - years.start + 1, span


def network(bank: Bank, record: Record) -> dict[str, int]:
    """The network of the entry's organisation as the bank records it: member organisations
    (all levels) and the municipalities they are in."""
    site = bank.site_of(record)
    if site is None:
        return {"organizations": 0, "municipalities": 0}
    members: list[Record] = []
    todo = [site.slug]
    seen = {site.slug}
    while todo:
        for member in bank.members_of(todo.pop()):
            if member.slug not in seen and member.published:
                seen.add(member.slug)
                members.append(member)
                todo.append(member.slug)
    places = {bank.place_of(m)[1] for m in members} - {None}
    return {"organizations": len(members), "municipalities": len(places)}


def reach(record: Record) -> dict[str, Any] | None:
    """Reach as the entry gives it, with numbers from a report or a publication."""
    own = getattr(record.model, "reach", None)
    if own is None:
        return None
    parts = [(own.participants, "участников"), (own.organizations, "организаций"),
             (own.municipalities, "муниципалитетов")]
    return {"value": (own.participants or 0, own.organizations or 0, own.municipalities or 0),
            "text": ", ".join(f"{v} {u}" for v, u in parts if v),
            "basis": own.source + (f", {own.period}" if own.period else "")}


# What a complete description of a practice or programme holds: a reader can transfer it.
COMPLETENESS = {
    "tutoring": [("problem", "проблема"), ("goal", "цель"), ("tasks", "задачи"), ("years", "годы реализации"),
                 (("stages", "plan"), "этапы или план"), ("resources", "ресурсы"),
                 (("results", "expected_results"), "результаты"), ("indicators", "измеримые показатели"),
                 ("transfer", "условия переноса"), ("materials", "материалы"), ("contacts", "контакты"),
                 ("sources", "источники описания")],
    "programmes": [("topic", "тема"), ("years", "годы реализации"), ("duration", "продолжительность"),
                   ("hours", "часы всех модулей"), ("mentors", "педагоги-мастера"),
                   ("diagnostics", "диагностические инструменты"),
                   (("results", "expected_results"), "результаты"), ("indicators", "измеримые показатели"),
                   ("materials", "материалы"), ("contacts", "контакты"), ("sources", "источники описания")],
}


def completeness(record: Record) -> dict[str, Any]:
    """Which parts of a full description an entry has: (filled, total, what is missing)."""
    m = record.model
    items = COMPLETENESS.get(record.kind, [])
    missing = []
    for fields, label in items:
        if fields == "hours":
            present = getattr(m, "computed_hours", None) is not None
        else:
            present = any(getattr(m, f, None) for f in ((fields,) if isinstance(fields, str) else fields))
        if not present:
            missing.append(label)
    filled = len(items) - len(missing)
    return {"filled": filled, "total": len(items), "percent": round(100 * filled / len(items)) if items else 0,
            "missing": missing}


RECOGNITION_RANK = {level: i + 1 for i, level in enumerate(RECOGNITION_ORDER)}


# -- conflict of interest: one rule for the validator and the expert form ----------------------

def network_of(bank: Bank, record: Record) -> list[str]:
    """The organisation that runs the entry and the networks it belongs to, nearest first."""
    site = bank.site_of(record)
    return organisation_chain(bank, site.slug if site is not None else None)


def organisation_chain(bank: Bank, slug: str | None) -> list[str]:
    """The organisation and the networks it belongs to, nearest first."""
    chain: list[str] = []
    while slug and slug not in chain:
        chain.append(slug)
        target = bank.get(slug)
        slug = target.model.parent if target is not None and isinstance(target.model, Site) else None
    return chain


def people_keys(record: Record) -> set[str]:
    m = record.model
    names = [p.name for p in getattr(m, "authors", []) or []] + [p.name for p in getattr(m, "mentors", []) or []]
    names += [c.name for c in getattr(m, "contacts", []) or [] if c.name]
    return {person_key(n) for n in names}


def person_key(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


def conflict(bank: Bank, record: Record, expert: Any) -> str | None:
    """Why ``expert`` may not assess ``record`` (a Russian clause), or None."""
    chain = network_of(bank, record)
    if expert.organization and expert.organization in chain:
        org = bank.get(expert.organization)
        title = org.title if org else expert.organization
        if expert.organization == chain[0]:
            return f"эксперт работает в организации, которая ведёт эту запись («{title}»)"
        return f"эксперт работает в «{title}», в сеть которой входит организация этой записи"
    if person_key(expert.name) in people_keys(record):
        return "эксперт — автор, наставник или контактное лицо этой записи"
    return None


# -- adoptions: documented transfer to other organisations ---------------------------------------

# An entry adopted by at least this many other organisations has its transferability shown in
# practice, not only described (README «Бенчмаркинг», page «Как читать оценки»).
PROVEN_TRANSFER = 2


def adopters(bank: Bank, record: Record) -> list[str]:
    """The other organisations (bank slug or name, once each) where the entry works — planned
    adoptions and the entry's own organisation and network head do not count."""
    own = set(network_of(bank, record))
    seen: list[str] = []
    for adoption in bank.adoptions_of(record.slug):
        m = adoption.model
        if m.stage != "adopted":
            continue
        who = m.organization or "name:" + person_key(m.organization_name or "")
        if who not in own and who not in seen:
            seen.append(who)
    return seen


def transfer_level(bank: Bank, record: Record) -> str:
    n = len(adopters(bank, record))
    if n >= PROVEN_TRANSFER:
        return f"переносимость подтверждена: внедрена в {n} других организациях"
    if n == 1:
        return "внедрена в одной другой организации"
    return "о внедрениях не сообщалось"
