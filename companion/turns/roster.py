"""The group's roster: members in order, their details, and labels that tell duplicates apart.

A ``Roster`` keeps members in the order the facilitator chose (the first ten
get the keys 1–9 and 0) and writes every change through a ``RosterBackend``:
``MemoryBackend`` for tests and demos, ``companion.turns.roster_store`` for the
group's rows in the database, so a roster is remembered across sessions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Protocol

from companion.errors import CompanionError
from companion.signal import Signal
from companion.text import without_bidi_controls

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")  # the first ten members' keys


class RosterError(CompanionError):
    """A roster change that cannot be made (an empty name, an unknown member)."""


@dataclass(frozen=True, slots=True)
class MemberDetails:
    """What the facilitator records about a member (all but the name may be empty)."""

    name: str  # the name as the member wants to be called
    pronouns: str = ""  # e.g. "she/her"
    pronunciation: str = ""  # how to say the name, free text shown to the facilitator
    role: str = ""  # role or grade, only if the group chooses to record it
    access_needs: str = ""  # e.g. "uses captions", "BSL interpreter"
    call_me: str = ""  # a short name they asked to be called in prompts and nudges ("Jon")

    @property
    def spoken(self) -> str:
        """The name prompts and nudges use: the "call me" name, else the name."""
        return self.call_me or self.name


@dataclass(frozen=True, slots=True)
class Member:
    """One member of the roster; ``id`` is stable for the roster's life."""

    id: int
    details: MemberDetails

    @property
    def name(self) -> str:
        return self.details.name


class RosterBackend(Protocol):
    """Where a roster's changes are kept; ids come from here."""

    def load(self) -> list[Member]:
        """The stored members in roster order."""
        ...

    def insert(self, details: MemberDetails, position: int) -> int:
        """Store a new member at ``position``; return its id."""
        ...

    def update(self, member: Member) -> None:
        """Store new details for an existing member."""
        ...

    def delete(self, member_id: int) -> None:
        """Forget a member."""
        ...

    def reorder(self, member_ids: list[int]) -> None:
        """Store the roster order (every member's id, first to last)."""
        ...

    def insert_many(self, details: list[MemberDetails], first_position: int) -> list[int]:
        """Store several new members at once (all or nothing); return their ids."""
        ...


class MemoryBackend:
    """Keeps nothing: ids count up from 1. For tests, demos and the command line."""

    def __init__(self) -> None:
        self._next = 1

    def load(self) -> list[Member]:
        return []

    def insert(self, details: MemberDetails, position: int) -> int:
        member_id = self._next
        self._next += 1
        return member_id

    def insert_many(self, details: list[MemberDetails], first_position: int) -> list[int]:
        return [self.insert(d, first_position + i) for i, d in enumerate(details)]

    def update(self, member: Member) -> None:
        pass

    def delete(self, member_id: int) -> None:
        pass

    def reorder(self, member_ids: list[int]) -> None:
        pass


def clean_text(text: str) -> str:
    """``text`` in Unicode NFC, control characters removed, runs of spaces made one.

    Text-direction controls go too: they can make one member's name display as another's.
    """
    normal = without_bidi_controls(unicodedata.normalize("NFC", text))
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in normal)
    return " ".join(kept.split())


def clean_details(details: MemberDetails) -> MemberDetails:
    """Every field cleaned; raises RosterError when the name is empty."""
    cleaned = MemberDetails(
        **{f.name: clean_text(getattr(details, f.name)) for f in fields(MemberDetails)}
    )
    if not cleaned.name:
        raise RosterError("A member needs a name. Type the name as they want to be called.")
    return cleaned


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


