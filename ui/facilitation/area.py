"""The Facilitate area: choose a plan and a group, run it, and see what is due.

Its widgets are laid out by ``FacilitateLayout``; here is what they do. The
run itself is the ``FacilitationDriver``'s: the area starts it, passes the
commands on, and shows the driver's events and status. New prompts, segments
and overruns are announced to screen readers politely; a sound is optional
and off by default. Choices (plan, group, moving on, sound) are remembered.

Main window wiring: ``window.add_area(FacilitateArea(settings=store), "&Facilitate", "Ctrl+2")``.
Set ``COMPANION_DEMO_SPEED=60`` to try a plan with the clock sixty times faster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QWidget,
)

from companion.clock import Clock
from companion.facilitation.events import (
    FacilitationEvent,
    Overrun,
    PromptCleared,
    PromptDue,
    RunState,
    RunStateChanged,
    SegmentAdjusted,
    SegmentChanged,
)
from companion.facilitation.library import PlanEntry, PlanLibrary
from companion.facilitation.settings import FacilitationSettings
from companion.facilitation.status import RunStatus
from companion.workshop.coordinator import Workshop
from ui.facilitation.announce import announcement
from ui.facilitation.driver import FacilitationDriver
from ui.facilitation.layout import FacilitateLayout
from ui.facilitation.plans import broken_text
from ui.settings.store import SettingsStore
from ui.widgets.a11y import announce


class FacilitateArea(FacilitateLayout):
    """Runs a session plan for one group, beside the call."""

    mini_changed = Signal(bool)  # the mini window was shown (True) or closed

    def __init__(
        self,
        *,
        load_library: Callable[[], PlanLibrary] = PlanLibrary.load,
        clock: Clock | None = None,
        workshop: Workshop | None = None,
        settings: SettingsStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("facilitate_area")
        self.setAccessibleName("Facilitate")
        self._settings = settings
        self._restoring = True  # no saving choices until the saved ones are back
        self.broken_label_text = ""
        self.driver = FacilitationDriver(clock, workshop=workshop, parent=self)
        self.mini: Any = None  # the MiniWindow, made when first asked for
        self.plan_file_chooser: Callable[[], str] | None = None  # tests: a path without asking
        self._build(load_library)
        self._connect()
        self.reload_plans()
        self._restore_choices()
        self._update_controls()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _connect(self) -> None:
        a = self.commands
        a.start.triggered.connect(self.start)
        a.pause.triggered.connect(self.driver.toggle_pause)
        a.back.triggered.connect(self.driver.back)
        a.next.triggered.connect(self.driver.skip)
        a.extend.triggered.connect(lambda: self.driver.extend(self.minutes_spin.value()))
        a.take.triggered.connect(lambda: self.driver.take_from_later(self.minutes_spin.value()))
        a.done.triggered.connect(self.done_top)
        a.snooze.triggered.connect(self.snooze_top)
        a.finish.triggered.connect(lambda: self.finish(confirm=True))
        a.mini.toggled.connect(self.set_mini)
        a.import_plan.triggered.connect(self.import_plan)
        self.chooser.chosen.connect(self._on_plan_chosen)
        self.chooser.edit_requested.connect(lambda copy: self.open_editor(copy=copy))
        self.group_combo.currentTextChanged.connect(lambda _t: self._save_choices())
        self.minutes_spin.valueChanged.connect(self.now.overrun.set_minutes)
        self.auto_check.toggled.connect(self._on_auto_toggled)
        self.sound_check.toggled.connect(lambda _on: self._save_choices())
        self.now.overrun.take.connect(a.take.trigger)
        self.now.overrun.extend.connect(a.extend.trigger)
        self.now.overrun.move_on.connect(a.next.trigger)
        self.prompts.done.connect(self.driver.done)
        self.prompts.snoozed.connect(self.driver.snooze)
        self.prompts.count_changed.connect(lambda _n: self._update_controls())
        run_signals = self.driver.signals
        run_signals.prompt_due.connect(self._on_prompt_due)
        run_signals.prompt_cleared.connect(self._on_prompt_cleared)
        run_signals.segment_changed.connect(self._on_segment_changed)
        run_signals.run_state_changed.connect(self._on_run_state_changed)
        run_signals.overrun.connect(self._on_overrun)
        run_signals.segment_adjusted.connect(self._on_segment_adjusted)
        self.driver.status.connect(self._on_status)
        self.driver.notice.connect(self.show_notice)
        if self.driver.speed_notice:
            self.show_notice(self.driver.speed_notice)
        elif self.driver.speed != 1.0:
            self.show_notice(
                f"Demo mode: the plan's clock runs {self.driver.speed:g} times faster "
                "(COMPANION_DEMO_SPEED)."
            )

    # Plans.

    @property
    def library(self) -> PlanLibrary:
        return self.chooser.library

    def reload_plans(self, select: str | None = None) -> None:
        """Read the plans again (after saving one) and offer them; broken ones are listed."""
        self.chooser.reload(select)
        self.broken_label_text = broken_text(self.library)
        if self.broken_label_text:
            self.show_notice(self.broken_label_text)

    def select_plan(self, plan_name: str) -> bool:
        """Choose the plan called ``plan_name`` (or its unique start); False if there is none."""
        return self.chooser.select(plan_name)

    def selected_name(self) -> str:
        return self.chooser.selected_name()

    def selected_entry(self) -> PlanEntry | None:
        return self.chooser.selected_entry()

    def _on_plan_chosen(self, entry: PlanEntry | None) -> None:
        plan = entry.plan if entry is not None else None
        if not self.driver.active:
            self.timeline.show_plan(plan)
            if plan is not None:
                self.now.show_idle("Choose your group, then press Start plan (Ctrl+Shift+G).")
        self._save_choices()
        self._update_controls()

    # Commands.

    def start(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.plan is None or self.driver.active:
            return
        self.prompts.clear()
        self.timeline.show_plan(entry.plan)
        self.driver.start(entry.plan, self.chooser.group, builtin=entry.builtin)

    def finish(self, *, confirm: bool = False) -> None:
        status = self.driver.current_status()
        if status is None or not self.driver.active:
            return
        left = len(status.lengths) - status.index - 1
        if confirm and left > 0:
            answer = QMessageBox.question(
                self,
                "Finish the run?",
                f"Finish the run now? {left} segment{'s' if left != 1 else ''} "
                "have not been run. What happened so far is kept.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.driver.finish()

    def done_top(self) -> None:
        key = self.prompts.first_key()
        if key is not None:
            self.driver.done(key)

    def snooze_top(self) -> None:
        key = self.prompts.first_key()
        if key is not None:
            self.driver.snooze(key)

    def set_mini(self, on: bool) -> None:
        """Show or close the small always-on-top window."""
        if on:
            if self.mini is None:
                from ui.facilitation.mini_window import MiniWindow

                self.mini = MiniWindow(self.driver, self.commands, self)
                self.mini.closed.connect(lambda: self.commands.mini.setChecked(False))
                self.mini.full_window.connect(self._show_full)
            self.mini.refresh()
            self.mini.show()
            self.mini.raise_()
        elif self.mini is not None and self.mini.isVisible():
            self.mini.close()
        if self.commands.mini.isChecked() != on:
            self.commands.mini.setChecked(on)
        self.mini_changed.emit(on)

    def import_plan(self) -> Any:
        """Import a plan file someone sent (with the programme's themes, if it has them)."""
        from ui.facilitation.plan_import import import_plan

        return import_plan(self, self.plan_file_chooser)

    def open_editor(self, *, copy: bool) -> Any:
        from ui.facilitation.plan_editor import PlanEditorDialog

        entry = self.selected_entry()
        plan = entry.plan if copy and entry is not None else None
        own = bool(copy and entry is not None and not entry.builtin)
        dialog = PlanEditorDialog(self.library, plan, self, editing_own=own)
        dialog.saved.connect(lambda plan_name: self.reload_plans(select=plan_name))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setAccessibleName(text)
        self.notice_label.setVisible(bool(text))

    def shutdown(self) -> None:
        """Finish a run still going (keeping its record), close the mini window and the store."""
        self.driver.shutdown()
        if self.mini is not None:
            self.mini.close()

    # Events from the run.

    def _on_prompt_due(self, event: PromptDue) -> None:
        self.prompts.add(self.driver.personalised(event))
        if self.sound_check.isChecked():
            QApplication.beep()
        self._announce(event)

    def _on_prompt_cleared(self, event: PromptCleared) -> None:
        self.prompts.remove(event.key)
        self._announce(event)

    def _on_segment_changed(self, event: SegmentChanged) -> None:
        if self.driver.run is not None:
            self.now.show_segment(self.driver.run.plan.segments[event.index])
        self._announce(event)

    def _on_run_state_changed(self, event: RunStateChanged) -> None:
        self._update_controls()
        self._announce(event)

    def _on_overrun(self, event: Overrun) -> None:
        self._announce(event)

    def _on_segment_adjusted(self, event: SegmentAdjusted) -> None:
        self._announce(event)

    def _announce(self, event: FacilitationEvent) -> None:
        if self.driver.run is not None:
            announce(
                self, announcement(event, self.driver.run.plan)
            )  # polite: never interrupts captions

    def _on_status(self, status: RunStatus) -> None:
        self.timeline.show_status(status)
        self.now.show_status(status)
        self.commands.set_pause_text(status.state == RunState.PAUSED)

    # Controls and choices.

    def _update_controls(self) -> None:
        state = self.driver.state
        active = self.driver.active
        entry = self.selected_entry()
        a = self.commands
        a.start.setEnabled(not active and entry is not None and not entry.broken)
        for action in (a.pause, a.next, a.extend, a.take, a.finish):
            action.setEnabled(active)
        status = self.driver.current_status()
        a.back.setEnabled(active and status is not None and status.index > 0)
        has_prompt = bool(self.prompts.keys())
        a.done.setEnabled(active and has_prompt)
        a.snooze.setEnabled(active and has_prompt)
        self.chooser.set_running(active)
        self.commands.set_pause_text(state == RunState.PAUSED)

    def _on_auto_toggled(self, on: bool) -> None:
        self.driver.set_auto_advance(on)
        self._save_choices()

    def _restore_choices(self) -> None:
        saved = self._saved()
        try:
            if saved.plan:
                self.select_plan(saved.plan)
            if saved.group:
                self.group_combo.setCurrentText(saved.group)
            self.auto_check.setChecked(saved.auto_advance)
            self.sound_check.setChecked(saved.sound)
        finally:
            self._restoring = False

    def _saved(self) -> FacilitationSettings:
        if self._settings is None:
            return FacilitationSettings()
        return self._settings.current.facilitation

    def _save_choices(self) -> None:
        if self._settings is None or self._restoring:
            return
        choices = FacilitationSettings(
            plan=self.selected_name(),
            group=self.group_combo.currentText().strip(),
            auto_advance=self.auto_check.isChecked(),
            sound=self.sound_check.isChecked(),
        )
        if choices != self._saved():
            self._settings.update(facilitation=choices)

    def _show_full(self) -> None:
        window = self.window()
        window.showNormal()
        window.raise_()
        window.activateWindow()
        tabs = self.parentWidget()
        while tabs is not None and not hasattr(tabs, "setCurrentWidget"):
            tabs = tabs.parentWidget()
        if tabs is not None:
            tabs.setCurrentWidget(self)
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
