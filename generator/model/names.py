"""Names of entry files: a file's name is its slug and its address, so it must be a valid,
unreserved one. `slug_problem` says why a name is not, in Russian, with a suggestion."""

from __future__ import annotations

import re
import unicodedata

from generator.model.entries import SLUG_PATTERN
from generator.urls import RESERVED_SLUGS as SITE_SEGMENTS

SLUG_RE = re.compile(SLUG_PATTERN)
# Device names of Windows: no file or folder there may be called so, whatever follows a dot
# (con.yml too), so such an entry could not be checked out, opened or downloaded. The ports
# take the superscript digits ¹ ² ³ as well (COM¹), the console CONIN$ and CONOUT$.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$",
                              *(f"{d}{n}" for d in ("com", "lpt") for n in [*range(10), "¹", "²", "³"])})
RESERVED_SLUGS = SITE_SEGMENTS | WINDOWS_RESERVED
# Characters no Windows file name may hold (besides «/», «\» and the control characters).
WINDOWS_FORBIDDEN = ':*?"<>|'


def windows_reserved(name: str) -> bool:
    """A file or folder name Windows keeps for a device: «con», «Nul.txt», «com1.tar.gz»…"""
    return name.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_RESERVED


def windows_name_problem(name: str) -> str | None:
    """Why Windows cannot hold a file or folder called ``name`` (one part of a path), in Russian, or None."""
    control = next((c for c in name if ord(c) < 32), None)
    if control is not None:
        return f"управляющий символ U+{ord(control):04X} в имени файла или папки; переименуйте их"
    forbidden = next((c for c in name if c in WINDOWS_FORBIDDEN), None)
    if forbidden is not None:
        return (f"символ «{forbidden}» в имени «{name}»: в Windows имена файлов и папок не могут содержать "
                f"{' '.join(WINDOWS_FORBIDDEN)}, такой файл там нельзя ни создать, ни скачать; переименуйте "
                "его, например заменив этот символ дефисом")
    if name.endswith((".", " ")):
        return (f"имя «{name}» кончается точкой или пробелом: Windows их отбрасывает, и файл там не "
                "найдётся; уберите их в конце имени")
    if windows_reserved(name):
        return (f"имя «{name}» зарезервировано в Windows (имя устройства): такой файл или папку там "
                "нельзя ни создать, ни скачать; переименуйте, например добавив слово к имени")
    return None


_LOOKALIKE = "аеорсухіјАВЕКМНОРСТХ"


def latin_slug(text: str) -> str:
    """Text in Latin letters, digits and hyphens (python-slugify): names for `import`, hints here."""
    from slugify import slugify

    return slugify(text, max_length=60, word_boundary=True, save_order=True)


def _suggested(text: str) -> str:
    """A slug to offer in a message: never a reserved one."""
    slug = latin_slug(text)
    return f"{slug}-zapis" if slug in RESERVED_SLUGS else slug


def slug_problem(stem: str) -> str | None:
    """Why a file name is not a valid slug, or None."""
    if SLUG_RE.match(stem) and len(stem) <= 80:
        if stem in WINDOWS_RESERVED:
            return (f"имя «{stem}» зарезервировано в Windows (имя устройства): файл {stem}.yml там нельзя "
                    f"ни создать, ни открыть; выберите другое имя файла, например «{stem}-practice» "
                    "или с названием организации")
        if stem in RESERVED_SLUGS:
            return (f"имя «{stem}» зарезервировано сайтом; выберите другое имя файла, "
                    "например с названием организации")
        return None
    if any(ord(c) > 127 for c in stem):
        bad = next(c for c in stem if ord(c) > 127)
        cyrillic = [c for c in stem if "CYRILLIC" in unicodedata.name(c, "")]
        suggestion = _suggested(stem)
        example = f"«{suggestion}»" if suggestion else "«mostovsky-tutors»"
        if len(cyrillic) > 1 and not all(c in _LOOKALIKE for c in cyrillic):
            return (f"имя файла «{stem}» написано кириллицей; имя файла — адрес страницы, оно пишется "
                    f"строчными латинскими буквами, цифрами и дефисами: например {example}")
        kind = "кириллическая буква" if cyrillic and bad in cyrillic else "не латинский символ"
        look = " (похожа на латинскую)" if bad in _LOOKALIKE else ""
        return (f"в имени файла «{stem}» есть {kind} «{bad}»{look}; имя файла пишется только "
                f"строчными латинскими буквами, цифрами и дефисами, например {example}")
    if stem != stem.lower() and SLUG_RE.match(stem.lower()):  # otherwise the general rule below says it all
        if stem.lower() in RESERVED_SLUGS:
            return slug_problem(stem.lower())
        return (f"в имени файла «{stem}» есть заглавные буквы; используйте только строчные: "
                f"«{stem.lower()}»")
    if len(stem) > 80:
        return f"имя файла слишком длинное ({len(stem)} знаков, допустимо 80)"
    suggestion = _suggested(stem)
    return (f"имя файла «{stem}» недопустимо: только строчные латинские буквы, цифры и одиночные "
            "дефисы, без пробелов и подчёркиваний, не начинается и не кончается дефисом"
            + (f"; например «{suggestion}»" if suggestion and suggestion != stem else ""))
