"""Speakers in saved transcripts (#14): WebVTT voice tags, "Name:" in SRT and text."""

from __future__ import annotations

from companion.events import Caption
from companion.transcript import Transcript


def said(text: str, start: float, end: float, speaker: str | None) -> Caption:
    return Caption("final", text, start, end, speaker=speaker)


def conversation() -> Transcript:
    t = Transcript()
    t.append(said("Shall we start.", 1.0, 2.0, "Aisha Rahman"))
    t.append(said("We tried it in our ward.", 2.5, 4.0, "Ben Okafor"))
    t.append(said("It worked.", 4.2, 5.0, "Ben Okafor"))
    t.append(said("Thanks.", 6.0, 6.5, None))
    return t


def test_webvtt_names_each_speaker_with_a_voice_tag() -> None:
    vtt = conversation().render("vtt")
    assert "<v Aisha Rahman>Shall we start." in vtt
    assert "<v Ben Okafor>We tried it in our ward." in vtt
    assert "<v Ben Okafor>It worked." in vtt
    assert "\nThanks.\n" in vtt  # no speaker known: no tag, none invented


def test_srt_and_text_name_the_speaker_when_it_changes() -> None:
    t = conversation()
    srt = t.render("srt")
    assert "Aisha Rahman: Shall we start." in srt
    assert "Ben Okafor: We tried it in our ward." in srt
    assert "\nIt worked.\n" in srt  # the same speaker goes on unnamed
    text = t.render("txt").splitlines()
    assert text == [
        "[00:00:01] Aisha Rahman: Shall we start.",
        "[00:00:02] Ben Okafor: We tried it in our ward.",
        "[00:00:04] It worked.",
        "[00:00:06] Thanks.",
    ]


def test_one_cue_never_joins_two_speakers() -> None:
    t = Transcript()
    t.append(said("so what I", 1.0, 2.0, "Aisha Rahman"))
    t.append(said("mean is", 2.1, 3.0, "Ben Okafor"))
    assert [c.speaker for c in t.cues()] == ["Aisha Rahman", "Ben Okafor"]


def test_a_relabelled_final_is_saved_with_its_new_speaker() -> None:
    t = Transcript()
    t.append(said("first words", 1.0, 2.0, None))
    assert t.relabel(1.0, 2.0, "Aisha Rahman")
    assert "<v Aisha Rahman>first words" in t.render("vtt")
    t.new_run()
    t.append(said("next run", 0.5, 1.0, None))
    assert not t.relabel(1.0, 2.0, "Ben Okafor")  # a caption of the run before is left alone


def test_a_speaker_name_cannot_break_the_voice_tag() -> None:
    t = Transcript()
    t.append(said("hi", 1.0, 2.0, "A <b> & c"))
    assert "<v A &lt;b&gt; &amp; c>hi" in t.render("vtt")


def test_jsonl_gives_the_speaker_only_when_known() -> None:
    import io
    import json

    from companion.cli.commands import CaptionPrinter

    out = io.StringIO()
    printer = CaptionPrinter("jsonl", out=out, err=io.StringIO())
    printer(said("known", 1.0, 2.0, "Aisha Rahman"))
    printer(said("unknown", 2.0, 3.0, None))
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["speaker"] == "Aisha Rahman"
    assert "speaker" not in second
