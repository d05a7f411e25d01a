"""Which whisper model captions use on this machine (``--engine auto``), and why.

Accuracy needs the larger model, but captions a deaf participant reads must
also come quickly without taking the core the call app needs. So the choice
is measured, not guessed: the first time, each installed model does one fixed
piece of work like a caption pass (``FasterWhisperDecoder.calibrate``: encode
six seconds, write twenty tokens); the timings are remembered in the data
folder (re-measured when the machine or the model changes). The most accurate
model whose measured cost keeps captions inside the targets is used:

* ``whisper-base`` when a base pass costs at most ``BASE_PASS``: fast enough
  for its partials too;
* otherwise ``tiny.en`` (always offered: it is built in).

The limit comes from the benchmark (docs/benchmarks.md): on this project's
2-core machine a tiny.en pass costs about 0.07 s and a base pass 0.12–0.35 s.
Live on 2026-11-30 (20:00 UTC, quiet), base streaming gave first shown p95
2.62 s and 4.6 % WER on real speech where tiny.en gave 1.32 s and 2.2 %, so a
base pass of 0.12 s (the old limit, which a quiet moment here reached) is too
slow: base is picked where its pass costs about what tiny.en's costs here
(0.08 s), on a machine nearly twice as fast. Not yet measured on one.
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
BASE_PARTIAL = 0.10  # seconds a greedy partial pass may take for base to be picked (see above)
BASE_FINAL = 0.17  # seconds a beam-3 final pass may take for base to be picked (see above)
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
    return {str(k): float(v) for k, v in costs.items() if isinstance(v, (int, float))}


def save_costs(costs: dict[str, float], path: Path | None = None) -> None:
    data = {"machine": machine_key(), "calibration": CALIBRATION, "costs": costs}
    write_private(path or calibration_path(), json.dumps(data, indent=2) + "\n")


def decide(tiny: Path, base: Path | None, costs: PassCosts | None) -> Choice:
    """The most accurate model that fits, given base's measured pass costs (pure)."""
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


def choose_model(
    tiny: Path,
    base: Path | None,
    measure: Callable[[Path], PassCosts],
    path: Path | None = None,
) -> Choice:
    """``decide`` with costs measured once by ``measure(model_folder)`` and remembered."""
    if base is None:
        return decide(tiny, None, None)
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
