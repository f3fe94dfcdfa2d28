"""Load and check the publication settings (``publication:`` in ``practices/settings.yml``).

Every wrong value is a Russian message on its line; the environment's overrides
(BANK_SITE_URL, BANK_REPO_URL, BANK_EDITORS_EMAIL) are applied after the file is read.
"""

from __future__ import annotations

from pathlib import Path

from generator.load.yamlio import load_file
from generator.model.publication import Publication, with_environment
from generator.problems import Problems
from generator.validate.positions import validated

SETTINGS_FILE = "settings.yml"


def load_publication(root: Path, problems: Problems, environ: dict | None = None) -> Publication | None:
    """The settings, or None when the file has no ``publication`` section (a bank not yet set
    up for publishing: builds still work, a build for publishing is refused)."""
    path = root / SETTINGS_FILE
    if not path.exists():
        return None
    shown = f"{root.name}/{SETTINGS_FILE}"
    doc, problem = load_file(path, shown)
    if problem is not None or doc is None:
        return None  # reported by the materials settings, which read the same file
    section = doc.data.get("publication") if isinstance(doc.data, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        problems.add(shown, *doc.position(("publication",)), "раздел publication — набор полей: institute, "
                                                                "site_url, repository_url, editors_email, operator…")
        return None
    return validated(Publication, with_environment(section, environ), doc, problems, ("publication",))
