"""Which whisper model captions use on this machine (``--engine auto``), and why.

Captions a deaf participant reads must be accurate and come quickly without
taking the core the call app needs. ``auto`` picks whisper base only where
it is both: more accurate than tiny.en when captioning live
(``STREAMING_WER``, measured on the benchmark's real recordings), and fast
enough on this machine. On the benchmark base, the larger model, streams real
speech *less* accurately than tiny.en (``STREAMING_WER``; offline, too,
base's 2.2 % against tiny.en's 1.8 %), so ``auto`` runs tiny.en without
measuring anything, and says why; base stays for a person who chooses it
(``--model whisper-base``, Settings). Were a benchmark to show base ahead,
the speed is measured, not guessed: the first time, whisper base runs the two passes
the app runs (``FasterWhisperDecoder.calibrate``: a greedy partial over 4 s
of audio and a beam-3 final over 10 s, each writing 12 tokens; medians of
five); the timings are remembered in the data folder, with what they
measured (``CALIBRATION``), and measured again when the machine, the model or
the kind of pass changes. ``whisper-base`` is used when its partial pass
costs at most ``BASE_PARTIAL`` and its final at most ``BASE_FINAL``;
otherwise ``tiny.en`` (always offered: it is built in).

Where the limits come from (docs/benchmarks.md, "auto's calibration",
2026-12-01, policy bench): the bench models a beam-3 pass of tiny.en on this
2-core machine at 0.06 s + 0.02 s per second of window (``--cost
0.06,0.02``; greedy at 0.75 of it). Run with whisper base at k times that
cost, base's modeled real-time factor reaches the partials' budget (0.3) at
k = 1.44 on real recordings, 1.22 on names and plain sentences and 1.17 on
synthetic speech: beyond it partials are spread out and come later. So base
keeps pace where its passes cost at most 1.17 times tiny.en's here, and
tiny.en's calibration passes here measured 0.083 s (partial) and 0.146 s
(final), medians of five rounds at load average 6 (06:14 UTC): 0.10 s and
0.17 s. Base measured 0.136 s and 0.234 s in the same rounds (1.6 times
tiny.en's), so this machine uses tiny.en; base is picked on one about 1.4
times as fast. At k = 1 base already shows words no sooner than tiny.en
(first shown p95 0.95 / 1.39 / 1.78 s against 0.98 / 1.37 / 1.60 s), and its
streaming WER on the real recordings is higher (2.9 against 1.9 %): the
limit says when base keeps pace, not that it is better when it does.
The two-pass design, tiny.en partials with base finals
(``--model tiny.en+whisper-base``), was measured too: finals as accurate as
base's, but both models in memory (650 MB against the 600 MB target, 2026-11-30) and
partials that the finals change more often, so ``auto`` does not pick it.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from companion.paths import data_dir, write_private
from companion.speech.whisper_decoder import PassCosts

TINY = "tiny.en"
BASE = "whisper-base"
TWO_PASS_MODEL = f"{TINY}+{BASE}"  # tiny.en partials, base finals
# Words wrong in streaming captions of the benchmark's 20 real recordings (policy bench,
# 2026-12-01, docs/benchmarks.md, "Why whisper base loses accuracy streaming").
STREAMING_WER = {TINY: 0.019, BASE: 0.029}
BASE_PARTIAL = 0.10  # seconds a greedy partial pass may take for base (1.17 x tiny.en here)
BASE_FINAL = 0.17  # seconds a beam-3 final pass may take for base (1.17 x tiny.en here)
CALIBRATION_FILE = "speech-calibration.json"
# What a remembered figure measured. A figure of another kind (before 2026-12-01 one
# beam-3 pass over 6 s, compared with a single 0.08 s limit) is measured again.
CALIBRATION = "partial greedy 4 s + final beam 3 10 s, 12 tokens, medians"


@dataclass(frozen=True)
class Choice:
    """The model chosen and a sentence saying why, for the status line and stderr."""

    model: str  # TINY, BASE or TWO_PASS_MODEL
    path: Path  # the model for partials (and finals, unless ``final_path``)
    reason: str
    final_path: Path | None = None  # a more accurate model for finals


def machine_key() -> str:
    """Identifies this machine's speed class: processor and core count."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu} x{os.cpu_count() or 1}"


