"""How late live captions are under a real overload, and what they skip (#10).

    python bench/catch_up_bench.py MODEL SPINNERS [WAV]

Speech: the eight espeak-ng sentences of ``step_down_bench`` (about 44 s), or
WAV (16 kHz mono, its words in the ``.txt`` beside it: e.g. the real reading
bench/corpus/dev-azure-006.wav, 42 s without a pause long enough to end
every phrase),
captioned as ``companion transcribe FILE --realtime --model MODEL`` does,
while SPINNERS programs that only spin take the processor (started before,
killed after). Printed: each final's end and how late it was shown (seconds
after its last word), every step down and gap, the most audio waiting to be
decoded, the load average before and after, and a summary line: the audio
skipped, how late the finals after the step down were (median, most) and the
process's peak memory; then the first gap, how late the finals after it were,
and the words of each sentence a gap touched: what the finals hold of it
against the sentence said (words right of those said, words written that
were not said; with WAV, of the whole reading), and each skip: the audio
time it came at, whether a phrase was in progress and how long the skip
itself took (the final made there; the audio arriving meanwhile is skipped
too). Written into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.step_down_bench import (  # noqa: E402
    PAUSE,
    SENTENCES,
    _speech,
    start_spinning,
    stop_spinning,
)
from companion.audio.source import SAMPLE_RATE  # noqa: E402
from companion.audio.wavfile import WavSource, read_wav  # noqa: E402
from companion.errors import CompanionError  # noqa: E402
from companion.events import (  # noqa: E402
    Caption,
    CaptionGap,
    Event,
    GapCause,
    LevelChanged,
    ModelSteppedDown,
)
from companion.speech.factory import engine_factory  # noqa: E402
from companion.speech.stream import CaptionStream  # noqa: E402


def _arguments() -> tuple[str, int, Path | None]:
    """MODEL SPINNERS [WAV], checked before any spinner starts: a bad WAV or a missing
    ``.txt`` is said at once, not after minutes of overload."""
    parser = argparse.ArgumentParser(description="How late live captions are under overload.")
    parser.add_argument("model", help="tiny.en, whisper-base or a folder")
    parser.add_argument("spinners", type=int, help="programs that only spin, started before")
    parser.add_argument("wav", nargs="?", type=Path, help="16 kHz mono speech, its words in .txt")
    args = parser.parse_args()
    if args.spinners < 0:
        parser.error("SPINNERS is a count: 0 or more")
    if args.wav is not None:
        try:
            read_wav(args.wav)
        except CompanionError as error:
            parser.error(str(error))
        if not args.wav.with_suffix(".txt").is_file():
            parser.error(f"{args.wav.with_suffix('.txt')} is missing: it holds the words said")
    return args.model, args.spinners, args.wav


def main() -> int:
    model, spinners, wav = _arguments()
    with tempfile.TemporaryDirectory() as folder:
        path = wav or _speech(Path(folder))
        spans = _sentence_spans(Path(folder)) if wav is None else []
        hogs = start_spinning(spinners)
        try:
            load = os.getloadavg()[0]
            stream = CaptionStream(
                WavSource(path, realtime=True), engine_factory("whisper", model), realtime=True
            )
            lines: list[str] = []
            gaps: list[CaptionGap] = []
            lates: list[tuple[float, float]] = []  # (final's start, how late it was shown)
            finals: list[Caption] = []
            switched: list[float] = []
            most = 0.0
            zero: float | None = None

            def seen(event: Event) -> None:
                nonlocal most, zero
                now = time.monotonic()
                if isinstance(event, LevelChanged):  # read, not yet decoded: the backlog
                    zero = now - event.time if zero is None else zero
                    most = max(most, now - zero - event.time)
                elif isinstance(event, Caption) and event.kind == "final":
                    late = event.emitted - event.end
                    lates.append((event.start, late))
                    finals.append(event)
                    lines.append(
                        f"  final ends {event.end:5.1f} s, {late:4.1f} s late: {event.text}"
                    )
                elif isinstance(event, (CaptionGap, ModelSteppedDown)):
                    lines.append(f"  {event}")
                    if isinstance(event, CaptionGap):
                        gaps.append(event)
                    else:
                        switched.append(event.time)

            stream.events.connect(seen)
            skips = _time_skips(stream)
            stream.run()
        finally:
            stop_spinning(hogs)
    rtf = stream.decode_seconds / (stream.samples_fed / 16000)
    print(f"{model}, {spinners} spinners: load {load:.1f} -> {os.getloadavg()[0]:.1f}, ", end="")
    print(f"decoding {rtf:.2f} of real time, at most {most:.1f} s waiting")
    print("\n".join(lines))
    after = [late for start, late in lates if switched and start >= switched[0]]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    skipped = sum(g.seconds for g in gaps)
    print(
        f"summary: {len(gaps)} gaps, {skipped:.1f} s skipped; finals after the step down "
        + (
            f"{statistics.median(after):.1f} s late (median), {max(after):.1f} s most"
            if after
            else "none"
        )
        + f"; peak memory {peak:.0f} MB"
    )
    print(_after_gaps(gaps, lates))
    if wav is None:
        print(_words_at_gaps(gaps, finals, spans))
    else:
        print(_words_of(finals, wav.with_suffix(".txt").read_text(encoding="utf-8")))
    for at, speaking, took in skips:
        print(f"skip at {at:.1f} s: phrase in progress {speaking}, the skip took {took:.2f} s")
    preload = getattr(stream, "preload", None)  # the code before #10's preload had none
    if preload is not None:  # no step down: was the faster model loaded ahead anyway?
        print(f"faster model loaded ahead {preload.loads} times, let go {preload.freed} times")
    return 0


def _time_skips(stream: CaptionStream) -> list[tuple[float, object, float]]:
    """Each skip's audio time, whether the engine had a phrase in progress, and how long
    the skip took (wall seconds), filled in as the stream runs."""
    skips: list[tuple[float, object, float]] = []
    skip = stream._skip

    def timed(samples: int, cause: GapCause) -> None:
        speaking = getattr(stream.engine, "_speaking", None)
        at, began = stream.samples_fed / SAMPLE_RATE, time.monotonic()
        skip(samples, cause)
        skips.append((at, speaking, time.monotonic() - began))

    stream._skip = timed  # type: ignore[method-assign]
    return skips


def _words_of(finals: list[Caption], truth: str) -> str:
    """What the finals hold of the whole reading, against what was said."""
    said = _normal(truth)
    hyp = _normal(" ".join(c.text for c in finals))
    matcher = difflib.SequenceMatcher(a=said, b=hyp, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return f"words of the reading: {matched}/{len(said)} right, {len(hyp) - matched} not said"


def _sentence_spans(folder: Path) -> list[tuple[float, float]]:
    """When each sentence of ``_speech`` is said (audio seconds), from its own WAV."""
    spans: list[tuple[float, float]] = []
    at = 0.5  # the quiet before the first
    for number in range(len(SENTENCES)):
        seconds = len(read_wav(folder / f"s{number}.wav")) / SAMPLE_RATE
        spans.append((at, at + seconds))
        at += seconds + PAUSE
    return spans


def _after_gaps(gaps: list[CaptionGap], lates: list[tuple[float, float]]) -> str:
    """The first gap, and how late the finals after it came (median, most)."""
    if not gaps:
        return "first gap: none"
    first = gaps[0]
    after = [late for start, late in lates if start >= first.end]
    late = (
        f"{statistics.median(after):.1f} s late (median), {max(after):.1f} s most"
        if after
        else "none"
    )
    return (
        f"first gap: {first.start:.1f}-{first.end:.1f} s ({first.seconds:.1f} s); "
        f"finals after it {late}"
    )


def _words_at_gaps(
    gaps: list[CaptionGap], finals: list[Caption], spans: list[tuple[float, float]]
) -> str:
    """What the finals hold of each sentence a gap touched, against what was said."""
    lines: list[str] = []
    right = said = wrong = 0
    for number, (begins, ends) in enumerate(spans):
        if not any(g.start < ends + 0.3 and g.end > begins for g in gaps):
            continue
        truth = _normal(SENTENCES[number])
        heard = [
            w.text
            for c in finals
            for w in c.words
            if begins - 0.3 <= (w.start + w.end) / 2 <= ends + 0.3
        ]
        hyp = _normal(" ".join(heard))
        matcher = difflib.SequenceMatcher(a=truth, b=hyp, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        right, said, wrong = right + matched, said + len(truth), wrong + len(hyp) - matched
        lines.append(
            f"  sentence {number + 1} ({begins:.1f}-{ends:.1f} s): {matched}/{len(truth)} "
            f"right, {len(hyp) - matched} not said: {' '.join(hyp) or '(nothing)'}"
        )
    head = f"words of the sentences a gap touched: {right}/{said} right, {wrong} not said"
    return "\n".join([head, *lines])


def _normal(text: str) -> list[str]:
    return [w for w in re.sub(r"[^a-z' ]", " ", text.lower()).split() if w]


if __name__ == "__main__":
    raise SystemExit(main())
