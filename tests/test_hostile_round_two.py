"""Hostile input, round two: attribute breakouts, vocabulary and criteria text, hidden characters
written as YAML escapes, remote pictures, linked folders, and a build that fetches nothing.
Each test failed before its fix (issue «hostile input, round two», items 3–10 and 13)."""

from __future__ import annotations

import http.server
import json
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.minibank import TUTORING, make_minibank, make_project
from tests.sitebuild import mkdocs_build, page, soup

ENTRY = "practices/tutoring/gifted-practice.yml"


def _line(practices: Path, rel: str, needle: str) -> int:
    lines = (practices / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def _errors(practices: Path) -> list[str]:
    result = run_cli("validate", "--root", str(practices))
    assert "Traceback" not in result.text
    assert result.code == 1, result.text
    return result.out.splitlines()


# -- item 4: vocabulary (and criteria) text obeys the rules of entry text -------------------------

@pytest.mark.parametrize("label, words", [
    ("<img src=x onerror=alert(1)>", "HTML-разметка"),
    ("Дети [клик](javascript:alert(1))", "не разрешена"),
    ("Дети {#x onclick=alert(1)}", "фигурные скобки"),
    ('"Дети \\u202Eилетеч"', "направлением текста U+202E"),
    ('"Дети\\a"', "управляющий символ U+0007"),
])
def test_vocabulary_label_follows_the_text_rules(tmp_path, label, words):
    practices = make_minibank(tmp_path)
    vocab = practices / "vocabulary.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("label: Одарённые дети", f"label: {label}", 1),
                     encoding="utf-8")
    line = _line(practices, "vocabulary.yml", f"label: {label}")
    errors = _errors(practices)
    assert any(e.startswith(f"practices/vocabulary.yml:{line}:") and words in e for e in errors), errors


def _with_description(tmp_path: Path, value: str) -> Path:
    """A tiny bank whose term «gifted-children» has ``value`` (as written in YAML) for its description."""
    practices = make_minibank(tmp_path)
    vocab = practices / "vocabulary.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace(
        "description: Сопровождение детей с высокими способностями и мотивацией.", f"description: {value}", 1),
        encoding="utf-8")
    return practices


def test_vocabulary_description_follows_the_text_rules(tmp_path):
    practices = _with_description(tmp_path, "<svg onload=alert(1)>")
    line = _line(practices, "vocabulary.yml", "<svg onload")
    assert any(e.startswith(f"practices/vocabulary.yml:{line}:") and "HTML-разметка" in e for e in _errors(practices))


def test_criteria_text_follows_the_text_rules(tmp_path):
    practices = make_minibank(tmp_path)
    (practices / "criteria.yml").write_text(
        "criteria:\n  novelty:\n    label: Новизна <img src=x onerror=alert(1)>\n"
        "    description: Описание\n    levels:\n      1: низкий\n      2: \"высокий\\e[31m\"\n",
        encoding="utf-8")
    errors = _errors(practices)
    assert any(e.startswith("practices/criteria.yml:3:") and "HTML-разметка" in e for e in errors), errors
    assert any(e.startswith("practices/criteria.yml:7:") and "U+001B" in e for e in errors), errors


# -- item 8: hidden characters written as YAML escapes -------------------------------------------

@pytest.mark.parametrize("field, value, words", [
    ("title", '"Практика\\a"', "управляющий символ U+0007"),
    ("title", '"\\e[31mКрасная практика"', "управляющий символ U+001B"),
    ("summary", '"Проверочная \\u202Eакитkарп"', "направлением текста U+202E"),
    ("summary", '"Проверочная \\u2066изоляция\\u2069"', "направлением текста U+2066"),
    ("goal", '"Цель\\x0c"', "управляющий символ U+000C"),
    ("goal", '"Цель\\x9b"', "управляющий символ U+009B"),
    ("goal", '"Цель\\uFFFE"', "управляющий символ U+FFFE"),
])
def test_escaped_control_and_bidi_characters_are_refused(tmp_path, field, value, words):
    practices = make_minibank(tmp_path)
    entry = practices / "tutoring" / "gifted-practice.yml"
    lines = entry.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{field}: "))
    lines[at] = f"{field}: {value}"
    entry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = _errors(practices)
    assert any(e.startswith(f"{ENTRY}:{at + 1}:") and words in e for e in errors), errors


