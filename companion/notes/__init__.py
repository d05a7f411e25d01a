"""Structured group notes: sections, notes, themes, evidence; exports and bundles.

The notes tables are the ``notes`` migration set in ``companion.notes.schema``,
applied by ``companion.store.database.open_database`` with every other set.
"""
