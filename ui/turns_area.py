"""The Turns area: who has spoken, for how long, who has not been heard, and nudges.

Keys work anywhere inside the area (and only there): 1–9 and 0 mark the
first ten members as speaking, Esc or "." marks nobody, Enter or a click marks
the selected member; P (passed), H (raise hand), R (give the last turn to the
selected member) and A (away today) act on the selected member; N gives the
floor to the next raised hand; Ctrl+Z undoes the last mark; / finds a member.

The figures stay on this screen. Only "Keep participation summary" stores
anything: per member totals, never a timeline. With ``COMPANION_DEMO_SPEED``
set (docs/turns.md) the area runs on a fast clock and can simulate a
discussion.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QMenu,
    QMessageBox,
    QWidget,
)
from sqlite_utils import Database

from companion.clock import Clock, ScaledClock, system_clock
from companion.events import LevelChanged
from companion.store.db import create_session, ensure_group, ensure_programme, open_store
from companion.turns.demo import Simulation, demo_speed, dominated_discussion
from companion.turns.describe import group_line, member_status
from companion.turns.events import (
    HandsChanged,
    NudgeCleared,
    NudgeRaised,
    PassMarked,
    RosterChanged,
    SessionReset,
    StatsChanged,
    TurnChanged,
)
from companion.turns.nudges import NudgeRules
from companion.turns.roster import KEYS, Roster
from companion.turns.roster_store import group_names, load_roster
from companion.turns.session import TurnsSession
from companion.turns.summary import ensure_schema, keep_summary
from companion.turns.timefmt import clock as clock_text
from companion.turns.timefmt import percent, spoken
from companion.turns.tracker import TrackerConfig
from ui.a11y import announce
from ui.adapter import CoreBridge, EventRelay
from ui.roster_dialog import RosterDialog
from ui.roster_paste import RosterPasteDialog
from ui.settings_store import SettingsStore
from ui.turns_actions import build_actions
from ui.turns_keep import KeepSummaryDialog
from ui.turns_layout import TurnsLayout
from ui.turns_model import TurnsModel, make_row
from ui.turns_rules import NudgeRulesDialog

DEFAULT_PROGRAMME = "My programme"
DEFAULT_GROUP = "My group"
SETTINGS_KEY = "turns"


class TurnsArea(QWidget):
    """The turn-taking tracker for one group at a time."""

    kept = Signal(int)  # a participation summary was kept in this session id

    def __init__(
        self,
        db: Database | None = None,
        *,
        store: SettingsStore | None = None,
        bridge: CoreBridge | None = None,
        clock: Clock | None = None,
        demo: float | None = None,
        autotick: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("turns_area")
        self.setAccessibleName("Turns")
        self._owns_db = db is None
        self.db = db if db is not None else open_store()
        ensure_schema(self.db)
        self._store = store
        self._bridge = bridge
        saved = self._saved()
        self.demo_speed = demo if demo is not None else demo_speed()
        self.clock: Clock = clock or (
            ScaledClock(self.demo_speed) if self.demo_speed else system_clock
        )
        config = TrackerConfig(silence_end=_number(saved.get("silence_end"), 5.0))
        self.config = config.scaled(self.demo_speed) if self.demo_speed else config
        self.rules = NudgeRules.from_dict(saved.get("rules") or {})
        programme = str(saved.get("programme") or DEFAULT_PROGRAMME)
        self.programme_id = ensure_programme(self.db, programme)
        self.group_id = ensure_group(
            self.db, self.programme_id, str(saved.get("group") or DEFAULT_GROUP)
        )
        self.session_id: int | None = None
        self._session_given = False
        self.session: TurnsSession | None = None
        self._relay: EventRelay | None = None
        self.simulation: Simulation | None = None
        self.roster_dialog: RosterDialog | None = None
        self.paste_dialog: RosterPasteDialog | None = None
        self.keep_dialog: KeepSummaryDialog | None = None
        self.rules_dialog: NudgeRulesDialog | None = None

        self.model = TurnsModel()
        self._build()
        self.voice_box.setChecked(bool(saved.get("voice_assisted", False)))
        self.use_group(self.group_id)

        self.timer = QTimer(self)
        self.timer.setInterval(100 if self.demo_speed else 1000)
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

    # -- building --------------------------------------------------------

    def _build(self) -> None:
        actions = build_actions(
            self,
            self.mark_key,
            {
                "nobody": self.nobody,
                "pass": self.pass_selected,
                "undo": self.undo,
                "fix": self.fix_selected,
                "hand": self.raise_selected,
                "next": self.next_hand,
                "away": self.toggle_away_selected,
                "find": self._focus_search,
            },
        )
        self.actions_by_name = actions
        self.mark_actions = actions.marks
        self.nobody_action, self.pass_action, self.undo_action = (
            actions.nobody,
            actions.passed,
            actions.undo,
        )
        self.fix_action, self.hand_action = actions.fix, actions.hand
        self.next_action, self.away_action = actions.next, actions.away
        ui = TurnsLayout(
            self,
            self.model,
            [
                (actions.nobody, "Nobody"),
                (actions.undo, "Undo"),
                (actions.passed, "Passed"),
                (actions.hand, "Raise hand"),
                (actions.fix, "Last turn theirs"),
                (actions.away, "Away today"),
            ],
            demo=bool(self.demo_speed),
        )
        self.group_combo, self.roster_button, self.voice_box = (
            ui.group_combo,
            ui.roster_button,
            ui.voice_box,
        )
        self.rules_button, self.simulate_button = ui.rules_button, ui.simulate_button
        self.group_summary, self.keep_button, self.reset_button = (
            ui.group_summary,
            ui.keep_button,
            ui.reset_button,
        )
        self.search, self.legend, self.table = ui.search, ui.legend, ui.table
        self.empty, self.stack, self.keys_hint = ui.empty, ui.stack, ui.keys_hint
        self.now, self.queue, self.nudge_list = ui.now, ui.queue, ui.nudge_list
        self.message = ui.message
        self._connect()
        # Showing the area puts the keyboard in the table, where the member keys work.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.table)

    def _connect(self) -> None:
        self.group_combo.activated.connect(lambda _i: self._on_group_chosen())
        editor = self.group_combo.lineEdit()
        if editor is not None:
            editor.returnPressed.connect(self._on_group_chosen)
        self.roster_button.clicked.connect(self.open_roster)
        self.voice_box.toggled.connect(self._on_voice_toggled)
        self.rules_button.clicked.connect(self.open_rules)
        self.keep_button.clicked.connect(self.open_keep)
        self.reset_button.clicked.connect(self.ask_reset)
        if self.simulate_button is not None:
            self.simulate_button.clicked.connect(self.simulate)
        self.search.textChanged.connect(self.table.set_filter)
        self.search.returnPressed.connect(self._on_search_enter)
        self.table.member_activated.connect(self.mark)
        self.table.menu_requested.connect(self._on_row_menu)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.empty.paste_button.clicked.connect(self.open_paste)
        self.empty.roster_button.clicked.connect(self.open_roster)
        self.queue.next_button.clicked.connect(self.next_action.trigger)
        self.queue.order_chosen.connect(lambda order: self._call("set_queue_order", order))
        self.queue.move_requested.connect(lambda m, place: self._call("move_hand", m, place))
        self.queue.lower_requested.connect(lambda m: self._call("lower_hand", m))
        self.nudge_list.dismissed.connect(lambda nudge_id: self._call("dismiss_nudge", nudge_id))

    # -- groups and sessions ---------------------------------------------

    def use_group(self, group_id: int) -> None:
        """Track ``group_id`` (its remembered roster) from a fresh start."""
        if self._relay is not None:
            self._relay.close()
            self._relay.deleteLater()
        self.group_id = group_id
        self.simulation = None
        roster = load_roster(self.db, group_id)
        self.session = TurnsSession(roster, self.clock, config=self.config, rules=self.rules)
        if self.voice_box.isChecked():
            self.session.set_voice_assisted(True)
        self._relay = EventRelay(self.session.events, self)
        self._relay.received.connect(self._on_event)
        if not self._session_given:
            self.session_id = None
        self.nudge_list.clear()
        self.nudge_list.set_enabled_rules(self.rules.enabled)
        self._fill_groups()
        self._tell_captions_names()
        self._refresh()
        self._show_hands()

    def _tell_captions_names(self) -> None:
        """Captions listen for the names of the group tracked here (#10)."""
        if self._bridge is not None and self.session is not None:
            self._bridge.set_names([(m.name, m.details.pronunciation) for m in self.session.roster])

    def set_context(self, programme_id: int, group_id: int, session_id: int | None = None) -> None:
        """Track a group chosen elsewhere (a plan run), keeping summaries in ``session_id``."""
        self.programme_id = programme_id
        self.session_id = session_id
        self._session_given = session_id is not None
        self.use_group(group_id)

    @property
    def group_name(self) -> str:
        row = self.db.execute("select name from groups where id = ?", [self.group_id]).fetchone()
        return str(row[0]) if row else ""

    def _fill_groups(self) -> None:
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        for group_id, group in group_names(self.db, self.programme_id):
            self.group_combo.addItem(group, group_id)
        index = self.group_combo.findData(self.group_id)
        self.group_combo.setCurrentIndex(index)
        self.group_combo.blockSignals(False)

    def _on_group_chosen(self) -> None:
        text = self.group_combo.currentText().strip()
        if not text or text == self.group_name:
            return
        if self.session is not None and self.session.started:
            self._fill_groups()
            self.say("Keep the participation summary or start again before changing group.")
            return
        self.use_group(ensure_group(self.db, self.programme_id, text))
        self._save(group=text)
        self.say(f"Tracking {text}: {len(self.roster)} members.")

    # -- marks (also the actions' slots) ---------------------------------

    @property
    def roster(self) -> Roster:
        assert self.session is not None
        return self.session.roster

    def _call(self, method: str, *args: Any) -> Any:
        if self.session is None:
            return None
        return getattr(self.session, method)(*args)

    def mark(self, member: int) -> None:
        self._call("speak", member)

    def mark_key(self, key: str) -> None:
        if self.session is not None and self.session.speak_key(key) is None:
            self.say(f"No member has the key {key} yet. Add members with Roster….")

    def nobody(self) -> None:
        self._call("nobody")

    def undo(self) -> None:
        if self.session is not None and self.session.undo():
            self.say("Undone.")

    def pass_selected(self) -> None:
        member = self.table.selected_member()
        if member is not None:
            self._call("pass_turn", member)

    def fix_selected(self) -> None:
        member = self.table.selected_member()
        if member is not None and self.session is not None and self.session.fix_turn(member):
            self.say(f"The last turn is now {self.roster.label(member)}'s.")

    def raise_selected(self) -> None:
        member = self.table.selected_member()
        if member is not None:
            self._call("raise_hand", member)

    def next_hand(self) -> None:
        if self.session is not None and self.session.next_hand() is None:
            self.say("No hands are up.")

    def toggle_away_selected(self) -> None:
        member = self.table.selected_member()
        if member is not None and self.session is not None:
            away = member not in self.session.away
            self.session.set_away(member, away)
            label = self.roster.label(member)
            self.say(f"{label} is marked away today." if away else f"{label} is back.")

    def tick(self) -> None:
        """Bring the figures up to now (the timer does this every second)."""
        if self.session is None:
            return
        if self.simulation is not None:
            self.simulation.step()
            if self.simulation.done:
                self.simulation = None
                self.say(
                    "The simulated discussion has ended. Choose Keep participation "
                    "summary to keep the totals, or Start again."
                )
        self.session.tick()

    # -- showing ---------------------------------------------------------

    def _on_event(self, event: object) -> None:
        if isinstance(event, StatsChanged):
            self._refresh()
        elif isinstance(event, TurnChanged):
            label = self._label(event.speaker)
            announce(self, f"{label} speaking" if label else "Nobody speaking")
        elif isinstance(event, HandsChanged):
            self._show_hands()
            self._refresh()  # the status column shows each hand's place
        elif isinstance(event, NudgeRaised):
            assert self.session is not None
            active = [n.id for n in self.session.nudges.active]
            place = active.index(event.nudge.id) if event.nudge.id in active else None
            self.nudge_list.add(event.nudge, place)
        elif isinstance(event, NudgeCleared):
            self.nudge_list.remove(event.nudge.id)
        elif isinstance(event, PassMarked):
            self.say(f"{self._label(event.member)} passed — that's respected, not silence.")
        elif isinstance(event, RosterChanged):
            self._tell_captions_names()
            self._refresh()
            self._show_hands()
        elif isinstance(event, SessionReset):
            self.nudge_list.clear()

    def _label(self, member: int | None) -> str | None:
        if member is None or self.session is None or member not in self.session.roster:
            return None
        return self.session.roster.label(member)

    def _refresh(self) -> None:
        session = self.session
        if session is None:
            return
        stats = session.stats
        roster = session.roster
        labels = roster.labels()
        scale = max(
            [0.05] + [m.share for m in stats.members] + [m.equal_share * 1.5 for m in stats.members]
        )
        figures = {m.member: m for m in stats.members}
        if set(figures) != set(roster.ids):
            return  # the roster just changed: the session's next figures follow at once
        rows = []
        for position, member in enumerate(roster.members):
            m = figures[member.id]
            key = KEYS[position] if position < len(KEYS) else None
            status = member_status(m, stats, session.nudges.rules, session.queue.place(member.id))
            rows.append(make_row(member, labels[member.id], key, m, status, scale))
        self.model.set_rows(rows)
        here = stats.present
        equal = f" ({percent(1 / here)})" if here else ""
        self.legend.setText(f"Bars: share of all talk · ┆ marks an equal share{equal}")
        line = group_line(stats, labels)
        if self.group_summary.text() != line:
            self.group_summary.setText(line)
            self.group_summary.setAccessibleName(line)
        speaker = self._label(stats.speaker)
        if speaker is None:
            detail = "Press a member's key or click their row when someone speaks."
        else:
            now = figures.get(stats.speaker) if stats.speaker is not None else None
            share = f"; {percent(now.share)} of all talk" if now is not None else ""
            detail = f"{clock_text(stats.current_turn)} this turn{share}"
        self.now.show_speaker(speaker, detail)
        self.stack.setCurrentWidget(self.table if len(roster) else self.empty)
        self.group_combo.setEnabled(not session.started)
        self._update_actions()

    def _show_hands(self) -> None:
        if self.session is None:
            return
        stats = self.session.stats
        talk = {m.member: m.talk for m in stats.members}
        self.queue.show_hands(
            self.session.queue.members(), self.session.queue.order, self.roster.labels(), talk
        )

    def _update_actions(self) -> None:
        session = self.session
        selected = self.table.selected_member() is not None
        for action in (self.pass_action, self.hand_action, self.away_action):
            action.setEnabled(selected)
        self.fix_action.setEnabled(selected and session is not None and bool(session.tracker.turns))
        self.undo_action.setEnabled(session is not None and session.can_undo)
        self.nobody_action.setEnabled(session is not None and session.speaker is not None)
        self.next_action.setEnabled(session is not None and len(session.queue) > 0)
        self.keep_button.setEnabled(session is not None and session.started)

    def say(self, text: str) -> None:
        """Show a sentence under the area and have screen readers say it."""
        self.message.setText(text)
        self.message.setAccessibleName(text)
        announce(self, text)

    # -- dialogs ---------------------------------------------------------

    def open_roster(self) -> RosterDialog:
        self.roster_dialog = RosterDialog(self.roster, self.group_name, self)
        self.roster_dialog.open()
        return self.roster_dialog

    def open_paste(self) -> RosterPasteDialog:
        self.paste_dialog = RosterPasteDialog(self.roster, self)
        self.paste_dialog.added.connect(self.say)
        self.paste_dialog.open()
        return self.paste_dialog

    def open_rules(self) -> NudgeRulesDialog:
        self.rules_dialog = NudgeRulesDialog(self.rules, self.config.silence_end, self)
        self.rules_dialog.accepted.connect(self._on_rules_accepted)
        self.rules_dialog.open()
        return self.rules_dialog

    def _on_rules_accepted(self) -> None:
        assert self.rules_dialog is not None
        self.set_rules(self.rules_dialog.rules(), self.rules_dialog.silence_end())

    def set_rules(self, rules: NudgeRules, silence_end: float | None = None) -> None:
        self.rules = rules
        if silence_end is not None:
            self.config = TrackerConfig(self.config.max_gap, silence_end, self.config.voice_stale)
            self._call("set_silence_end", silence_end)
        self._call("set_rules", rules)
        self.nudge_list.set_enabled_rules(rules.enabled)
        self._save(rules=rules.to_dict(), silence_end=self.config.silence_end)
        self.say("Nudges are on." if rules.enabled else "Nudges are off.")

    def open_keep(self) -> KeepSummaryDialog | None:
        if self.session is None or not self.session.started:
            self.say("There is nothing to keep yet: tracking starts at the first mark.")
            return None
        stats = self.session.tick()
        labels = self.roster.labels()
        members = [
            (
                m.member,
                labels[m.member],
                f"{spoken(m.talk)}, {m.turns} {'turn' if m.turns == 1 else 'turns'}",
            )
            for m in stats.members
        ]
        self.keep_dialog = KeepSummaryDialog(members, self.group_name, self)
        self.keep_dialog.accepted.connect(self._on_keep_accepted)
        self.keep_dialog.open()
        return self.keep_dialog

    def _on_keep_accepted(self) -> None:
        assert self.keep_dialog is not None
        self.keep(self.keep_dialog.anonymised())

    def keep(self, anonymise: set[int] | None = None) -> int:
        """Keep the per member totals now; returns the session id they are kept in."""
        assert self.session is not None
        if self.session_id is None:
            title = f"{self.group_name}, {datetime.now():%Y-%m-%d %H:%M}"
            self.session_id = create_session(self.db, self.programme_id, title)
        summary = self.session.summary(anonymise or set(), self.group_name)
        keep_summary(self.db, self.session_id, self.group_id, summary)
        hidden = len(anonymise or ())
        note = f", {hidden} anonymised" if hidden else ""
        self.say(
            f"Participation summary kept for {self.group_name} in session {self.session_id}"
            f"{note}: totals only, never who spoke when. Export it with "
            f"'companion turns export {self.session_id} --format csv'."
        )
        self.kept.emit(self.session_id)
        return self.session_id

    def ask_reset(self) -> QMessageBox | None:
        if self.session is None or not self.session.started:
            self.reset()
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Start again",
            "Clear the figures and start again? They are not kept unless you chose "
            "Keep participation summary.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("turns_reset_question")
        box.setAccessibleName("Start again")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.button(QMessageBox.StandardButton.Yes).clicked.connect(self.reset)
        box.open()
        return box

    def reset(self) -> None:
        if self.session is None:
            return
        self.simulation = None
        self.session.reset()
        if not self._session_given:
            self.session_id = None
        self.say("Started again. Nothing from before was kept unless you kept a summary.")

    # -- demo ------------------------------------------------------------

    def simulate(self) -> Simulation | None:
        """Demo mode: play a 20-minute discussion of the first members, two dominating."""
        if self.session is None or len(self.roster) < 4:
            self.say(
                "The simulated discussion needs at least four members. Paste some names first."
            )
            return None
        self.session.reset()
        script = dominated_discussion(min(len(self.roster), 10))
        self.simulation = Simulation(self.session, script)
        minutes = round(self.simulation.length / 60)
        wall = self.simulation.length / (self.demo_speed or 1.0)
        self.say(f"Simulating a {minutes}-minute discussion in about {wall:.0f} seconds.")
        return self.simulation

    # -- voice -----------------------------------------------------------

    def _on_voice_toggled(self, on: bool) -> None:
        self._call("set_voice_assisted", on)
        self._save(voice_assisted=on)
        self.say(
            "Voice-assisted: talk counts while the caption audio hears a voice. Start "
            "captions (F5) to use it; until then keys alone count."
            if on
            else "Counting by keys alone."
        )

    def _on_level(self, event: LevelChanged) -> None:
        if self.voice_box.isChecked() and self.session is not None:
            self.session.voice(event.voice)

    def _on_audio_gone(self, *_args: object) -> None:
        self._call("voice_lost")

    # -- menus and search ------------------------------------------------

    def _on_row_menu(self, member: int, where: Any) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("turns_row_menu")
        label = self.roster.label(member)
        menu.addAction(f"{label} is speaking", lambda: self.mark(member))
        menu.addAction("Passed", self.pass_selected)
        menu.addAction("Raise hand", self.raise_selected)
        menu.addAction("Last turn was theirs", self.fix_selected)
        menu.addAction("Away today / back", self.toggle_away_selected)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(where)
        return menu

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_search_enter(self) -> None:
        members = self.table.visible_members()
        if not members:
            self.say(f"No member matches '{self.search.text()}'.")
            return
        self.mark(members[0])
        self.search.clear()
        self.table.select_member(members[0])
        self.table.setFocus()

    # -- settings and closing --------------------------------------------

    def _saved(self) -> dict[str, Any]:
        if self._store is None:
            return {}
        value = self._store.current.extra.get(SETTINGS_KEY)
        return dict(value) if isinstance(value, dict) else {}

    def _save(self, **changes: Any) -> None:
        if self._store is None:
            return
        extra = dict(self._store.current.extra)
        extra[SETTINGS_KEY] = {**self._saved(), **changes}
        self._store.update(extra=extra)

    def shutdown(self) -> None:
        """Stop the timer and close the database if this area opened it."""
        self.timer.stop()
        if self._relay is not None:
            self._relay.close()
            self._relay = None
        if self._owns_db:
            self._owns_db = False
            self.db.close()


def _number(value: object, default: float) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    return default
