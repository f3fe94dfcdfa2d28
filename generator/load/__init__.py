"""Stage 1, load: bytes on disk → plain data with the line and column of every value.

`yamlio` reads one YAML file safely (no tags, anchors, bombs; regular files only) and
answers in Russian. Imports nothing of the bank but `generator.problems`.
"""
