"""Starting the app: the QApplication, the settings, the main window.

``run(argv)`` is what ``companion`` with no command calls. A damaged settings
file never stops it: the defaults are used and a notice says what happened.
With ``COMPANION_TIMING=1`` it prints ``window-shown <seconds>`` (seconds
since the process started) to stderr once the window is on screen.
"""

from __future__ import annotations

import os
import sys
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlite_utils import Database

from ui.adapter import CoreBridge
from ui.main_window import MainWindow
from ui.settings.store import SettingsStore
from ui.widgets.recovery import open_or_recover

if TYPE_CHECKING:
    from ui.captions.view import CaptionsView
    from ui.turns.driver import TurnsDriver

_IMPORTED_AT = time.monotonic()
TIMING_ENV = "COMPANION_TIMING"
CAPTIONS_FLAG = "--captions"  # participant mode: just captions, large, on top


def seconds_since_process_start() -> float:
    """Wall seconds since this process started (since this module loaded if unknown)."""
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        # Field 22 (starttime, clock ticks since boot) comes after the ")" closing the name.
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED_AT


def create_application(argv: list[str]) -> QApplication:
    """The QApplication with Companion's names (reuses one that already exists)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Companion")
    app.setApplicationDisplayName("Companion")
    app.setOrganizationName("Companion")
    app.setDesktopFileName("companion")
    return app


def build_window(store: SettingsStore | None = None) -> MainWindow:
    """The main window over a settings store and a fresh bridge; shows any settings notice."""
    store = store or SettingsStore()
    bridge = CoreBridge()
    window = MainWindow(store, bridge)
    bridge.setParent(window)
    store.setParent(window)
    database = open_or_recover(window)
    if database.db is not None:
        _add_feature_areas(window, store, bridge, database.db)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(database.close)  # after the areas' own quit handlers
    if database.notice:
        notice = database.notice
        QTimer.singleShot(0, lambda: window.show_notice(notice))
    return window


def _add_feature_areas(
    window: MainWindow, store: SettingsStore, bridge: CoreBridge, db: Database
) -> None:
    """Facilitate, Turns, Notes and the lead's view beside the captions, following one workshop."""
    from companion.notes.notebook import Notebook
    from companion.workshop.coordinator import Workshop
    from ui.adapter import WorkshopSignals
    from ui.facilitation.area import FacilitateArea
    from ui.lead.area import LeadArea
    from ui.notes.area import NotesArea
    from ui.turns.area import TurnsArea
    from ui.turns.driver import TurnsDriver

    # The one database, opened by build_window, is handed to every feature.
    notebook = Notebook(db)
    workshop = Workshop(db, notebook.notes)
    facilitate = FacilitateArea(settings=store, workshop=workshop)
    window.add_area(facilitate, "&Facilitate", "Ctrl+2")
    window.add_menu("F&acilitate", facilitate.commands.all())
    turns_driver = TurnsDriver(db, store=store, bridge=bridge, workshop=workshop, parent=window)
    turns = TurnsArea(turns_driver)
    window.add_area(turns, "&Turns", "Ctrl+3")
    window.add_menu("T&urns", turns.commands.menu())
    captions = window.captions
    _label_captions(bridge, turns_driver, captions, window)
    notes = NotesArea(
        notebook,
        finals=lambda: [cue.text for cue in captions.transcript.cues() if not cue.gap],
        said_by=lambda: [cue.speaker for cue in captions.transcript.cues() if not cue.gap],
    )
    window.add_area(notes, "&Notes", "Ctrl+4")
    notes.saved_state_changed.connect(window.set_saved_state)
    window.add_menu("&Notes", notes.actions_for_menu())
    window.add_area(LeadArea(notebook), "&Lead", "Ctrl+5")

    # A plan run started in Facilitate: Turns tracks its group, Notes opens its page
    # and follows its questions; when it ends Turns stops and asks what to keep, and
    # what is due is shown (and said) from every area.
    workshop_signals = WorkshopSignals(workshop.events, window)
    workshop_signals.run_started.connect(turns_driver.follow_run)
    workshop_signals.run_started.connect(notes.session.follow_run)
    workshop_signals.segment_started.connect(notes.session.follow_segment)
    workshop_signals.run_ended.connect(lambda _ended: window.call_attention(""))
    workshop_signals.run_ended.connect(turns_driver.follow_end)
    workshop_signals.participation_filed.connect(notes.session.follow_closing)

    def end_run_of(session_id: int, group_id: int) -> None:
        if workshop.is_at(session_id, group_id):
            facilitate.finish()

    notes.ending_session.connect(end_run_of)

    def ask_before_quit() -> bool:
        """Quitting mid-run asks what to keep, as finishing does; Cancel keeps the app open."""
        run = workshop.run
        if turns.quit_dialog is not None and turns.quit_dialog.isVisible():
            return False  # already asked
        if run is None or not facilitate.driver.active:
            ended = turns.undecided  # "Decide later" at a run's end: the figures would go
            if ended is None or not turns_driver.session.started:
                return True
            return turns.ask_before_quit(ended.place.group_id, ended.place.group, ended) is None
        asked = turns.ask_before_quit(run.place.group_id, run.place.group)
        if asked is None:
            return True  # Turns follows another group: nothing of this run to keep
        asked.accepted.connect(facilitate.finish)  # the run's end files the answer…
        return False

    turns.quit_ready.connect(window.close)  # …and then the app goes
    window.close_guards.append(ask_before_quit)
    workshop_signals.attention_called.connect(
        # Facilitate says its own news; elsewhere the window says it.
        lambda called: window.call_attention(
            called.text, called.say if window.tabs.currentWidget() is not facilitate else ""
        )
    )
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(notes.save_now)


