"""``--share CAPTION-URL`` on the command line (#17), against a real 127.0.0.1 server."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.cli.commands import main
from companion.cli.share import sharing
from companion.events import Caption, Event, StreamStopped
from companion.signal import Signal
from tests.caption_server import CaptionServer
from tests.speech_audio import make_speech_wav

ROOT = Path(__file__).resolve().parents[2]
SPEECH = "Good morning everyone. Let us begin with a round of names, and then the first question."


@pytest.fixture
def server() -> Iterator[CaptionServer]:
    served = CaptionServer()
    yield served
    served.stop()


@pytest.mark.parametrize("command", ["transcribe", "captions"])
@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/closedcaption?id=1",
        "http://wmcapi.zoom.us/closedcaption?id=1",
        "https://api.captions.office.microsoft.com/cartcaption?meetingid=1",
    ],
)
def test_a_bad_caption_url_is_a_sentence_and_a_non_zero_exit(
    command: str, url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wav = tmp_path / "silence.wav"
    wav.write_bytes(b"")  # never read: the URL is refused first
    arguments = [str(wav)] if command == "transcribe" else ["--source", "no-such-device"]
    code = main([command, *arguments, "--share", url])
    err = capsys.readouterr().err
    assert code != 0
    assert "Zoom" in err or "Teams" in err
    assert "Traceback" not in err


def test_sharing_posts_the_finals_of_a_stream_and_says_so(server: CaptionServer) -> None:
    events: Signal[Event] = Signal()
    err = io.StringIO()
    with sharing(server.url(), events, err):
        events.emit(Caption("partial", "good mor", 0.0, 0.4))
        events.emit(Caption("final", "Good morning everyone.", 0.0, 1.0))
        events.emit(StreamStopped())
    said = err.getvalue()
    assert [r.body for r in server.accepted] == ["Good morning everyone."]
    assert "Sharing final captions with the Zoom call" in said
    assert "1 caption lines sent" in said
    assert "SECRETSIG" not in said


def test_the_call_failing_and_coming_back_is_said_once_each(server: CaptionServer) -> None:
    server.fail_next(503, times=3)
    events: Signal[Event] = Signal()
    err = io.StringIO()
    with sharing(server.url(), events, err):
        events.emit(Caption("final", "Hello.", 0.0, 1.0))
        server.wait_accepted(1)
    lines = err.getvalue().splitlines()
    assert sum("answered 503" in line for line in lines) == 1
    assert sum("accepts captions again" in line for line in lines) == 1


@pytest.mark.slow
@pytest.mark.parametrize("command", ["transcribe", "captions"])
def test_the_command_line_shares_its_finals_with_the_call(
    server: CaptionServer, command: str
) -> None:
    wav = make_speech_wav(SPEECH)
    if command == "transcribe":
        arguments = ["transcribe", str(wav), "--realtime"]
    else:  # live captioning, with the WAV file as its source
        arguments = ["captions", "--source", str(wav)]
    arguments += ["--engine", "whisper", "--share", server.url()]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "companion.cli", *arguments],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    accepted = server.accepted
    assert accepted, result.stderr
    assert [r.query["seq"] for r in accepted] == [str(n) for n in range(1, len(accepted) + 1)]
    sent = " ".join(r.body.replace("\n", " ") for r in accepted)
    assert sent.split() == result.stdout.split()  # exactly the finals shown, nothing else
    assert "morning" in sent.lower()
    lines = [line for r in accepted for line in r.body.split("\n")]
    assert all(len(line) <= 42 for line in lines)
    bodies = [r.body for r in accepted]
    # Short finals are joined into lines; on a busy machine one late word may go alone.
    assert sum(len(b.split()) <= 2 for b in bodies) <= 1, "\n".join(bodies)
    assert "Sharing final captions with the Zoom call" in result.stderr
    assert "SECRETSIG" not in result.stderr + result.stdout
