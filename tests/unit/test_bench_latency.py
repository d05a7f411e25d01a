"""Caption latency per word, on synthetic caption lists (no engine, no audio)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from companion.bench.captions import _caption_words, find_pairs, run_bench
from companion.bench.latency import (
    ShownCaption,
    TimedWord,
    WordLatency,
    percentile,
    word_latencies,
)
from companion.bench.report import END_MARK, START_MARK, write_section


def words(*triples: tuple[str, float, float]) -> tuple[TimedWord, ...]:
    return tuple(TimedWord(text, start, end) for text, start, end in triples)


REFERENCE = words(("We", 0.2, 0.5), ("met", 0.5, 0.8), ("on", 0.8, 1.0), ("Tuesday.", 1.1, 1.6))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def by_text(result: list[WordLatency]) -> dict[str, tuple[float | None, float | None]]:
    return {w.text: (_rounded(w.first_shown), _rounded(w.final)) for w in result}


def test_first_partial_and_final_give_each_word_its_two_latencies() -> None:
    captions = [
        ShownCaption("partial", words(("we", 0.2, 0.5), ("met", 0.5, 0.8)), shown_at=1.2),
        ShownCaption("partial", words(("we", 0.2, 0.5), ("met", 0.5, 0.8), ("on", 0.8, 1.0)), 1.5),
        ShownCaption("final", words(("We", 0.2, 0.5), ("met", 0.5, 0.8), ("on", 0.8, 1.0)), 2.0),
        ShownCaption("partial", words(("Tuesday", 1.1, 1.6)), 2.5),
        ShownCaption("final", words(("Tuesday.", 1.1, 1.6)), 3.1),
    ]
    assert by_text(word_latencies(REFERENCE, captions)) == {
        "we": (0.7, 1.5),
        "met": (0.4, 1.2),
        "on": (0.5, 1.0),
        "tuesday": (0.9, 1.5),
    }


def test_order_of_the_list_does_not_matter_only_shown_at() -> None:
    captions = [
        ShownCaption("final", words(("we", 0.2, 0.5)), 2.0),
        ShownCaption("partial", words(("we", 0.2, 0.5)), 1.0),
    ]
    assert by_text(word_latencies(REFERENCE[:1], captions)) == {"we": (0.5, 1.5)}


def test_a_word_shown_wrongly_first_counts_from_when_it_was_right() -> None:
    captions = [
        ShownCaption("partial", words(("choose", 1.1, 1.3), ("day", 1.3, 1.6)), 1.8),
        ShownCaption("final", words(("Tuesday", 1.1, 1.6)), 2.6),
    ]
    result = by_text(word_latencies(REFERENCE, captions))
    assert result["tuesday"] == (1.0, 1.0)
    assert result["we"] == (None, None)  # never shown: left out of the percentiles


def test_a_misrecognised_word_in_the_final_has_no_final_latency() -> None:
    captions = [
        ShownCaption("partial", words(("on", 0.8, 1.0)), 1.3),
        ShownCaption("final", words(("an", 0.8, 1.0)), 2.0),
    ]
    assert by_text(word_latencies(REFERENCE, captions))["on"] == (0.3, None)


def test_a_common_word_is_not_matched_to_a_far_away_occurrence() -> None:
    reference = words(("the", 0.0, 0.2), ("cat", 0.2, 0.5), ("and", 5.0, 5.2), ("the", 9.8, 10.0))
    reference += words(("dog", 10.0, 10.4))
    captions = [ShownCaption("final", words(("the", 9.8, 10.0), ("dog", 10.0, 10.4)), 11.0)]
    result = word_latencies(reference, captions)
    assert [r.final is not None for r in result] == [False, False, False, True, True]
    assert result[3].final == pytest.approx(1.0)


def test_repeated_words_line_up_in_order() -> None:
    reference = words(("no", 0.0, 0.3), ("no", 0.4, 0.7), ("no", 0.8, 1.1))
    captions = [ShownCaption("final", words(("no", 0.4, 0.7), ("no", 0.8, 1.1)), 1.5)]
    result = word_latencies(reference, captions)
    # Two caption words, three reference words: two match, the alignment keeps order.
    assert sum(r.final is not None for r in result) == 2


def test_numbers_split_into_tokens_that_each_match() -> None:
    reference = words(("21", 0.0, 0.6))
    captions = [ShownCaption("final", words(("twenty-one", 0.0, 0.6)), 1.0)]
    result = word_latencies(reference, captions)
    assert [r.text for r in result] == ["twenty", "one"]
    assert [r.final for r in result] == [pytest.approx(0.4), pytest.approx(0.4)]


def test_words_shown_before_their_reference_end_have_negative_latency() -> None:
    captions = [ShownCaption("partial", words(("Tuesday", 1.1, 1.5)), 1.5)]
    assert word_latencies(REFERENCE, captions)[3].first_shown == pytest.approx(-0.1)


def test_no_captions_and_empty_captions() -> None:
    assert all(r.first_shown is None for r in word_latencies(REFERENCE, []))
    assert all(
        r.first_shown is None for r in word_latencies(REFERENCE, [ShownCaption("final", (), 3.0)])
    )


def test_caption_without_word_times_spreads_its_span_over_its_words() -> None:
    caption = {"kind": "final", "text": "we met", "start": 0.2, "end": 0.8, "words": []}
    assert _caption_words(caption) == words(("we", 0.2, 0.5), ("met", 0.5, 0.8))


def test_percentile_interpolates_like_numpy() -> None:
    values = [1.0, 2.0, 3.0, 4.0]
    assert percentile(values, 50) == pytest.approx(2.5)
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 50))


# -- the command around it ------------------------------------------------------


def test_missing_folder_or_no_pairs_is_one_sentence_and_a_non_zero_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_bench(tmp_path / "nowhere", output=tmp_path / "out.md") == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "lonely.wav").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("no audio for this one")
    assert run_bench(tmp_path, output=tmp_path / "out.md") == 2
    message = capsys.readouterr().err.strip()
    assert "no WAV file with a same-named .txt" in message and message.count("\n") == 0
    assert not (tmp_path / "out.md").exists()


def test_pairs_are_found_by_name(tmp_path: Path) -> None:
    for name in ("b.wav", "b.txt", "a.WAV", "a.txt", "c.wav"):
        (tmp_path / name).write_bytes(b"")
    assert [(w.name, t.name) for w, t in find_pairs(tmp_path)] == [
        ("a.WAV", "a.txt"),
        ("b.wav", "b.txt"),
    ]


def test_report_section_replaces_only_its_markers(tmp_path: Path) -> None:
    output = tmp_path / "docs" / "benchmarks.md"
    write_section(output, f"{START_MARK}\nfirst\n{END_MARK}\n")
    assert output.read_text().startswith("# Benchmarks\n")
    text = output.read_text() + "\n## Notes autosave\n\nkept\n"
    output.write_text(text.replace("# Benchmarks\n", "# Benchmarks\n\nintro kept\n"))
    write_section(output, f"{START_MARK}\nsecond\n{END_MARK}\n")
    updated = output.read_text()
    assert "second" in updated and "first" not in updated
    assert "intro kept" in updated and "## Notes autosave\n\nkept" in updated
    assert updated.count(START_MARK) == 1 and updated.count(END_MARK) == 1
