"""The end of a group's session: attendance, the facilitator and participation in its notes.

When a run finishes, the facilitator chooses whether to keep the participation
summary (named, anonymised, or not at all). Whatever they choose, the group's
notes gain a "Participation and attendance" section with the facilitator's
name and who was there, so the group's document and every export carry it;
the per member totals go in only as chosen, never who spoke when.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from companion.notes.model import NoteKind
from companion.notes.store import NotesStore
from companion.timefmt import spoken
from companion.turns.summary import ParticipationSummary
from companion.workshop.events import Place

SECTION = "Participation and attendance"


class Keep(str, Enum):
    """What the facilitator chose to keep of the participation summary."""

    NAMED = "named"  # each member's totals under their name
    ANONYMISED = "anonymised"  # the same totals as "Participant N"
    NONE = "none"  # no totals at all; attendance and the facilitator only


@dataclass(frozen=True, slots=True)
class Closing:
    """What goes into the group's notes at the end of its session."""

    keep: Keep
    facilitator: str  # as they want to be credited; may be empty
    present: tuple[str, ...]  # members here, in roster order
    away: tuple[str, ...]  # members marked away today
    summary: ParticipationSummary | None  # None when nothing is kept


def closing_lines(closing: Closing) -> list[str]:
    """The notes the section gets, one sentence each."""
    lines = [f"Facilitator: {closing.facilitator or 'not given'}."]
    present = ", ".join(closing.present) or "nobody marked"
    lines.append(f"Attendance: {len(closing.present)} present ({present}).")
    if closing.away:
        lines.append(f"Away today: {', '.join(closing.away)}.")
    summary = closing.summary
    if closing.keep is Keep.NONE or summary is None:
        lines.append("Participation summary: not kept, as the facilitator chose.")
        return lines
    how = "anonymised" if closing.keep is Keep.ANONYMISED else "named"
    figures = "; ".join(
        f"{m.label} {spoken(m.talk_seconds)}, {m.turns} {'turn' if m.turns == 1 else 'turns'}"
        for m in summary.members
        if not m.away
    )
    lines.append(
        f"Participation summary ({how}, totals only): {figures}. "
        f"Talk in all {spoken(summary.talk_seconds)}, {summary.turns} turns, "
        f"equality (Gini, 0 is equal) {summary.gini:.2f}."
    )
    return lines


def file_closing(notes: NotesStore, place: Place, closing: Closing) -> str:
    """Add the closing notes to the group's page for ``place``; returns the section title."""
    section = notes.ensure_section(place.session_id, place.group_id, SECTION)
    for line in closing_lines(closing):
        notes.add(section.id, NoteKind.NOTE, line)
    return SECTION
