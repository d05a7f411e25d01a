"""Transcripts: finals only, continuous times, and valid TXT, WebVTT and SRT files."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from companion.events import Caption
from companion.transcript import (
    FORMATS,
    MIN_CUE_SECONDS,
    RUN_GAP_SECONDS,
    Transcript,
    clock,
    format_for_path,
)

VTT_TIME = r"\d{2}:\d{2}:\d{2}\.\d{3}"
SRT_TIME = r"\d{2}:\d{2}:\d{2},\d{3}"


def final(text: str, start: float, end: float) -> Caption:
    return Caption("final", text, start, end)


@pytest.fixture
def transcript() -> Transcript:
    t = Transcript()
    t.append(final("Welcome to the session.", 1.0, 2.5))
    t.append(Caption("partial", "ignored partial", 2.6, 3.0))
    t.append(final("  Our   first question\nis about   leadership. ", 3.25, 6.0))
    t.append(final("", 7.0, 7.5))  # nothing to keep
    t.append(final("A <b> & c --> d", 3661.5, 3663.042))
    return t


def test_only_non_empty_finals_are_kept(transcript: Transcript) -> None:
    assert len(transcript) == 3
    assert not transcript.is_empty()
    assert [e.text for e in transcript.entries][1] == "Our first question is about leadership."


def test_clear_empties_and_restarts_the_clock(transcript: Transcript) -> None:
    transcript.clear()
    assert transcript.is_empty()
    transcript.append(final("again", 0.5, 1.0))
    assert transcript.entries[0].start == 0.5


def test_clock_formats() -> None:
    assert clock(0) == "00:00:00.000"
    assert clock(3661.5) == "01:01:01.500"
    assert clock(59.9996) == "00:01:00.000"
    assert clock(5.25, ",") == "00:00:05,250"
    assert clock(7322.9, millis=False) == "02:02:02"
    assert clock(-3) == "00:00:00.000"


def test_plain_text(transcript: Transcript) -> None:
    assert transcript.render("txt") == (
        "[00:00:01] Welcome to the session.\n"
        "[00:00:03] Our first question is about leadership.\n"
        "[01:01:01] A <b> & c --> d\n"
    )


def test_webvtt_is_valid(transcript: Transcript) -> None:
    text = transcript.render("vtt")
    assert text.startswith("WEBVTT\n\n")
    blocks = text.split("\n\n")[1:]
    assert len(blocks) == 3
    for block in blocks:
        timing, *lines = block.strip("\n").split("\n")
        assert re.fullmatch(rf"{VTT_TIME} --> {VTT_TIME}", timing)
        start, end = timing.split(" --> ")
        assert start < end
        assert lines and all("-->" not in line for line in lines)
    assert "00:00:01.000 --> 00:00:02.500\nWelcome to the session.\n" in text
    assert "01:01:01.500 --> 01:01:03.042\nA &lt;b&gt; &amp; c --&gt; d\n" in text


def test_srt_is_valid(transcript: Transcript) -> None:
    text = transcript.render("srt")
    blocks = text.strip("\n").split("\n\n")
    assert len(blocks) == 3
    for index, block in enumerate(blocks, start=1):
        number, timing, *lines = block.split("\n")
        assert number == str(index)
        assert re.fullmatch(rf"{SRT_TIME} --> {SRT_TIME}", timing)
        assert lines
    assert blocks[1] == (
        "2\n00:00:03,250 --> 00:00:06,000\nOur first question is about leadership."
    )


def test_long_cues_wrap_into_short_lines() -> None:
    t = Transcript()
    t.append(final("word " * 30, 0.0, 9.0))
    cue = t.render("vtt").split("\n\n")[1]
    lines = cue.split("\n")[1:]
    assert len(lines) > 1 and all(len(line) <= 42 for line in lines if line)


def test_zero_length_cue_is_stretched() -> None:
    t = Transcript()
    t.append(final("Yes.", 4.0, 4.0))
    assert f"00:00:04.000 --> {clock(4.0 + MIN_CUE_SECONDS)}" in t.render("vtt")


def test_a_new_run_continues_the_timeline() -> None:
    t = Transcript()
    t.append(final("first run", 0.0, 10.0))
    t.new_run()
    t.append(final("second run", 2.0, 4.0))  # its audio clock started again
    t.append(final("more", 5.0, 6.0))
    starts = [e.start for e in t.entries]
    assert starts == [0.0, 10.0 + RUN_GAP_SECONDS, 10.0 + RUN_GAP_SECONDS + 3.0]
    assert starts == sorted(starts)


def test_new_run_before_anything_changes_nothing() -> None:
    t = Transcript()
    t.new_run()
    t.append(final("first", 2.0, 3.0))
    assert t.entries[0].start == 2.0


@pytest.mark.parametrize("fmt", FORMATS)
def test_write_is_private_and_matches_render(
    transcript: Transcript, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / "out" / f"captions.{fmt}"
    transcript.write(path, fmt)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == transcript.render(fmt)  # type: ignore[arg-type]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob("*.tmp"))


def test_nothing_is_written_without_write(companion_home: Path) -> None:
    t = Transcript()
    t.append(final("private", 0.0, 1.0))
    assert not companion_home.exists() or not any(companion_home.rglob("*.*"))


def test_unknown_format_is_refused(transcript: Transcript) -> None:
    with pytest.raises(ValueError):
        transcript.render("docx")  # type: ignore[arg-type]


def test_format_for_path() -> None:
    assert format_for_path(Path("a.VTT")) == "vtt"
    assert format_for_path(Path("a.srt")) == "srt"
    assert format_for_path(Path("a.txt")) == "txt"
    assert format_for_path(Path("a.doc")) is None
    assert format_for_path(Path("notes")) is None


def test_a_few_words_final_at_a_time_are_saved_as_sentences() -> None:
    t = Transcript()
    pieces = [("Thank", 0.0, 0.3), ("you all", 0.3, 0.8), ("for joining.", 0.8, 1.5)]
    pieces += [("Please", 1.7, 2.0), ("say your", 2.0, 2.5), ("name", 2.5, 2.9)]
    pieces += [("after a pause", 4.5, 5.5)]  # more than a second later
    for text, start, end in pieces:
        t.append(final(text, start, end))
    assert [(c.text, c.start, c.end) for c in t.cues()] == [
        ("Thank you all for joining.", 0.0, 1.5),
        ("Please say your name", 1.7, 2.9),
        ("after a pause", 4.5, 5.5),
    ]
    assert t.render("txt").count("\n") == 3
    assert len(t.entries) == 7  # what was heard is kept as it came


def test_a_long_unbroken_stream_still_makes_short_cues() -> None:
    t = Transcript()
    for i in range(40):  # 20 s of speech with no sentence end, two words at a time
        t.append(final("and then", i * 0.5, i * 0.5 + 0.5))
    cues = t.cues()
    assert all(c.end - c.start <= 6.0 and len(c.text) <= 84 for c in cues)
    assert " ".join(c.text for c in cues) == " ".join(["and then"] * 40)


def test_a_stretched_cue_never_runs_into_the_next() -> None:
    t = Transcript()
    t.append(final("Yes.", 4.0, 4.1))
    t.append(final("Good.", 4.3, 4.6))
    text = t.render("vtt")
    assert "00:00:04.000 --> 00:00:04.300\nYes." in text
    assert f"00:00:04.300 --> {clock(4.3 + MIN_CUE_SECONDS)}\nGood." in text


def test_live_text_output_runs_on_and_breaks_at_sentences() -> None:
    import io

    from companion.cli.commands import CaptionPrinter

    out = io.StringIO()
    printer = CaptionPrinter("text", out=out, err=io.StringIO())
    for text, start in [("Thank", 0.0), ("you all.", 0.3), ("Please say", 1.0), ("your name", 1.5)]:
        printer(Caption("partial", "ignored", start, start + 0.2))
        printer(final(text, start, start + 0.4))
    printer.close()
    assert out.getvalue() == "Thank you all.\nPlease say your name\n"
