"""The programme's codebook: themes, their links to notes, and the board of counts."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from companion.notes.events import NotesChanged, NotesEvent
from companion.notes.model import Note, NoteKind, NotesError, Theme
from companion.notes.store import NotesStore, rows
from companion.signal import Signal
from companion.store.db import name_order, now, write_transaction

# Colours readable on white and on black, each paired with a symbol so that
# nothing is told by colour alone.
PALETTE = (
    ("#0072b2", "●"),
    ("#e69f00", "▲"),
    ("#009e73", "■"),
    ("#cc79a7", "◆"),
    ("#56b4e9", "★"),
    ("#d55e00", "✚"),
    ("#f0e442", "⬟"),
    ("#999999", "✱"),
)


def theme_from_row(row: dict[str, Any]) -> Theme:
    return Theme(
        id=int(row["id"]),
        uid=str(row["uid"]),
        programme_id=int(row["programme_id"]),
        name=str(row["name"]),
        description=str(row["description"]),
        colour=str(row["colour"]),
        symbol=str(row["symbol"]),
    )


UNCODED = 0  # the board's "theme id" for notes with no theme (real ids start at 1)
# The row the board and the report show for them, under the same name everywhere.
UNCODED_THEME = Theme(
    UNCODED, "", 0, "Not yet coded", "Shared notes no theme holds yet", "#808080", "○"
)


@dataclass(frozen=True, slots=True)
class BoardCell:
    """How much of one theme one group's notes hold."""

    notes: int  # notes of any kind tagged with the theme
    quotes: int  # of which quotes
    note_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Board:
    """Themes down, groups across: the lead's view of the whole programme."""

    themes: tuple[Theme, ...]
    groups: tuple[tuple[int, str], ...]  # (group id, name)
    cells: dict[tuple[int, int], BoardCell]  # (theme id, group id); UNCODED for no theme

    def cell(self, theme_id: int, group_id: int) -> BoardCell:
        return self.cells.get((theme_id, group_id), BoardCell(0, 0, ()))

    @property
    def uncoded(self) -> int:
        """How many notes have no theme yet: they get their own row, never dropped."""
        return self.total(UNCODED)

    def rows(self) -> tuple[Theme, ...]:
        """The themes, then "Not yet coded" where any note has no theme."""
        return (*self.themes, *((UNCODED_THEME,) if self.uncoded else ()))

    def total(self, theme_id: int) -> int:
        return sum(self.cell(theme_id, g).notes for g, _ in self.groups)


