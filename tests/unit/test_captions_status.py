"""The caption status model: one fold of commands and stream events into words."""

from __future__ import annotations

from companion.captions_status import Alert, CaptionState, CaptionStatus, CaptionStatusModel
from companion.events import EngineReady, LevelChanged, SourceLost, SourceRestored, StreamStopped


def listening(model: CaptionStatusModel) -> CaptionStatus:
    model.press_start()
    model.starting("Microphone")
    status = model.engine_ready(EngineReady("vosk", "small-en", 0.4))
    assert status is not None
    return status


def test_idle_says_how_to_begin() -> None:
    status = CaptionStatusModel().status
    assert status.state == CaptionState.IDLE and not status.running
    assert status.sentence == "Not captioning. Press Start captions to begin."
    assert status.engine_line == "Engine: not started"
    assert status.source_line is None
    assert status.level_line == "Level: off"


def test_start_to_listening() -> None:
    model = CaptionStatusModel()
    pressed = model.press_start()
    assert pressed.state == CaptionState.STARTING and pressed.running
    assert pressed.sentence == "Starting… loading the speech engine."
    starting = model.starting("Microphone")
    assert starting.sentence == "Starting… loading the speech engine for Microphone."
    assert starting.engine_line == "Engine: loading…"
    assert starting.source_line == "Source: Microphone"
    assert starting.level_line == "Level: waiting"
    assert not starting.shows_level
    ready = model.engine_ready(EngineReady("vosk", "small-en", 0.4))
    assert ready is not None and ready.state == CaptionState.LISTENING
    assert ready.sentence == "Listening (engine: vosk)."
    assert ready.engine_line == "Engine: vosk small-en, listening"
    assert ready.level_line is None and ready.shows_level
    assert model.awaiting_speech


def test_engine_description_is_composed_into_the_engine_line() -> None:
    model = CaptionStatusModel()
    model.press_start()
    model.starting("Microphone")
    described = model.engine_ready(
        EngineReady("vosk", "small-en — auto: fastest model within the latency target", 0.4)
    )
    assert described is not None
    assert described.engine_line == (
        "Engine: vosk small-en (auto: fastest model within the latency target), listening"
    )
    assert described.state == CaptionState.LISTENING
    lost = model.source_lost(SourceLost("Microphone", "unplugged"))
    assert lost is not None and lost.engine_description.startswith("auto")


def test_engine_ready_when_not_running_is_ignored() -> None:
    model = CaptionStatusModel()
    assert model.engine_ready(EngineReady("vosk", "m", 0.1)) is None
    assert model.status.state == CaptionState.IDLE


def test_no_speech_then_speech_heard() -> None:
    model = CaptionStatusModel()
    listening(model)
    assert model.level(LevelChanged(0.1, -55.0, False, 0.5)) is None
    quiet = model.no_speech()
    assert quiet is not None and quiet.state == CaptionState.NO_SPEECH
    assert quiet.sentence.startswith("No speech heard yet") and quiet.alert == Alert.POLITE
    heard = model.level(LevelChanged(0.5, -30.0, True, 12.0))
    assert heard is not None and heard.state == CaptionState.LISTENING
    assert heard.sentence == "Listening: speech heard."
    assert not model.awaiting_speech
    assert model.no_speech() is None  # a voice was heard: never "no speech" again this run


def test_levels_before_the_engine_is_ready_do_not_count_as_speech() -> None:
    model = CaptionStatusModel()
    model.press_start()
    assert model.level(LevelChanged(0.5, -30.0, True, 0.1)) is None
    model.engine_ready(EngineReady("whisper", "tiny.en", 1.0))
    assert model.awaiting_speech


def test_source_lost_and_restored() -> None:
    model = CaptionStatusModel()
    listening(model)
    lost = model.source_lost(SourceLost("Microphone", "the device was unplugged"))
    assert lost is not None and lost.state == CaptionState.SOURCE_LOST and lost.running
    assert lost.sentence.startswith("Microphone lost — retrying")
    assert lost.source_line == "Source: Microphone lost, retrying"
    assert lost.level_line == "Level: no sound"
    assert "unplugged" in lost.message and lost.message_ms == 0
    assert lost.alert == Alert.POLITE
    assert not model.awaiting_speech
    back = model.source_restored(SourceRestored("Microphone"))
    assert back is not None and back.state == CaptionState.LISTENING
    assert back.sentence == "Listening: Microphone is back."
    assert back.message == "Microphone is back." and back.message_ms > 0
    assert back.source_line == "Source: Microphone"
    assert model.source_restored(SourceRestored("Microphone")) is None  # not lost any more


def test_source_lost_while_starting_is_ignored() -> None:
    model = CaptionStatusModel()
    model.press_start()
    assert model.source_lost(SourceLost("Microphone", "gone")) is None


def test_failure_stops_and_is_said_at_once() -> None:
    model = CaptionStatusModel()
    listening(model)
    failed = model.failed("No audio input device was found. Plug in a microphone.")
    assert failed.state == CaptionState.FAILED and not failed.running
    assert failed.sentence == (
        "Captions stopped: No audio input device was found. Plug in a microphone."
    )
    assert failed.alert == Alert.ASSERTIVE
    assert failed.message.startswith("No audio input")
    assert failed.engine_line == "Engine: stopped by an error"
    assert failed.level_line == "Level: off"


def test_stops_by_the_person_and_by_the_stream() -> None:
    model = CaptionStatusModel()
    listening(model)
    stopped = model.press_stop()
    assert stopped.state == CaptionState.STOPPED and not stopped.running
    assert stopped.sentence == "Stopped. Press Start captions to begin again."
    assert stopped.engine_line == "Engine: stopped"
    assert model.stopped(StreamStopped()) is None  # the stream confirming the stop
    listening(model)
    ended = model.stopped(StreamStopped("end of audio"))
    assert ended is not None and ended.sentence == "Stopped: the audio ended."


def test_a_stale_stop_just_after_start_is_ignored() -> None:
    model = CaptionStatusModel()
    model.press_start()
    assert model.stopped(StreamStopped("stopped")) is None
    assert model.status.state == CaptionState.STARTING


def test_a_whisper_models_reason_is_short_on_the_status_line_and_whole_in_the_sentence() -> None:
    """The status line has room for a clause; the captions' own line says all of it."""
    model = CaptionStatusModel()
    model.press_start()
    model.starting("System audio")
    why = (
        "auto: whisper base is too slow here (a pass takes 0.19 s, limit 0.12 s), "
        "so the faster tiny.en keeps captions on time"
    )
    ready = model.engine_ready(EngineReady("whisper", f"tiny.en — {why}", 0.4))
    assert ready is not None
    assert ready.engine_line == (
        "Engine: whisper tiny.en (auto: whisper base is too slow here), listening"
    )
    assert ready.sentence == f"Listening with whisper tiny.en — {why}."
    assert ready.engine_description == why
    again = model.engine_ready(EngineReady("vosk", "small-en", 0.4))  # no reason: none kept
    assert again is not None and again.engine_line == "Engine: vosk small-en, listening"
    base = model.engine_ready(EngineReady("whisper", "whisper-base — auto: it fits", 0.4))
    assert base is not None  # not "whisper whisper-base"
    assert base.engine_line == "Engine: whisper base (auto: it fits), listening"
    assert base.sentence == "Listening with whisper base — auto: it fits."
