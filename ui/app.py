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
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui.adapter import CoreBridge
from ui.main_window import MainWindow
from ui.settings.store import SettingsStore

_IMPORTED_AT = time.monotonic()
TIMING_ENV = "COMPANION_TIMING"


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
    _add_feature_areas(window, store, bridge)
    return window


def _add_feature_areas(window: MainWindow, store: SettingsStore, bridge: CoreBridge) -> None:
    """Facilitate, Turns, Notes and the lead's view beside the captions."""
    from companion.facilitation.run import Run
    from companion.notes.notebook import Notebook
    from ui.facilitation.area import FacilitateArea
    from ui.lead.area import LeadArea
    from ui.notes.area import NotesArea
    from ui.turns.area import TurnsArea

    # One database for every area: opened and migrated once, closed last at quit.
    notebook = Notebook.open()
    facilitate = FacilitateArea(settings=store, database=notebook.db)
    window.add_area(facilitate, "&Facilitate", "Ctrl+2")
    window.add_menu("F&acilitate", facilitate.commands.all())
    turns = TurnsArea(store=store, bridge=bridge, db=notebook.db)
    window.add_area(turns, "&Turns", "Ctrl+3")
    marks = turns.actions_by_name
    window.add_menu(
        "T&urns",
        [marks.nobody, marks.passed, marks.undo, marks.fix, marks.hand, marks.next, marks.away],
    )
    captions = window.captions
    notes = NotesArea(notebook, finals=lambda: [cue.text for cue in captions.transcript.cues()])
    window.add_area(notes, "&Notes", "Ctrl+4")
    notes.saved_state_changed.connect(window.set_saved_state)
    window.add_menu("&Notes", notes.actions_for_menu())
    window.add_area(LeadArea(notebook), "&Lead", "Ctrl+5")

    def follow_run(run: Run | None) -> None:
        """A plan run started for a group: Turns tracks that group, Notes opens its page."""
        place = facilitate.driver.place
        if run is None or place is None:
            return
        programme_id, group_id, session_id = place
        if turns.session is None or not turns.session.started:
            turns.set_context(programme_id, group_id, session_id)
            turns.say(f"Tracking {turns.group_name}, the group of the plan just started.")
        questions = [q for segment in run.plan.segments for q in segment.questions]
        notes.session.follow(session_id, group_id, questions)

    facilitate.driver.run_changed.connect(follow_run)

    def close_notes() -> None:
        notes.save_now()
        notebook.close()

    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(close_notes)


def run(argv: list[str]) -> int:
    """Open the app and run it until the main window closes; returns the exit code."""
    app = create_application(argv)
    store = SettingsStore()
    window = build_window(store)
    window.show()
    if store.notice:
        QTimer.singleShot(0, lambda: window.show_notice(store.notice or ""))
    if os.environ.get(TIMING_ENV) == "1":
        QTimer.singleShot(0, _report_shown)
    return app.exec()


def _report_shown() -> None:
    print(f"window-shown {seconds_since_process_start():.3f}", file=sys.stderr, flush=True)
