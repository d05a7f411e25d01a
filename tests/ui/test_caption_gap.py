"""The captions view shows audio that live captions skipped, in words (#10).

A real ``CaptionStream`` runs on its worker with a fake clock: audio arrives in
real time (``PacedSource``) and the engine decodes at twice real time, so the
stream skips to the live edge and the view must say so where it happened.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QTextCursor

import ui.captions.view as captions_view
from companion.clock import ManualClock
from companion.events import CaptionGap
from companion.speech.stream import CaptionStream
from tests.fakes import PacedSource, PhraseEngine, silence, spoken_word
from ui.adapter import CoreBridge
from ui.captions.display import PARTIAL_MARKER
from ui.captions.view import CaptionsView
from ui.settings.store import SettingsStore

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot: Any, tmp_path: Path) -> Iterator[tuple[CaptionsView, CoreBridge]]:
    bridge = CoreBridge()
    view = CaptionsView(bridge, SettingsStore(tmp_path / "settings.json"))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    yield view, bridge
    view.shutdown()
    bridge.stop()


def _fall_behind(qtbot: Any, bridge: CoreBridge) -> list[CaptionGap]:
    """Caption 18 s of speech at twice real time, through the bridge, to its end."""
    clock = ManualClock()
    engine = PhraseEngine(clock, cost=0.2, model_name="tiny.en")
    phrase = [spoken_word()] * 20 + [silence(0.1)] * 10
    stream = CaptionStream(PacedSource(phrase * 6, clock), lambda: engine, clock=clock)
    gaps: list[CaptionGap] = []
    bridge.gap.connect(gaps.append)
    bridge.attach(stream)
    with qtbot.waitSignal(bridge.stopped, timeout=20_000):
        stream.start()
    return gaps


def _block_of(view: CaptionsView, text: str) -> Any:
    found = view.display.document().find(text)
    assert not found.isNull(), text
    return found.block()


def test_a_gap_is_a_paragraph_in_words_between_the_captions_around_it(
    qtbot: Any, view: tuple[CaptionsView, CoreBridge], monkeypatch: pytest.MonkeyPatch
) -> None:
    captions, bridge = view
    said: list[str] = []
    monkeypatch.setattr(
        captions_view, "announce", lambda w, text, assertive=False: said.append(text)
    )
    gaps = _fall_behind(qtbot, bridge)
    assert gaps
    display = captions.display
    text = display.document().toPlainText()
    first = gaps[0]
    sentence = f"… {first.missing} not captioned: this computer fell behind."
    assert sentence in text
    block = _block_of(captions, sentence)
    assert block.text() == sentence  # a paragraph of its own
    assert block.previous().text() and block.next().text()  # captions before and after it
    # Not a partial (no italics, no trailing marker) and not speech: upright and bold.
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.Right)
    assert not cursor.charFormat().fontItalic()
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    assert not block.text().endswith(PARTIAL_MARKER)
    assert display.gap_count() == len(gaps)
    # Screen readers are told, whether or not finals are announced.
    assert [g.sentence for g in gaps] == said
    # The transcript a facilitator keeps has it too, over the missing time.
    kept = [e for e in captions.transcript.entries if e.gap]
    assert [(e.start, e.end) for e in kept] == [(g.start, g.end) for g in gaps]
    assert kept[0].text == f"[{first.missing} not captioned: this computer fell behind]"
    assert "not captioned" in captions.transcript.render("vtt")


def test_a_gap_reads_whole_at_the_largest_caption_size(
    qtbot: Any, view: tuple[CaptionsView, CoreBridge]
) -> None:
    captions, bridge = view
    captions._store.update(font_size=96, lines=4)
    gaps = _fall_behind(qtbot, bridge)
    assert gaps
    display = captions.display
    block = _block_of(captions, gaps[0].sentence)
    layout = block.layout()
    # Wrapped onto several lines inside the text column, never cut off at its side.
    assert layout.lineCount() >= 3
    column = display.viewport().width()
    assert all(layout.lineAt(i).naturalTextWidth() <= column for i in range(layout.lineCount()))
    shot = os.environ.get("COMPANION_GAP_SCREENSHOT")
    if shot:  # for a person to look at (docs: the screenshot checked by eye)
        display.verticalScrollBar().setValue(
            int(layout.position().y()) - display.verticalScrollBar().pageStep() // 4
        )
        qtbot.waitUntil(lambda: display.isVisible())
        captions.grab().save(shot)