def _label_captions(
    bridge: CoreBridge, turns: TurnsDriver, captions: CaptionsView, window: MainWindow
) -> None:
    """Captions carry the member Turns marks as speaking, by audio time (#14)."""
    from companion.speakers import SpeakerLabeller
    from ui.adapter import SpeakerSignals

    labeller = SpeakerLabeller(_clock_of(turns))
    bridge.label_events = labeller.observe

    def follow_turns(_stats: object) -> None:
        labeller.my_name = turns.remembered_facilitator() or None  # the microphone's side
        labeller.set_turns(turns.speaker_spans())

    follow_turns(None)
    turns.events.stats_changed.connect(follow_turns)
    SpeakerSignals(labeller.events, window).relabelled.connect(captions.relabel)


def _clock_of(turns: TurnsDriver) -> Callable[[], float]:
    """The clock the driver is given now (tests swap it), read through a weak reference:
    the bridge holds the labeller, so a labeller holding the driver (which holds the
    bridge) would make a cycle with Qt objects in it, freed on a worker thread (#10)."""
    driver = weakref.ref(turns)

    def now() -> float:
        held = driver()
        return held.clock() if held is not None else time.monotonic()

    return now


def run(argv: list[str]) -> int:
    """Open the app and run it until the main window closes; returns the exit code.

    ``--captions`` opens participant mode (just captions, large, on top) this
    once; with neither it nor a remembered choice, the first start asks.
    """
    captions_only = CAPTIONS_FLAG in argv
    app = create_application([a for a in argv if a != CAPTIONS_FLAG])
    store = SettingsStore()
    window = build_window(store)
    window.show()
    start_in_mode(window, captions_only)
    if store.notice:
        QTimer.singleShot(0, lambda: window.show_notice(store.notice or ""))
    if os.environ.get(TIMING_ENV) == "1":
        QTimer.singleShot(0, _report_shown)
    return app.exec()


def start_in_mode(window: MainWindow, captions_only: bool) -> QDialog | None:
    """Participant mode if asked for (``--captions``) or remembered; else ask the first time.

    Returns the first-start question when it is asked.
    """
    from ui.window.participant import CAPTIONS, FACILITATE, FirstStartDialog
    from ui.window.participant import set_participant_mode as show_just_captions

    mode = window.settings_store.current.mode
    if captions_only:
        show_just_captions(window, True)  # this once: the remembered choice stays
        return None
    if mode:
        if mode == CAPTIONS:
            show_just_captions(window, True)
        return None
    dialog = FirstStartDialog(window)
    dialog.finished.connect(
        lambda _result: (
            window.set_participant_mode(dialog.choice == CAPTIONS)
            if dialog.choice
            else window.settings_store.update(mode=FACILITATE)
        )  # closed: everything, not asked again
    )
    dialog.open()
    return dialog


def _report_shown() -> None:
    print(f"window-shown {seconds_since_process_start():.3f}", file=sys.stderr, flush=True)
