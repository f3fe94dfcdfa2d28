"""The GitHub issue form «Предложить практику», written from the models and vocabulary.

For authors who cannot open a pull request: the form asks for the same fields
as a tutoring practice, with the vocabulary labels as choices. It is written by
`practice-bank schema` next to the JSON schemas, so it never drifts from them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.model.entries import TutoringPractice
from generator.safewrite import write_inside
from generator.model.vocabulary import Vocabulary

ISSUE_FORM = Path(".github") / "ISSUE_TEMPLATE" / "propose-practice.yml"
_TEXT_FIELDS = ["title", "summary", "authors", "organization", "problem", "goal", "tasks", "stages",
                "resources", "results", "expected_results", "indicators", "transfer", "materials", "contacts"]
_CHOICES = {"directions": "directions", "audience": "audiences", "levels": "levels",
            "competences": "competences", "forms": "forms", "region": "regions"}
_HINTS = {
    "authors": "ФИО и должность каждого автора, по одному в строке",
    "organization": "Полное название организации, населённый пункт",
    "tasks": "По одной задаче в строке",
    "stages": "Сроки и содержание каждого этапа",
    "results": "Только то, что уже получено, — по одному в строке; укажите документ (отчёт, публикация), где это сказано",
    "expected_results": "Что планируется получить — по одному в строке",
    "indicators": "Только числа из отчётов: что измеряли, сколько было и стало, источник",
    "materials": "Ссылки на программу, отчёт, публикации",
    "contacts": "Как связаться с авторами (почта, телефон); для каждого человека — дата его согласия на "
                "распространение и что разрешено публиковать",
}


def issue_form(vocab: Vocabulary) -> dict[str, Any]:
    fields = TutoringPractice.model_fields
    body: list[dict[str, Any]] = [{
        "type": "markdown",
        "attributes": {"value": (
            "Заполните форму — редакция банка оформит запись и пришлёт ссылку на проверку. "
            "Поля со звёздочкой обязательны. Персональные данные детей не указывайте. "
            "Проще и быстрее — форма «Предложить практику» на сайте банка: она сразу проверяет описание.")},
    }]
    order = ["title", "summary", "authors", "organization", "region", "directions", "audience", "levels",
             "competences", "forms", "problem", "goal", "tasks", "stages", "resources", "results",
             "expected_results", "indicators", "transfer", "materials", "contacts"]
    for name in order:
        info = fields[name]
        required = info.is_required()
        label = info.title or name
        if name in _CHOICES:
            terms = vocab.terms(_CHOICES[name])
            body.append({"type": "dropdown", "id": name, "attributes": {
                "label": label, "description": info.description or "",
                "multiple": name != "region", "options": [t.label for t in terms]},
                "validations": {"required": required}})
            continue
        multiline = name not in ("title", "organization")
        body.append({"type": "textarea" if multiline else "input", "id": name, "attributes": {
            "label": label, "description": _HINTS.get(name) or info.description or ""},
            "validations": {"required": required}})
    body.append({"type": "checkboxes", "id": "consent", "attributes": {
        "label": "Согласие", "options": [
            {"label": "Авторы согласны на публикацию описания и своих имён", "required": True},
            {"label": "Каждый человек, чьи контакты указаны, дал отдельное согласие на распространение своих "
                      "персональных данных (152-ФЗ, ст. 10.1); в поле «Контакты» для каждого указаны дата "
                      "согласия и что разрешено публиковать (ФИО, должность, почта, телефон, адрес); документы "
                      "согласия передам редакции. С Политикой обработки персональных данных на сайте банка "
                      "ознакомлен(а)", "required": True},
            {"label": "В описании нет персональных данных детей", "required": True}]}})
    return {"name": "Предложить практику",
            "description": "Описание тьюторской практики для банка — без GitHub-навыков",
            "title": "Практика: ", "labels": ["предложение практики"], "body": body}


def render_issue_form(vocab: Vocabulary) -> str:
    head = ("# Создано командой `practice-bank schema` из моделей и словаря — не редактируйте вручную.\n")
    return head + yaml.safe_dump(issue_form(vocab), allow_unicode=True, sort_keys=False, width=120)


def write_issue_form(project: Path, vocab: Vocabulary) -> Path:
    return write_inside(project, ISSUE_FORM, render_issue_form(vocab))
