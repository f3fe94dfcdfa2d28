"""Stage 5a, render: the site's pages as Markdown, computed from the bank.

`pages.build_pages(bank)` returns every generated page; `references` expands
``[[slug]]`` in hand-written pages; `submit_form` describes the «Предложить практику»
form. Knows nothing of MkDocs. May import `load`, `model`, `bank`; a sibling of
`outputs`, which it never imports.
"""
