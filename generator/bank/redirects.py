"""Addresses that must keep working: what the registry of published addresses lists and
where each old address leads now (loaded and checked by `validate.redirects`, drawn as
redirect pages by `render`)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.bank.core import Bank
from generator.urls import entry_path, entry_url


@dataclass(frozen=True)
class Published:
    kind: str
    slug: str
    line: int

    @property
    def url(self) -> str:
        return entry_url(self)


@dataclass(frozen=True)
class Redirect:
    old: str           # the slug that no longer has a published entry
    target: str | None  # slug of the entry it now lives at (after following chains)
    reason: str | None  # why it was removed, when there is no target
    line: int
    column: int


def redirect_sources(bank: Bank, registry: list[Published], redirects: dict[str, Redirect]) -> list[tuple[str, Redirect]]:
    """(old URL, redirect) for every address that needs a redirect page."""
    result: list[tuple[str, Redirect]] = []
    taken = {r.url for r in bank.published()}
    kinds_of: dict[str, list[str]] = {}
    for item in registry:
        kinds_of.setdefault(item.slug, []).append(item.kind)
    for old, redirect in sorted(redirects.items()):
        kinds = kinds_of.get(old)
        if not kinds:
            target = bank.records.get(redirect.target) if redirect.target else None
            kinds = [target.kind] if target else []
        for kind in kinds:
            url = f"{entry_path(kind, old)}/"
            if url not in taken:
                result.append((url, redirect))
    return result
