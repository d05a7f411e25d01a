"""Live captions that fall behind skip to the live edge, and the gap is visible (#10).

Audio arrives in real time on a fake clock (``PacedSource``), whether or not
the engine keeps up; each block an engine decodes costs it clock time.
"""

from __future__ import annotations

import io
import json
from typing import Literal

import numpy as np
import pytest

from companion.audio.source import Frames
from companion.cli.commands import CaptionPrinter
from companion.clock import ManualClock
from companion.events import Caption, CaptionGap, Event, ModelSteppedDown, StreamStopped
from companion.speech.catching_up import BEHIND, ON_OFFER, LiveEdge
from companion.speech.keeping_up import Limits
from companion.speech.stream import CaptionStream
from tests.fakes import PacedSource, PhraseEngine, ScriptedSource, SlowThenFast, silence
from tests.fakes import spoken_word as word

BLOCK = 0.1


def _speech(phrases: int, voice: float = 2.0, quiet: float = 1.0) -> list[Frames]:
    """``phrases`` phrases of ``voice`` seconds of words, each followed by ``quiet``."""
    one = [word()] * round(voice / BLOCK) + [silence(BLOCK)] * round(quiet / BLOCK)
    return one * phrases


def _run(stream: CaptionStream) -> list[Event]:
    events: list[Event] = []
    stream.events.connect(events.append)
    stream.run()
    return events


def _finals(events: list[Event]) -> list[Caption]:
    return [e for e in events if isinstance(e, Caption) and e.kind == "final"]


def _gaps(events: list[Event]) -> list[CaptionGap]:
    return [e for e in events if isinstance(e, CaptionGap)]


def _loud_starts(script: list[Frames]) -> list[float]:
    return [round(i * BLOCK, 2) for i, b in enumerate(script) if np.abs(b).max() > 1000]


def test_captions_that_fall_behind_skip_to_the_live_edge_and_say_so() -> None:
    clock = ManualClock()
    engine = PhraseEngine(clock, cost=0.2, model_name="tiny.en")  # twice real time
    script = _speech(10)  # 30 s
    stream = CaptionStream(PacedSource(script, clock), lambda: engine, clock=clock)
    events = _run(stream)

    gaps = _gaps(events)
    assert gaps, "no gap although decoding took twice real time"
    assert all(g.cause == "behind" and g.source == "Paced audio" for g in gaps)
    # Each skip leaves out what was waiting, more than the bound, up to the live edge.
    assert all(g.seconds > BEHIND for g in gaps)
    # Never later than the bound and a block's decoding: each final is shown in time.
    for final in _finals(events):
        assert final.emitted - final.end <= BEHIND + 0.5, final
    # Audio time counts the skipped audio: the stream's time is still the speaker's.
    assert stream.samples_fed == sum(len(b) for b in script)
    stopped = next(e for e in events if isinstance(e, StreamStopped))
    assert stopped.extra["audio_seconds"] == 30.0


def test_a_skip_never_cuts_a_final_already_shown_nor_glues_a_phrase_across_it() -> None:
    clock = ManualClock()
    engine = PhraseEngine(clock, cost=0.2, model_name="tiny.en")
    script = _speech(10)
    events = _run(CaptionStream(PacedSource(script, clock), lambda: engine, clock=clock))

    for index, gap in enumerate(events):
        if not isinstance(gap, CaptionGap):
            continue
        before = [e for e in events[:index] if isinstance(e, Caption) and e.kind == "final"]
        after = [e for e in events[index:] if isinstance(e, Caption)]
        # What was heard became final before the gap, and ends where the gap begins.
        assert before and before[-1].end <= gap.start
        assert isinstance(events[index - 1], Caption) and events[index - 1].kind == "final"
        # Nothing after it reaches back into the hole: a phrase ends at the gap.
        assert all(c.start >= gap.end for c in after if c.kind == "final")
    # Every word captioned was said, at its own time, once; none from inside a gap.
    said = [round(w.start, 2) for c in _finals(events) for w in c.words]
    assert len(said) == len(set(said)) and set(said) <= set(_loud_starts(script))
    for gap in _gaps(events):
        assert not [t for t in said if gap.start <= t < gap.end]