def test_escaped_control_character_in_an_email_or_address(tmp_path):
    practices = make_minibank(tmp_path)
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(entry.read_text(encoding="utf-8") + 'contacts:\n  - name: Контакт\n'
                     '    email: "a\\x07b@example.ru"\n    url: "https://example.ru/\\x1b"\n', encoding="utf-8")
    errors = [e for e in _errors(practices) if e.startswith(ENTRY)]
    assert len(errors) == 2 and all("U+00" in e for e in errors), errors


# -- item 5: pictures from other sites -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "![схема](https://evil.example/pic.svg)",
    "![схема](http://evil.example/page.html)",
    "Смотрите: ![схема][s]\n\n  [s]: https://evil.example/pic.svg",
    "![s]\n\n[S]: https://evil.example/pic.png",
])
def test_remote_pictures_are_refused(tmp_path, text):
    practices = make_minibank(tmp_path)
    entry = practices / "tutoring" / "gifted-practice.yml"
    body = "\n".join("  " + line for line in text.splitlines())
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "goal: Создать условия для индивидуальных образовательных программ.", f"goal: |\n{body}"),
        encoding="utf-8")
    errors = _errors(practices)
    assert any(e.startswith(f"{ENTRY}:") and "картинки с других сайтов не публикуются" in e for e in errors), errors


# -- item 6: a linked materials folder ----------------------------------------------------------

