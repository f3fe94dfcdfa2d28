"""Stage 2, model: what an entry, a vocabulary term and a valid name are.

`entries` holds the pydantic classes of every kind (the single source of truth for the
validator, the JSON Schema, the templates and the forms), `vocabulary` the controlled
vocabularies, `names` the rules for file names, `messages` the Russian wording of model
errors. May import `load` and the shared helpers; nothing later.
"""
