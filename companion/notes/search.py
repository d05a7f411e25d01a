"""Full-text search over a programme's notes (SQLite FTS5, Porter stemming).

Ranking every match by relevance costs time in proportion to the matches, so
a word found in tens of thousands of notes would be slow. Search therefore
ranks, best first, the most recent ``RANK_WINDOW`` matches: FTS5 walks its
index newest first and stops early, and the rowid bound keeps the ranking
within that window. A damaged database or index is said in a sentence,
never answered with part of the results.
"""

from __future__ import annotations

import re
import sqlite3

from companion.notes.model import Note, NotesError
from companion.notes.store import NotesStore

MAX_QUERY_WORDS = 12
RANK_WINDOW = 2_000  # matches ranked by relevance, newest first
DAMAGED = (
    "The database may be damaged, so results could be missing: restore the newest backup "
    "with 'companion restore' (see 'companion backup --list')."
)


def fts_query(text: str) -> str:
    """Words a person typed as a safe FTS5 query: every word, the last one as a prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)[:MAX_QUERY_WORDS]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def matching_ids(notes: NotesStore, query: str, limit: int) -> list[int]:
    """Ids of notes matching an FTS5 query, best match first, from the newest matches."""
    floor = notes.db.execute(
        "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        [query, RANK_WINDOW - 1],
    ).fetchone()
    cursor = notes.db.execute(
        "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? AND rowid >= ? ORDER BY rank LIMIT ?",
        [query, floor[0] if floor else 0, limit],
    )
    return [int(r[0]) for r in cursor.fetchall()]


def search(
    notes: NotesStore, text: str, *, programme_id: int | None = None, limit: int = 200
) -> list[Note]:
    """Notes matching ``text`` (all words), best match first, in one programme or all."""
    query = fts_query(text)
    if not query:
        return []
    try:
        ids = matching_ids(notes, query, limit)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        where = f"n.id IN ({marks})"
        params: list[object] = list(ids)
        if programme_id is not None:
            where += " AND n.session_id IN (SELECT id FROM sessions WHERE programme_id = ?)"
            params.append(programme_id)
        found = notes.query(where, params)
        kept = notes.db.execute(f"SELECT count(*) FROM notes WHERE id IN ({marks})", ids)
        whole = int(kept.fetchone()[0]) == len(ids)
    except sqlite3.DatabaseError as error:
        raise NotesError(f"Search could not read the notes ({error}). {DAMAGED}") from error
    if not whole:
        # The index names notes that are not there: what it misses cannot be known.
        raise NotesError(f"The search index does not match the notes. {DAMAGED}")
    order = {note_id: index for index, note_id in enumerate(ids)}
    return sorted(found, key=lambda n: order[n.id])
