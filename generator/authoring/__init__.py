"""For authors and editors: new-entry templates, JSON Schema, spreadsheet import, the
GitHub issue form, freshness reports, the link checker and the published-address registry.
May import every stage before it; the adapters (`cli`, `mkdocs_plugin`) call it.
"""