class Roster:
    """The members of one group, in order, written through to a backend."""

    def __init__(self, backend: RosterBackend | None = None) -> None:
        self._backend: RosterBackend = backend or MemoryBackend()
        self._members: list[Member] = list(self._backend.load())
        self.changed: Signal[tuple[Member, ...]] = Signal()

    # -- reading ---------------------------------------------------------

    def __len__(self) -> int:
        return len(self._members)

    def __iter__(self) -> Iterator[Member]:
        return iter(list(self._members))

    @property
    def members(self) -> tuple[Member, ...]:
        return tuple(self._members)

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(m.id for m in self._members)

    def get(self, member_id: int) -> Member:
        for member in self._members:
            if member.id == member_id:
                return member
        raise RosterError("That member is no longer in the roster.")

    def __contains__(self, member_id: object) -> bool:
        return any(m.id == member_id for m in self._members)

    def position(self, member_id: int) -> int:
        """The member's place in the roster, from 0."""
        return self.ids.index(self.get(member_id).id)

    def at_key(self, key: str) -> Member | None:
        """The member whose shortcut is ``key`` ("1".."9", "0"), if there is one."""
        if key not in KEYS:
            return None
        index = KEYS.index(key)
        return self._members[index] if index < len(self._members) else None

    def key_of(self, member_id: int) -> str | None:
        """The member's shortcut key, or None beyond the first ten."""
        index = self.position(member_id)
        return KEYS[index] if index < len(KEYS) else None

    def labels(self) -> dict[int, str]:
        """A label per member that tells duplicates apart: "Sam", "Sam (2)", "Sam (3)"."""
        seen: dict[str, int] = {}
        labels: dict[int, str] = {}
        for member in self._members:
            key = _name_key(member.name)
            seen[key] = seen.get(key, 0) + 1
            count = seen[key]
            labels[member.id] = member.name if count == 1 else f"{member.name} ({count})"
        return labels

    def label(self, member_id: int) -> str:
        return self.labels()[self.get(member_id).id]

    def search(self, text: str) -> list[Member]:
        """Members whose label contains ``text`` (case- and accent-insensitive), in order."""
        wanted = fold(text)
        labels = self.labels()
        return [m for m in self._members if wanted in fold(labels[m.id])]

    # -- changing --------------------------------------------------------

    def add(self, details: MemberDetails, position: int | None = None) -> Member:
        """Add a member (at the end unless ``position``); returns it."""
        cleaned = clean_details(details)
        where = len(self._members) if position is None else max(0, min(position, len(self)))
        member = Member(self._backend.insert(cleaned, where), cleaned)
        self._members.insert(where, member)
        if where != len(self._members) - 1:
            self._backend.reorder(list(self.ids))
        self._changed()
        return member

    def add_many(self, details: list[MemberDetails]) -> list[Member]:
        """Add several members at the end, all or none (a bad name adds nobody)."""
        cleaned = [clean_details(d) for d in details]
        if not cleaned:
            return []
        ids = self._backend.insert_many(cleaned, len(self._members))
        added = [Member(i, d) for i, d in zip(ids, cleaned, strict=True)]
        self._members.extend(added)
        self._changed()
        return added

    def edit(self, member_id: int, **changes: str) -> Member:
        """Change some of a member's details (name, pronouns, ...); returns the member."""
        old = self.get(member_id)
        member = Member(old.id, clean_details(replace(old.details, **changes)))
        if member == old:
            return old
        self._members[self.position(member_id)] = member
        self._backend.update(member)
        self._changed()
        return member

    def move(self, member_id: int, position: int) -> None:
        """Put a member at ``position`` (from 0), shifting the others."""
        member = self.get(member_id)
        old = self.position(member_id)
        new = max(0, min(position, len(self._members) - 1))
        if new == old:
            return
        self._members.pop(old)
        self._members.insert(new, member)
        self._backend.reorder(list(self.ids))
        self._changed()

    def remove(self, member_id: int) -> None:
        member = self.get(member_id)
        self._members.remove(member)
        self._backend.delete(member.id)
        self._changed()

    def _changed(self) -> None:
        self.changed.emit(self.members)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for searching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
