"""Structured group notes: sections, notes, themes, evidence; exports and bundles.

The notes tables are the ``notes`` migration set in
``companion.store.migrations.notes``, applied by ``open_database``.
"""
