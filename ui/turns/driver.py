"""The Turns model the views share: one group's session at a time, its clock, ticks and keeping.

``TurnsDriver`` works on the database it is given (it never opens one): it
tracks one group of a programme in a ``TurnsSession``, ticks it once a second
(ten times a second in demo mode), feeds it voice readings from the caption
audio, keeps participation summaries in a store session, remembers the Turns
settings, and runs the demo's simulated discussion. The session's core events
reach the views as the typed Qt signals of ``events`` (a ``TurnsSignals``),
which outlives each session, so views connect once. When the facilitator chooses
it, ``voices`` recognises voices in the caption audio (#14, ui/turns/voices.py).
Sentences for the facilitator (what a command did, or why not) come out of ``said``.

Demo mode: with ``COMPANION_DEMO_SPEED`` set (docs/turns.md) the clock runs that
many times faster and ``simulate()`` plays a discussion.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from sqlite_utils import Database

from companion.clock import Clock, ScaledClock, system_clock
from companion.events import LevelChanged
from companion.speakers import SpeakerSpan
from companion.store.db import DEFAULT_PROGRAMME, create_session, ensure_group, ensure_programme
from companion.turns.demo import Simulation, demo_speed, dominated_discussion
from companion.turns.events import RosterChanged, StatsChanged
from companion.turns.nudges import NudgeRules
from companion.turns.queue import QueueOrder
from companion.turns.roster import Member, Roster
from companion.turns.roster_store import group_name, group_names, load_roster
from companion.turns.session import TurnsSession
from companion.turns.settings import DEFAULT_GROUP, TurnsSettings
from companion.turns.summary import keep_summary
from companion.turns.tracker import TrackerConfig
from companion.turns.voice_watch import VoiceWatch
from companion.workshop.closing import Closing, Keep
from companion.workshop.coordinator import Workshop
from companion.workshop.events import RunEnded, RunStarted
from companion.workshop.voices import voice_of
from ui.adapter import CoreBridge, TurnsSignals
from ui.settings.store import SettingsStore
from ui.turns.voices import VoiceRecognition

TICK_MS = 1000
DEMO_TICK_MS = 100


class TurnsDriver(QObject):
    """Tracks one group's turn-taking for the views, and keeps its summaries."""

    said = Signal(str)  # a sentence for the facilitator: what happened, or why not
    group_changed = Signal(int)  # now tracking this group id, from a fresh start
    rules_changed = Signal(object)  # the new NudgeRules
    kept = Signal(int)  # a participation summary was kept in this store session id
    run_over = Signal(RunEnded)  # the tracked group's run ended: ask what to keep

    def __init__(
        self,
        db: Database,
        *,
        store: SettingsStore | None = None,
        bridge: CoreBridge | None = None,
        clock: Clock | None = None,
        demo: float | None = None,
        autotick: bool = True,
        workshop: Workshop | None = None,
        voice_watch: VoiceWatch | None = None,  # tests give a fake; else the real one
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.workshop = workshop  # told who is not heard yet, and given the closing notes
        self._autotick = autotick
        self._store = store
        self._bridge = bridge  # captions listen for the names of the group tracked here
        saved = store.current.turns if store is not None else TurnsSettings()
        self.demo_speed = demo if demo is not None else demo_speed()
        self.clock: Clock = clock or (
            ScaledClock(self.demo_speed) if self.demo_speed else system_clock
        )
        config = TrackerConfig(silence_end=saved.silence_end)
        self.config = config.scaled(self.demo_speed) if self.demo_speed else config
        self.rules = saved.rules
        self.voice_assisted = saved.voice_assisted
        self.programme_id = ensure_programme(db, saved.programme or DEFAULT_PROGRAMME)
        self.group_id = ensure_group(db, self.programme_id, saved.group or DEFAULT_GROUP)
        self.session_id: int | None = None  # the store session summaries are kept in
        self._session_given = False  # a plan run gave session_id: it outlives a reset
        self.simulation: Simulation | None = None
        # One typed adapter for the driver's life, re-attached to each new
        # session, so the views connect once.
        self.events = TurnsSignals(parent=self)
        self.events.stats_changed.connect(self._on_stats_changed)
        self.events.roster_changed.connect(self._on_roster_changed)
        self.voices = VoiceRecognition(
            self, bridge, chosen=saved.voice_recognition, watch=voice_watch
        )
        self.session = self._new_session(self.group_id)

        self.timer = QTimer(self)
        self.timer.setInterval(DEMO_TICK_MS if self.demo_speed else TICK_MS)
        self.timer.timeout.connect(self.tick)
        if autotick:
            self.timer.start()
        if bridge is not None:
            bridge.level.connect(self._on_level)
            bridge.stopped.connect(self._on_audio_gone)
            bridge.failed.connect(self._on_audio_gone)
            bridge.source_lost.connect(self._on_audio_gone)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- reading ---------------------------------------------------------

    @property
    def roster(self) -> Roster:
        return self.session.roster

    @property
    def group_name(self) -> str:
        return group_name(self.db, self.group_id)

    @property
    def started(self) -> bool:
        """Whether tracking has begun (the first mark): then the group cannot change."""
        return self.session.started

    def group_names(self) -> list[tuple[int, str]]:
        """(id, name) of each group in the programme, by name."""
        return group_names(self.db, self.programme_id)

    def not_heard(self) -> list[Member]:
        """Members here today who have had no turn yet, in roster order."""
        stats = {m.member: m for m in self.session.stats.members}
        return [
            m
            for m in self.roster
            if m.id in stats and not (stats[m.id].away or stats[m.id].speaking or stats[m.id].turns)
        ]

    def remembered_facilitator(self) -> str:
        """The facilitator's name typed last, for the end-of-session notes."""
        return self._store.current.turns.facilitator if self._store is not None else ""

    def label(self, member: int | None) -> str | None:
        """The member's label in the roster, or None for nobody or a member since removed."""
        if member is None or member not in self.session.roster:
            return None
        return self.session.roster.label(member)

    def speaker_spans(self) -> list[SpeakerSpan]:
        """Who spoke when, by roster label, on ``clock``: the captions' speaker labels (#14)."""
        labels = self.roster.labels()
        return [
            SpeakerSpan(labels[t.member], t.start, t.end)
            for t in self.session.tracker.turns
            if t.member in labels
        ]

    # -- groups and store sessions ---------------------------------------

    def use_group(self, group_id: int) -> None:
        """Track ``group_id`` (its remembered roster) from a fresh start."""
        self.group_id = group_id
        self.simulation = None
        self.voices.forget()  # another group: voices heard so far are not theirs
        self.session = self._new_session(group_id)
        if not self._session_given:
            self.session_id = None
        self.group_changed.emit(group_id)

    def follow_run(self, started: RunStarted) -> None:
        """Track the group whose plan run just started, unless a session is being tracked."""
        if self.started:
            return
        place = started.place
        self.set_context(place.programme_id, place.group_id, place.session_id)
        self._resume_ticking()
        self.say(f"Tracking {place.group}, the group of the plan just started.")

    def follow_end(self, ended: RunEnded) -> None:
        """The tracked group's run ended: stop tracking and ask what to keep (``run_over``)."""
        if ended.place.group_id != self.group_id:
            return
        self.simulation = None
        if self.session.speaker is not None:
            self.session.nobody()
        self.timer.stop()  # no more time counted, no more nudges
        self.say(f"The plan run ended, so tracking {ended.place.group} stopped.")
        self.run_over.emit(ended)

    def close_run(self, ended: RunEnded, keep: Keep, facilitator: str) -> Closing:
        """Keep the summary as chosen and put it, with attendance and the facilitator, in
        the group's notes; then start again for the next run."""
        facilitator = " ".join(facilitator.split())
        summary = None
        if keep is not Keep.NONE and self.session.started:
            anonymise = set(self.roster.ids) if keep is Keep.ANONYMISED else set()
            summary = self.session.summary(anonymise, self.group_name)
            self.keep(anonymise)
        labels = self.roster.labels()
        away = self.session.away
        closing = Closing(
            keep,
            facilitator,
            tuple(labels[m] for m in self.roster.ids if m not in away),
            tuple(labels[m] for m in self.roster.ids if m in away),
            summary,
        )
        self._save(facilitator=facilitator)
        if self.workshop is not None:
            try:
                self.workshop.close_group(ended.place, closing)
                self.say(f"Attendance and participation are in {ended.place.group}'s notes.")
            except sqlite3.Error as error:
                self.say(
                    f"The closing notes could not be saved ({error}); "
                    "check there is free disk space and type them in Notes."
                )
        self.session.reset()
        return closing

    def set_context(self, programme_id: int, group_id: int, session_id: int | None = None) -> None:
        """Track a group chosen elsewhere (a plan run), keeping summaries in ``session_id``."""
        self.programme_id = programme_id
        self.session_id = session_id
        self._session_given = session_id is not None
        self.use_group(group_id)

    def choose_group(self, name: str) -> bool:
        """Track the programme's group called ``name`` (made if new); False if it did not change.

        While tracking has begun the group stays: keep or start again first.
        """
        name = name.strip()
        if not name or name == self.group_name:
            return False
        if self.session.started:
            self.say("Keep the participation summary or start again before changing group.")
            return False
        self.use_group(ensure_group(self.db, self.programme_id, name))
        self._save(group=name)
        self.say(f"Tracking {name}: {len(self.roster)} members.")
        return True

    # -- marks -----------------------------------------------------------

    def mark(self, member: int) -> None:
        """``member`` is speaking now."""
        self.session.speak(member)
        self.voices.marked(member)

    def mark_key(self, key: str) -> None:
        """The member with shortcut ``key`` ("1".."9", "0") is speaking now."""
        member = self.session.speak_key(key)
        if member is None:
            self.say(f"No member has the key {key} yet. Add members with Roster….")
        else:
            self.voices.marked(member.id)

    def nobody(self) -> None:
        self.session.nobody()

    def undo(self) -> None:
        if self.session.undo():
            self.say("Undone.")

    def pass_turn(self, member: int) -> None:
        self.session.pass_turn(member)

    def fix_turn(self, member: int) -> None:
        """The last turn was really ``member``'s."""
        if self.session.fix_turn(member):
            self.voices.corrected(member)
            self.say(f"The last turn is now {self.roster.label(member)}'s.")

    def toggle_away(self, member: int) -> None:
        """Mark ``member`` away today, or back if they were away."""
        away = member not in self.session.away
        self.session.set_away(member, away)
        label = self.roster.label(member)
        self.say(f"{label} is marked away today." if away else f"{label} is back.")

    # -- hands and nudges ------------------------------------------------

    def raise_hand(self, member: int) -> None:
        self.session.raise_hand(member)

    def lower_hand(self, member: int) -> None:
        self.session.lower_hand(member)

    def move_hand(self, member: int, place: int) -> None:
        self.session.move_hand(member, place)

    def set_queue_order(self, order: QueueOrder) -> None:
        self.session.set_queue_order(order)

    def next_hand(self) -> None:
        """Give the floor to the first raised hand."""
        if self.session.next_hand() is None:
            self.say("No hands are up.")

    def dismiss_nudge(self, nudge_id: int) -> None:
        self.session.dismiss_nudge(nudge_id)

    def set_rules(self, rules: NudgeRules, silence_end: float | None = None) -> None:
        """Use (and remember) new nudge rules and, if given, the silence that ends a turn."""
        self.rules = rules
        if silence_end is not None:
            self.config = TrackerConfig(self.config.max_gap, silence_end, self.config.voice_stale)
            self.session.set_silence_end(silence_end)
        self.session.set_rules(rules)
        self.rules_changed.emit(rules)
        self._save(rules=rules, silence_end=self.config.silence_end)
        self.say("Nudges are on." if rules.enabled else "Nudges are off.")

    # -- voice -----------------------------------------------------------

    def set_voice_assisted(self, on: bool) -> None:
        """Count talk only while the caption audio hears a voice (on), or by keys alone."""
        self.voice_assisted = on
        self.session.set_voice_assisted(on)
        self._save(voice_assisted=on)
        self.voices.update_running()
        self.say(
            "Voice-assisted: talk counts while the caption audio hears a voice. Start "
            "captions (F5) to use it; until then keys alone count."
            if on
            else "Counting by keys alone."
        )

    def set_voice_recognition(self, on: bool) -> None:
        """Notice changes of voice and recognise confirmed voices (in memory only), or not."""
        self.voices.choose(on)
        self._save(voice_recognition=on)

    def _on_level(self, event: LevelChanged) -> None:
        if self.voice_assisted:
            self.session.voice(event.voice)

    def _on_audio_gone(self, *_args: object) -> None:
        self.session.voice_lost()

    # -- time, keeping and starting again --------------------------------

    def tick(self) -> None:
        """Bring the figures up to now (the timer does this every second)."""
        if self.simulation is not None:
            self.simulation.step()
            if self.simulation.done:
                self.simulation = None
                self.say(
                    "The simulated discussion has ended. Choose Keep participation "
                    "summary to keep the totals, or Start again."
                )
        self.session.tick()

    def keep(self, anonymise: set[int] | None = None) -> int:
        """Keep the per member totals now; returns the store session id they are kept in."""
        name = self.group_name
        if self.session_id is None:
            title = f"{name}, {datetime.now():%Y-%m-%d %H:%M}"
            self.session_id = create_session(self.db, self.programme_id, title)
        summary = self.session.summary(anonymise or set(), name)
        keep_summary(self.db, self.session_id, self.group_id, summary)
        hidden = len(anonymise or ())
        note = f", {hidden} anonymised" if hidden else ""
        self.say(
            f"Participation summary kept for {name} in session {self.session_id}"
            f"{note}: totals only, never who spoke when. Export it with "
            f"'companion turns export {self.session_id} --format csv'."
        )
        self.kept.emit(self.session_id)
        return self.session_id

    def reset(self) -> None:
        """Forget the figures so far and start again (a kept summary stays kept)."""
        self.simulation = None
        self.session.reset()
        self.voices.forget()
        self._resume_ticking()
        if not self._session_given:
            self.session_id = None
        self.say("Started again. Nothing from before was kept unless you kept a summary.")

    def simulate(self) -> Simulation | None:
        """Demo mode: play a 20-minute discussion of the first members, two dominating."""
        if len(self.roster) < 4:
            self.say(
                "The simulated discussion needs at least four members. Paste some names first."
            )
            return None
        self.session.reset()
        self.simulation = Simulation(self.session, dominated_discussion(min(len(self.roster), 10)))
        minutes = round(self.simulation.length / 60)
        wall = self.simulation.length / (self.demo_speed or 1.0)
        self.say(f"Simulating a {minutes}-minute discussion in about {wall:.0f} seconds.")
        return self.simulation

    def say(self, text: str) -> None:
        """Tell the views a sentence to show and have screen readers say."""
        self.said.emit(text)

    def shutdown(self) -> None:
        """Stop ticking and stop listening to the session (the database stays open)."""
        self.timer.stop()
        self.voices.shutdown()
        self.events.close()

    # -- inside ----------------------------------------------------------

    def _resume_ticking(self) -> None:
        if self._autotick and not self.timer.isActive():
            self.timer.start()

    def _on_stats_changed(self, _event: StatsChanged) -> None:
        if self.workshop is not None:
            self.workshop.set_not_heard([voice_of(m) for m in self.not_heard()])

    def _new_session(self, group_id: int) -> TurnsSession:
        session = TurnsSession(
            load_roster(self.db, group_id), self.clock, config=self.config, rules=self.rules
        )
        if self.voice_assisted:
            session.set_voice_assisted(True)
        self.events.attach(session.events)
        self._tell_captions_names(session)
        return session

    def _on_roster_changed(self, _changed: RosterChanged) -> None:
        self._tell_captions_names(self.session)

    def _tell_captions_names(self, session: TurnsSession) -> None:
        """The running captions listen for the names of the group tracked here (#10)."""
        if self._bridge is not None:
            self._bridge.set_names([(m.name, m.details.pronunciation) for m in session.roster])

    def _save(self, **changes: Any) -> None:
        """Remember changed Turns settings (the store writes the file shortly after)."""
        if self._store is not None:
            self._store.update(turns=replace(self._store.current.turns, **changes))
