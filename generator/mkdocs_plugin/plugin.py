"""The `practice-bank` MkDocs plugin.

It loads and validates ``practices/`` (failing the build with the validator's
``path:line:column`` messages), registers the generated pages with
`File.generated` (entries out of the navigation), expands ``[[slug]]``
references in hand-written pages, sanitizes entry HTML and asks
``mkdocs serve`` to watch the entries.
"""

from __future__ import annotations

import logging
import os
import posixpath
import sys
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.bank.collections import Collection
from generator.bank.core import Bank
from generator.build import mark_site, site_dir_problem
from generator.mkdocs_plugin.config import PracticeBankConfig
from generator.mkdocs_plugin.shared_markdown import SharedMarkdown
from generator.mkdocs_plugin.split import MIN_PAGES, ElsewherePage, PageSplit, can_fork, unsafe_plugins
from generator.outputs.pdf import PdfJob, pdf_enabled, render_many
from generator.outputs.printing import print_documents
from generator.outputs.search_index import Page as SearchPage
from generator.outputs.search_index import bank_index, html_text
from generator.parallel import may_fork
from generator.render.page import GeneratedPage, SiteOptions, fill_blocks
from generator.render.pages import build_pages
from generator.render.references import expand
from generator.sanitize import active_links, remote_resources, sanitize_html
from generator.site import site_files
from generator.urls import material
from generator.validate.bank import load_bank
from generator.validate.materials import publishable_files

log = logging.getLogger("mkdocs.plugins.practice_bank")


class _ChildJob:
    """``fn(*args)`` in a forked process; ``wait()`` returns None or the error as text."""

    def __init__(self, fn, *args) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.reader, writer = context.Pipe(duplex=False)

        def run() -> None:
            try:
                fn(*args)
                writer.send(None)
            except BaseException as exc:  # noqa: BLE001 - reported by the parent as a build error
                writer.send(f"{type(exc).__name__}: {exc}")

        self.process = context.Process(target=run, name="practice-bank-data", daemon=True)
        self.process.start()
        writer.close()

    def wait(self) -> str | None:
        try:
            result = self.reader.recv()
        except EOFError:
            result = f"процесс завершился с кодом {self.process.exitcode}"
        self.process.join()
        return result


class _PageFile(File):
    """A generated page whose Markdown is rendered when MkDocs first reads it (not in on_files):
    each process of a shared build renders only its own pages."""

    bank_page: GeneratedPage | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, page: GeneratedPage, inclusion: InclusionLevel) -> "_PageFile":
        file = cls.generated(config, page.src_uri, content="", inclusion=inclusion)
        file.bank_page = page
        return file

    @property
    def content_string(self) -> str:
        if self.bank_page is not None:
            return self.bank_page.markdown(placeholders=True)
        return super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.bank_page = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_bytes(self) -> bytes:
        if self.bank_page is not None:
            return self.content_string.encode("utf-8")
        return super().content_bytes

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.bank_page = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]


def _write_files(site: Path, files: dict[str, bytes]) -> None:
    """Write site-relative path → content into the built site."""
    for rel, content in files.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


# Front-matter values Material prints as they are, into <title> and meta attributes: escaped
# once as markupsafe.Markup, which prints the same escaped text whether a template escapes or not.
_TEXT_META = ("title", "description", "author")


def _source_problem(files: Files, config: MkDocsConfig) -> str | None:
    """A hand-written file (content/, overrides/) MkDocs must not read: a link to a place outside
    the project (it would be published from there — /etc/passwd, a key, .git/config), or not a
    regular file (MkDocs would wait on a named pipe for ever, or read a device without end)."""
    import stat

    project = os.path.dirname(os.path.realpath(config.config_file_path)) + os.sep
    folders = [os.path.abspath(config.docs_dir) + os.sep]
    if config.theme.custom_dir:
        folders.append(os.path.abspath(config.theme.custom_dir) + os.sep)
    for file in files:
        src = file.abs_src_path
        if not src or file.generated_by or not src.startswith(tuple(folders)):
            continue
        shown = os.path.relpath(src, project)
        real = os.path.realpath(src)
        if not real.startswith(project):
            return (f"{shown}: файл — ссылка (symlink) за пределы проекта (на {real}); "
                    "он был бы опубликован оттуда. Положите в папку сам файл или удалите ссылку")
        try:
            mode = os.stat(src).st_mode
        except OSError:
            continue  # a broken link: MkDocs names it
        if not stat.S_ISREG(mode):
            return (f"{shown}: это не обычный файл (именованный канал, устройство или сокет); "
                    "положите на его место обычный файл")
    return None


