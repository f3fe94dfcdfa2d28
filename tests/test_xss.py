"""Authors' text never becomes active content: payloads are either refused by the validator
or reach the site as inert text. Checked by parsing every page the entry appears on."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.conftest import run_cli
from tests.minibank import make_minibank, make_project
from tests.sitebuild import mkdocs_build, soup

pytestmark = pytest.mark.slow

# Payloads the validator must refuse, each with the message it gives.
REFUSED = [
    ("<script>alert(1)</script>", "HTML-разметка"),
    ("<img src=x onerror=alert(1)>", "HTML-разметка"),
    ("<svg onload=alert(1)>", "HTML-разметка"),
    ('<a href="javascript:alert(1)">x</a>', "HTML-разметка"),
    ("<iframe src=//evil.example></iframe>", "HTML-разметка"),
    ("<style>body{display:none}</style>", "HTML-разметка"),
    ("<!-- comment -->", "HTML-разметка"),
    ("[клик](javascript:alert(1))", "ссылка «javascript:alert(1)» не разрешена"),
    ("[клик]( JaVaScRiPt:alert(1))", "не разрешена"),
    ("[клик](&#106;avascript:alert(1))", "не разрешена"),
    ("[клик](data:text/html;base64,PHNjcmlwdD4=)", "не разрешена"),
    ("![x](vbscript:msgbox(1))", "не разрешена"),
    ("<javascript:alert(1)>", "ссылка «javascript:alert(1)» не разрешена"),
    ("[клик][r]\n\n[r]: javascript:alert(1)", "не разрешена"),
    ("Текст {: onclick=alert(1) }", "фигурные скобки"),
    ("Текст {#id .class onclick=alert(1)}", "фигурные скобки"),
]

# Payloads that are valid text: they must arrive as text.
ACCEPTED = [
    "&lt;script&gt;alert('x1')&lt;/script&gt;",
    "javascript:alert('x2') просто текст",
    "onerror=alert('x3') onload=alert('x4')",
    "{{ 7*7 }} {% raw %} шаблон",
    "[ссылка](https://example.ru/\" onclick=\"alert('x5'))",
    "[ссылка](https://example.ru/ 'title\" onmouseover=\"alert(6)')",
    "**жирный** `код &lt;b&gt;` и \\<не тег",
]


def _entry(text_field: str) -> str:
    data = {
        "title": "Проверка безопасности: &lt;b&gt; {{ 7*7 }} onclick=alert('t')",
        "summary": text_field,
        "added": "2024-01-10",
        "authors": [{"name": "Иванова onmouseover=alert('a')", "position": "&lt;i&gt;тьютор&lt;/i&gt;"}],
        "organization": "test-school",
        "directions": ["gifted-children"],
        "audience": ["gifted-pupils"],
        "forms": ["tutorial"],
        "problem": text_field,
        "goal": text_field,
        "tasks": [text_field, "Вторая задача"],
        "stages": [{"period": "2019 onload=alert('p')", "content": text_field}],
        "sources": [{"type": "report", "title": text_field.splitlines()[0][:200] or "Отчёт"}],
        "results": [text_field],
        "transfer": text_field,
        "materials": [{"title": "Материал \" onclick=\"alert('m')", "url": "https://example.ru/a?b=%22%3E%3Cx%3E"}],
        "contacts": [{"name": "Контакт", "email": "a\"onmouseover=\"alert(1)@example.ru",
                      "consent": {"date": "2024-01-15", "publish": ["name", "email"]}}],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("payload, message", REFUSED)
def test_validator_refuses_active_content(tmp_path, payload, message):
    practices = make_minibank(tmp_path)
    (practices / "tutoring" / "xss.yml").write_text(_entry(payload), encoding="utf-8")
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1
    assert any(line.startswith("practices/tutoring/xss.yml:") and message in line
               for line in result.out.splitlines()), result.out


BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def _scheme(value: str) -> str:
    return re.sub(r"[\x00-\x20]", "", value).lower()


def test_accepted_payloads_reach_the_site_as_text(tmp_path):
    project, practices = make_project(tmp_path)
    (practices / "tutoring" / "xss.yml").write_text(_entry("\n\n".join(ACCEPTED)), encoding="utf-8")
    assert run_cli("validate", "--root", str(practices)).code == 0
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"BANK_PRIVACY": "false", "BANK_NO_SEARCH": "1"})
    assert result.returncode == 0, result.stderr[-3000:]

    pages = [p for p in site.rglob("*.html") if "Проверка безопасности" in p.read_text(encoding="utf-8")]
    assert len(pages) >= 4  # entry, booklet, catalogue, term pages
    for path in pages:
        html = soup(path)
        for script in html.find_all("script"):
            body = script.string or ""
            if script.get("type") == "application/json":  # data, never run: the text stays text
                json.loads(body)
                assert "<" not in body and ">" not in body, (path, body[:200])
                continue
            assert "alert(" not in body, (path, body[:200])
            src = script.get("src", "")
            assert not _scheme(src).startswith(BAD_SCHEMES)
        for element in html.find_all(True):
            for name, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                assert not name.lower().startswith("on"), (path, element.name, name)
                if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "poster"):
                    for v in values:
                        assert not _scheme(v).startswith(BAD_SCHEMES), (path, name, v)
        for tag in ("iframe", "object", "embed", "form", "base", "meta"):
            for element in html.find_all(tag):
                if tag == "meta":
                    assert element.get("http-equiv", "").lower() != "refresh", path
                elif tag == "form":  # only the site's own forms: search and «Предложить практику»
                    classes = set(element.get("class", []))
                    assert classes & {"bank-quicksearch", "bank-search__form", "bank-submit__form",
                                      "md-header__option", "md-search__form"}, (path, classes)
                else:
                    pytest.fail(f"{path}: {tag}")
    entry = soup(site / "tutoring" / "xss" / "index.html")
    text = entry.get_text()
    assert "{{ 7*7 }}" in text and "49" not in entry.select_one("h1").get_text()
    assert "&lt;script&gt;" in text  # entities stay visible text, they are not decoded into tags
    assert "javascript:alert('x2') просто текст" in text
    booklet = (site / "tutoring" / "xss" / "booklet" / "index.html").read_text(encoding="utf-8")
    scripts = soup(site / "tutoring" / "xss" / "booklet" / "index.html").find_all("script")
    assert len(scripts) == 1 and "window.print" in scripts[0].string  # only its own print button
    assert "<script>alert" not in booklet
    data = json.loads((site / "api" / "entries" / "xss.json").read_text(encoding="utf-8"))
    assert data["data"]["goal"].startswith("&lt;script&gt;")  # data files keep the author's text as is
