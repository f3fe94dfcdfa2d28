"""Benchmarking pages: how to read the scores, the experts' guide, rankings (factual and by
the experts' panels), statistics, the open-data description and the comparison.

Every ranking is ordered by one stated indicator and says why it matters; the experts'
ranking holds only entries with a final panel score. Nothing is ordered by a composite the
bank made up, and nothing is shown that an entry does not hold.
"""

from __future__ import annotations

from typing import Any

from generator.bank import benchmarking as bm
from generator.bank.core import Bank, Record
from generator.model.entries import KINDS, RECOGNITION_LABELS
from generator.problems import plural
from generator.render.page import GeneratedPage, Linker, env

GUIDE_SRC = "experts/index.md"


def _places(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Standard competition ranking: equal values share a place (1, 1, 3)."""
    place, previous = 0, object()
    for i, row in enumerate(rows, 1):
        if row[key] != previous:
            place, previous = i, row[key]
        row["place"] = place
    return rows


def _row(record: Record, link: Linker, value: str, basis: str, order: Any) -> dict[str, Any]:
    return {"title": record.title, "url": link.entry(record), "kind": KINDS[record.kind].label,
            "value": value, "basis": basis, "order": order, "slug": record.slug}


def factual_rankings(bank: Bank, records: list[Record], link: Linker) -> list[dict[str, Any]]:
    """Rankings built from what the entries hold — each by one indicator, with its reason."""
    records = [r for r in records if bm.assessable(r) and r.published]
    total = len(records)
    out = []

    level_rows = []
    for r in records:
        level = bm.evidence_level(r)
        if level != "none":
            level_rows.append(_row(r, link, bm.EVIDENCE_LABELS[level], bm.results_basis(r)["documents"],
                                   bm.EVIDENCE_LEVELS.index(level)))
    level_rows.sort(key=lambda x: (-x["order"], x["title"]))
    out.append({"id": "evidence", "title": "Доказательность результатов",
                "ordered_by": "уровню доказательности: сначала записи с показателями эффекта, измеренными "
                              "и сравненными с исходными, затем с измеренными, затем с результатами, "
                              "описанными словами",
                "why": "показывает, насколько достигнутый результат подтверждён; объём сделанного "
                       "(пособия, мероприятия) и ожидаемые результаты доказательством не считаются",
                "column": "Уровень", "rows": _places(level_rows, "order"),
                "empty": f"Не вошли {total - len(level_rows)} из {total} записей: их источники называют только "
                         "ожидаемые результаты (планы), достигнутых нет." if total > len(level_rows) else ""})

    year_rows = []
    planned = 0
    for r in records:
        years = bm.years_in_operation(r)
        if years and not r.model.results:
            planned += 1  # the years of a plan: nothing has been reported done in them
        elif years:
            count, span = years
            year_rows.append(_row(r, link, _years_word(count), f"{span}; достигнутое — по документам: "
                                  f"{bm.results_basis(r)['documents'] or 'не указаны'}", count))
    year_rows.sort(key=lambda x: (-x["order"], x["title"]))
    unknown = total - len(year_rows) - planned
    out.append({"id": "years", "title": "Продолжительность реализации",
                "ordered_by": "числу лет реализации по документам (для продолжающихся — до года последней "
                              "проверки записи); только у записей с достигнутыми результатами",
                "why": "практика, прошедшая несколько учебных циклов, проверена временем и сменой участников; "
                       "годы, о которых известен только план, этого не показывают",
                "column": "Лет", "rows": _places(year_rows, "order"),
                "empty": " ".join(x for x in (
                    _missing(planned, total, "их годы — годы плана, о достигнутом источники не сообщают"),
                    _missing(unknown, total, "годы реализации не указаны в источнике")) if x)})

    reach_rows = []
    for r in records:
        reach = bm.reach(r)
        if reach:
            reach_rows.append(_row(r, link, reach["text"], reach["basis"], reach["value"]))
    reach_rows.sort(key=lambda x: (tuple(-v for v in x["order"]), x["title"]))
    out.append({"id": "reach", "title": "Охват по отчётам",
                "ordered_by": "числу участников, затем организаций и муниципалитетов — как их приводит "
                              "отчёт или публикация",
                "why": "показывает масштаб, в котором практика уже работала",
                "column": "Охват", "rows": _places(reach_rows, "order"),
                "empty": _missing(total - len(reach_rows), total, "охват по отчёту не указан")})

    net_rows = []
    for r in records:
        if r.kind != "tutoring":
            continue
        net = bm.network(bank, r)
        if net["organizations"]:
            site = bank.site_of(r)
            text = f"{net['organizations']} орг." + (f", {net['municipalities']} муниц." if net["municipalities"] else "")
            net_rows.append(_row(r, link, text, f"сеть «{site.title}» в банке" if site else "",
                                 (net["organizations"], net["municipalities"])))
    net_rows.sort(key=lambda x: ((-x["order"][0], -x["order"][1]), x["title"]))
    tutoring = sum(1 for r in records if r.kind == "tutoring")
    out.append({"id": "network", "title": "Сеть организации",
                "ordered_by": "числу организаций (и муниципалитетов), входящих в сеть организации, "
                              "которая ведёт практику, — по записям банка (поле «Входит в сеть»); "
                              "считается для практик: программа — часть работы своей площадки",
                "why": "сеть — готовый канал переноса практики в другие школы и территории",
                "column": "Сеть", "rows": _places(net_rows, "order"),
                "empty": _missing(tutoring - len(net_rows), tutoring, "организация не возглавляет сеть в банке",
                                  what="практик")})

    adopted_rows = []
    for r in records:
        others = bm.adopters(bank, r)
        if others:
            adopted_rows.append(_row(r, link, f"{len(others)} орг.", bm.transfer_level(bank, r), len(others)))
    adopted_rows.sort(key=lambda x: (-x["order"], x["title"]))
    out.append({"id": "adoptions", "title": "Внедрения в других организациях",
                "ordered_by": "числу других организаций, которые сообщили, что практика или программа у них "
                              "работает (записи «Внедрение» со стадией «внедрено»; планы не считаются)",
                "why": f"внедрение — доказательство переносимости на деле; с {bm.PROVEN_TRANSFER} внедрений "
                       "банк считает переносимость подтверждённой",
                "column": "Внедрили", "rows": _places(adopted_rows, "order"),
                "empty": "Пока никто не сообщил о внедрении практики или программы банка." if not adopted_rows
                else _missing(total - len(adopted_rows), total, "о внедрениях не сообщалось")})

    full_rows = []
    for r in records:
        c = bm.completeness(r)
        basis = "нет: " + ", ".join(c["missing"]) if c["missing"] else "все разделы заполнены"
        full_rows.append(_row(r, link, f"{c['filled']} из {c['total']} ({c['percent']} %)", basis, c["percent"]))
    full_rows.sort(key=lambda x: (-x["order"], x["title"]))
    out.append({"id": "completeness", "title": "Полнота описания",
                "ordered_by": "доле заполненных разделов полного описания (проблема, цель, этапы, ресурсы, "
                              "результаты, показатели, условия переноса, материалы, контакты, источники…)",
                "why": "по полному описанию практику можно перенести в другую школу, не разыскивая авторов",
                "column": "Заполнено", "rows": _places(full_rows, "order"), "empty": ""})

    rec_rows = []
    for r in records:
        rec = getattr(r.model, "recognition", None)
        if rec:
            rec_rows.append(_row(r, link, RECOGNITION_LABELS[rec], r.model.recognition_source or "",
                                 bm.RECOGNITION_RANK[rec]))
    rec_rows.sort(key=lambda x: (-x["order"], x["title"]))
    out.append({"id": "recognition", "title": "Уровень признания",
                "ordered_by": "уровню, на котором практика признана: федеральный, региональный, "
                              "муниципальный, школьный",
                "why": "признание означает, что практику уже рассмотрели вне организации-автора",
                "column": "Уровень", "rows": _places(rec_rows, "order"),
                "empty": _missing(total - len(rec_rows), total, "уровень признания не указан")})
    return out


def _years_word(n: int) -> str:
    return f"{n} {plural(n, 'год', 'года', 'лет')}"


def _missing(count: int, total: int, why: str, what: str = "записей") -> str:
    if count <= 0:
        return ""
    return f"Не вошли {count} из {total} {what}: {why}."


def expert_ranking(bank: Bank, records: list[Record], link: Linker) -> dict[str, Any]:
    """The experts' ranking: final panel scores only; preliminary and disputed ones listed apart."""
    records = [r for r in records if bm.assessable(r) and r.published]
    ranked = bm.ranking(bank, records)
    rows = []
    for r in ranked:
        p = bm.panel(bank, r)
        spread = max((row["max"] - row["min"] for row in p.rows), default=0)
        rows.append(dict(_row(r, link, f"{p.score:g}", "", p.score), count=p.count, spread=spread,
                         recommended=bm.is_recommended(bank, r)))
    pending = []
    for r in sorted(records, key=lambda r: r.title):
        p = bm.panel(bank, r)
        if p.status in ("preliminary", "disputed"):
            disputed = [row["label"] for row in p.rows if row["disputed"]]
            pending.append({"title": r.title, "url": link.entry(r), "label": p.label, "count": p.count,
                            "score": p.score, "disputed": disputed, "status": p.status})
    return {"rows": _places(rows, "order"), "pending": pending, "total": len(records),
            "guide": link.md(GUIDE_SRC), "min_experts": bank.criteria.panel.min_experts if bank.criteria else 2,
            "compare_url": link.to("compare/") + "?e=" + ",".join(r["slug"] for r in rows[:3])}


RANKING_SECTIONS = (("directions", "По направлениям"), ("competences", "По компетенциям"))


def ranking_pages(bank: Bank) -> list[GeneratedPage]:
    pages = []
    link = Linker(bank, "rankings/index.md")
    sections = []
    for section, title in RANKING_SECTIONS:
        terms = []
        for t in bank.vocabulary.terms(section):
            records = [r for r in bank.term_index.get((section, t.id), []) if bm.assessable(r) and r.published]
            if not records:
                continue  # a term with nothing to compare gets no page of empty tables
            src = f"rankings/{section}/{t.id}.md"
            plink = Linker(bank, src)
            terms.append({"label": t.label, "url": link.md(src), "count": len(records)})
            body = env().get_template("ranking.md.j2").render(
                title=f"Рейтинги: {t.label}", section_title=title, term_label=t.label, link=plink,
                experts=expert_ranking(bank, records, plink), rankings=factual_rankings(bank, records, plink),
                term_page=plink.md_term(section, t.id), count=len(records))  # a Markdown link: MkDocs checks it
            pages.append(GeneratedPage(src, {"title": f"Рейтинги: {t.label}", "search_exclude": True,
                                             "description": f"Практики и программы ({t.label}) по фактам "
                                                            "и оценкам экспертов."}, body))
        sections.append({"title": title, "terms": terms})
    records = [r for r in bank.published() if bm.assessable(r)]
    body = env().get_template("rankings.md.j2").render(
        sections=sections, link=link, experts=expert_ranking(bank, records, link),
        rankings=factual_rankings(bank, records, link), total=len(records))
    pages.insert(0, GeneratedPage("rankings/index.md", {
        "title": "Рейтинги", "search_exclude": True,
        "description": "Практики и программы по доказательности, продолжительности, охвату, полноте описания "
                       "и оценкам экспертов."}, body, in_nav=True))
    return pages


def _criteria_items(bank: Bank) -> list[dict[str, Any]]:
    criteria = bank.criteria
    return [{"id": cid, "label": c.label, "description": c.description, "weight": f"{c.weight:g}",
             "levels": sorted(c.scale_levels.items()), "lo": min(c.scale_levels), "hi": max(c.scale_levels)}
            for cid, c in (criteria.items.items() if criteria else [])]


def assessment_page(bank: Bank) -> GeneratedPage:
    criteria = bank.criteria
    src = "assessment/index.md"
    body = env().get_template("assessment.md.j2").render(
        evidence=[{"label": bm.EVIDENCE_LABELS[e], "help": bm.EVIDENCE_HELP[e]} for e in bm.EVIDENCE_LEVELS],
        criteria=_criteria_items(bank), rule=bm.rule_text(criteria) if criteria else [],
        panel=criteria.panel if criteria else None, agreement=bm.agreement(bank), link=Linker(bank, src))
    return GeneratedPage(src, {"title": "Как читать оценки", "description":
                         "Шкалы бенчмаркинга: доказательность, ожидаемые и достигнутые результаты, критерии "
                         "экспертной оценки, согласованность экспертов."}, body, in_nav=True)


def experts_page(bank: Bank) -> GeneratedPage:
    """«Экспертам банка»: the criteria and scales, the procedure, the registry, how to submit."""
    criteria = bank.criteria
    experts = [{"slug": slug, "name": e.name, "position": e.position, "area": e.area,
                "organization": (bank.get(e.organization).title if e.organization and bank.get(e.organization)
                                 else e.organization_name or "")}
               for slug, e in sorted(bank.experts.items(), key=lambda kv: kv[1].name)]
    assessed = sum(len(v) for v in bank.assessments.values())
    body = env().get_template("experts.md.j2").render(
        criteria=_criteria_items(bank), panel=criteria.panel if criteria else None, experts=experts,
        assessed=assessed, link=Linker(bank, GUIDE_SRC))
    return GeneratedPage(GUIDE_SRC, {"title": "Экспертам банка", "description":
                         "Как эксперты оценивают практики и программы: критерии, шкалы, порядок экспертизы, "
                         "конфликт интересов, как прислать оценку."}, body, in_nav=True)


def stats_page(bank: Bank) -> GeneratedPage:
    from generator.bank.stats import charts

    published = bank.published()
    assess = [r for r in published if bm.assessable(r)]
    statuses = {s: 0 for s in bm.PANEL_LABELS}
    for r in assess:
        statuses[bm.panel(bank, r).status] += 1
    body = env().get_template("stats.md.j2").render(
        charts=charts(bank), total=len(published), assessable=len(assess), statuses=statuses,
        labels=bm.PANEL_LABELS, agreement=bm.agreement(bank), link=Linker(bank, "stats/index.md"))
    return GeneratedPage("stats/index.md", {"title": "Статистика банка", "search_exclude": True,
                         "description": "Сколько записей в банке по видам, направлениям, территориям и годам; "
                                        "доказательность, источники и экспертиза практик и программ."},
                         body, in_nav=True, own_markup=True)


def data_page(bank: Bank) -> GeneratedPage:
    from generator.bank.columns import all_columns

    cols = [{"header": c.header, "description": c.description,
             "kinds": "все" if len(c.kinds) == len(KINDS) else ", ".join(KINDS[k].plural_label.lower() for k in c.kinds)}
            for c in all_columns(bank)]
    from generator.model.events import EVENT_COLUMNS

    events = [{"header": c.header, "description": c.description} for c in EVENT_COLUMNS]
    body = env().get_template("data.md.j2").render(columns=cols, events=events, link=Linker(bank, "data/index.md"),
                                                    licence=bank.publication.licence if bank.publication else "")
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
    return [assessment_page(bank), experts_page(bank), *ranking_pages(bank), stats_page(bank), data_page(bank),
            compare_page(bank)]
