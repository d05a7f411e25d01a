"""Voice recognition in Turns (#14): "New speaker — who is it?", one key to answer, Esc not now.

The watch is a fake that records what it was taught and lets the test say
what it heard; the real watch and encoder are tested in
tests/unit/test_voice_encoder.py.
"""

from __future__ import annotations

import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from companion.clock import ManualClock
from companion.store.database import open_database
from companion.turns.events import VoiceChange, VoiceWatchFailed
from companion.turns.roster import MemberDetails
from companion.turns.settings import TurnsSettings
from companion.turns.voice_watch import VoiceWatch
from ui.adapter import CoreBridge
from ui.settings.store import SettingsStore
from ui.turns.area import TurnsArea
from ui.turns.driver import TurnsDriver

pytestmark = pytest.mark.gui


class FakeWatch(VoiceWatch):
    """No thread and no model: remembers what it is taught; the test says what it heard."""

    def __init__(self) -> None:
        super().__init__(encoder=lambda: None)  # type: ignore[arg-type,return-value]
        self.started = False
        self.confirmed: list[int] = []
        self.fed = 0

    def start(self) -> None:
        self.started = True

    def stop(self, wait: float = 0.0) -> None:
        self.started = False

    def feed(self, frames: np.ndarray) -> None:
        self.fed += 1

    def confirm(self, member: int) -> None:
        self.confirmed.append(member)

    def forget(self, member: int | None = None) -> None:
        self.confirmed.clear()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "turns.db")
    yield database
    database.close()


@pytest.fixture
def make_area(
    qtbot: QtBot, db: Database, store: SettingsStore, bridge: CoreBridge
) -> Iterator[Callable[[], tuple[TurnsArea, FakeWatch]]]:
    made: list[TurnsArea] = []

    def make() -> tuple[TurnsArea, FakeWatch]:
        watch = FakeWatch()
        driver = TurnsDriver(
            db, store=store, bridge=bridge, clock=ManualClock(), autotick=False, voice_watch=watch
        )
        area = TurnsArea(driver)
        qtbot.addWidget(area)
        driver.roster.add_many([MemberDetails(n) for n in ("Aisha", "Ben", "Carys")])
        area.resize(1000, 700)
        area.show()
        qtbot.waitExposed(area)
        area.activateWindow()
        qtbot.waitActive(area)
        area.table.setFocus()
        qtbot.waitUntil(area.table.hasFocus)
        made.append(area)
        return area, watch

    yield make
    for area in made:
        area.driver.shutdown()


def _switch_on(area: TurnsArea, qtbot: QtBot) -> None:
    area.voice_box.setChecked(True)
    area.recognise_box.setChecked(True)
    area.table.setFocus()
    qtbot.waitUntil(area.table.hasFocus)


def test_recognition_is_off_unless_chosen_and_the_audio_goes_nowhere(
    make_area: Callable[[], tuple[TurnsArea, FakeWatch]], bridge: CoreBridge
) -> None:
    assert TurnsSettings().voice_recognition is False
    area, watch = make_area()
    assert not area.recognise_box.isChecked()
    assert not watch.started and bridge.audio_tap is None
    area.voice_box.setChecked(True)
    assert not watch.started and bridge.audio_tap is None  # voice-assisted alone: no voices
    area.recognise_box.setChecked(True)
    assert watch.started and bridge.audio_tap == watch.feed
    assert "memory only" in area.message.text()
    area.recognise_box.setChecked(False)
    assert not watch.started and bridge.audio_tap is None
    assert "forgotten" in area.message.text()


def test_a_new_voice_asks_who_and_their_key_confirms_it(
    make_area: Callable[[], tuple[TurnsArea, FakeWatch]], qtbot: QtBot
) -> None:
    area, watch = make_area()
    _switch_on(area, qtbot)
    aisha, ben, _carys = area.driver.roster.ids
    assert area.voice_card.isHidden()
    watch.events.emit(VoiceChange(12.0, None, 0.0))
    qtbot.waitUntil(area.voice_card.isVisible)
    assert "who is it?" in area.voice_card.heading.text()
    assert area.voice_card.accessibleName() == "New speaker — who is it?"
    assert area.commands.nobody.isEnabled()  # Esc answers "not now" even with nobody speaking

    qtbot.keyClick(area.table, Qt.Key.Key_2)  # Ben's key
    qtbot.waitUntil(area.voice_card.isHidden)
    assert area.driver.session.speaker == ben
    assert watch.confirmed == [ben]
    assert "Ben's voice will be recognised" in area.message.text()
    assert aisha not in watch.confirmed


