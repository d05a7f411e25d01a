"""Structured group notes: sections, notes, themes, evidence; exports and bundles.

Import ``companion.notes.schema`` (or call ``open_notes_db``) before opening
the store so the notes tables are migrated with it.
"""
