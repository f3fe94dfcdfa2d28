"""Stage 3, bank: the validated entries as one typed object and what is computed from it.

`core` holds `Bank` and `Record`; `benchmarking` the criteria, scores and evidence levels;
`collections` the printed collections and their selection; `stats`, `columns` and `views`
the figures, table columns and view data that the pages and the outputs share. May import
`load`, `model` and the shared helpers; never `validate`, `render`, `outputs` or `authoring`.
"""