def test_a_machine_that_keeps_up_never_skips() -> None:
    clock = ManualClock()
    engine = PhraseEngine(clock, cost=0.03, model_name="tiny.en")  # 0.3 of real time
    script = _speech(20)
    events = _run(CaptionStream(PacedSource(script, clock), lambda: engine, clock=clock))
    assert not _gaps(events)
    said = [round(w.start, 2) for c in _finals(events) for w in c.words]
    assert said == _loud_starts(script)


def test_a_stall_shorter_than_the_bound_is_waited_out_not_skipped() -> None:
    clock = ManualClock()
    engine = PhraseEngine(clock, cost=0.02, model_name="tiny.en")
    script = _speech(6)
    source = PacedSource(script, clock)
    stream = CaptionStream(source, lambda: engine, clock=clock)
    stalled = False

    def stall(event: Event) -> None:  # one final takes 4 s to decode, once
        nonlocal stalled
        if isinstance(event, Caption) and event.kind == "final" and not stalled:
            stalled = True
            clock.advance(BEHIND - 2.0)

    stream.events.connect(stall)
    events = _run(stream)
    assert stalled and not _gaps(events)
    assert [round(w.start, 2) for c in _finals(events) for w in c.words] == _loud_starts(script)


def test_a_file_decoded_without_realtime_is_never_skipped() -> None:
    clock = ManualClock()
    engine = PhraseEngine(clock, cost=0.2, model_name="tiny.en")
    script = _speech(10)
    source = ScriptedSource(script, clock, live=False)
    events = _run(CaptionStream(source, lambda: engine, clock=clock))
    assert not _gaps(events)
    said = [round(w.start, 2) for c in _finals(events) for w in c.words]
    assert said == _loud_starts(script)  # every word, however slowly


def test_the_step_down_gets_its_chance_first_then_the_faster_model_starts_live() -> None:
    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.18)  # base 1.8 times real time
    script = _speech(10)
    stream = CaptionStream(
        PacedSource(script, clock), factory, clock=clock, keeping_up=Limits(sustained=5.0)
    )
    events = _run(stream)

    kinds = [type(e) for e in events if isinstance(e, (ModelSteppedDown, CaptionGap))]
    assert kinds[0] is ModelSteppedDown, kinds  # no words lost before it had its chance
    switched = next(e for e in events if isinstance(e, ModelSteppedDown))
    gaps = _gaps(events)
    # tiny.en does not inherit base's backlog: it is skipped, once, at the switch.
    assert len(gaps) == 1 and gaps[0].start >= switched.time
    assert ON_OFFER >= gaps[0].seconds > BEHIND
    after = [c for c in _finals(events) if c.start >= gaps[0].end]
    assert after and all(c.emitted - c.end < 1.0 for c in after)  # live again


def test_audio_the_device_dropped_is_the_same_visible_gap() -> None:
    clock = ManualClock()
    engine = PhraseEngine(clock, cost=0.2, model_name="tiny.en")
    script = _speech(6)
    source = PacedSource(script, clock, max_queue=20)  # the device keeps 2 s
    events = _run(CaptionStream(source, lambda: engine, clock=clock))
    gaps = _gaps(events)
    assert gaps and gaps[0].cause == "dropped"
    dropped = sum(g.seconds for g in gaps)
    said = [round(w.start, 2) for c in _finals(events) for w in c.words]
    # What was captioned and what the gaps say is missing make up the whole speech.
    assert 18.0 - dropped <= len(_finals(events)) * 2.0 + 2.0
    assert all(not (g.start <= t < g.end) for g in gaps for t in said)


def test_the_gap_says_how_much_is_missing_and_why_in_words() -> None:
    gap = CaptionGap(3.0, 15.2, "behind")
    assert gap.seconds == 12.2
    assert gap.sentence == ("12 s not captioned: this computer fell behind.")
    assert CaptionGap(1.0, 1.3, "dropped").missing == "about 1 s"


