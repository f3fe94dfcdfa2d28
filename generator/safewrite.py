"""Writing the files the tool owns (entries, schemas, the issue form, templates, rendered pages):
atomically, never through a symbolic link, never outside the folder they belong to."""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import suppress
from pathlib import Path


class WriteRefused(Exception):
    """A file the tool did not write; the message (Russian) names the file, the reason and the fix."""


def unsafe_target(base: Path, relative: str | Path) -> str | None:
    """Why ``base/relative`` must not be written, or None.

    Neither the file nor any folder between ``base`` and it may be a symbolic link: a write
    through one lands outside ``base`` (an entry that is a link is refused by the validator too).
    The file, if it exists, must be a regular file (or a folder, for a caller that checks one): a
    device, a named pipe or a socket would be replaced. A file where a folder is needed (``base``
    itself or one above the target) is named too.
    """
    rel = Path(relative)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        return f"{base / rel}: путь ведёт за пределы папки {base}; файл не записан"
    path = base
    for part in rel.parts:
        path = path / part
        if path.is_symlink():
            where = os.readlink(path)
            if path.is_dir():
                return (f"{path}: папка — символическая ссылка (на {where}); в неё ничего не записано, "
                        f"чтобы не писать за пределы {base}. Замените ссылку настоящей папкой и повторите команду")
            return (f"{path}: файл — символическая ссылка (на {where}); он не записан, чтобы не изменить файл, "
                    "на который она указывает. Удалите ссылку или замените её настоящим файлом и повторите команду")
        if not path.exists():
            break
    else:
        mode = path.lstat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            return (f"{path}: это {_special(mode)}, а не обычный файл; он не заменён. "
                    "Укажите путь к обычному файлу (или к новому) и повторите команду")
    folder = next((f for f in (path.parent, *path.parent.parents) if f.exists()), None)
    if folder is not None and not folder.is_dir():
        return (f"{folder}: это файл, а не папка; {base / rel} не записан. "
                "Укажите папку (или уберите этот файл) и повторите команду")
    return None


def _special(mode: int) -> str:
    """What a non-regular file is, in Russian."""
    for test, name in ((stat.S_ISCHR, "символьное устройство"), (stat.S_ISBLK, "блочное устройство"),
                       (stat.S_ISFIFO, "именованный канал"), (stat.S_ISSOCK, "сокет")):
        if test(mode):
            return name
    return "особый файл"


def write_inside(base: Path, relative: str | Path, data: str | bytes) -> Path:
    """Write ``base/relative`` atomically, never through a symbolic link and never outside ``base``.

    A symbolic link on the way is refused (`unsafe_target`). The data goes to a temporary file in
    the same folder, which then replaces the target: a hard link there (or a symbolic one made
    meanwhile) is replaced itself, the file it leads to is never touched. Raises `WriteRefused`.
    """
    why = unsafe_target(base, relative)
    if why:
        raise WriteRefused(why)
    path = base / relative
    if path.is_dir():
        raise WriteRefused(f"{path}: на месте файла — папка; файл не записан. Уберите папку или выберите другое имя")
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")  # a dot file: the validator skips it
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "xb") as stream:  # "x": a new file, never an existing one or a link
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temp, path)
    except OSError as exc:
        with suppress(OSError):  # never made, or made where it cannot be removed
            temp.unlink()
        raise WriteRefused(f"{path}: файл не записан ({exc.strerror or exc}); проверьте права на папку "
                           "и свободное место") from None
    return path
