"""Values from the YAML put into the generated Markdown stay what the author typed.

A «|» in any value of a table row stays in its cell; a link built from data points exactly at
its address and shows exactly its title; a title or a label shows the same characters on the
page, in <title>, og:title, cards, panels, lists and the print running header (plain text:
«&lt;3» typed is «&lt;3» shown, «*x*» is not emphasis). One small bank is built once for all.
"""

from __future__ import annotations

from urllib.parse import unquote

import markdown
import pytest
import tinycss2
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from tests.conftest import ROOT
from tests.minibank import make_minibank, make_project
from tests.sitebuild import mkdocs_build, page

TITLE = 'Практика &lt;3 " кавычки *звёздочки* a_b_c [x] C# 1|2'
LABEL = 'Одарённые &lt; "дети" & *все*'
COLLECTION = 'Сборник "кавычки" \\ &lt; <3 *x*'
URL_PARENS = "https://example.org/a)b(c"
URL_STARS = "https://example.org/x_y_z*a*"
URL_PLAIN = "https://example.org/plain"
URL_CONTACT = "https://example.org/c_(d)*e*?q=1&amp;r=[2]"
FILE = "gifted/план (итог) 2_3.pdf"

PRACTICE_EXTRA = f"""\
partners:
  - "ООО «Ромашка» *лучшие* &amp; Ко"
stages:
  - period: "2020 | 2021"
    title: "Этап *первый* &lt;1&gt;"
    content: Подготовка.
materials:
  - title: "Документ"
    url: "{URL_PARENS}"
  - title: "Звёздочки"
    url: "{URL_STARS}"
  - title: "Ссылка ] x"
    url: "{URL_PLAIN}"
  - title: "План [итог] (v2)"
    file: "{FILE}"
contacts:
  - name: "Служба *поддержки*"
    url: "{URL_CONTACT}"
    service: true
indicators:
  - type: outcome
    name: "Доля | фальшивая колонка"
    value: 5
    baseline: 1.5
    unit: "%|шт"
    period: "2020 | 2021"
    participants: 12
    source: 'Отчёт \\| анкета | опрос'
plan:
  - content: "Мероприятие | одно"
    dates: "январь | 2021"
    responsible: "Иванов | Петров"
    type: "консультационная | ещё"
    result: "Итог | два"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cells")
    project, practices = make_project(tmp)
    practice = practices / "tutoring" / "gifted-practice.yml"
    text = practice.read_text(encoding="utf-8")
    text = text.replace("title: Тьюторское сопровождение одарённых детей", f"title: '{TITLE}'")
    practice.write_text(text + PRACTICE_EXTRA, encoding="utf-8")
    (practices / "materials" / "gifted").mkdir(parents=True)
    (practices / "materials" / FILE).write_bytes(b"%PDF-1.4\n% plan\n")
    programme = practices / "programmes" / "young-teachers.yml"
    programme.write_text(programme.read_text(encoding="utf-8").replace(
        "  - title: Введение", '  - title: "Введение | ложный столбец"'), encoding="utf-8")
    vocabulary = practices / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "label: Одарённые дети", f"label: '{LABEL}'"), encoding="utf-8")
    title = COLLECTION.replace("'", "''")
    (practices / "collections.yml").write_text(
        f"collections:\n  - slug: c\n    title: '{title}'\n    intro: Введение.\n"
        "    filter: {kinds: [tutoring]}\n", encoding="utf-8")
    site = tmp / "site"
    result = mkdocs_build(project, site, env={"BANK_PDF": "0", "BANK_PRIVACY": "false", "BANK_NO_SEARCH": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _text(tag) -> str:
    return " ".join(tag.get_text().replace("¶", "").split())


def _row(table, first: str) -> list[str]:
    for tr in table.select("tbody tr"):
        cells = [_text(td) for td in tr.find_all("td")]
        if cells and first in cells[:2]:
            return cells
    raise AssertionError(f"no row with {first!r}: {table}")


def _table(soup, header: str):
    return next(t for t in soup.select("table") if header in _text(t.select_one("thead")))


ROWS = {
    "indicators": ("tutoring/gifted-practice", "Показатель", "Доля | фальшивая колонка",
                   ["Доля | фальшивая колонка", "1.5", "5", "%|шт", "2020 | 2021", "12", "Отчёт \\| анкета | опрос"]),
    "plan": ("tutoring/gifted-practice", "Ответственные", "1",
             ["1", "консультационная | ещё. Мероприятие | одно", "январь | 2021", "Иванов | Петров", "Итог | два"]),
    "modules": ("programmes/young-teachers", "Модуль", "1", ["1", "Введение | ложный столбец", "Семинар", "4"]),
    "modules, next row": ("programmes/young-teachers", "Модуль", "2", ["2", "Практика", "Мастер-класс", "8"]),
}


@pytest.mark.parametrize("table", ROWS)
@pytest.mark.slow
def test_pipes_stay_in_their_cells(built, table):
    url, header, first, cells = ROWS[table]
    assert _row(_table(page(built, url), header), first) == cells


LINKS = {
    "parentheses in the address": ("Документ", URL_PARENS),
    "asterisks in the address": ("Звёздочки", URL_STARS),
    "a bracket in the title": ("Ссылка ] x", URL_PLAIN),
    "a contact's site": (URL_CONTACT, URL_CONTACT),
    "a file with spaces and brackets": ("План [итог] (v2)", f"../../materials/{FILE}"),
}


@pytest.mark.parametrize("case", LINKS)
@pytest.mark.slow
def test_links_from_data_keep_their_address_and_title(built, case):
    title, url = LINKS[case]
    links = {_text(a): a["href"] for a in page(built, "tutoring/gifted-practice").select("article a[href]")}
    if url.startswith("../"):  # a file: MkDocs writes the address of the copy, percent-encoded
        assert unquote(links.get(title, "")) == url and (built / "materials" / FILE).exists(), links
    else:
        assert links.get(title) == url, links


@pytest.mark.slow
def test_no_typed_asterisks_became_emphasis(built):
    practice = page(built, "tutoring/gifted-practice")
    # no «*…*» of a title, a name or an address became emphasis: only the plan's own «*вид работы.*»
    assert [_text(em) for em in practice.select("article em")] == ["консультационная | ещё."]


@pytest.mark.slow
def test_title_shows_the_same_everywhere(built):
    practice = page(built, "tutoring/gifted-practice")
    assert _text(practice.select_one("article h1")) == TITLE
    assert practice.title.string.startswith(TITLE + " - ")
    assert practice.select_one("meta[property='og:title']")["content"] == TITLE
    catalogue = page(built, "tutoring")
    assert _text(catalogue.select_one(".bank-card__title")) == TITLE
    case = page(built, "cases/olympiad-choice")
    assert TITLE in [_text(a) for a in case.select(".bank-panel a")]
    assert TITLE in [_text(a) for a in page(built, "collections").select("article li a")]
    assert _text(page(built, "collections/c").select_one(".toc a")) == TITLE
    # what authors type in names, stages and partners is shown as typed as well
    body = _text(practice.select_one("article"))
    for typed in ("Этап *первый* &lt;1&gt;", "ООО «Ромашка» *лучшие* &amp; Ко", "Служба *поддержки*"):
        assert typed in body


@pytest.mark.slow
def test_vocabulary_label_shows_the_same_everywhere(built):
    term = page(built, "terms/directions/gifted-children")
    assert _text(term.select_one("article h1")) == LABEL
    assert term.title.string.startswith(LABEL + " - ")
    assert LABEL in [_text(a) for a in term.select(".bank-tags a")]
    assert LABEL in [_text(a) for a in page(built, "tutoring").select(".bank-tags a")]
    assert LABEL in [_text(a) for a in page(built, "tutoring/gifted-practice").select(".bank-panel a")]
    assert LABEL in [_text(a) for a in page(built, "terms").select("article li a")]
    assert LABEL in [_text(a) for a in page(built, "rankings").select("article li a")]
    assert _text(page(built, "rankings/directions/gifted-children").select_one("article h1")) == f"Рейтинги: {LABEL}"


def _top_center(tokens) -> list[list[tuple[str, str]]]:
    """The values of «content» in every @top-center box of a stylesheet, as CSS reads them."""
    found, previous = [], None
    for token in tokens:
        if token.type == "{} block":
            if previous is not None and previous.type == "at-keyword" and previous.value == "top-center":
                for decl in tinycss2.parse_declaration_list(token.content, skip_whitespace=True):
                    if decl.type == "declaration" and decl.name == "content":
                        found.append([(t.type, t.value) for t in decl.value if t.type != "whitespace"])
            else:
                found.extend(_top_center(token.content))
        if token.type != "whitespace":
            previous = token
    return found


@pytest.mark.slow
def test_collection_title_in_the_running_header(built):
    printable = page(built, "collections/c")
    assert _text(printable.select_one(".cover h1")) == COLLECTION
    assert printable.title.string == COLLECTION
    style = printable.select_one("style").string
    assert _top_center(tinycss2.parse_component_value_list(style)) == [
        [("ident", "none")], [("string", COLLECTION)]]  # none: on the cover
    assert _text(page(built, "collections").select_one("article h2")) == COLLECTION


def test_emoji_shortcodes_in_titles_and_labels_stay_text(tmp_path):
    """Rendered by `build_pages` and converted with the site's Markdown settings: «:smile:» in a
    title or a label is text, not a picture from another server (which fails the build)."""
    from generator.render.pages import build_pages
    from generator.validate.bank import load_bank

    practices = make_minibank(tmp_path)
    practice = practices / "tutoring" / "gifted-practice.yml"
    practice.write_text(practice.read_text(encoding="utf-8").replace(
        "title: Тьюторское сопровождение одарённых детей", "title: 'Итоги :smile: и :+1:'"), encoding="utf-8")
    vocabulary = practices / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "label: Одарённые дети", "label: 'Одарённые :rocket:'"), encoding="utf-8")
    bank, problems = load_bank(practices)
    assert not problems.errors
    pages = {p.src_uri: p for p in build_pages(bank)}
    config = load_config(str(ROOT / "mkdocs.yml"))
    converter = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    for src, shown in (("tutoring/gifted-practice.md", "Итоги :smile: и :+1:"),
                       ("terms/directions/gifted-children.md", "Одарённые :rocket:")):
        converter.reset()
        html = BeautifulSoup(converter.convert(pages[src].markdown().split("---", 2)[2]), "html.parser")
        assert _text(html.find("h1")) == shown, src
        assert not html.find("img"), src