def calibration_path() -> Path:
    return data_dir() / CALIBRATION_FILE


def load_costs(path: Path | None = None) -> dict[str, float]:
    """Remembered pass costs for this machine, by model key; empty if none, if the
    machine changed, or if they measured another kind of pass (``CALIBRATION``)."""
    path = path or calibration_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("machine") != machine_key():
        return {}
    if data.get("calibration") != CALIBRATION:
        return {}
    costs = data.get("costs")
    if not isinstance(costs, dict):
        return {}
    # A cost below zero or not a number (a damaged or hand-edited file) is measured again.
    return {str(k): float(v) for k, v in costs.items() if isinstance(v, (int, float)) and v >= 0}


def save_costs(costs: dict[str, float], path: Path | None = None) -> None:
    data = {"machine": machine_key(), "calibration": CALIBRATION, "costs": costs}
    write_private(path or calibration_path(), json.dumps(data, indent=2) + "\n")


def decide(tiny: Path, base: Path | None, costs: PassCosts | None) -> Choice:
    """The most accurate model that fits, given base's measured pass costs (pure)."""
    if not base_more_accurate():
        return Choice(TINY, tiny, live_accuracy())
    if base is None:
        return Choice(
            TINY,
            tiny,
            "auto: whisper base is not installed (companion models install whisper-base)",
        )
    if costs is None:
        return Choice(TINY, tiny, "auto: whisper base could not be measured on this machine")
    measured = (
        f"a partial pass takes {costs.partial:.2f} s, limit {BASE_PARTIAL:.2f} s; "
        f"a final {costs.final:.2f} s, limit {BASE_FINAL:.2f} s"
    )
    if costs.partial <= BASE_PARTIAL and costs.final <= BASE_FINAL:
        return Choice(BASE, base, f"auto: whisper base fits this machine ({measured})")
    return Choice(
        TINY,
        tiny,
        f"auto: whisper base is too slow here ({measured}), so the faster tiny.en keeps "
        "captions on time",
    )


def base_more_accurate() -> bool:
    """Whether whisper base captions real speech live more accurately than tiny.en."""
    return STREAMING_WER[BASE] < STREAMING_WER[TINY]


def live_accuracy() -> str:
    """Why tiny.en runs when base is no more accurate live, with the figures."""
    return (
        "auto: more accurate live than whisper base, and faster (real speech "
        f"captioned live: {STREAMING_WER[TINY]:.1%} of words wrong, whisper base "
        f"{STREAMING_WER[BASE]:.1%}; choose base in Settings or with --model whisper-base)"
    )


def choose_model(
    tiny: Path,
    base: Path | None,
    measure: Callable[[Path], PassCosts],
    path: Path | None = None,
) -> Choice:
    """``decide`` with costs measured once by ``measure(model_folder)`` and remembered."""
    if base is None or not base_more_accurate():  # nothing to measure: tiny.en runs
        return decide(tiny, base, None)
    costs = load_costs(path)
    key = f"{BASE}:{base.resolve()}"
    partial, final = f"{key}:partial", f"{key}:final"
    if partial not in costs or final not in costs:
        try:
            measured = measure(base)
            costs[partial], costs[final] = measured.partial, measured.final
        except Exception:  # a model that cannot be loaded is simply not chosen
            costs[partial] = costs[final] = float("inf")
        save_costs(costs, path)
    if float("inf") in (costs[partial], costs[final]):
        return decide(tiny, base, None)
    return decide(tiny, base, PassCosts(costs[partial], costs[final]))
