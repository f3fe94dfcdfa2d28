"""Stage 5b, outputs: files the site carries besides its pages.

Open data and the feed (`data`), browse lists (`browse`), the search index
(`search_index`), print booklets and collections (`booklets`) and their PDFs (`pdf`):
each returns bytes or ``{path: content}`` for an adapter to write. Knows nothing of
MkDocs. May import `load`, `model`, `bank`; a sibling of `render`, which it never imports.
"""
