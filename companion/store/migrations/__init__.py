"""Every table's schema, as one ``sqlite_utils.Migrations`` set per feature.

The store owns them all, so opening the database never depends on which
feature modules were imported, and the features above the store only query.
``MIGRATION_SETS`` is the order ``open_database`` applies them in: the core's
programmes, groups, sessions and members first, then each feature whose
tables refer to them. A new feature adds its module here and its set to the
end of the list; a schema change is a new function in its feature's set.
"""

from __future__ import annotations

from sqlite_utils import Migrations

from companion.store.migrations import core, facilitation, lead, notes, turns

MIGRATION_SETS: tuple[Migrations, ...] = (
    core.migrations,
    facilitation.migrations,
    turns.migrations,
    notes.migrations,
    lead.migrations,
)