def test_linked_materials_folder_is_refused_and_never_published(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF secret")
    project, practices = make_project(tmp_path)
    (practices / "materials").symlink_to(outside, target_is_directory=True)
    errors = _errors(practices)
    assert any(e.startswith("practices/materials:") and "ссылка (symlink)" in e for e in errors), errors
    result = mkdocs_build(project, tmp_path / "site", env={"BANK_PDF": "0", "BANK_NO_SEARCH": "1"})
    assert result.returncode != 0 and "ссылка (symlink)" in result.stderr
    assert not (tmp_path / "site" / "materials").exists()


def test_hand_written_file_linked_out_of_the_project_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("ключ", encoding="utf-8")
    project, _ = make_project(tmp_path)
    (project / "content" / "leak.txt").symlink_to(outside)
    result = mkdocs_build(project, tmp_path / "site", env={"BANK_PDF": "0", "BANK_NO_SEARCH": "1"})
    assert result.returncode != 0
    assert "content/leak.txt: файл — ссылка (symlink) за пределы проекта" in result.stderr, result.stderr[-2000:]
    assert not (tmp_path / "site" / "leak.txt").exists()


# -- item 9: print documents load nothing from outside -------------------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/hostname"/></svg>')

    do_CONNECT = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()


def test_pdf_loads_neither_addresses_nor_files(tmp_path, recorder):
    from pypdf import PdfReader

    from generator.outputs.pdf import render_pdf

    address, hits = recorder
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    html = (f'<html><body><p>Текст</p><img src="{address}/a.svg"><img src="file://{secret}">'
            f'<link rel="stylesheet" href="{address}/s.css"><div style="background: url({address}/b.png)">x</div>'
            '</body></html>')
    target = render_pdf(html, tmp_path / "out.pdf", None)
    assert hits == []
    reader = PdfReader(target)
    assert "Текст" in reader.pages[0].extract_text()
    assert sum(len(p.images) for p in reader.pages) == 0  # no picture embedded


# -- items 3, 10, 13: the built site -------------------------------------------------------------

BREAKOUT_TITLE = '0;url=https://evil.example/" http-equiv="refresh'
SUMMARY = 'Кавычки " и \' , знаки < и > и амперсанд & в описании; "> и \'> &amp; &#34;'
LABEL = 'Одарённые "дети" & <наставники>'


@pytest.mark.slow
def test_values_in_attributes_are_escaped_and_the_build_fetches_nothing(tmp_path, recorder):
    address, hits = recorder
    project, practices = make_project(tmp_path)
    entry = practices / "tutoring" / "gifted-practice.yml"
    text = TUTORING.replace("title: Тьюторское сопровождение одарённых детей", f"title: {json.dumps(BREAKOUT_TITLE)}")
    text = text.replace("summary: Проверочная практика.", f"summary: {json.dumps(SUMMARY, ensure_ascii=False)}")
    text += (f"materials:\n  - title: Материал\n    url: {address}/material.pdf\n"
             f"transfer: Подробнее — [на сайте]({address}/page.html).\n")
    entry.write_text(text, encoding="utf-8")
    vocab = practices / "vocabulary.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("label: Одарённые дети",
                                                               f"label: {json.dumps(LABEL, ensure_ascii=False)}", 1),
                     encoding="utf-8")
    assert run_cli("validate", "--root", str(practices)).code == 0
    site = tmp_path / "site"
    proxy = {"http_proxy": address, "https_proxy": address, "HTTP_PROXY": address, "HTTPS_PROXY": address,
             "no_proxy": "", "NO_PROXY": ""}
    result = mkdocs_build(project, site, env={**proxy, "BANK_PDF_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr  # a strict build, read as a user reads it
    assert hits == []  # neither the pages nor the PDFs asked any server for anything

    html = page(site, "tutoring/gifted-practice")
    assert not [m for m in html.find_all("meta") if m.get("http-equiv")]
    metas = {m.get("property") or m.get("name"): m.get("content") for m in html.find_all("meta")}
    assert metas["og:title"] == BREAKOUT_TITLE
    assert metas["description"] == metas["og:description"]
    assert metas["description"].startswith('Кавычки " и \' , знаки < и > и амперсанд & в описании')
    assert html.title.get_text().startswith(BREAKOUT_TITLE)
    assert not html.find_all("script", string=lambda s: s and "alert(1)" in s)

    # the term page and the form show the label as text, in elements and attributes alike
    term = page(site, "terms/directions/gifted-children")
    assert LABEL in term.get_text() and not term.find("наставники")
    assert term.title.get_text().startswith(LABEL)
    submit = page(site, "submit")
    assert not submit.find("наставники")
    assert LABEL in submit.get_text()  # a checkbox of the form
    reached = [p for p in site.rglob("*.html") if "наставники" in p.read_text(encoding="utf-8")
               or "evil.example" in p.read_text(encoding="utf-8")]
    assert len(reached) >= 5  # entry, booklet, term, catalogue, form…
    for path in reached:
        html = soup(path)
        assert not html.find("наставники") and not html.find("meta", attrs={"http-equiv": True}), path
        for element in html.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (path, element)
    ET.parse(site / "feed.xml")  # the feed stays well-formed XML


@pytest.mark.slow
def test_hand_written_page_with_a_remote_picture_is_refused(tmp_path):
    project, _ = make_project(tmp_path)
    about = project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\n![схема](https://evil.example/x.svg)\n",
                     encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", env={"BANK_PDF": "0", "BANK_NO_SEARCH": "1"})
    assert result.returncode != 0
    assert "content/about.md: страница загружала бы файл с другого сайта (https://evil.example/x.svg)" \
        in result.stderr, result.stderr[-2000:]


@pytest.mark.slow
def test_materials_files_build_strict_the_way_users_build(tmp_path):
    project, practices = make_project(tmp_path)
    (practices / "materials").mkdir()
    (practices / "materials" / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(entry.read_text(encoding="utf-8") + "materials:\n  - title: План\n    file: plan.pdf\n",
                     encoding="utf-8")
    result = run_cli("build", cwd=project, env={"BANK_PDF": "0"})
    assert result.code == 0, result.text[-3000:]
    assert "WARNING" not in result.err
    link = page(project / "site", "tutoring/gifted-practice").select_one("a[href$='plan.pdf']")
    assert link["href"] == "../../materials/plan.pdf"
    assert (project / "site" / "materials" / "plan.pdf").exists()


# -- the second probe: the same classes with other payloads -------------------------------------

@pytest.mark.parametrize("text", [
    "![a][x]\n\n```\n> [x]: https://evil.example/a.png\n```",  # a definition the print renderer sees
    "![схема][x]\n\n> [x]: https://evil.example/a.png",
    "![s]\n\n- [s]: https://evil.example/p.png",
    "![a [вложенные] скобки](https://evil.example/p.png)",
    "![x][]\n\n1. [x]: https://evil.example/p.png",
])
def test_remote_pictures_are_refused_wherever_their_definition_stands(text):
    from generator.model.entries import text_problem

    assert "картинки с других сайтов" in (text_problem(text) or ""), text


def test_link_definitions_in_containers_follow_the_link_rules():
    from generator.model.entries import text_problem

    assert "не разрешена" in text_problem("[клик][j]\n\n- [j]: javascript:alert(1)")
    assert "не разрешена" in text_problem("[клик][j]\n\n> [j]: data:text/html,x")
    assert text_problem("Ура![1] Подробнее — [на сайте](https://example.ru/).") is None


def test_print_documents_never_carry_a_remote_picture():
    from generator.outputs.booklets import render_markdown

    html = str(render_markdown("![a][x]\n\n> [x]: https://evil.example/a.png\n\n![b](http://evil.example/b.svg)"))
    assert "evil.example" not in html


def test_picture_scan_is_linear():
    import time

    from generator.model.entries import text_problem

    started = time.monotonic()
    for text in ("![" * 19990, "![a]" * 5000, "[" * 20000 + "](" * 5000):
        text_problem(text)
    assert time.monotonic() - started < 3  # the quadratic scan took ~28 s for the first alone


def test_a_typed_placeholder_token_stays_text(tmp_path):
    from generator.render.page import fill_blocks
    from generator.render.pages import build_pages
    from generator.validate.bank import load_bank

    practices = make_minibank(tmp_path)
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "title: Тьюторское сопровождение одарённых детей", "title: Практика BANKHTML0000000X и BANKHTML0000001X"),
        encoding="utf-8")
    bank, problems = load_bank(practices)
    assert not problems.errors
    page = next(p for p in build_pages(bank) if p.src_uri == "tutoring/gifted-practice.md")
    assert page.blocks  # the page has generated blocks…
    typed = "<h1>Практика BANKHTML0000000X и BANKHTML0000001X</h1><p>BANKHTML0000000X</p>"
    assert fill_blocks(typed, page.blocks) == typed  # …and no typed token names one
    import re

    markdown = page.markdown()
    assert not re.search(r"BANKHTML[0-9a-f]{16}", markdown)  # every real block filled in
    assert "Практика BANKHTML0000000X и BANKHTML0000001X" in markdown


# -- the third probe ------------------------------------------------------------------------------

def test_link_definition_in_a_definition_list_follows_the_link_rules(tmp_path):
    practices = _with_description(tmp_path, '"Термин\\n:   [v]: javascript:alert(1)\\n\\n[клик][v]"')
    line = _line(practices, "vocabulary.yml", "javascript:alert(1)")
    assert any(e.startswith(f"practices/vocabulary.yml:{line}:") and "не разрешена" in e for e in _errors(practices))


@pytest.mark.parametrize("text, words", [
    ("[" * 19990, "символов «[» подряд"),
    ("![" * 9990, "квадратных скобок"),
    ("**" * 4990 + " а " + "**" * 4990, "символов «*» подряд"),
    ("-\n" * 1500, "строк"),
    ("\n".join(" " * (2 * i) + "- пункт" for i in range(40)), "вложенность"),
    ("> " * 30 + "цитата", "вложенность"),
])
def test_markup_that_engines_choke_on_is_refused(text, words):
    import time

    from generator.model.entries import text_problem

    started = time.monotonic()
    assert words in (text_problem(text) or ""), text[:40]
    assert time.monotonic() - started < 1


def test_ordinary_markup_passes():
    from generator.model.entries import text_problem

    text = ("Введение с **жирным**, *курсивом* и [ссылкой](https://example.ru/).\n\n"
            "- пункт\n  - вложенный\n    - ещё\n\n> цитата\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert text_problem(text) is None


def test_no_page_may_carry_a_link_that_runs_code():
    from generator.sanitize import active_links

    assert active_links('<a href=" JavaScript:alert(1)">x</a><img src=\'data:image/png;base64,x\'>') == \
        ['href=" JavaScript:', "src='data:"]
    assert active_links('<a href="https://example.ru/javascript:">x</a><a href="mailto:a@b.ru">m</a>') == []


# -- the fourth probe -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Описание\n{ 1=1 onmouseover=alert(document.domain) style=display:block }",
    "Текст { é=1 onclick=x }",
    'Текст { "a"=1 onclick=x }',
    "Текст { 1=1 .md-button #x }",
])
def test_attribute_lists_are_refused_whatever_their_first_key(text):
    from generator.model.entries import text_problem

    assert "фигурные скобки" in (text_problem(text) or ""), text


@pytest.mark.parametrize("text", [
    "[x](< javascript:alert(1)>)",
    "[x](<\njavascript:alert(1)>)",
    "[x][]\n\n[]: javascript:alert(2)",
])
def test_links_hidden_by_spaces_or_an_empty_label_are_checked(text):
    from generator.model.entries import text_problem

    assert "не разрешена" in (text_problem(text) or ""), text


def test_footnotes_and_plain_braces_are_text():
    from generator.model.entries import text_problem

    assert text_problem("Текст[^1] и ещё[^note].\n\n[^1]: Обычное примечание.\n[^note]: Второе.") is None
    assert text_problem("Обычный текст {без атрибутов} и {скобки}") is None


def test_event_handlers_are_caught_on_any_page():
    from generator.sanitize import active_links

    assert active_links('<p 1="1" onmouseover="alert(1)">x</p>') == ['<p 1="1" onmouseover=']
    assert active_links("<p>Слово on и one=1, onclick = текст</p>") == []


def test_line_separators_in_a_title_stay_in_the_front_matter():
    import yaml

    from generator.render.page import GeneratedPage

    title = "Тьюторство\u2029 сопровождение\u2028и поддержка"
    front = GeneratedPage("x.md", {"title": title}, "тело").markdown().split("---")[1]
    assert yaml.safe_load(front)["title"] == title


# -- the fifth probe ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("<x&y onmouseover=alert(document.domain) style=position:fixed>", "HTML-разметка"),
    ("<x.y tabindex=0 autofocus onfocus=alert(1)>", "HTML-разметка"),
    ("<p( style=background:url(https://evil.example/c.png)>", "HTML-разметка"),
    ("[здесь][x].\r[x]: jav&#x61;script:alert(1)", "не разрешена"),
    ("![a][x]\r[x]: https://evil.example/a.png", "картинки с других сайтов"),
    ('Текст { a="{}" onclick=alert(1) }', "фигурные скобки"),
])
def test_odd_tags_lone_carriage_returns_and_braces_in_quotes_are_refused(text, words):
    from generator.model.entries import text_problem

    assert words in (text_problem(text) or ""), text


