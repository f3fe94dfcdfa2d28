"""The file of one expert's assessment, written by `practice-bank new assessment`.

From the criteria (with every level of every scale as a comment beside the score), the
entry and the registry: a template to fill in, or — with ``--score`` and ``--conclusion`` —
the finished file. The validator checks it like any other assessment.
"""

from __future__ import annotations

import json
from datetime import date
from generator.bank.core import Bank, Record


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def assessment_text(bank: Bank, record: Record, expert: str, scores: dict[str, tuple[int, str]] | None = None,
                    conclusion: str = "", today: date | None = None) -> str:
    criteria = bank.criteria
    person = bank.experts.get(expert)
    scores = scores or {}
    lines = [f"# Экспертная оценка: «{record.title}» — {person.name if person else expert}",
             "# Баллы — по каждому критерию, по шкале из practices/criteria.yml (уровни — в комментариях).",
             "# Для крайнего балла шкалы обоснование (justification) обязательно.",
             "# Проверка: practice-bank validate",
             f"expert: {expert}",
             f"date: {(today or date.today()).isoformat()}",
             "scores:"]
    for cid, crit in criteria.items.items():
        lo, hi = criteria.scale(cid)
        lines.append(f"  {cid}:")
        lines.append(f"    # {crit.label}: {crit.description}".rstrip())
        for level, text in sorted(crit.scale_levels.items()):
            lines.append(f"    #   {level} — {text}")
        score, why = scores.get(cid, (None, ""))
        lines.append(f"    score: {score if score is not None else ''}" + ("" if score is not None else f"  # от {lo} до {hi}"))
        lines.append(f"    justification: {_quoted(why)}" if why else
                     f"    # justification: \"\"  # обязательно для баллов {lo} и {hi}")
    lines.append(f"conclusion: {_quoted(conclusion)}" if conclusion else "conclusion: \"...\"  # краткий вывод эксперта")
    return "\n".join(lines) + "\n"


def parse_scores(items: list[str]) -> tuple[dict[str, tuple[int, str]], list[str]]:
    """``relevance=4`` or ``relevance=5:обоснование`` → {id: (score, justification)}; and errors."""
    out: dict[str, tuple[int, str]] = {}
    errors: list[str] = []
    for item in items:
        cid, sep, rest = item.partition("=")
        value, _, why = rest.partition(":")
        if not sep or not cid.strip() or not value.strip().lstrip("-").isdigit():
            errors.append(f"«{item}»: нужно критерий=балл или критерий=балл:обоснование, например relevance=4")
            continue
        out[cid.strip()] = (int(value), why.strip())
    return out, errors
