"""Measure a step down from whisper base to tiny.en, live: what it costs a reader (#10).

    python bench/step_down_bench.py [--natural] [--repeat N]

Speech: eight espeak-ng sentences with 1.2 s pauses (about 40 s), captioned
by a ``CaptionStream`` with whisper base, paced in real time as a live source
is. By default the watcher's limits are set so low that base must step down a
few seconds in, so the figures are the switch's own cost on this machine;
``--natural`` keeps the app's limits, and says whether this machine, as
loaded now, makes base step down by itself.

Printed per run: when the step down became due and happened (audio seconds),
how long the switch took (base's last final plus loading tiny.en) and the
load alone; how late base's last final and tiny.en's first caption were shown
after their last word was said; and the longest wait between two caption
updates across the switch against the longest anywhere else in the run.
Written into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.voice_conversations import write_wav  # noqa: E402
from companion.audio.source import SAMPLE_RATE  # noqa: E402
from companion.audio.wavfile import WavSource, read_wav  # noqa: E402
from companion.events import Caption, Event, ModelSteppedDown  # noqa: E402
from companion.speech.factory import engine_factory  # noqa: E402
from companion.speech.keeping_up import Limits  # noqa: E402
from companion.speech.stream import CaptionStream  # noqa: E402

SPIN = "print('spinning', flush=True)\nwhile True: pass"  # one busy program


def start_spinning(count: int) -> list[subprocess.Popen[str]]:
    """``count`` programs that keep the processor busy (a real overload), each already
    spinning when this returns (each says so: a condition, not a sleep)."""
    hogs: list[subprocess.Popen[str]] = []
    try:
        for _ in range(count):
            hogs.append(
                subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.PIPE, text=True)
            )
        for hog in hogs:
            assert hog.stdout is not None and hog.stdout.readline().strip() == "spinning"
    except BaseException:
        stop_spinning(hogs)
        raise
    return hogs


def stop_spinning(hogs: list[subprocess.Popen[str]]) -> None:
    """End the programs ``start_spinning`` started."""
    for hog in hogs:
        hog.kill()
    for hog in hogs:
        hog.wait(timeout=30)
        if hog.stdout is not None:
            hog.stdout.close()


SENTENCES = [
    "Good morning everyone and thank you for joining this breakout group today.",
    "Please tell us your name and how you would like to be addressed.",
    "Our first question is about leadership in the organisation.",
    "What does inclusive leadership look like where you work?",
    "Take a moment to think before you answer, and it is fine to pass.",
    "We have heard from three people so far, so let us hear another voice.",
    "Before we close, what should go into the notes for this group?",
    "Thank you all, we will share the findings at the next webinar.",
]
PAUSE = 1.2


class _Paced(WavSource):
    """A WAV paced in real time that remembers when its audio time zero was."""

    zero = 0.0

    def open(self) -> None:
        super().open()
        self.zero = time.monotonic()


def _speech(folder: Path) -> Path:
    quiet = np.zeros(int(PAUSE * SAMPLE_RATE), dtype=np.int16)
    parts = [quiet[: SAMPLE_RATE // 2]]
    for number, text in enumerate(SENTENCES):
        wav = folder / f"s{number}.wav"
        subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-w", str(wav), text], check=True)
        parts += [read_wav(wav), quiet]
    path = folder / "speech.wav"
    write_wav(path, np.concatenate(parts), SAMPLE_RATE)
    return path


def _run(path: Path, limits: Limits | None) -> dict[str, float | str]:
    source = _Paced(path, realtime=True)
    # realtime: counted as live, as `companion transcribe --realtime` does, so the backlog is
    # watched too (a WAV source is not live; before 2026-12-01 only the share was watched here)
    stream = CaptionStream(
        source, engine_factory("whisper", "whisper-base"), realtime=True, keeping_up=limits
    )
    seen: list[tuple[float, Event]] = []
    stream.events.connect(lambda event: seen.append((time.monotonic(), event)))
    stream.run()
    zero = source.zero
    updates = [(at - zero, e) for at, e in seen if isinstance(e, Caption)]
    switched = [(at - zero, e) for at, e in seen if isinstance(e, ModelSteppedDown)]
    result: dict[str, float | str] = {"rtf": stream.decode_seconds / (stream.samples_fed / 16000)}
    if not switched:
        result["switch"] = "none"
        return result
    switch_at, event = switched[0]
    before = [(t, c) for t, c in updates if t <= switch_at]
    after = [(t, c) for t, c in updates if t > switch_at]
    last_final = next((t, c) for t, c in reversed(before) if c.kind == "final")
    first_tiny = after[0]
    across = first_tiny[0] - before[-1][0]
    times = [t for t, _ in updates]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    result.update(
        switch=f"at {event.time:.1f} s of audio",
        switch_seconds=event.switch_seconds,
        load_seconds=event.load_seconds,
        base_last_final_late=last_final[0] - last_final[1].end,
        tiny_first_late=first_tiny[0] - first_tiny[1].end,
        tiny_first_text=first_tiny[1].text,
        gap_across=across,
        longest_other_gap=max((g for g in gaps if abs(g - across) > 1e-9), default=0.0),
        shown_at=switch_at,
        measured=event.measured,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--natural", action="store_true", help="the app's own limits")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    limits = None if args.natural else Limits(window=2.0, share=0.02, sustained=2.0)
    with tempfile.TemporaryDirectory() as folder:
        path = _speech(Path(folder))
        print(f"load average before: {os.getloadavg()}", flush=True)
        for _ in range(args.repeat):
            print(_run(path, limits), flush=True)
        print(f"load average after: {os.getloadavg()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
