"""The adapter: each core event family reaches the GUI thread as typed Qt signals."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.facilitation.events import Overrun, PromptDue, RunState, RunStateChanged
from companion.notes.events import NoteSaved, NotesChanged, SaveFailed
from companion.signal import Signal as CoreSignal
from ui.adapter import EventAdapter, NotebookSignals, RunSignals


def test_each_event_class_has_its_own_signal(qtbot: QtBot) -> None:
    core: CoreSignal[object] = CoreSignal()
    signals = NotebookSignals(core)
    saved: list[NoteSaved] = []
    changed: list[NotesChanged] = []
    signals.note_saved.connect(saved.append)
    signals.notes_changed.connect(changed.append)
    core.emit(NoteSaved(1, 2, "2026-01-01T10:00:00"))
    core.emit(NotesChanged("bundle imported"))
    core.emit(SaveFailed("The disk is full.", 1))  # mapped, nobody listening: fine
    assert saved == [NoteSaved(1, 2, "2026-01-01T10:00:00")]
    assert changed == [NotesChanged("bundle imported")]
    signals.close()
    core.emit(NotesChanged("after close"))
    assert len(changed) == 1


def test_every_family_maps_each_class_to_a_signal_it_declares() -> None:
    for family in (RunSignals, NotebookSignals):
        for name in family.SIGNALS.values():
            assert hasattr(family, name), (family.__name__, name)


def test_an_event_the_family_does_not_know_is_an_error(qtbot: QtBot) -> None:
    core: CoreSignal[object] = CoreSignal()
    signals = NotebookSignals(core)  # held: the core holds an adapter only weakly
    with pytest.raises(TypeError, match="NotebookSignals has no signal for Overrun"):
        core.emit(Overrun(0, 1.0))
    signals.close()


def test_attach_follows_a_new_model_and_leaves_the_old_one(qtbot: QtBot) -> None:
    first: CoreSignal[object] = CoreSignal()
    second: CoreSignal[object] = CoreSignal()
    signals = RunSignals()
    states: list[RunStateChanged] = []
    signals.run_state_changed.connect(states.append)
    signals.attach(first)
    first.emit(RunStateChanged(RunState.RUNNING, 0.0))
    signals.attach(second)
    first.emit(RunStateChanged(RunState.FINISHED, 1.0))  # the old run: not heard
    second.emit(RunStateChanged(RunState.PAUSED, 2.0))
    assert [s.state for s in states] == [RunState.RUNNING, RunState.PAUSED]


def test_events_from_a_worker_thread_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    core: CoreSignal[object] = CoreSignal()
    signals = RunSignals(core)
    threads: list[QThread | None] = []
    signals.prompt_due.connect(lambda _event: threads.append(QThread.currentThread()))
    due = PromptDue("1:1", "Names", "Check names", 1, 60.0)
    with qtbot.waitSignal(signals.prompt_due, timeout=2000) as blocker:
        worker = threading.Thread(target=core.emit, args=(due,))
        worker.start()
        worker.join()
    assert blocker.args == [due]
    app = QApplication.instance()
    assert app is not None and threads == [app.thread()]


def test_the_base_adapter_has_no_families() -> None:
    assert EventAdapter.SIGNALS == {}


def test_no_view_subscribes_to_the_core_directly() -> None:
    """Only the adapter connects to core signals; views connect to its typed Qt signals."""
    ui = Path(__file__).resolve().parents[2] / "ui"
    offenders = []
    for path in sorted(ui.rglob("*.py")):
        if "adapter" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for needle in (".events.connect(", "EventRelay", "autosave.failed.connect("):
            if needle in text:
                offenders.append(f"{path.relative_to(ui)}: {needle}")
    assert offenders == []
