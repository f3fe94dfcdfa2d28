"""The columns of the bank's tables: one specification drives the open data (CSV, XLSX)
and the /data/ page that documents them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from generator.bank.benchmarking import (EVIDENCE_LABELS, adopters, completeness, evidence_level, is_recommended,
                                         overall_score, panel, reach, results_basis, status_label)
from generator.bank.core import KIND_ORDER, Bank, Record
from generator.model.entries import ADOPTION_STAGES, BENCHMARKED_KINDS, KINDS, RECOGNITION_LABELS
from generator.textutil import plain_text

ALL = KIND_ORDER


@dataclass(frozen=True)
class Column:
    header: str
    kinds: tuple[str, ...]
    get: Callable[[Bank, Record], Any]
    description: str


def _labels(bank: Bank, r: Record, section: str) -> str:
    return "; ".join(bank.vocabulary.label(section, t) for t in bank.terms_of(r, section))


def place_label(bank: Bank, r: Record, which: int) -> str:
    value = bank.place_of(r)[which]
    section = "regions" if which == 0 else "municipalities"
    return bank.vocabulary.label(section, value) if value else ""


def _years(r: Record, which: str) -> Any:
    years = getattr(r.model, "years", None)
    return getattr(years, which) if years is not None else None


def _site(bank: Bank, r: Record) -> str:
    site = bank.site_of(r)
    return site.title if site is not None and site is not r else ""


def _join(items) -> str:
    return "\n".join(plain_text(x) for x in items)


def _crit(bank: Bank, r: Record, cid: str) -> Any:
    """The panel's median on a criterion, once the panel is final (as rankings use it)."""
    p = panel(bank, r)
    return next((row["median"] for row in p.rows if row["id"] == cid), None) if p.ranked else None


ASSESSED = BENCHMARKED_KINDS