def test_esc_dismisses_the_suggestion_and_marks_nobody_only_afterwards(
    make_area: Callable[[], tuple[TurnsArea, FakeWatch]], qtbot: QtBot
) -> None:
    area, watch = make_area()
    _switch_on(area, qtbot)
    aisha = area.driver.roster.ids[0]
    area.driver.mark(aisha)
    watch.events.emit(VoiceChange(3.0, None, 0.0))
    qtbot.waitUntil(area.voice_card.isVisible)
    qtbot.keyClick(area.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(area.voice_card.isHidden)
    assert area.driver.session.speaker == aisha  # Esc answered the card, not the turn
    assert watch.confirmed == []
    assert area.message.text() == "Suggestion dismissed."
    qtbot.keyClick(area.table, Qt.Key.Key_Escape)
    assert area.driver.session.speaker is None


def test_the_not_now_button_dismisses_too(
    make_area: Callable[[], tuple[TurnsArea, FakeWatch]], qtbot: QtBot
) -> None:
    area, watch = make_area()
    _switch_on(area, qtbot)
    watch.events.emit(VoiceChange(3.0, None, 0.0))
    qtbot.waitUntil(area.voice_card.isVisible)
    assert area.voice_card.dismiss.toolTip()
    qtbot.mouseClick(area.voice_card.dismiss, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(area.voice_card.isHidden)


def test_a_confirmed_voice_coming_back_marks_their_turn_by_itself(
    make_area: Callable[[], tuple[TurnsArea, FakeWatch]], qtbot: QtBot
) -> None:
    area, watch = make_area()
    _switch_on(area, qtbot)
    _aisha, ben, carys = area.driver.roster.ids
    watch.events.emit(VoiceChange(20.0, carys, 0.91))
    qtbot.waitUntil(lambda: area.driver.session.speaker == carys)
    assert area.voice_card.isHidden()  # nothing to ask
    assert "Recognised Carys's voice" in area.message.text()

    area.table.select_member(ben)
    area.commands.fix.trigger()  # it was Ben: the facilitator corrects, the voice relearns
    assert area.driver.session.tracker.turns[-1].member == ben
    assert watch.confirmed == [ben]


def test_a_voice_named_a_moment_later_answers_the_question_by_itself(
    make_area: Callable[[], tuple[TurnsArea, FakeWatch]], qtbot: QtBot
) -> None:
    area, watch = make_area()
    _switch_on(area, qtbot)
    aisha = area.driver.roster.ids[0]
    watch.events.emit(VoiceChange(30.0, None, 0.7))
    qtbot.waitUntil(area.voice_card.isVisible)
    watch.events.emit(VoiceChange(30.0, aisha, 0.86, again=True))
    qtbot.waitUntil(area.voice_card.isHidden)
    assert area.driver.session.speaker == aisha
    assert watch.confirmed == []  # recognised, not taught: nothing new to learn


def test_a_change_heard_while_recognition_is_off_is_ignored(
    make_area: Callable[[], tuple[TurnsArea, FakeWatch]], qtbot: QtBot
) -> None:
    area, watch = make_area()
    area.voice_box.setChecked(True)
    watch.events.emit(VoiceChange(3.0, None, 0.0))
    watch.events.emit(VoiceChange(9.0, area.driver.roster.ids[0], 0.9))
    assert area.voice_card.isHidden() and area.driver.session.speaker is None


def test_when_the_model_is_missing_recognition_switches_off_and_says_what_to_do(
    make_area: Callable[[], tuple[TurnsArea, FakeWatch]], qtbot: QtBot
) -> None:
    area, watch = make_area()
    _switch_on(area, qtbot)
    watch.events.emit(VoiceWatchFailed("Install the voice encoder with set-up."))
    assert not watch.started and not area.recognise_box.isChecked()
    assert "Install the voice encoder with set-up." in area.message.text()


@pytest.mark.slow
def test_in_the_app_a_second_voice_in_the_caption_audio_asks_who_it_is(
    qtbot: QtBot, db: Database, store: SettingsStore, bridge: CoreBridge, tmp_path: Path
) -> None:
    """The real path: caption stream → bridge → watch → encoder → suggestion card."""
    from companion.audio.voice_encoder import VoiceEncoder
    from companion.audio.wavfile import WavSource, read_wav
    from companion.errors import CompanionError
    from companion.speech.stream import CaptionStream
    from tests.fakes import EchoEngine
    from tests.speech_audio import make_speech_wav

    try:
        VoiceEncoder.installed()
    except CompanionError as error:
        pytest.skip(str(error))
    text = "We should ask the patients what they noticed first, and then the night team."
    first = read_wav(make_speech_wav(text, voice="en-us+f2"))
    second = read_wav(make_speech_wav(text, voice="en-gb-scotland+m3"))
    path = tmp_path / "two voices.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(np.concatenate([first, np.zeros(8000, np.int16), second]).tobytes())

    driver = TurnsDriver(db, store=store, bridge=bridge, clock=ManualClock(), autotick=False)
    area = TurnsArea(driver)
    qtbot.addWidget(area)
    driver.roster.add_many([MemberDetails("Aisha"), MemberDetails("Ben")])
    area.show()
    qtbot.waitExposed(area)
    area.activateWindow()
    qtbot.waitActive(area)
    _switch_on(area, qtbot)
    try:
        stream = CaptionStream(WavSource(path, realtime=False), EchoEngine)
        bridge.attach(stream)
        stream.start()
        qtbot.waitUntil(lambda: driver.voices.pending is not None, timeout=60000)
        assert driver.voices.pending.time < 2.0  # the first voice is somebody new too
        qtbot.keyClick(area.table, Qt.Key.Key_1)  # the first voice was Aisha
        assert driver.voices.pending is None
        qtbot.waitUntil(lambda: driver.voices.pending is not None, timeout=60000)
        change = driver.voices.pending
        assert change is not None
        assert abs(change.time - len(first) / 16000) <= 2.0  # the second voice, near its start
        assert area.voice_card.isVisible()
    finally:
        driver.shutdown()
