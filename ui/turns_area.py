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
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
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
from companion.turns.roster import KEYS
from companion.turns.roster_store import group_names, load_roster
from companion.turns.session import TurnsSession
from companion.turns.summary import ensure_schema, keep_summary
from companion.turns.timefmt import clock as clock_text
from companion.turns.timefmt import percent, spoken
from companion.turns.tracker import TrackerConfig
from ui.a11y import announce, describe, make_action, name
from ui.adapter import CoreBridge, EventRelay
from ui.roster_dialog import RosterDialog
from ui.roster_paste import RosterPasteDialog
from ui.settings_store import SettingsStore
from ui.turns_controls import NowSpeaking
from ui.turns_keep import KeepSummaryDialog
from ui.turns_model import TurnsModel, make_row
from ui.turns_nudges import NudgeList
from ui.turns_queue import QueueBox
from ui.turns_rules import NudgeRulesDialog
from ui.turns_table import TurnsTable

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
        self._build_actions()
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

    def _action(self, text: str, tip: str, keys: list[str], slot: Any, object_name: str) -> QAction:
        action = make_action(
            self, text, tip, shortcut=keys[0], triggered=slot, object_name=f"turns_{object_name}"
        )
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.mark_actions = [
            self._action(
                f"Member {key} speaking",
                f"Mark the member with key {key} as speaking",
                [key],
                lambda key=key: self.mark_key(key),
                f"mark_{key}",
            )
            for key in KEYS
        ]
        self.nobody_action = self._action(
            "Nobody", "Nobody is speaking now", ["Esc", "."], self.nobody, "nobody"
        )
        self.pass_action = self._action(
            "Passed",
            "The selected member passed — respected, not silence",
            ["P"],
            self.pass_selected,
            "pass",
        )
        self.undo_action = self._action(
            "Undo", "Undo the last mark, pass or fix", ["Ctrl+Z"], self.undo, "undo"
        )
        self.fix_action = self._action(
            "Last turn was theirs",
            "Give the last turn to the selected member",
            ["R"],
            self.fix_selected,
            "fix",
        )
        self.hand_action = self._action(
            "Raise hand", "Raise the selected member's hand", ["H"], self.raise_selected, "hand"
        )
        self.next_action = self._action(
            "Next", "Give the floor to the first raised hand", ["N"], self.next_hand, "next"
        )
        self.away_action = self._action(
            "Away today",
            "Mark the selected member as away today, or back",
            ["A"],
            self.toggle_away_selected,
            "away",
        )
        self.find_action = self._action(
            "Find a member", "Find a member by name", ["/"], self._focus_search, "find"
        )

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)

        top = QHBoxLayout()
        group_label = QLabel("&Group:")
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("turns_group")
        self.group_combo.setEditable(True)
        self.group_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.group_combo.setMinimumContentsLength(10)
        name(
            self.group_combo,
            "Group",
            "Choose the group, or type a new group's name and "
            "press Enter; each group keeps its own roster",
        )
        group_label.setBuddy(self.group_combo)
        self.roster_button = QPushButton("&Roster…")
        name(self.roster_button, "Roster…", "Add, edit, reorder or remove members")
        top.addWidget(group_label)
        top.addWidget(self.group_combo)
        top.addWidget(self.roster_button)
        top.addStretch(1)
        self.voice_box = QCheckBox("&Voice-assisted")
        name(
            self.voice_box,
            "Voice-assisted",
            "Count talk only while the caption audio hears "
            "a voice; a silence ends the turn. Without audio, keys alone count.",
        )
        self.rules_button = QPushButton("Nudge &settings…")
        name(
            self.rules_button, "Nudge settings…", "Turn nudges on or off and choose when they come"
        )
        self.keep_button = QPushButton("&Keep participation summary…")
        name(
            self.keep_button,
            "Keep participation summary…",
            "Keep each member's totals for this session (never who spoke when)",
        )
        self.reset_button = QPushButton("S&tart again")
        name(self.reset_button, "Start again", "Clear the figures and start tracking afresh")
        top.addWidget(self.voice_box)
        top.addWidget(self.rules_button)
        self.simulate_button: QPushButton | None = None
        if self.demo_speed:
            self.simulate_button = QPushButton("Si&mulate discussion")
            name(
                self.simulate_button,
                "Simulate discussion",
                "Demo mode: play a 20-minute discussion where two people dominate",
            )
            top.addWidget(self.simulate_button)
        layout.addLayout(top)

        self.group_summary = QLabel()
        self.group_summary.setObjectName("turns_group_line")
        self.group_summary.setWordWrap(True)
        self.group_summary.setTextFormat(Qt.TextFormat.PlainText)
        font = self.group_summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.group_summary.setFont(font)
        second = QHBoxLayout()
        second.addWidget(self.group_summary, 1)
        second.addWidget(self.keep_button)
        second.addWidget(self.reset_button)
        layout.addLayout(second)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_label = QLabel("&Find:")
        self.search = QLineEdit()
        self.search.setObjectName("turns_search")
        self.search.setPlaceholderText("Part of a name; Enter marks them")
        self.search.setClearButtonEnabled(True)
        name(
            self.search,
            "Find a member",
            "Type part of a name; Enter marks the first match as speaking (/)",
        )
        search_label.setBuddy(self.search)
        self.legend = QLabel("Bars: share of all talk · ┆ marks an equal share")
        self.legend.setObjectName("turns_legend")
        self.legend.setWordWrap(True)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.legend)
        left_layout.addLayout(search_row)
        self.table = TurnsTable(self.model)
        self.empty = _EmptyRoster()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        left_layout.addWidget(self.stack, 1)
        self.keys_hint = QLabel(
            "Keys: 1–9, 0 speaking · Esc nobody · Enter selected · P passed · H hand · "
            "N next · R last turn was theirs · A away · Ctrl+Z undo"
        )
        self.keys_hint.setObjectName("turns_keys_hint")
        self.keys_hint.setWordWrap(True)
        left_layout.addWidget(self.keys_hint)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.now = NowSpeaking()
        self.now.add_buttons(
            [
                (self.nobody_action, "Nobody"),
                (self.undo_action, "Undo"),
                (self.pass_action, "Passed"),
                (self.hand_action, "Raise hand"),
                (self.fix_action, "Last turn theirs"),
                (self.away_action, "Away today"),
            ]
        )
        self.queue = QueueBox()
        self.queue.next_button.clicked.connect(self.next_action.trigger)
        self.nudge_list = NudgeList()
        right_layout.addWidget(self.now)
        right_layout.addWidget(self.queue)
        right_layout.addWidget(self.nudge_list, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([665, 335])
        layout.addWidget(splitter, 1)

        self.message = QLabel()
        self.message.setObjectName("turns_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)

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
        self.queue.order_chosen.connect(lambda order: self._call("set_queue_order", order))
        self.queue.move_requested.connect(lambda m, place: self._call("move_hand", m, place))
        self.queue.lower_requested.connect(lambda m: self._call("lower_hand", m))
        self.nudge_list.dismissed.connect(lambda nudge_id: self._call("dismiss_nudge", nudge_id))
        QWidget.setTabOrder(self.group_combo, self.roster_button)
        QWidget.setTabOrder(self.search, self.table)
        # Showing the area puts the keyboard in the table, where the member keys work.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.table)

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
        self._relay.event.connect(self._on_event)
        if not self._session_given:
            self.session_id = None
        self.nudge_list.clear()
        self.nudge_list.set_enabled_rules(self.rules.enabled)
        self._fill_groups()
        self._refresh()
        self._show_hands()

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
    def roster(self) -> Any:
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
            self._refresh()
            self._show_hands()
        elif isinstance(event, SessionReset):
            self.nudge_list.clear()

    def _label(self, member: int | None) -> str | None:
        if member is None or self.session is None or member not in self.session.roster:
            return None
        return str(self.session.roster.label(member))

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


class _EmptyRoster(QWidget):
    """What the table's place shows before the group has members."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        text = QLabel(
            "No members yet. Paste their names (one per line), or open the roster to add, "
            "import a CSV file or edit details such as pronouns and how to say each name."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.paste_button = QPushButton("&Paste names…")
        describe(self.paste_button, "Paste a list of names, one per line")
        self.roster_button = QPushButton("Open the roster…")
        row.addWidget(self.paste_button)
        row.addWidget(self.roster_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)


def _number(value: object, default: float) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    return default