class Themes:
    """Create, rename, merge and delete themes; tag notes with them."""

    def __init__(self, db: Database, notes: NotesStore | None = None) -> None:
        self.db = db
        self.events: Signal[NotesEvent] = notes.events if notes else Signal()

    def create(
        self,
        programme_id: int,
        name: str,
        description: str = "",
        *,
        colour: str | None = None,
        symbol: str | None = None,
        uid: str | None = None,
    ) -> Theme:
        name = " ".join(name.split())
        if not name:
            raise NotesError("A theme needs a name.")
        existing = self.find(programme_id, name)
        if existing is not None:
            raise NotesError(
                f"There is already a theme called “{existing.name}”. "
                "Use it, or choose another name."
            )
        count = len(self.in_programme(programme_id))
        default_colour, default_symbol = PALETTE[count % len(PALETTE)]
        self.db.execute(
            "INSERT INTO themes (uid, programme_id, name, description, colour, symbol, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                uid or uuid.uuid4().hex,
                programme_id,
                name,
                description,
                colour or default_colour,
                symbol or default_symbol,
                now(),
            ],
        )
        theme = self.find(programme_id, name)
        assert theme is not None
        self.events.emit(NotesChanged("theme created"))
        return theme

    def ensure(self, programme_id: int, name: str, **options: Any) -> Theme:
        """The theme called ``name`` (any case), created if new."""
        return self.find(programme_id, name) or self.create(programme_id, name, **options)

    def find(self, programme_id: int, name: str) -> Theme | None:
        found = rows(
            self.db,
            "SELECT * FROM themes WHERE programme_id = ? AND name = ? COLLATE NOCASE",
            [programme_id, " ".join(name.split())],
        )
        return theme_from_row(found[0]) if found else None

    def get(self, theme_id: int) -> Theme:
        found = rows(self.db, "SELECT * FROM themes WHERE id = ?", [theme_id])
        if not found:
            raise NotesError("That theme no longer exists.")
        return theme_from_row(found[0])

    def in_programme(self, programme_id: int) -> list[Theme]:
        return [
            theme_from_row(r)
            for r in rows(
                self.db,
                "SELECT * FROM themes WHERE programme_id = ? ORDER BY name COLLATE NOCASE",
                [programme_id],
            )
        ]

    def rename(self, theme_id: int, name: str, description: str | None = None) -> Theme:
        theme = self.get(theme_id)
        name = " ".join(name.split())
        other = self.find(theme.programme_id, name)
        if other is not None and other.id != theme_id:
            raise NotesError(
                f"There is already a theme called “{other.name}”; merge the two instead."
            )
        if not name:
            raise NotesError("A theme needs a name.")
        try:
            self.db.execute(
                "UPDATE themes SET name = ?, description = ? WHERE id = ?",
                [name, theme.description if description is None else description, theme_id],
            )
        except sqlite3.IntegrityError as error:
            raise NotesError(f"Could not rename the theme: {error}.") from error
        self.events.emit(NotesChanged("theme renamed"))
        return self.get(theme_id)

    def merge(self, source_ids: Iterable[int], into_id: int) -> Theme:
        """Move every note of the ``source_ids`` themes to ``into_id`` and delete the sources."""
        target = self.get(into_id)
        sources = [i for i in source_ids if i != into_id]
        with write_transaction(self.db):
            for source in sources:
                if self.get(source).programme_id != target.programme_id:
                    raise NotesError("Only themes of the same programme can be merged.")
                self.db.execute(
                    "INSERT OR IGNORE INTO note_themes (note_id, theme_id) "
                    "SELECT note_id, ? FROM note_themes WHERE theme_id = ?",
                    [into_id, source],
                )
                self.db.execute("DELETE FROM themes WHERE id = ?", [source])
        self.events.emit(NotesChanged("themes merged"))
        return target

    def delete(self, theme_id: int) -> None:
        self.db.execute("DELETE FROM themes WHERE id = ?", [theme_id])
        self.events.emit(NotesChanged("theme deleted"))

    def set_note_themes(self, note_id: int, theme_ids: Iterable[int]) -> None:
        """Recode a note: it is tagged with exactly ``theme_ids`` afterwards."""
        with write_transaction(self.db):
            self.db.execute("DELETE FROM note_themes WHERE note_id = ?", [note_id])
            for theme_id in set(theme_ids):
                self.db.execute(
                    "INSERT INTO note_themes (note_id, theme_id) VALUES (?, ?)",
                    [note_id, theme_id],
                )
        self.events.emit(NotesChanged("note recoded"))

    def tag(self, note_id: int, theme_id: int) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO note_themes (note_id, theme_id) VALUES (?, ?)",
            [note_id, theme_id],
        )
        self.events.emit(NotesChanged("note tagged"))

    def untag(self, note_id: int, theme_id: int) -> None:
        self.db.execute(
            "DELETE FROM note_themes WHERE note_id = ? AND theme_id = ?", [note_id, theme_id]
        )
        self.events.emit(NotesChanged("note untagged"))

    def board(
        self, programme_id: int, session_id: int | None = None, *, shared_only: bool = False
    ) -> Board:
        """Counts of notes and quotes per theme per group (one session, or all).

        Notes with no theme are counted under ``UNCODED``, so every note is somewhere.
        """
        themes = tuple(self.in_programme(programme_id))
        scope = "s.programme_id = ?" + (" AND n.session_id = ?" if session_id else "")
        scope += " AND n.shared = 1" if shared_only else ""
        params: list[object] = [programme_id]
        if session_id:
            params.append(session_id)
        groups = rows(
            self.db,
            "SELECT DISTINCT g.id, g.name FROM notes n JOIN sessions s ON s.id = n.session_id "
            f"JOIN groups g ON g.id = n.group_id WHERE {scope}",
            params,
        )
        found = rows(
            self.db,
            "SELECT coalesce(nt.theme_id, 0) AS theme_id, n.group_id, n.id, n.kind FROM notes n "
            "LEFT JOIN note_themes nt ON n.id = nt.note_id "
            "JOIN sessions s ON s.id = n.session_id "
            f"WHERE {scope} ORDER BY n.id",
            params,
        )
        collected: dict[tuple[int, int], list[tuple[int, str]]] = {}
        for r in found:
            collected.setdefault((r["theme_id"], r["group_id"]), []).append((r["id"], r["kind"]))
        cells = {
            key: BoardCell(
                len(items),
                sum(1 for _, k in items if k == NoteKind.QUOTE.value),
                tuple(i for i, _ in items),
            )
            for key, items in collected.items()
        }
        named = sorted(
            ((int(g["id"]), str(g["name"])) for g in groups), key=lambda g: name_order(g[1])
        )
        return Board(themes, tuple(named), cells)

    def quotes(self, notes: NotesStore, theme_id: int) -> list[Note]:
        """Every quote tagged with a theme, across groups: the quote wall."""
        return notes.query(
            "n.kind = 'quote' AND n.id IN (SELECT note_id FROM note_themes WHERE theme_id = ?)",
            [theme_id],
        )
