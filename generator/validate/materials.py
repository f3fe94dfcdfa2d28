"""Files referenced by entries: they must live in ``practices/materials/`` and be safe to publish.

A path in an entry (a material's ``file``, an indicator's ``source_file``) is
relative to the materials folder. Rejected, each with the reason and the fix:
``..``, absolute paths, backslashes and drive letters, URLs disguised as paths,
names Windows cannot hold (devices, ``: * ? " < > |``, a trailing dot or space, two
names differing only in case), missing files, folders, symbolic links leading out of
the folder, types not in the allowed list and files over the size limit. Pictures need alt text.
The limits come from ``practices/settings.yml`` (section ``materials``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from generator.problems import Problems
from generator.model.names import windows_name_problem
from generator.load.yamlio import load_file

SETTINGS_FILE = "settings.yml"
MATERIALS_DIR = "materials"
DEFAULT_TYPES = ("pdf", "docx", "doc", "xlsx", "xls", "pptx", "odt", "ods", "odp", "txt", "csv",
                 "png", "jpg", "jpeg", "webp", "gif")
IMAGE_TYPES = frozenset({"png", "jpg", "jpeg", "webp", "gif"})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass
class MaterialSettings:
    allowed: tuple[str, ...] = DEFAULT_TYPES
    max_bytes: int = 10 * 1024 * 1024
    problems: list[Any] = field(default_factory=list)


def load_settings(root: Path, problems: Problems) -> MaterialSettings:
    """``practices/settings.yml`` → limits for materials (defaults when the file is absent)."""
    settings = MaterialSettings()
    path = root / SETTINGS_FILE
    if not path.exists():
        return settings
    shown = f"{root.name}/{SETTINGS_FILE}"
    doc, problem = load_file(path, shown)
    if problem is not None:
        problems.items.append(problem)
        return settings
    assert doc is not None
    section = doc.data.get("materials") if isinstance(doc.data, dict) else None
    if section is None:
        return settings
    if not isinstance(section, dict):
        line, col = doc.position(("materials",))
        problems.add(shown, line, col, "раздел materials должен содержать поля allowed_types и max_size_mb")
        return settings
    for key in section:
        if key not in ("allowed_types", "max_size_mb"):
            line, col = doc.key_position(("materials", key))
            problems.add(shown, line, col, f"неизвестное поле «{key}»; допустимы allowed_types и max_size_mb")
    types = section.get("allowed_types")
    if types is not None:
        if not isinstance(types, list) or not all(isinstance(t, str) and re.fullmatch(r"[a-z0-9]{1,8}", t)
                                                   for t in types):
            line, col = doc.position(("materials", "allowed_types"))
            problems.add(shown, line, col, "allowed_types — список расширений строчными буквами, например [pdf, docx]")
        elif "svg" in types or "html" in types or "htm" in types:
            line, col = doc.position(("materials", "allowed_types"))
            problems.add(shown, line, col, "файлы svg и html могут содержать скрипты и не публикуются; "
                                           "уберите их из allowed_types")
        else:
            settings.allowed = tuple(types)
    size = section.get("max_size_mb")
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, (int, float)) or not 0 < size <= 200:
            line, col = doc.position(("materials", "max_size_mb"))
            problems.add(shown, line, col, "max_size_mb — число мегабайт от 1 до 200")
        else:
            settings.max_bytes = int(size * 1024 * 1024)
    return settings


def path_problem(value: str, materials: Path, settings: MaterialSettings) -> str | None:
    """Why ``value`` is not an acceptable file inside ``materials``, or None."""
    fix = "укажите путь внутри папки practices/materials/, например «mostovsky/plan.pdf»"
    if not value or value != value.strip():
        return f"пустой путь или пробелы по краям; {fix}"
    if "\\" in value:
        return f"обратная косая черта «\\» в пути; используйте «/»; {fix}"
    if value.startswith("//") or _SCHEME.match(value):
        return ("это похоже на адрес в интернете, а не на файл; для ссылок используйте поле url, "
                f"для файлов — {fix}")
    if value.startswith("/"):
        return f"абсолютный путь не допускается; {fix}"
    parts = PurePosixPath(value).parts
    if ".." in parts or any(p in ("", ".") for p in value.split("/")):
        return f"путь с «..» или «./» выходит за папку материалов; {fix}"
    if parts and parts[0] == MATERIALS_DIR:
        return f"путь пишется без «materials/» в начале: «{'/'.join(parts[1:])}»"
    windows = next((why for why in map(windows_name_problem, value.split("/")) if why), None)
    if windows is not None:
        return windows
    suffix = PurePosixPath(value).suffix.lower().lstrip(".")
    if suffix not in settings.allowed:
        return (f"тип файла «.{suffix or '?'}» не разрешён; допустимы: {', '.join(settings.allowed)} "
                "(список — в practices/settings.yml)")
    base = materials.resolve() if materials.exists() else materials
    target = materials / value
    if target.is_symlink() or any((materials / Path(*parts[:i])).is_symlink() for i in range(1, len(parts))):
        try:
            target.resolve(strict=True).relative_to(base)
        except (ValueError, OSError):
            return "файл — ссылка (symlink) за пределы папки материалов; положите в папку сам файл"
    if not target.exists():
        return f"файла practices/{MATERIALS_DIR}/{value} нет; добавьте его в репозиторий или исправьте путь"
    try:
        target.resolve(strict=True).relative_to(base)
    except (ValueError, OSError):
        return "файл находится за пределами папки материалов"
    if target.is_dir():
        return f"practices/{MATERIALS_DIR}/{value} — папка, а нужен файл"
    if not target.is_file():  # a named pipe would stop the copy into the site
        return (f"practices/{MATERIALS_DIR}/{value} — не обычный файл (именованный канал, устройство "
                "или сокет); положите на его место сам файл")
    size = target.stat().st_size
    if size > settings.max_bytes:
        return (f"файл слишком большой ({size / 1024 / 1024:.1f} МБ, допустимо "
                f"{settings.max_bytes / 1024 / 1024:.0f} МБ); уменьшите его или дайте ссылку (url)")
    return _case_twin(materials, parts)


def _case_twin(materials: Path, parts: tuple[str, ...]) -> str | None:
    """A file or folder on the path has a neighbour whose name differs only in case: Windows and
    macOS hold one of the two, so a checkout there loses or mixes them up."""
    for i, part in enumerate(parts):
        folder = materials.joinpath(*parts[:i])
        twin = next((name for name in sorted(os.listdir(folder))
                     if name != part and name.lower() == part.lower()), None)
        if twin is not None:
            where = "/".join((f"practices/{MATERIALS_DIR}", *parts[:i]))
            return (f"в папке {where} есть и «{part}», и «{twin}»: имена отличаются только заглавными и "
                    "строчными буквами, а Windows и macOS их не различают — один файл там заменит "
                    "другой; переименуйте или удалите один из них")
    return None


def _references(record) -> Iterator[tuple[tuple, str, Any]]:
    """(position in the document, path, the material object or None) for every file of an entry."""
    model = record.model
    for i, material in enumerate(getattr(model, "materials", []) or []):
        if material.file is not None:
            yield ("materials", i, "file"), material.file, material
    for i, indicator in enumerate(getattr(model, "indicators", []) or []):
        if indicator.source_file is not None:
            yield ("indicators", i, "source_file"), indicator.source_file, None


def _linked_folder(materials: Path) -> bool:
    """The materials folder is itself a link: everything in it would come from elsewhere."""
    return materials.is_symlink()


def check_materials(bank, root: Path, problems: Problems, settings: MaterialSettings) -> None:
    materials = root / MATERIALS_DIR
    if _linked_folder(materials):
        problems.add(f"{root.name}/{MATERIALS_DIR}", 1, 1,
                     f"папка {root.name}/{MATERIALS_DIR} — ссылка (symlink) на другую папку; материалы "
                     "публикуются только из самой папки проекта: замените ссылку папкой с файлами")
        return
    for record in bank.records.values():
        for loc, value, material in _references(record):
            why = path_problem(value, materials, settings)
            doc = record.document
            if why:
                line, col = doc.position(loc) if doc else (1, 1)
                problems.add(record.path, line, col, why)
                continue
            suffix = PurePosixPath(value).suffix.lower().lstrip(".")
            if material is not None and suffix in IMAGE_TYPES and not material.alt:
                line, col = doc.position(loc[:-1]) if doc else (1, 1)
                problems.add(record.path, line, col, "у картинки нет описания: добавьте поле alt — что на ней "
                                                     "изображено (его прочтут незрячие читатели)")


def publishable_files(root: Path, settings: MaterialSettings) -> list[tuple[str, Path]]:
    """(path inside materials/, file) of every file the site may copy: no links out, allowed types, size."""
    materials = root / MATERIALS_DIR
    if not materials.is_dir() or _linked_folder(materials):
        return []
    out = []
    for path in sorted(materials.rglob("*")):
        rel = path.relative_to(materials).as_posix()
        if path.is_file() and path_problem(rel, materials, settings) is None:
            out.append((rel, path))
    return out
