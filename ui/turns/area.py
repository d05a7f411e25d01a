"""The Turns area: who has spoken, for how long, who has not been heard, and nudges.

A view of a ``TurnsDriver``: it shows the driver's session and passes the
facilitator's keys and clicks on to it. Keys work anywhere inside the area
(and only there): 1–9 and 0 mark the first ten members as speaking, Esc or
"." marks nobody, Enter or a click marks the selected member; P (passed), H
(raise hand), R (give the last turn to the selected member) and A (away
today) act on the selected member; N gives the floor to the next raised hand;
Ctrl+Z undoes the last mark; / finds a member.

The figures stay on this screen. Only "Keep participation summary" stores
anything: per member totals, never a timeline.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from companion.timefmt import clock as clock_text
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
from companion.turns.metrics import percent
from companion.turns.nudges import NudgeRules
from companion.turns.roster import KEYS
from companion.workshop.closing import Keep
from companion.workshop.events import RunEnded
from ui.turns.actions import TurnsActions, TurnsSlots, build_actions, row_menu
from ui.turns.closing import ClosingDialog, ask_start_again
from ui.turns.driver import TurnsDriver
from ui.turns.keep import KeepSummaryDialog, keep_choices
from ui.turns.layout import TurnsLayout
from ui.turns.model import TurnsModel, make_row
from ui.turns.roster_dialog import RosterDialog
from ui.turns.roster_paste import RosterPasteDialog
from ui.turns.rules import NudgeRulesDialog
from ui.widgets.a11y import announce


class TurnsArea(QWidget):
    """The turn-taking tracker for one group at a time: a view of ``driver``."""

    quit_ready = Signal()  # what to keep, asked at quit, is in the notes: the app may go

    def __init__(self, driver: TurnsDriver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("turns_area")
        self.setAccessibleName("Turns")
        self.driver = driver
        self.roster_dialog: RosterDialog | None = None
        self.paste_dialog: RosterPasteDialog | None = None
        self.keep_dialog: KeepSummaryDialog | None = None
        self.closing_dialog: ClosingDialog | None = None
        self.quit_dialog: ClosingDialog | None = None  # asked when quitting mid-run
        self._quit_answer: tuple[Keep, str] | None = None  # given then, filed at the run's end
        self.undecided: RunEnded | None = None  # a run's end answered "Decide later"
        self.rules_dialog: NudgeRulesDialog | None = None
        self.model = TurnsModel(self)  # owned by the area: never left to the cycle collector
        self.commands = self._build()
        self._connect_driver()
        self.voice_box.setChecked(driver.voice_assisted)
        self.recognise_box.setChecked(driver.voices.chosen)
        self._on_group_changed(driver.group_id)

    # -- building --------------------------------------------------------

    def _build(self) -> TurnsActions:
        actions = build_actions(
            self,
            TurnsSlots(
                mark_key=self.driver.mark_key,
                nobody=self._escape,
                passed=self.pass_selected,
                undo=self.driver.undo,
                fix=self.fix_selected,
                hand=self.raise_selected,
                next=self.driver.next_hand,
                away=self.toggle_away_selected,
                find=self._focus_search,
            ),
        )
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
            demo=bool(self.driver.demo_speed),
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
        self.message, self.splitter = ui.message, ui.splitter
        self.recognise_box, self.voice_card = ui.recognise_box, ui.voice_card
        self._connect_widgets(actions)
        # Showing the area puts the keyboard in the table, where the member keys work.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.table)
        return actions

    def _connect_widgets(self, actions: TurnsActions) -> None:
        driver = self.driver
        self.group_combo.activated.connect(lambda _i: self._on_group_chosen())
        editor = self.group_combo.lineEdit()
        if editor is not None:
            editor.returnPressed.connect(self._on_group_chosen)
        self.roster_button.clicked.connect(self.open_roster)
        self.voice_box.toggled.connect(driver.set_voice_assisted)
        self.recognise_box.toggled.connect(driver.set_voice_recognition)
        self.voice_card.dismiss.clicked.connect(driver.voices.dismiss)
        self.rules_button.clicked.connect(self.open_rules)
        self.keep_button.clicked.connect(self.open_keep)
        self.reset_button.clicked.connect(self.ask_reset)
        if self.simulate_button is not None:
            self.simulate_button.clicked.connect(driver.simulate)
        self.search.textChanged.connect(self.table.set_filter)
        self.search.returnPressed.connect(self._on_search_enter)
        self.table.member_activated.connect(driver.mark)
        self.table.menu_requested.connect(self._on_row_menu)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.empty.paste_button.clicked.connect(self.open_paste)
        self.empty.roster_button.clicked.connect(self.open_roster)
        self.queue.next_button.clicked.connect(actions.next.trigger)
        self.queue.order_chosen.connect(driver.set_queue_order)
        self.queue.move_requested.connect(driver.move_hand)
        self.queue.lower_requested.connect(driver.lower_hand)
        self.nudge_list.dismissed.connect(driver.dismiss_nudge)

    def _connect_driver(self) -> None:
        driver, events = self.driver, self.driver.events
        driver.said.connect(self.say)
        driver.group_changed.connect(self._on_group_changed)
        driver.rules_changed.connect(self._on_rules_changed)
        driver.run_over.connect(self.ask_closing)
        driver.voices.suggested.connect(self._on_voice_suggested)
        driver.voices.settled.connect(self._on_voice_settled)
        driver.voices.stopped.connect(lambda: self.recognise_box.setChecked(False))
        events.stats_changed.connect(self._on_stats_changed)
        events.turn_changed.connect(self._on_turn_changed)
        events.hands_changed.connect(self._on_hands_changed)
        events.nudge_raised.connect(self._on_nudge_raised)
        events.nudge_cleared.connect(self._on_nudge_cleared)
        events.pass_marked.connect(self._on_pass_marked)
        events.roster_changed.connect(self._on_roster_changed)
        events.session_reset.connect(self._on_session_reset)

    # -- the driver's events ---------------------------------------------

    def _on_voice_suggested(self, _change: object) -> None:
        announce(self, self.voice_card.offer())
        self._update_actions()

    def _on_voice_settled(self) -> None:
        self.voice_card.hide()
        self._update_actions()

    def _escape(self) -> None:
        """Esc: not now to a showing voice suggestion, else nobody is speaking."""
        if self.driver.voices.pending is not None:
            self.driver.voices.dismiss()
        else:
            self.driver.nobody()

    def _on_group_changed(self, _group_id: int) -> None:
        self.nudge_list.clear()
        self.nudge_list.set_enabled_rules(self.driver.rules.enabled)
        self._fill_groups()
        self._update_figures()
        self._update_hands()

    def _on_rules_changed(self, rules: NudgeRules) -> None:
        self.nudge_list.set_enabled_rules(rules.enabled)

    def _on_stats_changed(self, _event: StatsChanged) -> None:
        self._update_figures()

    def _on_turn_changed(self, event: TurnChanged) -> None:
        label = self.driver.label(event.speaker)
        announce(self, f"{label} speaking" if label else "Nobody speaking")

    def _on_hands_changed(self, _event: HandsChanged) -> None:
        self._update_hands()
        self._update_figures()  # the status column shows each hand's place

    def _on_nudge_raised(self, event: NudgeRaised) -> None:
        active = [n.id for n in self.driver.session.nudges.active]
        place = active.index(event.nudge.id) if event.nudge.id in active else None
        self.nudge_list.add(event.nudge, place)

    def _on_nudge_cleared(self, event: NudgeCleared) -> None:
        self.nudge_list.remove(event.nudge.id)

    def _on_pass_marked(self, event: PassMarked) -> None:
        self.say(f"{self.driver.label(event.member)} passed — that's respected, not silence.")

    def _on_roster_changed(self, _event: RosterChanged) -> None:
        self._update_figures()
        self._update_hands()

    def _on_session_reset(self, _event: SessionReset) -> None:
        self.nudge_list.clear()

    # -- showing ---------------------------------------------------------

    def _fill_groups(self) -> None:
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        for group_id, group in self.driver.group_names():
            self.group_combo.addItem(group, group_id)
        self.group_combo.setCurrentIndex(self.group_combo.findData(self.driver.group_id))
        self.group_combo.blockSignals(False)

    def _update_figures(self) -> None:
        session = self.driver.session
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
        speaker = self.driver.label(stats.speaker)
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

    def _update_hands(self) -> None:
        session = self.driver.session
        talk = {m.member: m.talk for m in session.stats.members}
        self.queue.show_hands(
            session.queue.members(), session.queue.order, session.roster.labels(), talk
        )

    def _update_actions(self) -> None:
        session = self.driver.session
        actions = self.commands
        selected = self.table.selected_member() is not None
        for action in (actions.passed, actions.hand, actions.away):
            action.setEnabled(selected)
        actions.fix.setEnabled(selected and bool(session.tracker.turns))
        actions.undo.setEnabled(session.can_undo)
        # Esc also answers "not now" to a voice suggestion
        actions.nobody.setEnabled(
            session.speaker is not None or self.driver.voices.pending is not None
        )
        actions.next.setEnabled(len(session.queue) > 0)
        self.keep_button.setEnabled(session.started)

    def say(self, text: str) -> None:
        """Show a sentence under the area and have screen readers say it."""
        self.message.setText(text)
        self.message.setAccessibleName(text)
        announce(self, text)

    # -- commands on the selected member ---------------------------------

    def pass_selected(self) -> None:
        member = self.table.selected_member()
        if member is not None:
            self.driver.pass_turn(member)

    def fix_selected(self) -> None:
        member = self.table.selected_member()
        if member is not None:
            self.driver.fix_turn(member)

    def raise_selected(self) -> None:
        member = self.table.selected_member()
        if member is not None:
            self.driver.raise_hand(member)

    def toggle_away_selected(self) -> None:
        member = self.table.selected_member()
        if member is not None:
            self.driver.toggle_away(member)

    def _on_group_chosen(self) -> None:
        if not self.driver.choose_group(self.group_combo.currentText()):
            self._fill_groups()  # the combo shows the group still tracked

    # -- dialogs ---------------------------------------------------------

    def open_roster(self) -> RosterDialog:
        self.roster_dialog = RosterDialog(self.driver.roster, self.driver.group_name, self)
        self.roster_dialog.open()
        return self.roster_dialog

    def open_paste(self) -> RosterPasteDialog:
        self.paste_dialog = RosterPasteDialog(self.driver.roster, self)
        self.paste_dialog.added.connect(self.say)
        self.paste_dialog.open()
        return self.paste_dialog

    def open_rules(self) -> NudgeRulesDialog:
        self.rules_dialog = NudgeRulesDialog(
            self.driver.rules, self.driver.config.silence_end, self
        )
        self.rules_dialog.accepted.connect(self._on_rules_accepted)
        self.rules_dialog.open()
        return self.rules_dialog

    def _on_rules_accepted(self) -> None:
        assert self.rules_dialog is not None
        self.driver.set_rules(self.rules_dialog.rules(), self.rules_dialog.silence_end())

    def open_keep(self) -> KeepSummaryDialog | None:
        if not self.driver.started:
            self.say("There is nothing to keep yet: tracking starts at the first mark.")
            return None
        self.keep_dialog = KeepSummaryDialog(
            keep_choices(self.driver.session), self.driver.group_name, self
        )
        self.keep_dialog.accepted.connect(self._on_keep_accepted)
        self.keep_dialog.open()
        return self.keep_dialog

    def ask_before_quit(
        self, group_id: int, group: str, undecided: RunEnded | None = None
    ) -> ClosingDialog | None:
        """Quitting mid-run, or after "Decide later" (``undecided``): ask what to keep now
        (None when Turns tracks another group).

        Accepting only records the answer: the run's end (which the caller brings
        about) files it and then ``quit_ready`` says the app may go. Cancel
        changes nothing: tracking goes on.
        """
        if group_id != self.driver.group_id:
            return None
        if self.quit_dialog is not None and self.quit_dialog.isVisible():
            return self.quit_dialog
        present = len(self.driver.roster) - len(self.driver.session.away)
        facilitator = self.driver.remembered_facilitator()
        dialog = ClosingDialog(
            group, facilitator, present, self, quitting=True, later=bool(undecided)
        )

        def answered() -> None:
            self._quit_answer = (dialog.keep(), dialog.facilitator.text())
            if undecided is not None:
                self.ask_closing(undecided)  # that run ended already: file the answer now

        dialog.accepted.connect(answered)
        self.quit_dialog = dialog
        dialog.open()
        announce(self, "The plan run is still going. Choose what to keep before quitting.")
        return dialog

    def ask_closing(self, ended: RunEnded) -> ClosingDialog | None:
        """The run ended: ask what of the participation to keep, then file it in the notes.

        When the answer was given at quit, it is filed without asking again.
        """
        if self._quit_answer is not None:
            keep, facilitator = self._quit_answer
            self._quit_answer = None
            self.driver.close_run(ended, keep, facilitator)
            self.quit_ready.emit()
            return None
        present = len(self.driver.roster) - len(self.driver.session.away)
        facilitator = self.driver.remembered_facilitator()
        dialog = ClosingDialog(ended.place.group, facilitator, present, self)
        dialog.accepted.connect(
            lambda: self.driver.close_run(ended, dialog.keep(), dialog.facilitator.text())
        )
        dialog.rejected.connect(lambda: setattr(self, "undecided", ended))
        self.closing_dialog = dialog
        dialog.open()
        announce(self, "The plan run ended. Choose whether to keep the participation summary.")
        return dialog

    def _on_keep_accepted(self) -> None:
        assert self.keep_dialog is not None
        self.driver.keep(self.keep_dialog.anonymised())

    def ask_reset(self) -> QMessageBox | None:
        if not self.driver.started:
            self.driver.reset()
            return None
        return ask_start_again(self, self.driver.reset)

    # -- menus and search ------------------------------------------------

    def _on_row_menu(self, member: int, where: QPoint) -> QMenu:
        label, driver = self.driver.roster.label(member), self.driver
        others = self.pass_selected, self.raise_selected, self.fix_selected
        speaking = (f"{label} is speaking", lambda: driver.mark(member))
        return row_menu(self, where, speaking, *others, self.toggle_away_selected)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_search_enter(self) -> None:
        members = self.table.visible_members()
        if not members:
            self.say(f"No member matches '{self.search.text()}'.")
            return
        self.driver.mark(members[0])
        self.search.clear()
        self.table.select_member(members[0])
        self.table.setFocus()
