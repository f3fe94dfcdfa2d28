"""MkDocs adapter: registers the pages the core generates. No logic of its own."""

from .plugin import PracticeBankPlugin

__all__ = ["PracticeBankPlugin"]
