"""MkDocs adapter: registers the pages the core generates. No logic of its own."""

from generator.mkdocs_plugin.plugin import PracticeBankPlugin

__all__ = ["PracticeBankPlugin"]
