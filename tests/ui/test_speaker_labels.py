"""Speaker labels in the whole window (#14): the member marked in Turns names the captions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QTextCursor
from pytestqt.qtbot import QtBot

from companion.clock import ManualClock
from companion.speech.stream import CaptionStream
from companion.turns.roster import MemberDetails
from tests.fakes import EchoEngine, ScriptedSource, tone
from ui.adapter import CoreBridge
from ui.main_window import MainWindow
from ui.turns.area import TurnsArea

pytestmark = pytest.mark.gui


def _turns(window: MainWindow, clock: ManualClock) -> TurnsArea:
    turns = window.tabs.widget(2)
    assert isinstance(turns, TurnsArea)
    turns.driver.clock = clock
    turns.driver.use_group(turns.driver.group_id)  # a session on the test's clock
    turns.driver.roster.add_many([MemberDetails("Aisha Rahman"), MemberDetails("Ben Okafor")])
    return turns


def _caption(window: MainWindow, qtbot: QtBot, blocks: int = 9) -> None:
    """Play ``blocks`` tenths of a second through a scripted stream into the window."""
    source = ScriptedSource([tone(0.1) for _ in range(blocks)], ManualClock(), live=False)
    stream = CaptionStream(source, EchoEngine)
    bridge = window.findChild(CoreBridge)  # the window's own, as Start would use
    assert bridge is not None
    bridge.attach(stream)
    with qtbot.waitSignal(bridge.stopped, timeout=5000):
        stream.start()


def _aisha_speaks(window: MainWindow, qtbot: QtBot) -> tuple[TurnsArea, int]:
    """Aisha is marked as speaking, then three captions arrive; returns Turns and Ben's id."""
    clock = ManualClock(1000.0)
    turns = _turns(window, clock)
    aisha, ben = turns.driver.roster.ids
    turns.driver.mark(aisha)
    clock.advance(5.0)
    _caption(window, qtbot)
    qtbot.waitUntil(lambda: window.captions.display.final_count() >= 3)
    return turns, ben


def _label_is_bold(window: MainWindow, label: str) -> bool:
    document = window.captions.display.document()
    found = document.find(label)
    assert not found.isNull(), document.toPlainText()
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    return cursor.charFormat().fontWeight() == QFont.Weight.Bold


def test_a_member_marked_in_turns_names_the_captions_and_the_saved_vtt(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    turns, ben = _aisha_speaks(window, qtbot)
    text = window.captions.display.document().toPlainText()
    assert text.startswith("Aisha: word3")
    assert text.count("Aisha:") == 1  # only where the speaker changes
    assert _label_is_bold(window, "Aisha:")  # a shape as well as a colour
    path = tmp_path / "session.vtt"
    window.captions.transcript.write(path, "vtt")
    assert "<v Aisha Rahman>word3" in path.read_text()

    turns.driver.fix_turn(ben)  # it was Ben all along: the saved transcript follows
    qtbot.waitUntil(lambda: "<v Ben Okafor>" in window.captions.transcript.render("vtt"))
    assert "Aisha Rahman" not in window.captions.transcript.render("vtt")


def test_fixing_the_last_turn_relabels_the_captions_already_on_screen(
    window: MainWindow, qtbot: QtBot
) -> None:
    turns, ben = _aisha_speaks(window, qtbot)
    display = window.captions.display
    shown, finals = display.document().toPlainText(), display.final_count()
    assert shown.startswith("Aisha: ")

    turns.driver.fix_turn(ben)  # the reader sees the right name, not only the saved file
    qtbot.waitUntil(lambda: display.document().toPlainText().startswith("Ben: "))
    text = display.document().toPlainText()
    assert "Aisha:" not in text
    assert text.replace("Ben: ", "Aisha: ", 1) == shown  # the words themselves did not move
    assert _label_is_bold(window, "Ben:")
    assert display.final_count() == finals


def test_without_tracking_captions_carry_no_speaker(window: MainWindow, qtbot: QtBot) -> None:
    _turns(window, ManualClock(1000.0))
    _caption(window, qtbot)
    qtbot.waitUntil(lambda: window.captions.display.final_count() >= 3)
    assert ":" not in window.captions.display.document().toPlainText()
    assert "<v " not in window.captions.transcript.render("vtt")


def test_labels_can_be_switched_off(window: MainWindow, qtbot: QtBot) -> None:
    clock = ManualClock(1000.0)
    turns = _turns(window, clock)
    window.settings_store.update(speaker_labels=False)
    turns.driver.mark(turns.driver.roster.ids[0])
    clock.advance(5.0)
    _caption(window, qtbot)
    qtbot.waitUntil(lambda: window.captions.display.final_count() >= 3)
    assert "Aisha:" not in window.captions.display.document().toPlainText()
    assert "<v Aisha Rahman>" in window.captions.transcript.render("vtt")  # still saved


def test_a_quote_from_labelled_captions_prefills_said_by_but_still_asks_consent(
    qtbot: QtBot,
) -> None:
    from companion.notes.model import Consent
    from ui.notes.dialogs import QuoteDialog

    dialog = QuoteDialog(
        ["We tried it.", "It worked for us."],
        ["Aisha Rahman", "Ben Okafor"],
        said_by=["Ben Okafor", "Aisha Rahman"],
    )
    qtbot.addWidget(dialog)
    assert dialog.values() == ("It worked for us.", "Aisha Rahman", Consent.NOT_ASKED)
    dialog.lines.selectAll()  # two speakers: nobody is guessed, the last choice stays
    assert dialog.values()[0] == "We tried it. It worked for us."
    assert dialog.values()[2] == Consent.NOT_ASKED


def test_a_quote_from_unlabelled_captions_leaves_said_by_empty(qtbot: QtBot) -> None:
    from ui.notes.dialogs import QuoteDialog

    dialog = QuoteDialog(["Hello there."], ["Aisha Rahman"], said_by=[None])
    qtbot.addWidget(dialog)
    assert dialog.values()[1] == ""


def test_the_detached_caption_window_shows_the_names_too(window: MainWindow, qtbot: QtBot) -> None:
    clock = ManualClock(1000.0)
    turns = _turns(window, clock)
    window.captions.set_detached(True)
    detached = window.captions.caption_window
    assert detached is not None
    qtbot.waitExposed(detached)
    turns.driver.mark(turns.driver.roster.ids[1])
    clock.advance(5.0)
    _caption(window, qtbot)
    qtbot.waitUntil(lambda: detached.display.final_count() >= 3)
    assert detached.display.document().toPlainText().startswith("Ben: ")
    window.captions.set_detached(False)


def test_a_burst_of_relabels_is_laid_out_once_and_a_paused_reader_keeps_their_place(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.events import Caption

    display = window.captions.display
    for i in range(60):
        start = i * 2.0
        display.add_caption(Caption("final", f"phrase {i}", start, start + 1.5, speaker="Aisha"))
    qtbot.waitUntil(lambda: display.verticalScrollBar().maximum() > 0)
    display.set_scroll_paused(True)
    bar = display.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    place = bar.value()
    layouts: list[int] = []
    relayout = display._relayout
    monkeypatch.setattr(display, "_relayout", lambda: (layouts.append(1), relayout()))
    for i in (57, 58, 59):  # one fix: the last turn's three phrases were Ben's
        assert display.relabel(i * 2.0, i * 2.0 + 1.5, "Ben")
    qtbot.waitUntil(lambda: "Ben: phrase 57" in display.document().toPlainText())
    assert layouts == [1]
    assert bar.value() == place
    assert not display.relabel(0.0, 1.5, "Aisha")  # no change: nothing to do