def test_the_live_edge_follows_the_reader_and_forgets_a_drifting_clock() -> None:
    clock = ManualClock()
    edge = LiveEdge(clock=clock)
    assert edge.read(0.1, waited=0.1) == 0.0
    clock.advance(5.0)  # five seconds pass while one block is decoded
    assert round(edge.read(0.2, waited=0.0), 6) == 4.9
    assert edge.skip_due(7.0, step_down_on_offer=False)
    assert not edge.skip_due(7.0, step_down_on_offer=True)
    # A read that had to wait was at the live edge: nothing is behind, whatever the clocks say.
    clock.advance(10.0)
    assert edge.read(0.3, waited=0.05) == 0.0
    assert round(edge.most, 6) == 4.9


def _printed(fmt: Literal["text", "jsonl", "vtt", "srt"]) -> tuple[str, str]:
    """What ``companion captions --format FMT`` writes when captions fall behind."""
    out, err = io.StringIO(), io.StringIO()
    printer = CaptionPrinter(fmt, out=out, err=err)
    clock = ManualClock()
    engine = PhraseEngine(clock, cost=0.2, model_name="tiny.en")
    stream = CaptionStream(PacedSource(_speech(6), clock), lambda: engine, clock=clock)
    stream.events.connect(printer)
    stream.run()
    printer.close()
    return out.getvalue(), err.getvalue()


def test_the_command_line_shows_the_gap_in_every_format() -> None:
    text, _ = _printed("text")
    marks = [line for line in text.splitlines() if "not captioned" in line]
    assert marks and all(
        line.startswith("… ") and line.endswith("this computer fell behind.") for line in marks
    )
    lines = text.splitlines()
    assert lines.index(marks[0]) > 0 and lines[-1] != marks[-1]  # words before and after

    jsonl, _ = _printed("jsonl")
    records = [json.loads(line) for line in jsonl.splitlines()]
    gaps = [r for r in records if r["kind"] == "gap"]
    assert gaps and set(gaps[0]) == {"kind", "text", "start", "end", "seconds", "cause", "emitted"}
    assert gaps[0]["cause"] == "behind" and gaps[0]["seconds"] > BEHIND
    assert gaps[0]["text"].endswith("not captioned: this computer fell behind.")
    after = records[records.index(gaps[0]) + 1 :]
    assert all(r["start"] >= gaps[0]["end"] for r in after if r["kind"] == "final")

    for fmt in ("vtt", "srt"):
        subtitles, err = _printed(fmt)  # type: ignore[arg-type]
        assert "not captioned: this computer fell behind]" in " ".join(subtitles.split())
        assert "not captioned: this computer fell behind." in err


def test_far_behind_before_the_step_down_is_due_one_gap_and_the_faster_model_starts_live() -> None:
    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.3)  # base three times real time
    script = _speech(10)
    events = _run(CaptionStream(PacedSource(script, clock), factory, clock=clock))

    switched = [e for e in events if isinstance(e, ModelSteppedDown)]
    gaps = _gaps(events)
    # Past the bound on offer before the watch's 15 s: the skip steps down too, once.
    assert len(switched) == 1 and len(gaps) == 1
    assert switched[0].time == gaps[0].start < Limits().sustained
    assert gaps[0].seconds > ON_OFFER
    assert switched[0].measured.startswith("skipped to the live edge: ")
    assert events.index(switched[0]) < events.index(gaps[0])
    after = [c for c in _finals(events) if c.start >= gaps[0].end]
    assert after and all(c.emitted - c.end < 1.0 for c in after)
    assert factory.fast.fed > 0 and factory.slow.finished == 1


def test_the_live_bench_says_when_a_loaded_machine_skipped_audio(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from companion.bench.captions import _say_gaps

    _say_gaps("tiny.en", {"files": [{"path": "a.wav"}, {"path": "b.wav", "gaps": [[3.0, 10.5]]}]})
    assert capsys.readouterr().err == (
        "tiny.en: 8 s of audio went uncaptioned in 1 gap: this machine fell behind; "
        "run again on a quieter machine.\n"
    )
    _say_gaps("tiny.en", {"files": [{"path": "a.wav"}]})
    assert capsys.readouterr().err == ""
