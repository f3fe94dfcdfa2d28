"""A tiny valid bank written by the tests, to be broken on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import PRACTICES

SITE = """\
# yaml-language-server: $schema=../schema/sites.schema.json
title: Школа для проверки
summary: Тестовая организация.
added: 2024-01-10
type: staging-site
region: krasnodar-krai
municipality: timashevsky-district
"""

TUTORING = """\
# yaml-language-server: $schema=../schema/tutoring.schema.json
title: Тьюторское сопровождение одарённых детей
summary: Проверочная практика.
added: 2024-01-10
reviewed: 2024-02-01
authors:
  - name: Иванова Анна Петровна
    position: тьютор
organization: test-school
region: krasnodar-krai
years:
  start: 2019
  end: 2021
directions:
  - gifted-children
audience:
  - gifted-pupils
forms:
  - tutorial
problem: Одарённым детям не хватает индивидуального сопровождения.
goal: Создать условия для индивидуальных образовательных программ.
tasks:
  - Выявить интересы учеников.
sources:
  - type: report
    title: Отчёт школы о работе тьюторов
    year: 2021
results:
  - Ученики составили индивидуальные программы.
"""

PROGRAMME = """\
# yaml-language-server: $schema=../schema/programmes.schema.json
title: Программа для молодых педагогов
summary: Проверочная программа.
added: 2024-01-10
site: test-school
topic: Методические компетенции молодого учителя.
competences:
  - methodical
audience:
  - young-teachers
format: group
modules:
  - title: Введение
    hours: 4
    form: seminar
  - title: Практика
    hours: 8
    form: master-class
total_hours: 12
"""

CASE = """\
# yaml-language-server: $schema=../schema/cases.schema.json
title: Ученик выбирает олимпиаду
summary: Проверочный кейс.
added: 2024-01-10
practice: gifted-practice
tutee: gifted-pupil
situation: Ученик седьмого класса интересуется физикой.
problem: Он не знает, с чего начать.
actions: Тьютор провёл тьюториал и помог составить план.
outcome: Ученик выбрал олимпиаду и начал готовиться.
questions:
  - Что ещё мог сделать тьютор?
"""

# One row of an import spreadsheet for the tiny bank: a valid tutoring practice.
IMPORT_ROW = {"Имя файла": "imported", "Название": "Импортированная практика", "Кратко": "Проверка импорта.",
              "Авторы": "Петров Пётр, тьютор", "Организация": "test-school", "Регион": "Краснодарский край",
              "Направления": "Одарённые дети", "Целевые группы": "Обучающиеся", "Формы и технологии": "Тьюториал",
              "Проблема": "Проблема есть.", "Цель": "Цель есть.", "Задачи": "Задача одна",
              "Ожидаемые результаты": "Результат один", "Год начала": "2019", "Год окончания": "2021",
              "Дата добавления": "2024-01-10"}

# Experts of the tests (fictional, marked as such): one of them works at the tiny bank's school.
EXPERTS = """\
experts:
  expert-one:
    name: Первый Эксперт Тестовый
    position: методист
    organization_name: Тестовый институт
    area: тьюторское сопровождение
    consent: 2024-01-01
  expert-two:
    name: Второй Эксперт Тестовый
    position: доцент
    organization_name: Тестовый университет
    area: методическая работа
    consent: 2024-01-01
  expert-three:
    name: Третий Эксперт Тестовый
    position: старший методист
    organization_name: Тестовый центр
    area: оценка качества образования
    consent: 2024-01-01
  insider:
    name: Свой Эксперт Тестовый
    position: заместитель директора
    organization: test-school
    area: тьюторское сопровождение
    consent: 2024-01-01
"""


def assessment(expert: str, scores: dict[str, int], day: str = "2024-03-01", why: str = "Обоснование балла.") -> str:
    """One expert's assessment file; every score at the scale's end gets a justification."""
    lines = [f"expert: {expert}", f"date: {day}", "scores:"]
    for cid, score in scores.items():
        lines += [f"  {cid}:", f"    score: {score}"]
        if score in (1, 5):
            lines.append(f"    justification: {why}")
    lines.append("conclusion: Заключение эксперта.")
    return "\n".join(lines) + "\n"


def scores(relevance: int, effectiveness: int, transferability: int, innovation: int = 4,
           resource_efficiency: int = 4) -> dict[str, int]:
    return {"relevance": relevance, "effectiveness": effectiveness, "transferability": transferability,
            "innovation": innovation, "resource_efficiency": resource_efficiency}


def add_assessment(practices: Path, entry: str, expert: str, text: str) -> Path:
    folder = practices / "assessments" / entry
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{expert}.yml"
    path.write_text(text, encoding="utf-8")
    return path


FILES = {
    "sites/test-school.yml": SITE,
    "tutoring/gifted-practice.yml": TUTORING,
    "programmes/young-teachers.yml": PROGRAMME,
    "cases/olympiad-choice.yml": CASE,
}


def make_minibank(root: Path) -> Path:
    """Write the tiny bank into ``root/practices`` and return that folder."""
    practices = root / "practices"
    for kind in ("tutoring", "programmes", "cases", "sites"):
        (practices / kind).mkdir(parents=True, exist_ok=True)
    shutil.copy(PRACTICES / "vocabulary.yml", practices / "vocabulary.yml")
    for rel, text in FILES.items():
        (practices / rel).write_text(text, encoding="utf-8")
    return practices


def make_project(tmp_path: Path) -> tuple[Path, Path]:
    """A buildable project: the real mkdocs.yml, content/ and overrides/ with the tiny bank.

    The hand-written pages cite entries of the real bank by ``[[slug]]``; those references
    are removed here. Returns (project folder, its practices folder).
    """
    import re

    from tests.conftest import ROOT

    project = tmp_path / "p"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    for md in (project / "content").rglob("*.md"):
        md.write_text(re.sub(r"\[\[[^\]]*\]\]", "", md.read_text(encoding="utf-8")), encoding="utf-8")
    return project, make_minibank(project)
