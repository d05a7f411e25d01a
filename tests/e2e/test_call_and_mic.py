"""End to end (#14): the call and my microphone captioned together, each phrase once.

A private PulseAudio with two null sinks: speech played into ``companion_test``
is the call (its monitor is the system output) and speech played into a
second sink, whose monitor is made the default input, is the microphone.
``companion captions --source system+mic`` must caption each phrase once and
say which side carried it.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.e2e.test_captions_cli import _lines, _wait_for
from tests.pulse import PrivatePulse
from tests.speech_audio import make_speech_wav

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MIC_SINK = "companion_mic"
FROM_THE_CALL = "The budget for the new clinic was agreed on Tuesday."
FROM_ME = "Thank you. Let us hear from someone who has not spoken yet."


@pytest.fixture
def pulse() -> Iterator[PrivatePulse]:
    with PrivatePulse() as server:
        server.pactl("load-module", "module-null-sink", f"sink_name={MIC_SINK}")
        server.pactl("set-default-source", f"{MIC_SINK}.monitor")
        yield server


def _play_into(pulse: PrivatePulse, sink: str, text: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["paplay", f"--device={sink}", str(make_speech_wav(text))],
        env=pulse.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )


def test_call_and_microphone_come_out_once_each_and_attributed(pulse: PrivatePulse) -> None:
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "companion.cli", "captions", "--source", "system+mic"),
            *("--engine", "whisper", "--format", "jsonl", "--duration", "150"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=pulse.env,
    )
    try:
        errors = _lines(process.stderr)
        _wait_for(errors, lambda line: "Listening" in line, timeout=60)
        out = _lines(process.stdout)
        _play_into(pulse, pulse.sink, FROM_THE_CALL).wait(timeout=30)
        seen = _wait_for(out, lambda line: "tuesday" in line.lower() and '"final"' in line, 60)
        _play_into(pulse, MIC_SINK, FROM_ME).wait(timeout=30)
        seen += _wait_for(out, lambda line: "yet" in line.lower() and '"final"' in line, 60)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    finals = [e for e in map(json.loads, seen) if e["kind"] == "final"]
    call = " ".join(e["text"] for e in finals if e.get("speaker") == "the call").lower()
    mine = " ".join(e["text"] for e in finals if e.get("speaker") == "you").lower()
    # Words whisper hears reliably here (it sometimes mishears "let us hear" or "spoken").
    assert "clinic" in call and "tuesday" in call
    assert "someone" in mine and "yet" in mine
    everything = " ".join(e["text"] for e in finals).lower()
    assert everything.count("clinic") == 1 and everything.count("someone") == 1