def test_autolinks_stay_allowed_and_a_lone_cr_is_no_single_line(tmp_path):
    from generator.model.entries import text_problem

    assert text_problem("Смотрите <https://example.ru/a> и <a@b.ru>") is None
    practices = make_minibank(tmp_path)
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "title: Тьюторское сопровождение одарённых детей", 'title: "Тьюторство\\r# Взлом"'), encoding="utf-8")
    assert any(e.startswith(f"{ENTRY}:2:") and "одна строка" in e for e in _errors(practices))


def test_pages_with_text_of_authors_or_editors_are_sanitized(tmp_path):
    from generator.render.pages import build_pages
    from generator.validate.bank import load_bank

    bank, _ = load_bank(make_minibank(tmp_path))
    pages = {p.src_uri: p for p in build_pages(bank)}
    for src in ("terms/directions/gifted-children.md", "assessment/index.md", "collections/index.md",
                "tutoring/index.md", "tutoring/gifted-practice.md", "places/index.md"):
        assert not pages[src].own_markup, src
    assert {src for src, p in pages.items() if p.own_markup} == {
        "bank/index.md", "submit.md", "expert.md", "route/index.md", "compare/index.md", "print/index.md", "stats/index.md"}


# -- the sixth probe ------------------------------------------------------------------------------

