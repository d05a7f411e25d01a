"""What whisper base's last final at a step down costs, beam 3 against greedy (#10).

    python bench/switch_final_bench.py SPINNERS

At a step down base finishes the phrase in progress while the audio keeps
arriving. Each of the eight espeak-ng sentences of ``step_down_bench`` is fed
to two whisper base engines (no partial passes, so feeding costs nothing) and
finished mid-phrase, as at a step down: one with ``finish`` (beam 3), one with
``finish_quickly`` (greedy), in turn, while SPINNERS programs that only spin
take the processor. Printed: each sentence's two costs and texts, the medians,
and the load average before and after. Written into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.step_down_bench import SENTENCES, start_spinning, stop_spinning  # noqa: E402
from companion.audio.source import SAMPLE_RATE  # noqa: E402
from companion.audio.wavfile import read_wav  # noqa: E402
from companion.speech.models import whisper_base_ready  # noqa: E402
from companion.speech.whisper_engine import Policy, WhisperEngine  # noqa: E402
from tests.speech_audio import make_speech_wav  # noqa: E402

BLOCK = SAMPLE_RATE // 10


def main() -> int:
    spinners = int(sys.argv[1])
    base = whisper_base_ready()
    if base is None:
        print("whisper base is not installed", file=sys.stderr)
        return 1
    engines = [WhisperEngine(base, policy=Policy(partials=False)) for _ in range(2)]
    said = [read_wav(make_speech_wav(text)) for text in SENTENCES]
    hogs = start_spinning(spinners)
    costs: dict[str, list[float]] = {"beam 3": [], "greedy": []}
    try:
        load = os.getloadavg()[0]
        for index, audio in enumerate(said):
            cut = audio[: len(audio) * 3 // 4]  # mid-phrase, as at a step down
            for kind, engine in zip(costs, engines, strict=True):
                engine.reset()
                for at in range(0, len(cut), BLOCK):
                    engine.accept(cut[at : at + BLOCK])
                began = time.perf_counter()
                finals = engine.finish() if kind == "beam 3" else engine.finish_quickly()
                costs[kind].append(time.perf_counter() - began)
                text = " ".join(c.text for c in finals if c.kind == "final")
                print(f"{index} {kind}: {costs[kind][-1]:.2f} s  {text}")
    finally:
        stop_spinning(hogs)
    print(f"{spinners} spinners: load {load:.1f} -> {os.getloadavg()[0]:.1f}")
    for kind, times in costs.items():
        print(f"{kind}: median {statistics.median(times):.2f} s, most {max(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
