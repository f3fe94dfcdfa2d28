"""The `practice-bank` command line: a thin adapter over the core.

Every message is in Russian; every failure ends in a message and an exit code,
never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from generator.model.entries import KINDS
from generator.problems import Problems, plural
from generator.safewrite import WriteRefused

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _RussianFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "запуск: " if prefix is None else prefix)


# what a value stands for, in the help (argparse would show the option's name in capitals)
METAVARS = {"root": "ПАПКА", "out": "ПУТЬ", "months": "МЕСЯЦЕВ", "per_page": "ЧИСЛО", "site_dir": "ПАПКА",
            "base_path": "ПОДПУТЬ", "path": "путь", "slug": "имя", "file": "таблица", "site": "папка_сайта",
            "mkdocs_args": "аргумент_mkdocs", "kind": "вид"}


class RussianParser(argparse.ArgumentParser):
    """argparse in Russian: help headings, value names and error messages."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _RussianFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "аргументы"
        self._optionals.title = "параметры"

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        # options with choices keep them in braces; a positional is named (its help lists the choices)
        if "metavar" not in kwargs and (action.choices is None or not action.option_strings) and action.nargs != 0:
            action.metavar = METAVARS.get(action.dest, action.metavar)
        return action

    def error(self, message: str) -> None:  # type: ignore[override]
        replacements = {
            "the following arguments are required": "не хватает аргументов",
            "unrecognized arguments": "неизвестные аргументы",
            "invalid choice": "недопустимое значение",
            "expected one argument": "нужно одно значение",
            "invalid int value: ": "ожидается целое число, а указано ",
            "not allowed with argument": "нельзя вместе с",
            "ignored explicit argument": "лишнее значение",
            "argument ": "аргумент ",
            "choose from": "выберите из",
        }
        for eng, rus in replacements.items():
            message = message.replace(eng, rus)
        self.print_usage(sys.stderr)
        print(f"{self.prog}: ошибка: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _project_root(start: Path | None = None) -> Path:
    """The folder with mkdocs.yml (or the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "practices").is_dir():
            return folder
    return here


def _practices_root(args: argparse.Namespace) -> Path:
    if getattr(args, "root", None):
        return Path(args.root)
    return _project_root() / "practices"


def _print_problems(problems: Problems, fmt: str, stream=None) -> None:
    stream = stream or sys.stdout  # looked up at the call: a caller may have redirected it
    for p in problems.sorted():
        print(p.github_annotation() if fmt == "github" else p.format(), file=stream)


def _summary(problems: Problems, checked: int) -> str:
    e, w = len(problems.errors), len(problems.warnings)
    entries = f"{checked} {plural(checked, 'запись', 'записи', 'записей')}"
    if not e and not w:
        return f"Проверено: {entries}. Ошибок нет."
    parts = []
    if e:
        parts.append(f"{e} {plural(e, 'ошибка', 'ошибки', 'ошибок')}")
    if w:
        parts.append(f"{w} {plural(w, 'предупреждение', 'предупреждения', 'предупреждений')}")
    return f"Проверено: {entries}. Найдено: {', '.join(parts)}."


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.validate.bank import load_bank, kind_of_path

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    root = _practices_root(args)
    target = Path(args.path) if args.path else None
    only = None
    if target is not None and not target.exists():
        print(f"{target}: файл или папка не найдены", file=sys.stderr)
        return EXIT_USAGE
    if target is not None and target.is_dir():
        root = target if (target / "vocabulary.yml").exists() or target.name == "practices" else root
        target = None if root == target else target
    if target is not None and not target.is_dir():  # a named pipe too: the loader refuses it
        kind = args.kind or kind_of_path(target)
        if kind is None:
            print(f"{target}: не понятно, какого вида запись; положите файл в папку "
                  f"practices/<вид>/ или укажите --kind ({', '.join(KINDS)})", file=sys.stderr)
            return EXIT_USAGE
        inside = _is_inside(target, root)
        only = None if inside else [(kind, target)]
    bank, problems = load_bank(root, only=only, today=_today(args))
    if args.report:
        from generator.authoring.freshness import stale_entries
        problems.extend(stale_entries(bank, months=args.months, today=_today(args)))
    if target is not None:
        shown = {str(target), os.path.normpath(str(target))}
        try:
            shown.add(str(target.resolve().relative_to(root.resolve().parent)))
        except ValueError:
            pass
        problems = Problems([p for p in problems.items if p.path in shown or
                             os.path.normpath(p.path) in shown])
        checked = 1
    else:
        checked = len(bank.records) + sum(1 for p in {x.path for x in problems.errors}
                                          if not any(r.path == p for r in bank.records.values()))
    if fmt == "gitlab":  # the report on stdout (a CI job saves it as an artifact), the summary aside
        import json

        from generator.problems import gitlab_report

        print(json.dumps(gitlab_report(problems.sorted()), ensure_ascii=False, indent=1))
        print(_summary(problems, checked), file=sys.stderr)
        return EXIT_ERRORS if problems.errors else EXIT_OK
    _print_problems(problems, fmt)
    print(_summary(problems, checked), file=sys.stderr if fmt == "github" else sys.stdout)
    return EXIT_ERRORS if problems.errors else EXIT_OK


def _is_inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _today(args: argparse.Namespace) -> date | None:
    value = os.environ.get("PRACTICE_BANK_TODAY")
    return date.fromisoformat(value) if value else None


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.authoring.schema import SCHEMA_DIR, write_schemas
    from generator.model.vocabulary import load_vocabulary

    root = _practices_root(args)
    problems = Problems()
    vocab = load_vocabulary(root, problems)
    if problems.errors:
        _print_problems(problems, "text")
        print("Схемы не записаны: сначала исправьте словарь.")
        return EXIT_ERRORS
    out = Path(args.out) if args.out else root / SCHEMA_DIR
    for path in write_schemas(out, vocab, inside=None if args.out else root):
        print(f"записано: {path}")
    if not args.out and (root.parent / ".github").is_dir():
        from generator.authoring.issue_form import write_issue_form
        print(f"записано: {write_issue_form(root.parent, vocab)}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from generator.safewrite import unsafe_target, write_inside
    from generator.authoring.entry_templates import render_template
    from generator.model.names import slug_problem
    from generator.model.vocabulary import load_vocabulary

    root = _practices_root(args)
    why = slug_problem(args.slug)
    if why:
        print(f"ошибка: {why}", file=sys.stderr)
        return EXIT_USAGE
    if args.kind == "assessment":
        return _new_assessment(args, root)
    if args.expert or args.score or args.conclusion:
        print("ошибка: --expert, --score и --conclusion — только для «new assessment»", file=sys.stderr)
        return EXIT_USAGE
    existing = [p for p in root.glob(f"*/{args.slug}.yml")]
    target = Path(args.out) if args.out else root / args.kind / f"{args.slug}.yml"
    base, relative = (target.parent, target.name) if args.out else (root, target.relative_to(root))
    why = unsafe_target(base, relative) if args.out != "-" else None
    if why:
        hint = "; чтобы вывести шаблон на экран, укажите --out -" if args.out else ""
        print(f"ошибка: {why}{hint}", file=sys.stderr)
        return EXIT_ERRORS
    if existing and not args.out:
        print(f"ошибка: запись «{args.slug}» уже есть: {existing[0]}; выберите другое имя",
              file=sys.stderr)
        return EXIT_ERRORS
    vocab = load_vocabulary(root, Problems())
    text = render_template(args.kind, args.slug, vocab)
    if args.out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    write_inside(base, relative, text)
    print(f"Создан шаблон: {target}\nЗаполните его и проверьте: practice-bank validate {target}")
    return EXIT_OK


def _new_assessment(args: argparse.Namespace, root: Path) -> int:
    """``new assessment <entry> --expert <slug>``: the expert's file with every criterion and its
    scale; with ``--score`` and ``--conclusion`` the finished assessment, checked at once."""
    from generator.authoring.assessment_template import assessment_text, parse_scores
    from generator.model.assessments import ASSESSMENTS_DIR
    from generator.model.entries import BENCHMARKED_KINDS
    from generator.model.names import slug_problem
    from generator.safewrite import unsafe_target, write_inside
    from generator.validate.bank import load_bank

    if not args.expert or slug_problem(args.expert):
        print("ошибка: укажите эксперта: --expert <имя из practices/experts.yml> (латиница, цифры, дефисы)",
              file=sys.stderr)
        return EXIT_USAGE
    scores, errors = parse_scores(args.score or [])
    if errors:
        print("ошибка: " + "; ".join(errors), file=sys.stderr)
        return EXIT_USAGE
    bank, problems = load_bank(root)
    record = bank.get(args.slug)
    if record is None or record.kind not in BENCHMARKED_KINDS:
        print(f"ошибка: «{args.slug}» — не практика и не программа банка; укажите имя файла записи "
              "из practices/tutoring/ или practices/programmes/", file=sys.stderr)
        return EXIT_ERRORS
    if not bank.criteria or not bank.criteria.items:
        print("ошибка: нет критериев: practices/criteria.yml не найден или содержит ошибки", file=sys.stderr)
        return EXIT_ERRORS
    if args.expert not in bank.experts:
        registry = [p for p in problems.items if p.path.endswith("/experts.yml")]
        for p in registry:  # the registry itself is broken: say where, not only «not found»
            print(f"{p.path}:{p.line}:{p.column}: {p.message}", file=sys.stderr)
        print(f"ошибка: эксперта «{args.expert}» нет в practices/experts.yml"
              + ("; сначала исправьте реестр (ошибки выше)" if registry else "; сначала внесите его в реестр"),
              file=sys.stderr)
        return EXIT_ERRORS
    text = assessment_text(bank, record, args.expert, scores, args.conclusion or "")
    if args.out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.out) if args.out else root / ASSESSMENTS_DIR / args.slug / f"{args.expert}.yml"
    base, relative = (target.parent, Path(target.name)) if args.out else (root, target.relative_to(root))
    why = unsafe_target(base, relative)
    if why:
        print(f"ошибка: {why}", file=sys.stderr)
        return EXIT_ERRORS
    if (base / relative).exists():
        print(f"ошибка: оценка уже есть: {target}; исправьте её, а не создавайте новую", file=sys.stderr)
        return EXIT_ERRORS
    write_inside(base, relative, text)
    if not scores:
        print(f"Создан шаблон оценки: {target}\nПоставьте баллы и проверьте: practice-bank validate")
        return EXIT_OK
    _, problems = load_bank(root)
    shown = f"{root.name}/{ASSESSMENTS_DIR}/{args.slug}/{args.expert}.yml"
    own = [p for p in problems.items if p.path == shown]
    for p in own:
        print(f"{p.path}:{p.line}:{p.column}: {p.message}", file=sys.stderr)
    print(f"Записана оценка: {target}" + (f"; ошибок: {len(own)} — исправьте файл" if own else "; ошибок нет"))
    return EXIT_ERRORS if own else EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    """Every generated page (Markdown with front matter), print document (HTML) and data file,
    written to a folder: the site without its engine (README «Долговечность»)."""
    import tempfile

    from generator.build import site_dir_problem
    from generator.outputs.printing import print_documents
    from generator.render.pages import SiteOptions, build_pages
    from generator.safewrite import write_inside
    from generator.site import site_files
    from generator.validate.bank import load_bank

    root = _practices_root(args)
    bank, problems = load_bank(root)
    if problems.errors:
        _print_problems(problems, "text", sys.stderr)
        print(_summary(problems, len(bank.records)), file=sys.stderr)
        return EXIT_ERRORS
    out = Path(args.out)
    problem = site_dir_problem(_project_root(), out, (root,), any_folder=True)
    if problem:
        print(f"ошибка: {problem.replace('папка сайта', 'папка')}", file=sys.stderr)
        return EXIT_USAGE
    if out.exists() and any(out.iterdir()) and not args.force:
        print(f"ошибка: папка {out} не пуста; укажите пустую папку или --force", file=sys.stderr)
        return EXIT_USAGE
    site_url, site_name = _site_setting("site_url", "BANK_SITE_URL", ""), _site_setting("site_name", None, "Банк практик")
    pages = build_pages(bank, SiteOptions(per_page=args.per_page, site_url=site_url))
    written: dict[str, str | bytes] = {page.src_uri: page.markdown() for page in pages}
    with tempfile.TemporaryDirectory(prefix="practice-bank-print-") as cache:
        for doc in print_documents(bank, site_url, Path(cache)):
            written[doc.uri] = doc.job.html if doc.job.html is not None else doc.job.html_path.read_text(encoding="utf-8")
    written.update(site_files(bank, site_url, site_name))
    for path in sorted(written):
        write_inside(out, path, written[path])
    print(f"Записано в {out}: страниц — {len(pages)}, документов для печати и файлов данных — "
          f"{len(written) - len(pages)}")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build_site

    project = _project_root()
    if args.publish:  # the plugin refuses the sample's placeholders (README «Публикация»)
        os.environ["BANK_PUBLISH"] = "1"
    return build_site(project, Path(args.site_dir) if args.site_dir else project / "site",
                      strict=not args.no_strict, extra=args.mkdocs_args or [])


def cmd_registry(args: argparse.Namespace) -> int:
    from generator.authoring.registry import update_registry
    from generator.validate.redirects import REGISTRY_FILE
    from generator.validate.bank import load_bank

    root = _practices_root(args)
    bank, problems = load_bank(root)
    if problems.errors:
        _print_problems(problems, "text", sys.stderr)
        print("Реестр не обновлён: сначала исправьте ошибки.", file=sys.stderr)
        return EXIT_ERRORS
    if args.check:
        from generator.validate.redirects import load_registry
        from generator.urls import entry_path

        known = {entry_path(p.kind, p.slug) for p in load_registry(root, Problems())}
        missing = sorted(entry_path(r.kind, r.slug) for r in bank.published() if entry_path(r.kind, r.slug) not in known)
        for line in missing:
            print(f"нет в реестре: {line}")
        print(f"Не внесено в {REGISTRY_FILE}: {len(missing)}." if missing else "Реестр полон.")
        return EXIT_ERRORS if missing else EXIT_OK
    try:
        added = update_registry(root, bank)
    except WriteRefused as exc:
        raise WriteRefused(f"{exc}; реестр не обновлён") from None
    for line in added:
        print(f"добавлено: {line}")
    print(f"Реестр {root.name}/{REGISTRY_FILE}: добавлено адресов — {len(added)}.")
    return EXIT_OK


def _site_setting(key: str, env: str | None, default: str) -> str:
    """A setting of the site: the address from practices/settings.yml (publication), the
    environment first; others from mkdocs.yml (``key: value`` or ``key: !ENV [NAME, value]``)."""
    import re

    if env and os.environ.get(env):
        return os.environ[env]
    if key == "site_url":
        from generator.validate.publication import load_publication

        pub = load_publication(_project_root() / "practices", Problems())
        return pub.site_url if pub is not None else default
    config = _project_root() / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    match = re.search(rf'^{key}:\s*(?:!ENV\s*\[\s*\w+\s*,\s*)?["\']?([^"\'\]\n]+?)["\']?\s*\]?\s*$', text, re.M)
    return match.group(1).strip() if match else default


def _site_base_path() -> str:
    """The path of ``site_url`` (BANK_SITE_URL or the default in mkdocs.yml)."""
    from urllib.parse import urlsplit

    return urlsplit(_site_setting("site_url", "BANK_SITE_URL", "/")).path or "/"


def cmd_check_links(args: argparse.Namespace) -> int:
    from generator.authoring.linkcheck import check_site

    site = Path(args.site)
    if not site.is_dir():
        print(f"ошибка: папки {site} нет; сначала соберите сайт (./run.sh build)", file=sys.stderr)
        return EXIT_USAGE
    pages, broken = check_site(site, args.base_path or _site_base_path())
    for item in broken:
        print(item.format())
    if broken:
        print(f"Проверено страниц: {pages}. Битых ссылок: {len(broken)}.")
        return EXIT_ERRORS
    print(f"Проверено страниц: {pages}. Все внутренние ссылки ведут на существующие страницы.")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from generator.authoring.import_read import ImportError_
    from generator.authoring.importer import import_file

    root = _practices_root(args)
    try:
        report = import_file(Path(args.file), root, kind=args.kind, dry_run=args.dry_run,
                             overwrite=args.overwrite, today=_today(args))
    except ImportError_ as exc:
        print(f"ошибка: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if report.note:
        print(report.note)
    if report.unknown_columns:
        print("Столбцы без соответствия в записи (пропущены): " + ", ".join(f"«{c}»" for c in report.unknown_columns))
    done = 0
    for row in report.rows:
        if row.problems:
            for column, message in row.problems:
                where = f", столбец «{column}»" if column else ""
                print(f"{args.file}: строка {row.row}{where}: {message}")
        else:
            done += 1
            verb = "будет записано" if args.dry_run else "записано"
            print(f"строка {row.row}: {verb} {row.path}")
    skipped = len(report.rows) - done
    total = len(report.rows)
    action = "можно импортировать" if args.dry_run else "импортировано"
    print(f"Строк: {total}; {action}: {done}; пропущено: {skipped}." +
          (" Ничего не записано (--dry-run)." if args.dry_run else ""))
    return EXIT_OK if skipped == 0 else EXIT_ERRORS


def cmd_import_template(args: argparse.Namespace) -> int:
    from generator.authoring.import_template import write_import_template
    from generator.model.vocabulary import load_vocabulary

    root = _practices_root(args)
    vocab = load_vocabulary(root, Problems())
    out = Path(args.out or f"shablon-{args.kind}.xlsx")
    write_import_template(out, vocab, args.kind)
    print(f"Шаблон таблицы: {out}. Заполните лист «Заявки» (по строке на запись) и запустите: "
          f"practice-bank import {out} --kind {args.kind} --dry-run")
    return EXIT_OK


def _per_page(text: str) -> int:
    """``--per-page``: a whole number of cards from 1 to 10000."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 10000:
        raise argparse.ArgumentTypeError(f"нужно целое число от 1 до 10000, а указано «{text}»")
    return value


def build_parser() -> RussianParser:
    parser = RussianParser(prog="practice-bank",
                           description="Банк практик: проверка записей, шаблоны, схемы, сборка сайта.",
                           add_help=False)
    parser.add_argument("-h", "--help", action="help", help="показать эту справку и выйти")
    sub = parser.add_subparsers(dest="command", metavar="команда", parser_class=RussianParser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> RussianParser:
        p = sub.add_parser(name, help=help_text, description=help_text, add_help=False)
        p.add_argument("-h", "--help", action="help", help="показать справку по команде")
        p.add_argument("--root", help="папка с записями (по умолчанию practices/ проекта)")
        p.set_defaults(func=func)
        return p

    p = add("validate", cmd_validate, "проверить весь банк или один файл")
    p.add_argument("path", nargs="?", help="файл записи или папка practices/")
    p.add_argument("--kind", choices=list(KINDS), help="вид записи для файла вне practices/")
    p.add_argument("--format", choices=["text", "github", "gitlab"],
                   help="формат вывода: text, github (аннотации GitHub Actions) или gitlab (отчёт Code Quality)")
    p.add_argument("--report", action="store_true",
                   help="добавить предупреждения о давно не проверявшихся записях")
    p.add_argument("--months", type=int, default=24,
                   help="сколько месяцев без проверки считать давним сроком (по умолчанию 24)")

    p = add("schema", cmd_schema, "записать JSON Schema для каждого вида записей")
    p.add_argument("--out", help="папка для схем (по умолчанию practices/schema)")

    p = add("new", cmd_new, "создать шаблон новой записи или экспертной оценки")
    p.add_argument("kind", choices=[*KINDS, "assessment"],
                   help="вид записи: " + ", ".join(KINDS) + "; assessment — экспертная оценка записи")
    p.add_argument("slug", help="имя файла (латиница, цифры, дефисы) — станет адресом страницы; "
                                "для assessment — имя оцениваемой записи")
    p.add_argument("--out", help="куда записать шаблон («-» — вывести на экран)")
    p.add_argument("--expert", metavar="ЭКСПЕРТ", help="для assessment: имя эксперта из practices/experts.yml")
    p.add_argument("--score", action="append", metavar="КРИТЕРИЙ=БАЛЛ[:ОБОСНОВАНИЕ]",
                   help="для assessment: балл по критерию, например relevance=4; можно повторять")
    p.add_argument("--conclusion", metavar="ТЕКСТ", help="для assessment: заключение эксперта")

    p = add("render", cmd_render, "записать всё, что сайт генерирует (страницы Markdown, HTML для печати, данные), в папку")
    p.add_argument("--out", required=True, help="папка для страниц")
    p.add_argument("--per-page", type=_per_page, default=60, help="карточек на странице каталога (1–10000)")
    p.add_argument("--force", action="store_true", help="писать в непустую папку")

    p = add("build", cmd_build, "собрать сайт: старая папка site/ заменяется только готовой новой")
    p.add_argument("--site-dir", help="куда собрать сайт (по умолчанию site/)")
    p.add_argument("--no-strict", action="store_true", help="не останавливаться на предупреждениях MkDocs")
    p.add_argument("--publish", action="store_true",
                   help="сборка для публикации: отказ, если в practices/settings.yml остались образцы настроек")
    p.add_argument("mkdocs_args", nargs="*", help="дополнительные аргументы mkdocs build (после --)")

    p = add("import", cmd_import, "создать записи из таблицы .xlsx или .csv (строка — запись)")
    p.add_argument("file", help="таблица .xlsx или .csv с русскими заголовками столбцов")
    p.add_argument("--kind", choices=list(KINDS), default="tutoring", help="вид записей (по умолчанию tutoring)")
    p.add_argument("--dry-run", action="store_true", help="только проверить и показать отчёт, ничего не записывать")
    p.add_argument("--overwrite", action="store_true", help="заменять существующие записи с тем же именем файла")

    p = add("import-template", cmd_import_template, "записать пустую таблицу-шаблон для импорта")
    p.add_argument("--kind", choices=list(KINDS), default="tutoring", help="вид записей (по умолчанию tutoring)")
    p.add_argument("--out", help="куда записать .xlsx (по умолчанию shablon-<вид>.xlsx)")

    p = add("check-links", cmd_check_links, "проверить внутренние ссылки собранного сайта")
    p.add_argument("site", nargs="?", default="site", help="папка собранного сайта (по умолчанию site/)")
    p.add_argument("--base-path", help="подпуть публикации, например /bank/ (по умолчанию из site_url)")

    p = add("registry", cmd_registry,
            "внести адреса опубликованных записей в реестр practices/published.txt")
    p.add_argument("--check", action="store_true",
                   help="только проверить, что все опубликованные записи есть в реестре")

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("прервано", file=sys.stderr)
        return 130
    except WriteRefused as exc:  # a file the command would write is a link, a folder or unwritable
        print(f"ошибка: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # last line of defence: never a traceback for users
        if os.environ.get("PRACTICE_BANK_DEBUG"):
            raise
        print(f"внутренняя ошибка: {type(exc).__name__}: {exc}\n"
              "Сообщите о ней разработчикам; подробности — с PRACTICE_BANK_DEBUG=1.", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