COLUMNS: list[Column] = [
    Column("Вид", ALL, lambda b, r: KINDS[r.kind].label, "Вид записи: тьюторская практика, программа, кейс, организация"),
    Column("Имя записи", ALL, lambda b, r: r.slug, "Имя файла записи; часть адреса страницы"),
    Column("Название", ALL, lambda b, r: r.title, "Полное название"),
    Column("Кратко", ALL, lambda b, r: plain_text(r.model.summary), "Краткое описание"),
    Column("Организация", ("tutoring", "programmes", "cases", "adoptions"), _site,
           "Организация или площадка, которая ведёт запись (у внедрения — которая внедрила, если она есть в банке)"),
    Column("Регион", ALL, lambda b, r: place_label(b, r, 0), "Регион (свой или организации)"),
    Column("Муниципалитет", ALL, lambda b, r: place_label(b, r, 1), "Муниципалитет (свой или организации)"),
    Column("Год начала", ("tutoring", "programmes"), lambda b, r: _years(r, "start"), "Год начала реализации"),
    Column("Год окончания", ("tutoring", "programmes"), lambda b, r: _years(r, "end"),
           "Год окончания; пусто — продолжается или не указан"),
    Column("Направления", ("tutoring", "programmes", "cases"), lambda b, r: _labels(b, r, "directions"),
           "Направления через «; »"),
    Column("Целевые группы", ("tutoring", "programmes"), lambda b, r: _labels(b, r, "audiences"),
           "Целевые группы через «; »"),
    Column("Уровни образования", ("tutoring", "programmes"), lambda b, r: _labels(b, r, "levels"),
           "Уровни образования через «; »"),
    Column("Компетенции", ("tutoring", "programmes"), lambda b, r: _labels(b, r, "competences"),
           "Развиваемые компетенции через «; »"),
    Column("Формы и технологии", ("tutoring", "programmes"), lambda b, r: _labels(b, r, "forms"),
           "Формы работы через «; »"),
    Column("Проблема", ("tutoring", "cases"), lambda b, r: plain_text(r.model.problem), "Решаемая проблема"),
    Column("Цель", ("tutoring",), lambda b, r: plain_text(r.model.goal), "Цель практики"),
    Column("Задачи", ("tutoring",), lambda b, r: _join(r.model.tasks), "Задачи, каждая с новой строки"),
    Column("Достигнутые результаты", ("tutoring", "programmes"), lambda b, r: _join(r.model.results),
           "Результаты, которые источник называет полученными, каждый с новой строки"),
    Column("Ожидаемые результаты", ("tutoring", "programmes"), lambda b, r: _join(r.model.expected_results),
           "Планируемые результаты (из заявки, программы, плана), каждый с новой строки"),
    Column("Источники описания", ("tutoring", "programmes"), lambda b, r: results_basis(r)["documents"],
           "Документы, по которым составлена запись: вид, название, год; через «; »"),
    Column("Охват", ("tutoring", "programmes"), lambda b, r: (reach(r) or {}).get("text", ""),
           "Участники, организации, муниципалитеты по отчёту или публикации"),
    Column("Условия переноса", ("tutoring",), lambda b, r: plain_text(r.model.transfer or ""),
           "Условия переноса в другую школу"),
    Column("Авторы", ("tutoring",), lambda b, r: "; ".join(p.name for p in r.model.authors), "Авторы практики"),
    Column("Тема", ("programmes",), lambda b, r: plain_text(r.model.topic), "Тема программы"),
    Column("Формат", ("programmes",), lambda b, r: b.vocabulary.label("route_formats", r.model.format),
           "Индивидуальный или групповой маршрут"),
    Column("Продолжительность", ("programmes",), lambda b, r: r.model.duration or "", "Продолжительность программы"),
    Column("Модули", ("programmes",), lambda b, r: "\n".join(
        f"{m.title}" + (f" — {m.hours} ч" if m.hours else "") for m in r.model.modules), "Модули с часами"),
    Column("Всего часов", ("programmes",), lambda b, r: r.model.computed_hours, "Сумма часов модулей, если известна"),
    Column("Педагоги-мастера", ("programmes",), lambda b, r: "; ".join(p.name for p in r.model.mentors),
           "Наставники программы"),
    Column("Практика", ("cases",), lambda b, r: (b.get(r.model.practice).title if b.get(r.model.practice) else ""),
           "Практика, к которой относится кейс"),
    Column("Тьюторант", ("cases",), lambda b, r: b.vocabulary.label("tutee_types", r.model.tutee), "Кто тьюторант"),
    Column("Ситуация", ("cases",), lambda b, r: plain_text(r.model.situation), "Описание ситуации"),
    Column("Действия тьютора", ("cases",), lambda b, r: plain_text(r.model.actions), "Что сделал тьютор"),
    Column("Результат кейса", ("cases",), lambda b, r: plain_text(r.model.outcome), "Чем закончилось"),
    Column("Тип организации", ("sites",), lambda b, r: b.vocabulary.label("site_types", r.model.type), "Тип организации"),
    Column("Адрес", ("sites",), lambda b, r: r.model.address or "", "Почтовый адрес"),
    Column("Сайт", ("sites",), lambda b, r: r.model.website or "", "Сайт организации"),
    Column("Входит в сеть", ("sites",), lambda b, r: (b.get(r.model.parent).title if r.model.parent and b.get(r.model.parent) else ""),
           "Головная организация сети"),
    Column("Что внедрили", ("adoptions",), lambda b, r: (b.get(r.model.target).title if b.get(r.model.target) else ""),
           "Практика или программа банка, которую внедрили"),
    Column("Кто внедрил (не из банка)", ("adoptions",), lambda b, r: r.model.organization_name or "",
           "Название организации, если её нет в банке"),
    Column("Стадия внедрения", ("adoptions",), lambda b, r: ADOPTION_STAGES[r.model.stage], "внедрено или планируется"),
    Column("С какого года", ("adoptions",), lambda b, r: r.model.since, "Год начала работы практики в организации"),
    Column("Что изменили", ("adoptions",), lambda b, r: plain_text(r.model.adapted), "Что изменили и почему"),
    Column("Что получилось", ("adoptions",), lambda b, r: plain_text(r.model.outcome or ""), "Итоги внедрения"),
    Column("Внедрения", ASSESSED, lambda b, r: len(adopters(b, r)),
           "В скольких других организациях практика работает (по записям «Внедрение»)"),
    Column("Доказательность", ASSESSED, lambda b, r: EVIDENCE_LABELS[evidence_level(r)],
           "Уровень доказательности, вычисляется банком"),
    Column("Полнота описания, %", ASSESSED, lambda b, r: completeness(r)["percent"],
           "Доля заполненных разделов полного описания"),
    Column("Экспертиза", ASSESSED, lambda b, r: panel(b, r).label,
           "не оценена, предварительная оценка (одна экспертиза), нужна ещё одна экспертиза (расхождение) "
           "или итоговая оценка"),
    Column("Экспертиз", ASSESSED, lambda b, r: panel(b, r).count, "Сколько экспертов оценили запись"),
    Column("Итоговый балл", ASSESSED, lambda b, r: overall_score(b, r),
           "Взвешенное среднее медиан экспертов (1–5); только у итоговой оценки"),
    Column("Стадия", ASSESSED, lambda b, r: status_label(b, r),
           "пилот, проверена или рекомендована (по правилу из criteria.yml)"),
    Column("Признание", ASSESSED, lambda b, r: RECOGNITION_LABELS.get(getattr(r.model, "recognition", None) or "", ""),
           "Уровень признания"),
    Column("Рекомендована", ASSESSED, lambda b, r: "да" if is_recommended(b, r) else "нет",
           "Выполнено ли правило значка «рекомендована»"),
    Column("Лицензия", ALL, lambda b, r: b.licence_of(r), "На каких условиях описание можно использовать"),
    Column("Добавлена", ALL, lambda b, r: r.model.added, "Дата добавления в банк"),
    Column("Проверена", ALL, lambda b, r: r.model.reviewed or r.model.added, "Дата последней проверки"),
    Column("Адрес страницы", ALL, lambda b, r: r.url, "Адрес страницы записи относительно сайта"),
]


def criteria_columns(bank: Bank) -> list[Column]:
    if not bank.criteria or not bank.criteria.items:
        return []
    return [Column(f"Балл: {c.label}", ASSESSED, lambda b, r, cid=cid: _crit(b, r, cid),
                   f"Медиана баллов экспертов по критерию «{c.label}» (у итоговой оценки)") for cid, c in bank.criteria.items.items()]


def all_columns(bank: Bank) -> list[Column]:
    cols = list(COLUMNS)
    at = next(i for i, c in enumerate(cols) if c.header == "Добавлена")
    return cols[:at] + criteria_columns(bank) + cols[at:]
