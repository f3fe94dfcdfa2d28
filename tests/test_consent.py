"""Personal data: a person's contact carries a recorded consent to distribution (152-ФЗ, ст. 10.1)
— its date and what may be published; without it, or beyond it, validation fails on the
contact's line; an organisation's contact needs none; the policy page comes from the settings."""

from __future__ import annotations

from pathlib import Path

from generator.validate.bank import load_bank
from tests.conftest import PRACTICES
from tests.minibank import make_minibank

CONTACT = """contacts:
  - name: Сидорова Мария Олеговна
    email: ivanova@school.ru
{extra}"""


def _messages(practices: Path, extra: str) -> tuple[list[str], int]:
    path = practices / "tutoring" / "gifted-practice.yml"
    text = path.read_text(encoding="utf-8") + CONTACT.format(extra=extra)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("  - name: Сидорова"))
    _, problems = load_bank(practices)
    return [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in problems.items], line


def test_a_persons_contact_without_consent_fails_on_its_line(tmp_path):
    found, line = _messages(make_minibank(tmp_path), "")
    assert found == [f"practices/tutoring/gifted-practice.yml:{line}:5: поле «Контакты»: контакт человека без согласия на "
                     "распространение персональных данных: добавьте consent (дата согласия и что разрешено "
                     "публиковать) или, если это контакт организации, а не человека, укажите service: true"]


def test_consent_covers_what_is_published(tmp_path):
    found, _ = _messages(make_minibank(tmp_path / "a"), "    consent:\n      date: 2024-01-15\n      publish: [name, email]\n")
    assert found == []
    found, line = _messages(make_minibank(tmp_path / "b"), "    consent:\n      date: 2024-01-15\n      publish: [name]\n")
    assert len(found) == 1 and found[0].startswith(f"practices/tutoring/gifted-practice.yml:{line}:5: поле «Контакты»: согласие не "
                                                   "разрешает публиковать всё, что указано в контакте")
    found, _ = _messages(make_minibank(tmp_path / "c"), "    consent:\n      date: 2999-01-15\n      publish: [name, email]\n")
    assert len(found) == 1 and "дата согласия 2999-01-15 ещё не наступила" in found[0]
    found, _ = _messages(make_minibank(tmp_path / "d"), "    consent:\n      date: 2024-01-15\n      publish: [age]\n")
    assert len(found) == 1 and "age" in found[0]


def test_an_organisations_contact_needs_no_consent(tmp_path):
    found, _ = _messages(make_minibank(tmp_path), "    service: true\n")
    assert found == []


def test_policy_page_names_the_operator():
    from generator.render.pages import build_pages

    bank, _ = load_bank(PRACTICES)
    page = next(p for p in build_pages(bank) if p.src_uri == "privacy/index.md").markdown()
    assert bank.publication.operator.email in page and "статья 10.1" in page
    assert "детей банк не собирает" in page
    submit = next(p for p in build_pages(bank) if p.src_uri == "submit.md")
    assert "(privacy/index.md)" in submit.markdown()
    contacts = next(f for f in next(k for k in submit.meta["bank_form"]["kinds"] if k["kind"] == "tutoring")["fields"]
                    if f["name"] == "contacts")
    assert {r["check"] for r in contacts["rules"]} == {"any_requires", "covered"}  # the form applies the model's rules
    assert "152-ФЗ, ст. 10.1" in next(f for f in contacts["fields"] if f["name"] == "consent")["hint"]
