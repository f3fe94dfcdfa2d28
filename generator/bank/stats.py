"""«Статистика банка»: counts aggregated with pandas at build time.

Counts of published entries by kind, direction, competence, education level,
region, municipality and year, and how many practices are assessed. Each table
is drawn as an accessible SVG bar chart (markup in the Jinja template) with the
same numbers in a table beside it.
"""

from __future__ import annotations

from typing import Any

from generator.bank.core import KIND_ORDER, Bank
from generator.bank.benchmarking import EVIDENCE_LABELS, assessable, evidence_level, panel
from generator.model.entries import KINDS, SOURCE_TYPES


def frame(bank: Bank):
    """One row per (entry, facet, value): the long table every count comes from."""
    import pandas as pd

    rows: list[tuple[str, str, str]] = []
    vocab = bank.vocabulary
    for r in bank.published():
        rows.append((r.slug, "kind", KINDS[r.kind].plural_label))
        for section in ("directions", "competences", "levels"):
            for t in bank.terms_of(r, section):
                rows.append((r.slug, section, vocab.label(section, t)))
        region, municipality = bank.place_of(r)
        if region:
            rows.append((r.slug, "regions", vocab.label("regions", region)))
        if municipality:
            rows.append((r.slug, "municipalities", vocab.label("municipalities", municipality)))
        for y in bank.years_of(r):
            rows.append((r.slug, "years", str(y)))
        if assessable(r):
            m = r.model
            rows.append((r.slug, "evidence", EVIDENCE_LABELS[evidence_level(r)]))
            rows.append((r.slug, "results", "есть достигнутые результаты" if m.results else
                         "только ожидаемые результаты" if m.expected_results else "результаты не названы"))
            for source in m.sources or []:
                rows.append((r.slug, "sources", SOURCE_TYPES[source.type]))
            if not m.sources:
                rows.append((r.slug, "sources", "источник не указан"))
            rows.append((r.slug, "panel", panel(bank, r).label))
        if r.kind == "adoptions" and r.model.stage == "adopted":
            rows.append((r.slug, "adoption_years", str(r.model.since)))
            rows.append((r.slug, "adoption_regions", vocab.label("regions", region) if region else "регион не указан"))
    return pd.DataFrame(rows, columns=["slug", "facet", "value"])


TITLES = [
    ("kind", "Записи по видам"),
    ("directions", "По направлениям"),
    ("competences", "По компетенциям"),
    ("levels", "По уровням образования"),
    ("regions", "По регионам"),
    ("municipalities", "По муниципалитетам"),
    ("years", "По годам реализации"),
    ("evidence", "Практики и программы по доказательности результатов"),
    ("results", "Достигнутые и ожидаемые результаты"),
    ("sources", "По каким документам составлены описания"),
    ("panel", "Экспертиза практик и программ"),
    ("adoption_years", "Внедрения по годам"),
    ("adoption_regions", "Внедрения по регионам"),
]


def counts(bank: Bank) -> dict[str, list[tuple[str, int]]]:
    df = frame(bank)
    out: dict[str, list[tuple[str, int]]] = {}
    for facet, _ in TITLES:
        sub = df[df["facet"] == facet].drop_duplicates(["slug", "value"])
        series = sub.groupby("value")["slug"].nunique()
        if facet in ("years", "adoption_years"):
            items = sorted(series.items(), key=lambda kv: kv[0])
        elif facet == "kind":
            order = [KINDS[k].plural_label for k in KIND_ORDER]
            items = sorted(series.items(), key=lambda kv: order.index(kv[0]))
        else:
            items = sorted(series.items(), key=lambda kv: (-kv[1], kv[0]))
        out[facet] = [(str(k), int(v)) for k, v in items]
    return out


def charts(bank: Bank) -> list[dict[str, Any]]:
    """Chart geometry for the template: one horizontal bar per value."""
    result = []
    data = counts(bank)
    for facet, title in TITLES:
        items = data.get(facet, [])
        peak = max((v for _, v in items), default=0) or 1
        bar_h, gap, label_w, width = 22, 6, 330, 760
        bars = []
        for i, (label, value) in enumerate(items):
            y = i * (bar_h + gap)
            w = round((width - label_w - 60) * value / peak, 1)
            short = label if len(label) <= 44 else label[:43].rstrip() + "…"
            bars.append({"label": label, "short": short, "value": value, "y": y, "w": w, "ty": y + bar_h * 0.7})
        result.append({"id": f"chart-{facet}", "facet": facet, "title": title, "bars": bars,
                       "height": max(1, len(items)) * (bar_h + gap), "bar_h": bar_h, "label_w": label_w,
                       "width": width, "total": sum(v for _, v in items)})
    return result
