"""Short syntax for citing entries in hand-written Markdown pages.

* ``[[slug]]`` — a link to the entry with its title;
* ``[[card:slug]]`` on its own line — a card of the entry;
* ``[[newest:6]]`` on its own line — cards of the newest entries;
* ``[[count:tutoring]]`` — the number of published entries of a kind (or ``all``).
* ``[[events:3]]`` on its own line — the next events of the calendar (or a sentence that none
  is planned, with a link to the calendar).

An unknown slug is a problem naming the page and the line.
"""

from __future__ import annotations

import re

from generator.bank.core import Bank, KIND_ORDER
from generator.problems import Problem
from generator.render.calendar import upcoming_block
from generator.render.page import Linker, env
from generator.render.views import card

PATTERN = re.compile(r"\[\[(?:(card|newest|count|events):)?([^\]\s|]*)\]\]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def expand(markdown: str, bank: Bank, src_uri: str, shown_path: str,
           line_offset: int = 0) -> tuple[str, list[Problem]]:
    """Replace the short references in ``markdown``; report unknown ones."""
    if "[[" not in markdown:
        return markdown, []
    link = Linker(bank, src_uri)
    problems: list[Problem] = []
    out_lines = []
    in_fence = False
    cards_tpl = env().get_template("_macros.md.j2").module.cards  # type: ignore[attr-defined]
    for number, line in enumerate(markdown.split("\n"), 1):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or "[[" not in line:
            out_lines.append(line)
            continue

        code_spans = [m.span() for m in _CODE_SPAN.finditer(line)]

        def replace(match: re.Match[str]) -> str:
            if any(a <= match.start() < b for a, b in code_spans):
                return match.group(0)  # `[[slug]]` in inline code is shown as written
            form, arg = match.group(1), match.group(2)
            column = match.start() + 1
            if form == "newest":
                limit = int(arg) if arg.isdigit() and 0 < int(arg) <= 50 else 6
                return "\n" + str(cards_tpl([card(bank, r, link) for r in bank.newest(limit)])) + "\n"
            if form == "events":
                limit = int(arg) if arg.isdigit() and 0 < int(arg) <= 50 else 3
                return "\n" + upcoming_block(bank, limit, link) + "\n"
            if form == "count":
                if arg == "all":
                    return str(len(bank.published()))
                if arg in KIND_ORDER:
                    return str(len(bank.of_kind(arg)))
                problems.append(Problem(shown_path, number + line_offset, column,
                                        f"[[count:{arg}]]: неизвестный вид записей; допустимо: "
                                        f"{', '.join(KIND_ORDER)}, all"))
                return match.group(0)
            record = bank.get(arg)
            if record is None or not record.published:
                problems.append(Problem(shown_path, number + line_offset, column,
                                        f"ссылка [[{match.group(0)[2:-2]}]]: записи «{arg}» нет в банке; "
                                        "проверьте имя файла в practices/"))
                return match.group(0)
            if form == "card":
                return "\n" + str(cards_tpl([card(bank, record, link)])) + "\n"
            title = record.title.replace("[", "\\[").replace("]", "\\]")
            return f"[{title}]({link.md_entry(record)})"

        out_lines.append(PATTERN.sub(replace, line))
    return "\n".join(out_lines), problems
