"""Stable addresses: the registry of published URLs and redirects after renames.

Two data files in ``practices/``:

- ``published.txt`` — every entry address the site has ever published, one
  ``<kind>/<slug>`` per line. It only grows: `practice-bank registry` adds the
  entries published now and never removes a line (the publishing workflow runs
  it after each deployment and commits the file).
- ``redirects.yml`` — what became of an address that no longer has an entry:
  ``old-slug: new-slug`` after a rename (or a move to another kind), or
  ``old-slug: {removed: "причина"}`` when a practice is withdrawn; the old
  address then shows a short page with the reason and a way into the bank.

The validator fails when an address from the registry has neither a published
entry nor a redirect: old links in letters, methodical recommendations and
other sites must keep working.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.bank.core import Bank
from generator.bank.redirects import Published, Redirect
from generator.model.entries import KINDS, text_problem
from generator.problems import Problems
from generator.load.yamlio import load_file, os_error_message, read_regular

REGISTRY_FILE = "published.txt"
REDIRECTS_FILE = "redirects.yml"
_LINE = re.compile(r"^(?P<kind>[a-z]+)/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REGISTRY_HEADER = (
    "# Адреса записей, которые уже публиковались на сайте (вид/имя-файла).\n"
    "# Файл только пополняется командой `practice-bank registry`; строки не удаляйте.\n"
    "# Если запись переименована или снята, добавьте строку в redirects.yml.\n"
)


def load_registry(root: Path, problems: Problems) -> list[Published]:
    path = root / REGISTRY_FILE
    if not path.exists():
        return []
    shown = f"{root.name}/{REGISTRY_FILE}"
    try:
        text = read_regular(path).decode("utf-8-sig")  # not a named pipe or a device: it would never end
    except OSError as exc:
        problems.add(shown, 1, 1, os_error_message(exc))
        return []
    except UnicodeDecodeError:
        problems.add(shown, 1, 1, "файл должен быть в кодировке UTF-8")
        return []
    result: list[Published] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match or match["kind"] not in KINDS:
            problems.add(shown, number, 1, f"строка «{line[:80]}» не похожа на адрес записи; нужен вид/имя, "
                                           f"например tutoring/mostovskoy-tutor (виды: {', '.join(KINDS)})")
            continue
        if line in seen:
            continue
        seen.add(line)
        result.append(Published(match["kind"], match["slug"], number))
    return result


def load_redirects(root: Path, bank: Bank, problems: Problems) -> dict[str, Redirect]:
    """Redirects keyed by old slug, targets resolved through chains."""
    path = root / REDIRECTS_FILE
    if not path.exists():
        return {}
    shown = f"{root.name}/{REDIRECTS_FILE}"
    if _only_comments(path):
        return {}
    doc, problem = load_file(path, shown)
    if problem is not None:
        problems.items.append(problem)
        return {}
    assert doc is not None
    data = doc.data
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.add(shown, 1, 1, "файл переадресаций должен быть списком строк вида «старое-имя: новое-имя»")
        return {}
    raw: dict[str, tuple[str | None, str | None, int, int]] = {}
    for old, value in data.items():
        kline, kcol = doc.key_position((old,))
        line, col = doc.position((old,))
        if not isinstance(old, str) or not _SLUG.match(old):
            problems.add(shown, kline, kcol, f"«{old}» не похоже на имя файла записи (латиница, цифры, дефисы)")
            continue
        record = bank.records.get(old)
        if record is not None and record.published:
            problems.add(shown, kline, kcol, f"запись «{old}» опубликована ({record.path}); переадресация с "
                                             "её адреса не нужна — удалите эту строку")
            continue
        if isinstance(value, str):
            raw[old] = (value, None, line, col)
        elif isinstance(value, dict) and set(value) <= {"removed"} and isinstance(value.get("removed"), str) \
                and value["removed"].strip():
            why = text_problem(value["removed"])  # the reason is published on the old address
            if why:  # the redirect still counts: the registry's check has nothing more to say
                problems.add(shown, *doc.position((old, "removed")), f"причина снятия записи «{old}»: {why}")
            raw[old] = (None, value["removed"].strip(), line, col)
        else:
            problems.add(shown, line, col, "после двоеточия нужно новое имя записи (например "
                                           "«mostovskoy-tutor») или «{removed: причина}», если запись снята")
    result: dict[str, Redirect] = {}
    for old, (target, reason, line, col) in raw.items():
        if target is None:
            result[old] = Redirect(old, None, reason, line, col)
            continue
        seen = [old]
        current = target
        while current in raw and raw[current][0] is not None and current not in seen:
            seen.append(current)
            current = raw[current][0]  # type: ignore[assignment]
        if current in seen:
            problems.add(shown, line, col, f"переадресации замыкаются в круг: {' → '.join(seen + [current])}")
            continue
        if current in raw:  # chain ends in a removal
            result[old] = Redirect(old, None, raw[current][1], line, col)
            continue
        record = bank.records.get(current)
        if record is None:
            hint = _closest(current, bank)
            problems.add(shown, line, col, f"записи «{current}» нет в банке{hint}; укажите имя файла "
                                           "записи, на которую переехала старая")
            continue
        if not record.published:
            problems.add(shown, line, col, f"запись «{current}» — черновик; переадресация должна вести на "
                                           "опубликованную запись")
            continue
        result[old] = Redirect(old, current, None, line, col)
    return result


def _only_comments(path: Path) -> bool:
    """A file with nothing but comments and blank lines (the documented empty state)."""
    try:  # anything but a small regular file is for load_file to report
        raw = read_regular(path, 65536)
    except OSError:
        return False
    if len(raw) > 65536:
        return False
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _closest(slug: str, bank: Bank) -> str:
    import difflib
    match = difflib.get_close_matches(slug, list(bank.records), n=1, cutoff=0.6)
    return f" (возможно, «{match[0]}»)" if match else ""


def check_registry(bank: Bank, registry: list[Published], redirects: dict[str, Redirect],
                   root: Path, problems: Problems) -> None:
    """Every published address keeps an entry or a redirect."""
    shown = f"{root.name}/{REGISTRY_FILE}"
    for item in registry:
        record = bank.records.get(item.slug)
        if record is not None and record.published and record.kind == item.kind:
            continue
        if item.slug in redirects:
            continue
        if record is not None and record.published:
            why = f"запись «{item.slug}» перенесена из {item.kind}/ в {record.kind}/"
            fix = f"добавьте в practices/{REDIRECTS_FILE} строку «{item.slug}: {item.slug}»"
        elif record is not None:
            why = f"запись {record.path} снята с публикации (status: draft), а её адрес уже публиковался"
            fix = (f"верните status: published или добавьте в practices/{REDIRECTS_FILE} строку "
                   f"«{item.slug}: новое-имя» либо «{item.slug}: {{removed: причина}}»")
        else:
            why = f"адрес {item.url} уже публиковался, а файла practices/{item.kind}/{item.slug}.yml больше нет"
            fix = (f"если запись переименована, добавьте в practices/{REDIRECTS_FILE} строку "
                   f"«{item.slug}: новое-имя»; если снята — «{item.slug}: {{removed: причина}}»")
        problems.add(shown, item.line, 1, f"{why}; {fix}")
