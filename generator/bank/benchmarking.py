"""Benchmarking: criteria, evidence levels, overall scores and the «рекомендована» rule.

Criteria and the badge rule live in ``practices/criteria.yml``; everything
here is derived from data, never typed by authors: the overall score (weighted
mean of the expert's scores), the evidence level of a practice and whether it
earns the «рекомендована» badge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.bank.core import Bank, Record
from generator.model.messages import translate
from generator.model.entries import BENCHMARKED_KINDS, RECOGNITION_LABELS, Line, Text
from generator.problems import Problems
from generator.load.yamlio import load_file

CRITERIA_FILE = "criteria.yml"

EVIDENCE_LEVELS = ["none", "described", "measured", "compared"]
EVIDENCE_LABELS = {
    "none": "нет данных",
    "described": "результаты описаны",
    "measured": "результаты измерены",
    "compared": "измерены и сравнены с исходными",
}
EVIDENCE_HELP = {
    "none": "В описании нет результатов.",
    "described": "Результаты описаны словами, без числовых показателей.",
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


class CriteriaFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    criteria: dict[str, CriterionModel] = Field(min_length=1, title="Критерии")
    recommended: RuleModel = Field(default_factory=RuleModel, title="Правило «рекомендована»")


@dataclass
class Criteria:
    items: dict[str, CriterionModel] = field(default_factory=dict)
    rule: RuleModel = field(default_factory=RuleModel)
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
    return Criteria(parsed.criteria, parsed.recommended)


def check_assessments(bank: Bank, criteria: Criteria, problems: Problems, today: date | None = None) -> None:
    """Scores inside their scale, every criterion scored, dates not in the future."""
    today = today or date.today()
    for record in bank.records.values():
        m = record.model
        assessment = getattr(m, "assessment", None)
        if assessment is None or record.document is None:
            continue
        doc = record.document
        if not criteria.items:
            if not criteria.unreadable:
                line, col = doc.position(("assessment",))
                problems.add(record.path, line, col, "оценка есть, а файла критериев practices/criteria.yml нет")
            continue
        for cid, score in assessment.scores.items():
            line, col = doc.position(("assessment", "scores", cid))
            if cid not in criteria.items:
                import difflib
                close = difflib.get_close_matches(cid, list(criteria.items), n=1)
                tip = f"; возможно, «{close[0]}»" if close else f"; допустимы: {', '.join(criteria.items)}"
                problems.add(record.path, line, col, f"неизвестный критерий «{cid}»{tip}")
                continue
            lo, hi = criteria.scale(cid)
            if not lo <= score <= hi:
                problems.add(record.path, *doc.position(("assessment", "scores", cid)),
                             f"балл {score} по критерию «{criteria.items[cid].label}» вне шкалы {lo}–{hi}")
        missing = [c for c in criteria.items if c not in assessment.scores]
        if missing:
            line, col = doc.key_position(("assessment", "scores"))
            names = ", ".join(f"{c} ({criteria.items[c].label})" for c in missing)
            problems.add(record.path, line, col, f"нет баллов по критериям: {names}")
        if assessment.date > today:
            line, col = doc.position(("assessment", "date"))
            problems.add(record.path, line, col,
                         f"дата оценки {assessment.date.isoformat()} ещё не наступила")
        if assessment.date < m.added.replace(year=max(1990, m.added.year - 30)):
            pass


def evidence_level(record: Record) -> str:
    m = record.model
    indicators = getattr(m, "indicators", []) or []
    if any(i.baseline is not None and i.source for i in indicators):
        return "compared"
    if any(i.source for i in indicators):
        return "measured"
    if getattr(m, "results", None):
        return "described"
    return "none"


def overall_score(record: Record, criteria: Criteria) -> float | None:
    assessment = getattr(record.model, "assessment", None)
    if assessment is None or not criteria.items:
        return None
    total = weights = 0.0
    for cid, crit in criteria.items.items():
        if cid in assessment.scores:
            lo, hi = criteria.scale(cid)
            # normalise every scale to 1..5 so criteria with other scales stay comparable
            value = 1 + 4 * (assessment.scores[cid] - lo) / (hi - lo)
            total += value * crit.weight
            weights += crit.weight
    return round(total / weights, 2) if weights else None


def is_recommended(record: Record, criteria: Criteria) -> bool:
    rule = criteria.rule
    score = overall_score(record, criteria)
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


def status_label(record: Record, criteria: Criteria) -> str:
    if is_recommended(record, criteria):
        return "рекомендована"
    maturity = getattr(record.model, "maturity", None)
    return {"pilot": "пилот", "verified": "проверена"}.get(maturity or "", "не указана")


def rule_text(criteria: Criteria) -> list[str]:
    rule = criteria.rule
    parts = [f"итоговый балл не ниже {rule.min_score:g} из 5",
             f"уровень доказательности не ниже «{EVIDENCE_LABELS[rule.min_evidence]}»"]
    if rule.maturity:
        parts.append("стадия «проверена»" if rule.maturity == "verified" else "стадия «пилот»")
    if rule.min_recognition:
        parts.append(f"признание не ниже уровня «{RECOGNITION_LABELS[rule.min_recognition]}»")
    return parts


def scorecard(record: Record, criteria: Criteria) -> dict[str, Any]:
    """What the EEF-like panel shows for one entry."""
    m = record.model
    assessment = getattr(m, "assessment", None)
    level = evidence_level(record)
    rows = []
    if assessment is not None:
        for cid, crit in criteria.items.items():
            if cid not in assessment.scores:
                continue
            lo, hi = criteria.scale(cid)
            score = assessment.scores[cid]
            rows.append({"id": cid, "label": crit.label, "score": score, "max": hi, "min": lo,
                         "level_text": crit.scale_levels.get(score, ""), "weight": crit.weight})
    return {
        "assessed": assessment is not None,
        "score": overall_score(record, criteria),
        "rows": rows,
        "evidence": level,
        "evidence_label": EVIDENCE_LABELS[level],
        "evidence_rank": EVIDENCE_LEVELS.index(level),
        "evidence_max": len(EVIDENCE_LEVELS) - 1,
        "recognition": RECOGNITION_LABELS.get(getattr(m, "recognition", None) or "", ""),
        "status": status_label(record, criteria),
        "recommended": is_recommended(record, criteria),
        "reviewer": assessment.reviewer if assessment else "",
        "date": assessment.date if assessment else None,
        "conclusion": assessment.conclusion if assessment else "",
    }


def assessable(record: Record) -> bool:
    return record.kind in BENCHMARKED_KINDS


def ranking(bank: Bank, criteria: Criteria, section: str, term_id: str) -> list[Record]:
    """Assessed practices and programmes with a term, best first."""
    records = [r for r in bank.term_index.get((section, term_id), [])
               if assessable(r) and overall_score(r, criteria) is not None]
    return sorted(records, key=lambda r: (-(overall_score(r, criteria) or 0),
                                          -EVIDENCE_LEVELS.index(evidence_level(r)), r.title))
