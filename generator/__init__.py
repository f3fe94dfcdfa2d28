"""Банк практик: load → validate → model → render.

The core (`yamlio`, `models`, `vocabulary`, `validate`, `bank`, `pages`) has
no MkDocs import; `mkdocs_plugin`, `cli`, `pdf` and `exports` are adapters.
"""

__version__ = "0.1.0"