def _own_templates(config: MkDocsConfig) -> frozenset[str]:
    """Names of the templates in the theme's custom_dir (overrides/), as Jinja names them."""
    custom = config.theme.custom_dir
    if not custom:
        return frozenset()
    return frozenset(p.relative_to(custom).as_posix() for p in Path(custom).rglob("*.html"))


_WARNED: set[str] = set()


def _apply_publication(bank: Bank, config: MkDocsConfig, serving: bool = False) -> None:
    """The institute's settings (practices/settings.yml «publication») give the site its address,
    repository and edit links; a build for publishing (BANK_PUBLISH=1, `practice-bank build
    --publish`) refuses the sample's placeholders, a local one warns once."""
    from generator.model.publication import placeholders

    pub = bank.publication
    publish = os.environ.get("BANK_PUBLISH", "").strip() not in ("", "0")
    if pub is None:
        if not config.repo_url:  # no repository known: no «edit» links rather than broken ones
            config.edit_uri = None
        if publish:
            raise PluginError("Сборка для публикации отменена: в practices/settings.yml нет раздела publication "
                              "(адрес сайта, репозиторий, почта редакции, оператор персональных данных) — "
                              "см. README «Публикация»")
        return
    if not serving:  # `mkdocs serve` has set the local address it serves at: links must lead there
        config.site_url = pub.site_url
    config.repo_url = pub.repository_url
    if pub.kind == "gitlab":
        config.edit_uri = f"-/edit/{pub.branch}/{config.edit_uri.split('/', 2)[-1] if config.edit_uri else 'content/'}"
        config.theme["icon"] = dict(config.theme.get("icon") or {}, repo="fontawesome/brands/gitlab")
    else:
        config.edit_uri = f"edit/{pub.branch}/{config.edit_uri.split('/', 2)[-1] if config.edit_uri else 'content/'}"
    config.site_author = pub.institute
    found = placeholders(pub)
    if found and publish:
        raise PluginError("Сборка для публикации отменена: в practices/settings.yml (раздел publication) остались "
                          "образцы — замените их настоящими значениями:\n  " + "\n  ".join(found))
    if found and "placeholders" not in _WARNED:
        _WARNED.add("placeholders")
        # not through MkDocs' log: a strict local build would stop on it, and a preview must not
        print("ВНИМАНИЕ: в practices/settings.yml остались образцы настроек публикации ("
              + ", ".join(found) + "): для просмотра это не мешает, для публикации замените их "
              "(README «Публикация»)", file=sys.stderr)


def _branch(edit_uri: str | None) -> str:
    """The branch named in ``edit_uri`` (``edit/<branch>/content/``), ``main`` by default."""
    parts = (edit_uri or "").strip("/").split("/")
    return parts[1] if len(parts) >= 2 and parts[0] in ("edit", "blob") else "main"


