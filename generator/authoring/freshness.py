"""Freshness report: entries whose information was not reviewed for too long."""

from __future__ import annotations

from datetime import date

from generator.bank.core import Bank
from generator.problems import WARNING, Problem


def months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return months


def stale_entries(bank: Bank, months: int = 24, today: date | None = None) -> list[Problem]:
    """A warning for every published entry not reviewed for more than ``months``."""
    today = today or date.today()
    out: list[Problem] = []
    for record in sorted(bank.records.values(), key=lambda r: r.path):
        if not record.published:
            continue
        last = record.model.reviewed or record.model.added
        age = months_between(last, today)
        if age > months:
            field = "reviewed" if record.model.reviewed else "added"
            line, col = record.document.position((field,)) if record.document else (1, 1)
            out.append(Problem(record.path, line, col,
                               f"сведения не проверялись {age} мес. (с {last.strftime('%d.%m.%Y')}); "
                               f"проверьте запись и обновите поле reviewed", WARNING))
    return out
