"""``Workshop``: owns the current place (programme, session, group) and plan run.

Facilitate asks it for the place of a plan run (creating the programme, group
and today's session of the plan when they are new) and tells it when a run
starts and ends; Turns and Notes follow its ``events`` rather than each other.
It holds the database it is given; it never opens one. A plan that carries
the programme's codebook (``Plan.themes``) shares it: ``share_themes`` adds
each theme the programme lacks, so every group tags with the same names.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from companion.facilitation.model import Plan
from companion.notes.store import NotesStore
from companion.notes.themes import Themes
from companion.signal import Signal
from companion.store.db import (
    DEFAULT_PROGRAMME,
    ensure_group,
    ensure_programme,
    ensure_session,
    write_transaction,
)
from companion.workshop.closing import Closing, file_closing
from companion.workshop.events import (
    AttentionCalled,
    ParticipationFiled,
    Place,
    RunEnded,
    RunStarted,
    SegmentStarted,
    WorkshopEvent,
)
from companion.workshop.voices import Voice, personalised


class Workshop:
    """This programme, session and group, and the plan run going on in it."""

    def __init__(self, db: Database, notes: NotesStore | None = None) -> None:
        self.db = db
        # The notes the closing goes into: the app's notebook's, so its views hear of it.
        self.notes = notes or NotesStore(db)
        self.events: Signal[WorkshopEvent] = Signal()
        self.place: Place | None = None
        self.run: RunStarted | None = None
        self.not_heard: tuple[Voice, ...] = ()  # who Turns has not heard yet, in roster order

    def place_for_plan(self, series: str, plan_title: str, plan_name: str, group: str) -> Place:
        """The place a run of a plan for ``group`` is kept under: today's session of the plan.

        Creates the programme (the plan's series), the group and the session
        when they are new. Raises ``sqlite3.Error`` if the database fails.
        """
        programme = series.strip() or DEFAULT_PROGRAMME
        # Each row is made only once (ensure_*), so a failure half way is safe to retry.
        programme_id = ensure_programme(self.db, programme)
        group_id = ensure_group(self.db, programme_id, group)
        session_id = ensure_session(self.db, programme_id, plan_title, plan_name)
        return Place(programme_id, session_id, group_id, programme, plan_title, group)

    def start_run(
        self, place: Place, run_id: int | None, plan_title: str, questions: Sequence[str]
    ) -> None:
        """A run started at ``place`` (ending any other); tells every follower."""
        self.end_run()
        self.place = place
        self.run = RunStarted(place, run_id, plan_title, tuple(questions))
        self.events.emit(self.run)

    def end_run(self) -> None:
        """The current run is over (finished, or replaced by a new one)."""
        run, self.run = self.run, None
        if run is not None:
            self.events.emit(RunEnded(run.place, run.run_id))

    def is_at(self, session_id: int, group_id: int) -> bool:
        """Whether a run is going on for this group in this session."""
        place = self.run.place if self.run is not None else None
        return place is not None and (place.session_id, place.group_id) == (session_id, group_id)

    def segment_started(self, index: int, title: str, questions: Sequence[str]) -> None:
        """The run moved to segment ``index``; followers open its question."""
        if self.run is not None:
            self.events.emit(SegmentStarted(self.run.place, index, title, tuple(questions)))

    def set_not_heard(self, voices: Sequence[Voice]) -> None:
        """Who the turn tracker has not heard yet (everyone here with no turn)."""
        self.not_heard = tuple(voices)

    def prompt_text(self, ref: str, text: str) -> str:
        """A due prompt's text, naming the people not heard yet where it invites them."""
        return personalised(ref, text, self.not_heard)

    def call_attention(self, text: str, say: str = "") -> None:
        """Ask every area to show ``text`` (due prompts, an overrun) and to say ``say``."""
        self.events.emit(AttentionCalled(text, say))

    def close_group(self, place: Place, closing: Closing) -> None:
        """Put the attendance, facilitator and chosen participation into the group's notes.

        Raises ``sqlite3.Error`` if the database fails.
        """
        section = file_closing(self.notes, place, closing)
        self.events.emit(ParticipationFiled(place, section))

    def share_themes(self, plan: Plan) -> list[str]:
        """Add the plan's codebook to its programme (the plan's series); the names added.

        A theme already there (same name, any case) is kept as it is, so a
        facilitator's own themes and the lead's descriptions are never
        overwritten. Raises ``sqlite3.Error`` if the database fails.
        """
        if not plan.themes:
            return []
        programme_id = ensure_programme(self.db, plan.series.strip() or DEFAULT_PROGRAMME)
        themes = Themes(self.db, self.notes)
        added: list[str] = []
        with write_transaction(self.db):
            for theme in plan.themes:
                if themes.find(programme_id, theme.name) is None:
                    themes.create(
                        programme_id, theme.name, theme.description, colour=theme.colour or None
                    )
                    added.append(theme.name)
        return added
