"""Benchmarking pages: the assessment scale, rankings by direction and competence, statistics,
the open-data description and the comparison."""

from __future__ import annotations

from generator.bank.core import Bank
from generator.render.page import GeneratedPage, Linker, env


def assessment_page(bank: Bank) -> GeneratedPage:
    from generator.bank.benchmarking import EVIDENCE_HELP, EVIDENCE_LABELS, EVIDENCE_LEVELS, rule_text

    criteria = bank.criteria
    items = [{"label": c.label, "description": c.description, "weight": f"{c.weight:g}",
              "levels": sorted(c.scale_levels.items())} for c in (criteria.items.values() if criteria else [])]
    body = env().get_template("assessment.md.j2").render(
        evidence=[{"label": EVIDENCE_LABELS[e], "help": EVIDENCE_HELP[e]} for e in EVIDENCE_LEVELS],
        criteria=items, rule=rule_text(criteria) if criteria else [])
    return GeneratedPage("assessment/index.md", {"title": "Как читать оценки", "description":
                         "Шкалы бенчмаркинга: уровни доказательности, критерии экспертной оценки и их уровни."},
                         body, in_nav=True)


RANKING_SECTIONS = (("directions", "По направлениям"), ("competences", "По компетенциям"))


def ranking_pages(bank: Bank) -> list[GeneratedPage]:
    from generator.bank.benchmarking import (EVIDENCE_LABELS, assessable, evidence_level, is_recommended, overall_score,
                               ranking, status_label)

    criteria = bank.criteria
    pages = []
    link = Linker(bank, "rankings/index.md")
    sections = []
    for section, title in RANKING_SECTIONS:
        terms = []
        for t in bank.vocabulary.terms(section):
            src = f"rankings/{section}/{t.id}.md"
            rows = ranking(bank, criteria, section, t.id) if criteria else []
            terms.append({"label": t.label, "url": link.md(src), "count": len(rows)})
            plink = Linker(bank, src)
            crit_ids = list(criteria.items) if criteria else []
            body = env().get_template("ranking.md.j2").render(
                title=f"Рейтинг: {t.label}", section_title=title, term_label=t.label, link=plink,
                criteria=[criteria.items[c].label for c in crit_ids],
                rows=[{"title": r.title, "url": plink.entry(r), "score": overall_score(r, criteria),
                       "scores": [r.model.assessment.scores.get(c) for c in crit_ids],
                       "evidence": EVIDENCE_LABELS[evidence_level(r)], "status": status_label(r, criteria),
                       "recommended": is_recommended(r, criteria)} for r in rows],
                compare_url=plink.to("compare/") + "?e=" + ",".join(r.slug for r in rows[:3]),
                unassessed=sum(1 for r in bank.term_index.get((section, t.id), []) if assessable(r)),
                term_page=plink.md_term(section, t.id))  # a Markdown link: MkDocs checks it
            pages.append(GeneratedPage(src, {"title": f"Рейтинг: {t.label}", "search_exclude": True,
                                             "description": f"Оценённые практики: {t.label}"}, body))
        sections.append({"title": title, "terms": terms})
    assessed = sum(1 for r in bank.published() if assessable(r) and criteria and overall_score(r, criteria) is not None)
    total = sum(1 for r in bank.published() if assessable(r))
    body = env().get_template("rankings.md.j2").render(sections=sections, link=link, assessed=assessed, total=total)
    pages.insert(0, GeneratedPage("rankings/index.md", {"title": "Рейтинги", "search_exclude": True,
                                  "description": "Оценённые практики по направлениям и компетенциям."},
                                  body, in_nav=True))
    return pages


def stats_page(bank: Bank) -> GeneratedPage:
    from generator.bank.benchmarking import assessable, overall_score
    from generator.bank.stats import charts

    published = bank.published()
    assess = [r for r in published if assessable(r)]
    assessed = [r for r in assess if bank.criteria and overall_score(r, bank.criteria) is not None]
    body = env().get_template("stats.md.j2").render(charts=charts(bank), total=len(published),
                                                     assessed=len(assessed), assessable=len(assess))
    return GeneratedPage("stats/index.md", {"title": "Статистика банка", "search_exclude": True,
                         "description": "Сколько записей в банке по видам, направлениям, компетенциям, "
                                        "территориям и годам."}, body, in_nav=True, own_markup=True)


def data_page(bank: Bank) -> GeneratedPage:
    from generator.bank.columns import all_columns

    names = {"tutoring": "практики", "programmes": "программы", "cases": "кейсы", "sites": "организации"}
    cols = [{"header": c.header, "description": c.description,
             "kinds": "все" if len(c.kinds) == 4 else ", ".join(names[k] for k in c.kinds)}
            for c in all_columns(bank)]
    body = env().get_template("data.md.j2").render(columns=cols, link=Linker(bank, "data/index.md"))
    return GeneratedPage("data/index.md", {"title": "Открытые данные", "description":
                         "Банк практик в CSV, XLSX и JSON, лента Atom; описание столбцов."}, body, in_nav=True)


def compare_page(bank: Bank) -> GeneratedPage:
    body = env().get_template("compare.md.j2").render(link=Linker(bank, "compare/index.md"))
    crit = [{"id": cid, "label": c.label, "max": max(c.scale_levels)} for cid, c in
            (bank.criteria.items.items() if bank.criteria else [])]
    return GeneratedPage("compare/index.md", {"title": "Сравнение", "template": "compare.html",
                         "search_exclude": True, "hide": ["navigation", "toc"], "bank_criteria": crit},
                         body, in_nav=True, own_markup=True)


def benchmarking_pages(bank: Bank) -> list[GeneratedPage]:
    return [assessment_page(bank), *ranking_pages(bank), stats_page(bank), data_page(bank), compare_page(bank)]