def test_definitions_inside_footnotes_follow_the_rules():
    from generator.model.entries import text_problem

    assert "не разрешена" in text_problem("Текст[^1] и [здесь][x].\n\n[^1]: [x]: jav&#x61;script:alert(1)")
    assert "картинки с других сайтов" in text_problem("![a][x]\n\n[^1]: [x]: https://evil.example/p.png")
    assert text_problem("Текст[^1].\n\n[^1]: Обычное примечание.") is None


def test_content_never_takes_the_theme_s_ids():
    from generator.sanitize import sanitize_html

    html = sanitize_html('<h2 id="__config">x<a class="headerlink" href="#__config">¶</a></h2><p id="a__b">y</p>')
    assert 'id="__' not in html and 'href="#__' not in html
    assert 'id="x__config"' in html and 'href="#x__config"' in html and 'id="a__b"' in html



# -- the seventh probe ----------------------------------------------------------------------------

def test_theme_ids_are_renamed_in_tags_only():
    from generator.sanitize import sanitize_html

    html = sanitize_html('<p>Текст id="__config" и href="#__x"</p><h2 id="__search">y</h2>')
    assert 'Текст id="__config" и href="#__x"' in html.replace("&quot;", '"')
    assert 'id="x__search"' in html


def test_vocabulary_text_has_a_length_limit(tmp_path):
    practices = _with_description(tmp_path, '"' + "&#1" * 1000 + '"')
    line = _line(practices, "vocabulary.yml", "&#1&#1")
    assert any(e.startswith(f"practices/vocabulary.yml:{line}:") and "слишком длинно" in e for e in _errors(practices))
