"""The registry of published addresses (``practices/published.txt``) grows: `practice-bank
registry` adds the entries published now, after each deployment."""

from __future__ import annotations

from pathlib import Path

from generator.bank.core import Bank
from generator.safewrite import write_inside
from generator.urls import entry_path
from generator.validate.redirects import REGISTRY_HEADER, REGISTRY_FILE


def update_registry(root: Path, bank: Bank) -> list[str]:
    """Add the addresses of entries published now; return the added lines."""
    path = root / REGISTRY_FILE
    existing_text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    present = {line.strip() for line in existing_text.splitlines()}
    added = sorted(entry_path(r.kind, r.slug) for r in bank.published() if entry_path(r.kind, r.slug) not in present)
    if not added and path.exists():
        return []
    text = existing_text or REGISTRY_HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    write_inside(root, REGISTRY_FILE, text + "".join(f"{line}\n" for line in added))
    return added
