"""End to end: speech played into the system output is captioned on the command line.

A private PulseAudio with a null sink stands in for the desktop's sound: paplay
plays espeak-ng speech into it, exactly as a call's audio would be, and
``companion captions --source system`` records its monitor.
"""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from tests.pulse import PrivatePulse
from tests.speech_audio import make_speech_wav

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SPOKEN = "Welcome to the breakout group. Let us hear from everyone who has not spoken yet."


def _lines(stream: object) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], predicate: object, timeout: float) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if predicate(line):  # type: ignore[operator]
            return seen
    raise AssertionError(f"timed out; saw {seen!r}")


def _drain(lines: queue.Queue[str]) -> Iterator[str]:
    """Every line until the stream has been quiet for a second (it has ended)."""
    while True:
        try:
            yield lines.get(timeout=1.0)
        except queue.Empty:
            return


@pytest.fixture
def pulse() -> Iterator[PrivatePulse]:
    with PrivatePulse() as server:
        yield server


def _ignore_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell does for a background job


@pytest.mark.parametrize("started", ["from a terminal", "as a background job"])
def test_captions_of_the_system_output(pulse: PrivatePulse, started: str) -> None:
    wav = make_speech_wav(SPOKEN)
    process = subprocess.Popen(
        [
            sys.executable,
            "-X",
            "faulthandler",  # a hang below dumps every thread's stack on SIGABRT
            "-m",
            "companion.cli",
            "captions",
            "--source",
            "system",
            "--engine",
            "whisper",
            "--format",
            "jsonl",
            "--duration",
            "120",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=pulse.env,
        preexec_fn=_ignore_ctrl_c if started == "as a background job" else None,
    )
    try:
        errors = _lines(process.stderr)
        _wait_for(errors, lambda line: "Listening" in line, timeout=60)
        player = pulse.play(wav)
        out = _lines(process.stdout)
        events = [
            json.loads(line)
            for line in _wait_for(
                out, lambda line: "everyone" in line.lower() and '"final"' in line, timeout=60
            )
        ]
        player.wait(timeout=30)
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            process.wait(timeout=10)
            said = "".join(_drain(errors))
            pytest.fail(f"companion captions did not quit within 30 s of Ctrl+C; stderr: {said}")
        assert code == 0
    finally:
        if process.poll() is None:
            process.kill()
    text = " ".join(e["text"] for e in events if e["kind"] == "final").lower()
    assert "breakout" in text and "everyone" in text
    assert events[0]["kind"] == "partial"
    # Live: emitted is wall time since the first frame; a final never trails its
    # words by more than a few seconds on this machine.
    assert all(e["emitted"] - e["end"] < 5.0 for e in events)


def test_system_audio_with_no_sound_server_is_a_clear_sentence(pulse: PrivatePulse) -> None:
    pulse.stop()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "companion.cli",
            "captions",
            "--source",
            "system",
            "--engine",
            "whisper",
            "--duration",
            "5",
        ],
        capture_output=True,
        text=True,
        env=pulse.env,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith(".")
