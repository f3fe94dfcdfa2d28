"""The build's one Markdown converter renders every page exactly as MkDocs' own `Page.render`."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page

from generator.mkdocs_plugin.shared_markdown import SharedMarkdown
from generator.render.pages import SiteOptions, build_pages
from generator.validate.bank import load_bank

from tests.conftest import PRACTICES, ROOT

# what keeps state between pages in a converter: footnotes, tab groups, headings' ids, abbreviations
STATEFUL = """# Заголовок {#top}

Текст со сноской[^1] и ещё одной[^note].

[^1]: Первая сноска.
[^note]: Вторая сноска.

## Раздел

=== "Первая вкладка"

    Содержимое первой.

=== "Вторая вкладка"

    Содержимое второй.

## Раздел

!!! note "Заметка"
    Текст заметки со [ссылкой](about.md#section) и <span id="raw-anchor">якорем</span>.

??? tip "Раскрывающийся блок"
    Скрытый текст.

Термин
:   Определение.

| A | B |
|---|---|
| 1 | 2 |
"""


def _pages(tmp_path: Path):
    config = load_config(str(ROOT / "mkdocs.yml"))
    files = get_files(config)
    extra = []
    for i in range(2):  # two pages with the same headings and tabs: ids must restart on each
        (tmp_path / f"stateful-{i}.md").write_text(STATEFUL, encoding="utf-8")
        extra.append(File(f"stateful-{i}.md", str(tmp_path), config["site_dir"], config["use_directory_urls"]))
    # generated pages: a few of each kind of entry, the lists, the hand-made sections' pages
    bank, _ = load_bank(PRACTICES)
    seen: dict[str, int] = {}
    for page in build_pages(bank, SiteOptions()):
        group = page.src_uri.split("/")[0]
        seen[group] = seen.get(group, 0) + 1
        if seen[group] <= 4:
            path = tmp_path / "generated" / page.src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page.markdown(placeholders=True), encoding="utf-8")
            extra.append(File(page.src_uri, str(tmp_path / "generated"), config["site_dir"],
                              config["use_directory_urls"]))
    files = Files([*files, *extra])
    docs = [f for f in files.documentation_pages()]
    assert len(docs) > 30 and {"tutoring", "programmes", "cases", "sites"} <= set(seen)
    return config, files, docs


def _render(page: Page, config, files, shared: SharedMarkdown | None) -> tuple:
    if shared is not None:
        shared.attach(page)
    page.read_source(config)
    page.render(config, files)
    return (page.content, [(t.id, t.title, t.level, len(t.children)) for t in page.toc],
            page._title_from_render, page.present_anchor_ids, page.links_to_anchors)


def test_every_page_comes_out_as_from_mkdocs_itself(tmp_path):
    config, files, docs = _pages(tmp_path)
    shared = SharedMarkdown(config)
    # twice over, in two orders: nothing of one page may leak into the next
    for order in (docs, list(reversed(docs))):
        for file in order:
            stock = _render(Page(None, file, config), config, files, None)
            reused = _render(Page(None, file, config), config, files, shared)
            assert reused == stock, file.src_uri
    page = Page(None, next(f for f in docs if f.src_uri == "stateful-1.md"), config)
    content = _render(page, config, files, shared)[0]
    assert 'href="#fn:1"' in content and "tabbed-set" in content and 'id="raw-anchor"' in content
