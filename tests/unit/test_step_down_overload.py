"""Whisper base under a real overload steps down to tiny.en; on a quiet machine it does not (#10).

Speech made with espeak-ng (eight sentences, 1.2 s pauses, about 44 s) is
captioned by whisper base exactly as ``companion transcribe FILE --realtime``
does (a WAV paced in real time, counted as live so the backlog is watched),
with the app's own limits (``keeping_up.Limits()``), not lowered ones.

Overload: programs that only spin (seven per core, started and always killed
by ``cpu_hogs``) take the processor. Measured by hand on this project's
2-core machine (docs/benchmarks.md, "Stepping down under a real overload"):
two spinners leave base keeping up (0.47 of real time), six make it lag 3-5 s
yet stay under the limits for most of 44 s, ten made it step down when others'
benchmarks ran too but not on their own, fourteen make it step down at the
first pause after 15 s behind while tiny.en then about keeps pace; with
twenty tiny.en falls behind too.

Catching up (#10): under that overload base falls more than 10 s behind
before the step down is due, and tiny.en, near real time there, used to
inherit a 13 s backlog and stay 19-23 s late to the end. Now the stream
skips what waits past the bound (``catching_up``): a ``CaptionGap`` is
reported, what was heard before it is final, nothing after it reaches back
into it, and captions after it come within a few seconds of live.

Loading ahead (#10): under that overload tiny.en is loaded on a thread of its
own while base is behind, so the step down takes it at once (loading it at
the switch took 3.1-7.2 s there).

Quiet: without spinners base decodes at about 0.3 of real time here and must
keep running (with one spinner a core it still kept up, at 0.47). That half
is skipped when more than two programs a core already want the processor, as
nothing can be promised about base then (three a core took it to the limit).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import time
import wave
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import numpy as np
import pytest

from bench.step_down_bench import (  # the same speech and overload the bench measures
    PAUSE,
    SENTENCES,
    start_spinning,
    stop_spinning,
)
from companion.audio.source import SAMPLE_RATE
from companion.audio.wavfile import WavSource, read_wav
from companion.captions_status import CaptionStatusModel
from companion.cli.commands import CaptionPrinter
from companion.events import (
    Caption,
    CaptionGap,
    EngineReady,
    Event,
    ModelSteppedDown,
    StepDownFailed,
    StreamFailed,
    StreamStopped,
)
from companion.speech.catching_up import BEHIND, ON_OFFER
from companion.speech.factory import engine_factory
from companion.speech.keeping_up import Limits
from companion.speech.models import whisper_base_ready
from companion.speech.stream import PAUSE_WAIT, CaptionStream
from tests.speech_audio import make_speech_wav

pytestmark = pytest.mark.slow

HOGS_PER_CORE = 7  # spinners per core: base falls clearly behind, tiny.en about keeps pace
TINY_HOGS_PER_CORE = 12  # ...and tiny.en falls behind too: 7 a core took it to 0.8-0.97
# of real time and 4.4-7.2 s behind; 20 a core drowned it (a final 7 s late even
# straight after a gap, with others' load at 40)
SWITCHED = "Captions switched to tiny.en: whisper base could not keep up on this computer."
Span = tuple[float, float]


@pytest.fixture
def cpu_hogs() -> Iterator[int]:
    """Spinning programs on every core, each running before the test starts; all killed."""
    with _spinning(HOGS_PER_CORE * (os.cpu_count() or 1)) as count:
        yield count


@pytest.fixture
def heavy_cpu_hogs() -> Iterator[int]:
    """So many spinning programs that tiny.en, alone, falls behind too (#10)."""
    with _spinning(TINY_HOGS_PER_CORE * (os.cpu_count() or 1)) as count:
        yield count


@contextlib.contextmanager
def _spinning(count: int) -> Iterator[int]:
    hogs = start_spinning(count)
    try:
        yield count
    finally:
        stop_spinning(hogs)


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Span]]:
    """The sentences in one WAV, and each one's span in audio seconds."""
    quiet = np.zeros(int(PAUSE * SAMPLE_RATE), dtype=np.int16)
    parts = [quiet[: SAMPLE_RATE // 2]]
    spans: list[Span] = []
    for text in SENTENCES:
        said = read_wav(make_speech_wav(text))
        begins = sum(len(p) for p in parts) / SAMPLE_RATE
        parts += [said, quiet]
        spans.append((begins, begins + len(said) / SAMPLE_RATE))
    path = tmp_path_factory.mktemp("overload") / "speech.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(np.concatenate(parts).tobytes())
    return path, spans


def _caption_in_real_time(
    path: Path, model: str = "whisper-base", kept: list[CaptionStream] | None = None
) -> tuple[list[Event], CaptionStatusModel, str, str]:
    """What ``companion transcribe FILE --realtime --model whisper-base`` does, with the
    app's status model and the command line's printer both reading the events."""
    if model == "whisper-base" and whisper_base_ready() is None:
        pytest.skip("whisper base is not installed (the README's set-up command installs it)")
    source = WavSource(path, realtime=True)
    stream = CaptionStream(source, engine_factory("whisper", model), realtime=True)
    if kept is not None:
        kept.append(stream)
    events: list[Event] = []
    status = CaptionStatusModel()
    status.press_start()
    status.starting(source.name)
    out, err = StringIO(), StringIO()
    printer = CaptionPrinter("text", out=out, err=err)

    def seen(event: Event) -> None:
        events.append(event)
        printer(event)
        if isinstance(event, EngineReady):
            status.engine_ready(event)
        elif isinstance(event, ModelSteppedDown):
            status.stepped_down(event)

    stream.events.connect(seen)
    stream.run()
    failed = [e.message for e in events if isinstance(e, StreamFailed)]
    assert not failed, failed
    return events, status, err.getvalue(), out.getvalue()


def _finals(events: list[Event]) -> list[Caption]:
    return [e for e in events if isinstance(e, Caption) and e.kind == "final"]


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s']", " ", text.casefold()).split()


def _gaps(events: list[Event]) -> list[CaptionGap]:
    return [e for e in events if isinstance(e, CaptionGap)]


def _in_a_gap(span: Span, gaps: list[CaptionGap]) -> bool:
    return any(span[1] > gap.start and span[0] < gap.end for gap in gaps)


def _each_sentence_once(
    finals: list[Caption], spans: list[Span], gaps: list[CaptionGap] | None = None
) -> None:
    """No final repeats audio another covered, and every sentence has its words, once
    (but for a sentence that a gap cut into: only its words before the gap were heard)."""
    for before, after in itertools.pairwise(finals):
        assert after.start >= before.end - 0.05, (before, after)  # nothing said twice
    for text, (begins, ends) in zip(SENTENCES, spans, strict=True):
        if _in_a_gap((begins, ends), gaps or []):
            continue
        heard = [c for c in finals if c.end > begins and c.start < ends]
        said = _words(" ".join(c.text for c in heard))
        # espeak-ng's voice is misheard a little ("heard" -> "earned"), never dropped or doubled
        assert abs(len(said) - len(_words(text))) <= 2, (text, said)


def test_under_a_real_overload_base_steps_down_to_tiny_and_captions_carry_on(
    cpu_hogs: int, speech: tuple[Path, list[Span]]
) -> None:
    path, spans = speech
    events, status, err, out = _caption_in_real_time(path)

    switched = [e for e in events if isinstance(e, ModelSteppedDown)]
    assert len(switched) == 1, f"no step down with {cpu_hogs} spinning programs"
    event = switched[0]
    # The promise of the limits: behind for SUSTAINED seconds of audio in a row, counted
    # at the latest once the share's window is full, then at most PAUSE_WAIT to a pause.
    # Or sooner, at a skip (#10): more than ON_OFFER seconds waiting is proof enough.
    limits = Limits()
    assert event.time <= limits.window + limits.sustained + PAUSE_WAIT
    # tiny.en was loaded ahead, off the caption worker, while base was behind: the switch
    # no longer waits for the load (#10; measured 3.1-7.2 s under this overload before,
    # 0.00 s in all eleven runs since: docs/benchmarks.md, "Loading tiny.en ahead").
    assert "; tiny.en loaded ahead from " in event.measured, event.measured
    assert event.load_seconds <= 1.0, event
    gaps = _gaps(events)
    if event.measured.startswith("skipped to the live edge: "):
        assert event.time in [g.start for g in gaps]
    else:
        assert limits.sustained <= event.time, event
        assert event.measured.startswith("behind for "), event.measured
    # Captions keep coming after it, from tiny.en, for every sentence begun after it
    # (but those a gap left out: see below).
    after = [c for c in _finals(events) if c.start >= event.time]
    later = [span for span in spans if span[0] >= event.time and not _in_a_gap(span, gaps)]
    seen = [(type(e).__name__, getattr(e, "start", getattr(e, "time", 0.0))) for e in events]
    assert after, f"no captions after the step down: {event}, {gaps}, {seen}"
    for begins, ends in later:
        assert any(c.end > begins and c.start < ends for c in after), (begins, after)
    stopped = next(e for e in events if isinstance(e, StreamStopped))
    assert stopped.reason == "end of audio"
    _each_sentence_once(_finals(events), spans, gaps)
    _caught_up(events, gaps, out)  # whether tiny.en had to skip depends on the load
    # What a person reads: what happened and why, in the app and on the command line.
    assert status.status.sentence == SWITCHED
    assert status.status.engine_line == (
        "Engine: whisper tiny.en (whisper base could not keep up on this computer), listening"
    )
    assert SWITCHED in err.splitlines()


def _caught_up(events: list[Event], gaps: list[CaptionGap], out: str) -> None:
    """The captions never lagged far, and came back near live after each gap (#10)."""
    finals = _finals(events)
    heard = next(e for e in events if isinstance(e, StreamStopped)).extra["audio_seconds"]
    # All the audio waiting past the bound, unless the recording ended first.
    assert all(g.cause == "behind" and (g.seconds > BEHIND or g.end == heard) for g in gaps)
    for gap in gaps:
        assert all(c.end <= gap.start or c.start >= gap.end for c in finals), gap
        after = [c for c in finals if c.start >= gap.end]
        if after:  # near live again: the policy's wait and a decode, within the bound
            assert after[0].emitted - after[0].end <= BEHIND, (gap, after[0])
    # Never later than the bound with a step down on offer, its wait and one decode.
    assert max(c.emitted - c.end for c in finals) <= ON_OFFER + 5.0
    # The command line said it in the caption flow, as often as it happened.
    assert out.count("not captioned: this computer fell behind.") == len(gaps)


def test_under_a_heavier_overload_tiny_skips_to_live_and_says_so(
    heavy_cpu_hogs: int, speech: tuple[Path, list[Span]]
) -> None:
    """tiny.en alone has nothing to step down to: before #10 its lag just grew.

    Whether this machine falls the bound behind under the spinners depends on how
    the kernel shares it (CI once kept tiny.en within the bound under 24), so the
    test holds what must be true either way: captions later than the bound only
    ever come with a gap that says so, and after each gap they are near live."""
    path, spans = speech
    events, _status, _err, out = _caption_in_real_time(path, "tiny.en")
    gaps = _gaps(events)
    if not gaps:  # it kept up: then never later than the bound, the policy's wait and a decode
        late = max(c.emitted - c.end for c in _finals(events))
        assert late <= BEHIND + 5.0, f"{late:.1f} s late with no gap ({heavy_cpu_hogs} spinners)"
    assert not [e for e in events if isinstance(e, ModelSteppedDown)]
    _each_sentence_once(_finals(events), spans, gaps)
    _caught_up(events, gaps, out)
    stopped = next(e for e in events if isinstance(e, StreamStopped))
    assert stopped.reason == "end of audio" and stopped.extra["audio_seconds"] > 43


def _other_programs_running(seconds: float = 1.0) -> float:
    """How many other programs want the processor at once, on average over ``seconds``
    (the kernel's count of runnable tasks in /proc/stat, less this one)."""
    counts: list[int] = []
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        with open("/proc/stat", encoding="ascii") as stat:
            line = next(x for x in stat if x.startswith("procs_running"))
        counts.append(int(line.split()[1]) - 1)
        time.sleep(0.05)  # the sampling interval, not a wait for something to happen
    return sum(counts) / len(counts)


def test_on_a_quiet_machine_base_keeps_up_and_is_not_stepped_down(
    speech: tuple[Path, list[Span]],
) -> None:
    if not Path("/proc/stat").is_file():
        pytest.skip("needs /proc/stat to know whether the machine is quiet")
    others = _other_programs_running()
    # Measured: one spinner a core left base at 0.47 of real time, three took it to 0.8.
    if others > 2 * (os.cpu_count() or 1):
        pytest.skip(f"{others:.1f} other programs want the processor: base cannot be promised")
    path, spans = speech
    kept: list[CaptionStream] = []
    events, status, err, out = _caption_in_real_time(path, kept=kept)

    assert not [e for e in events if isinstance(e, ModelSteppedDown)]
    # ...nor was tiny.en loaded ahead: a computer that keeps up holds one model (#10).
    preload = kept[0].preload
    assert preload is not None and preload.loads == 0
    assert not _gaps(events) and "not captioned" not in out  # a quiet machine keeps up
    stopped = next(e for e in events if isinstance(e, StreamStopped))
    # Decoding kept well inside the share the watcher allows, over the whole run.
    assert stopped.extra["real_time_factor"] < Limits().share, stopped.extra
    _each_sentence_once(_finals(events), spans)
    assert status.status.engine.endswith("base") and "switched" not in err
    assert not [e for e in events if isinstance(e, StepDownFailed)]
