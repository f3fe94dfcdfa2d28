"""Problems found while loading and validating the bank.

Every problem names a file, a 1-based line and column, and a Russian message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where it is and what to do about it."""

    path: str
    line: int
    column: int
    message: str
    severity: str = ERROR

    def format(self) -> str:
        prefix = "" if self.severity == ERROR else "предупреждение: "
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command."""
        kind = "error" if self.severity == ERROR else "warning"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace(",", "%2C").replace(":", "%3A")
        return f"::{kind} file={path},line={self.line},col={self.column}::{message}"


def gitlab_report(problems: list[Problem]) -> list[dict]:
    """The problems as a GitLab Code Quality report (a JSON array, shown in the merge request):
    description, check_name, fingerprint (stable: the same problem, the same print), severity
    and location with the path and the first line."""
    import hashlib

    out = []
    for p in problems:
        print_ = hashlib.sha256(f"{p.path}\0{p.line}\0{p.column}\0{p.message}".encode()).hexdigest()
        out.append({"description": f"{p.message} (столбец {p.column})", "check_name": "practice-bank",
                    "fingerprint": print_, "severity": "major" if p.severity == ERROR else "minor",
                    "location": {"path": p.path, "lines": {"begin": p.line}}})
    return out


@dataclass
class Problems:
    """An ordered collection of problems gathered in one run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str | Path, line: int, column: int, message: str,
            severity: str = ERROR) -> None:
        self.items.append(Problem(str(path), max(1, line), max(1, column), message, severity))

    def extend(self, other: "Problems | list[Problem]") -> None:
        self.items.extend(other.items if isinstance(other, Problems) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.path, p.line, p.column, p.message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)



def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for a count: 1 ошибка, 2 ошибки, 5 ошибок."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many
