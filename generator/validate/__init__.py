"""Stage 4, validate: the whole bank checked in one run.

`bank.load_bank(root)` discovers the files, loads and checks every entry, the
cross-entry rules, criteria, collections, materials and redirects, and returns the
`Bank` with every problem found. May import `load`, `model`, `bank`; never `render`,
`outputs` or `authoring`.
"""
