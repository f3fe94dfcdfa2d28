"""The `practice-bank` MkDocs plugin.

It loads and validates ``practices/`` (failing the build with the validator's
``path:line:column`` messages), registers the generated pages with
`File.generated` (entries out of the navigation), expands ``[[slug]]``
references in hand-written pages, sanitizes entry HTML and asks
``mkdocs serve`` to watch the entries.
"""

from __future__ import annotations

import logging
import posixpath
from urllib.parse import urlsplit, urlunsplit
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..bank import Bank
from ..pages import SiteOptions, build_pages
from ..references import expand
from ..sanitize import sanitize_html
from ..validate import load_bank
from .config import PracticeBankConfig

log = logging.getLogger("mkdocs.plugins.practice_bank")


class PracticeBankPlugin(BasePlugin[PracticeBankConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.bank: Bank | None = None
        self.root: Path | None = None
        self.entry_uris: set[str] = set()
        self.generated_uris: set[str] = set()

    # -- load and validate --------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path).resolve().parent
        self.root = (base / self.config.practices).resolve()
        bank, problems = load_bank(self.root)
        for p in problems.warnings:
            log.warning(p.format())
        if problems.errors:
            lines = "\n".join(p.format() for p in problems.sorted() if p.severity == "error")
            raise PluginError(f"Банк практик не прошёл проверку ({len(problems.errors)} ош.):\n{lines}")
        self.bank = bank
        return config

    # -- register generated pages ---------------------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.bank is not None
        options = SiteOptions(per_page=self.config.per_page, site_url=config.site_url or "")
        existing = {f.src_uri for f in files}
        self.entry_uris.clear()
        self.generated_uris.clear()
        for page in build_pages(self.bank, options):
            if page.src_uri in existing:
                raise PluginError(f"{config.docs_dir}/{page.src_uri}: страница с таким адресом "
                                  "создаётся из банка практик; переименуйте файл")
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=page.markdown(), inclusion=inclusion)
            if page.edit_path:
                # edit_uri points into content/; the entry's YAML lives beside it
                file.edit_uri = "../" + page.edit_path
            if page.entry:
                self.entry_uris.add(page.src_uri)
            self.generated_uris.add(page.src_uri)
            files.append(file)
        materials = self.root / "materials" if self.root else None
        if materials and materials.is_dir():
            for path in sorted(materials.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    rel = path.relative_to(materials).as_posix()
                    files.append(File.generated(config, f"materials/{rel}", abs_src_path=str(path)))
        return files

    # -- hand-written pages: [[slug]] references ---------------------------------
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.edit_url and "/../" in page.edit_url:
            parts = urlsplit(page.edit_url)
            page.edit_url = urlunsplit(parts._replace(path=posixpath.normpath(parts.path)))
        if page.file.src_uri in self.generated_uris or self.bank is None:
            return markdown
        offset = 0
        if page.file.abs_src_path:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
            at = source.find(markdown)
            offset = source[:at].count("\n") if at > 0 else 0
        shown = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        result, problems = expand(markdown, self.bank, page.file.src_uri, shown, offset)
        if problems:
            raise PluginError("\n".join(p.format() for p in problems))
        return result

    # -- last line of defence on authors' content ---------------------------------
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.config.sanitize and page.file.src_uri in self.entry_uris:
            return sanitize_html(html)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.search or os.environ.get("BANK_NO_SEARCH") == "1":
            return
        from ..search_index import build_search_index

        count = build_search_index(Path(config.site_dir))
        log.info(f"Поисковый индекс Pagefind: {count} стр.")

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.root is not None:
            server.watch(str(self.root))
        return server