class PracticeBankPlugin(BasePlugin[PracticeBankConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.bank: Bank | None = None
        self.collections: list[Collection] = []
        self.pdf_jobs: list[PdfJob] = []  # targets relative to the site folder
        self.print_seconds = 0.0  # time spent on print HTML in on_files
        self.root: Path | None = None
        self.entry_uris: set[str] = set()
        self.generated_uris: set[str] = set()
        self.generated_pages: dict[str, GeneratedPage] = {}  # src_uri -> page (and its HTML blocks)
        self.shared_uris: set[str] = set()  # entries and lists out of the nav: no search text, no nav title
        self.search_pages: list[SearchPage] = []  # pages other than entries, for the search index
        self.command = "build"
        self.data_job: _ChildJob | None = None
        self.split: PageSplit | None = None  # two processes share the entry and list pages
        self.markdown: SharedMarkdown | None = None  # one converter per build, made in on_nav

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    # -- load and validate --------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path).resolve().parent
        self.root = (base / self.config.practices).resolve()
        # `mkdocs build` empties the site folder first: never the project or a folder of other files
        sources = (Path(config.docs_dir), self.root, *([Path(config.theme.custom_dir)] if config.theme.custom_dir else []))
        problem = site_dir_problem(base, Path(config.site_dir), sources, caches=(self._pdf_cache(config),))
        if problem:
            raise PluginError(f"Сборка отменена: {problem}")
        bank, problems = load_bank(self.root)
        self.collections = bank.collections
        for p in problems.warnings:
            log.warning(p.format())
        if problems.errors:
            lines = "\n".join(p.format() for p in problems.sorted() if p.severity == "error")
            raise PluginError(f"Банк практик не прошёл проверку ({len(problems.errors)} ош.):\n{lines}")
        self.bank = bank
        _apply_publication(bank, config, serving=self.command == "serve")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # the folder passed site_dir_problem: marked as a site before anything is written into it,
        # so a later build replaces it (a half-built one too); MkDocs' cleaning keeps hidden files
        mark_site(Path(config.site_dir))

    # -- register generated pages ---------------------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Register what the core computed: pages, print documents, materials; start the data files."""
        assert self.bank is not None
        self._check_sources(files, config)
        self._register_pages(files, config)
        self._register_print(files, config)
        self._register_materials(files, config)
        self._start_data(config)
        return files

    def _check_sources(self, files: Files, config: MkDocsConfig) -> None:
        """Hand-written files that are not regular files, or links out of the project."""
        problem = _source_problem(files, config)
        if problem:
            raise PluginError(problem)

    def _register_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Every generated page, rendered to Markdown when MkDocs first reads it."""
        assert self.bank is not None
        options = SiteOptions(per_page=self.config.per_page, site_url=config.site_url or "",
                              repo_url=config.repo_url or "", branch=_branch(config.edit_uri),
                              pdf=pdf_enabled(self.config.pdf))
        existing = {f.src_uri for f in files}
        self.entry_uris.clear()
        self.generated_uris.clear()
        self.generated_pages.clear()
        self.shared_uris.clear()
        self.search_pages = []
        for page in build_pages(self.bank, options):
            if page.src_uri in existing:
                raise PluginError(f"{config.docs_dir}/{page.src_uri}: страница с таким адресом "
                                  "создаётся из банка практик; переименуйте файл")
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = _PageFile.of(config, page, inclusion)
            self.generated_pages[page.src_uri] = page
            if page.entry or (not page.in_nav and page.meta.get("template") == "list.html"):
                self.shared_uris.add(page.src_uri)  # may be rendered by either process
            if page.edit_path:
                # edit_uri points into content/; the entry's YAML lives beside it
                file.edit_uri = "../" + page.edit_path
            if page.entry:
                self.entry_uris.add(page.src_uri)
            self.generated_uris.add(page.src_uri)
            files.append(file)

    def _register_print(self, files: Files, config: MkDocsConfig) -> None:
        """Booklets and printable collections (a cached booklet is copied as a file, never read)."""
        assert self.bank is not None
        started = time.perf_counter()
        documents = print_documents(self.bank, config.site_url or "", self._pdf_cache(config),
                                    pdf=pdf_enabled(self.config.pdf))
        for doc in documents:
            if doc.job.html is None:
                files.append(File.generated(config, doc.uri, abs_src_path=str(doc.job.html_path)))
            else:
                files.append(File.generated(config, doc.uri, content=doc.job.html))
        self.pdf_jobs = [doc.job for doc in documents]
        self.print_seconds = time.perf_counter() - started  # print HTML; PDFs add to it

    def _register_materials(self, files: Files, config: MkDocsConfig) -> None:
        """Authors' files from practices/materials/ that pass the validator's rules."""
        assert self.bank is not None and self.root is not None
        for rel, path in publishable_files(self.root, self.bank.material_settings):
            files.append(File.generated(config, material(rel), abs_src_path=str(path)))

    def _start_data(self, config: MkDocsConfig) -> None:
        """The data files need only the bank: a single-threaded `mkdocs build` writes them in a
        forked process while the pages are rendered (a fifth of a build at 10,000 entries);
        `mkdocs serve` runs server threads, which fork does not mix with: there they are
        written after the pages."""
        self.data_job = None
        if self.command == "build" and may_fork():
            self.data_job = _ChildJob(self._write_data, config)

    # -- two processes share the entry and list pages (split.py) ----------------------
    @event_priority(-100)
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """A single-threaded `mkdocs build` on two cores: two processes share the entry and list pages."""
        self._end_split()
        # every plugin's on_config has run: the Markdown extensions are final (both processes inherit it)
        self.markdown = SharedMarkdown(config)
        others = unsafe_plugins(config.plugins.keys())
        if others and self.config.parallel and can_fork(self.command):
            log.info(f"Страницы собираются в одном процессе: плагины {', '.join(others)} могут собирать "
                     "данные со всех страниц (parallel: false убирает это сообщение)")
        if self.config.parallel and not others and len(self.shared_uris) >= MIN_PAGES \
                and can_fork(self.command):
            # the parent also renders the other pages and writes the search index
            self.split = PageSplit.fork(sorted(self.shared_uris), child_share=self.config.child_share)
            if not self.split.is_child:  # the child stops at on_post_build, before data and PDFs
                log.info(f"Страницы записей и списков собираются в двух процессах "
                         f"({len(self.shared_uris) - len(self.split.skipped)} + {len(self.split.skipped)})")
        return nav

    @event_priority(-100)
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files):
        if self.split is not None and self.split.skips(page.file.src_uri):
            return ElsewherePage(page)
        return self.markdown.attach(page) if self.markdown is not None else page

    def _pdf_cache(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path).resolve().parent
        return Path(os.environ.get("BANK_PDF_CACHE") or base / self.config.pdf_cache)

    # -- theme: parts of entry pages that are the same on every entry ----------------
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        rendered: dict[tuple[str, str], str] = {}

        def bank_cached(name: str, page: Page, caller) -> str:
            """``{% call bank_cached(name, page) %}…{% endcall %}``: the body rendered once per
            build and folder of entries (relative links differ by folder: from tutoring/x/ the
            catalogue of practices is ``../``, from cases/y/ it is ``../../tutoring/``). Only for
            parts that do not depend on the page itself — entry.html uses it for the tabs and
            the navigation, which link to no entry and mark nothing active on a page outside
            the navigation."""
            if page.file.src_uri not in self.entry_uris:  # a hand-written page using entry.html
                return caller()
            key = (name, page.url.rsplit("/", 2)[0])
            if key not in rendered:
                rendered[key] = caller()
            return rendered[key]

        env.globals["bank_cached"] = bank_cached
        # Our templates (overrides/) escape every value they print, in text and in attributes alike;
        # Material's own templates print HTML (page.content, the TOC) and keep their setting.
        # Titles and descriptions reach Material's templates too (<title>, meta tags): they are
        # escaped once, in on_page_markdown.
        ours = _own_templates(config)
        env.autoescape = lambda name: name in ours
        if self.split is not None and self.split.is_child:
            # 404.html, sitemap.xml…: the parent writes them
            config.theme.static_templates.clear()
            config.extra_templates.clear()
        return env

    # -- hand-written pages: [[slug]] references ---------------------------------
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        for key in _TEXT_META:
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        if page.edit_url and "/../" in page.edit_url:
            parts = urlsplit(page.edit_url)
            page.edit_url = urlunsplit(parts._replace(path=posixpath.normpath(parts.path)))
        if page.file.src_uri in self.entry_uris:
            page.meta["bank_pdf"] = pdf_enabled(self.config.pdf)
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
        if self.split is not None and self.split.skips(page.file.src_uri):
            return html  # rendered by the other process
        generated = self.generated_pages.get(page.file.src_uri)
        if generated is not None and generated.blocks:
            html = fill_blocks(html, generated.blocks)
        active = active_links(html)
        if active:  # the validator refuses them in every text it checks: this is the last line
            source = page.meta.get("bank_source") or f"{Path(config.docs_dir).name}/{page.file.src_uri}"
            raise PluginError(f"{source}: на странице получилась ссылка, которая запускает код ({active[0][:80]}); "
                              "допустимы только адреса http://, https:// и mailto:")
        remote = remote_resources(html)
        if remote:
            source = page.meta.get("bank_source") or f"{Path(config.docs_dir).name}/{page.file.src_uri}"
            raise PluginError(f"{source}: страница загружала бы файл с другого сайта ({remote[0][:100]}); "
                              "сайт ничего не загружает со сторонних серверов — положите картинку рядом со "
                              "страницей (content/assets/…) или в practices/materials/")
        if generated is not None and not generated.own_markup and self.config.sanitize:
            html = sanitize_html(html)  # authors' and editors' text (entries, vocabulary, criteria, collections)
        if page.file.src_uri in self.entry_uris:
            return html
        if not page.meta.get("search_exclude"):
            # recommendations, «О банке», «Авторам»…: found by the bank page's search too
            title = Markup(page.title or page.url).striptags()  # a title escaped by on_page_markdown, as text
            self.search_pages.append(SearchPage(page.url, title, html_text(html)))
        return html

    @event_priority(-100)  # last: in the child, every other plugin has finished its pages
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.split is not None and self.split.is_child:
            self.split.finish_child(failed=False, strict=config.strict)
        if self.split is not None:
            log.debug(f"первый процесс: страницы за {time.perf_counter() - self.split.started:.1f} с")
        try:
            if self.data_job is not None:
                failure, self.data_job = self.data_job.wait(), None
                if failure:
                    raise PluginError(f"Файлы данных (data/, api/, feed.xml) не записаны: {failure}")
            else:
                self._write_data(config)
            self._build_search(config)
            self._build_pdfs(config)
        finally:
            pages_failure = self._end_split()
        if pages_failure:
            raise PluginError(f"Часть страниц записей и списков не собрана: {pages_failure}")

    def on_build_error(self, *, error: Exception) -> None:
        split, self.split = self.split, None
        if split is not None and split.is_child:
            # MkDocs leaves a BuildError's words to the end of the build, which the child never
            # reaches: it says them itself before it leaves
            if isinstance(error, BuildError):
                log.error(str(error))
            split.finish_child(failed=True, strict=False)
        if split is not None:  # the parent failed: stop the child, nothing to report of it
            split.abort()
            split.close()

    def _end_split(self) -> str | None:
        """Wait for the second process (if any) and forget it; what went wrong there, or None."""
        split, self.split = self.split, None
        if split is None:
            return None
        failure = split.wait()
        split.close()
        if not split.is_child and failure is None:
            log.info(f"Второй процесс сборки закончил свою часть страниц (ожидание {split.waited:.1f} с)")
        return failure

    def _write_data(self, config: MkDocsConfig) -> None:
        """Open data, per-entry JSON, the feed, browse lists and the import template."""
        assert self.bank is not None
        _write_files(Path(config.site_dir), site_files(self.bank, config.site_url or "", config.site_name))

    def _build_pdfs(self, config: MkDocsConfig) -> None:
        if not pdf_enabled(self.config.pdf):
            log.info("PDF пропущены (BANK_PDF=0)")
            return
        cache = self._pdf_cache(config)
        site = Path(config.site_dir)
        jobs = [replace(job, target=site / job.target) for job in self.pdf_jobs]
        started = time.perf_counter()
        stats = render_many(jobs, cache)
        spent = self.print_seconds + time.perf_counter() - started
        log.info(f"PDF: {stats.rendered} создано, {stats.cached} из кэша; буклеты и сборники заняли {spent:.1f} с")

    def _build_search(self, config: MkDocsConfig) -> None:
        if not self.config.search or os.environ.get("BANK_NO_SEARCH") == "1":
            return
        from generator.outputs.browse import ordered

        assert self.bank is not None
        started = time.perf_counter()
        site = Path(config.site_dir)
        pages = sorted(self.search_pages, key=lambda p: p.url)
        files = bank_index(self.bank, ordered(self.bank), pages)
        _write_files(site, files)
        log.info(f"Поисковый индекс: {len(self.bank.published())} записей и {len(pages)} стр., "
                 f"{len(files) - 1} файлов, {time.perf_counter() - started:.1f} с")

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.root is not None:
            server.watch(str(self.root))
        return server
