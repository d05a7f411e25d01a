"""The Markdown report of ``companion bench captions``, and the figures behind it.

The section goes between ``<!-- captions:start -->`` and ``<!-- captions:end -->``
of the output file, so that other benchmarks' sections there are kept.
"""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import statistics
import time
from collections.abc import Container
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from companion.bench import page
from companion.bench.latency import WordLatency
from companion.bench.wer import NO_ERRORS, WordErrors

START_MARK, END_MARK = page.markers("captions")
DEFAULT_OUTPUT = Path("docs/benchmarks.md")

# Targets from shared/DESIGN.md, "Performance targets".
FIRST_SHOWN_P95 = {"vosk": 0.5, "whisper": 1.5}
FINAL_P95 = 2.0
WER_TARGET = 0.10
RTF_TARGET = 0.3
MEMORY_TARGET_MB = 600.0
READY_TARGET = 4.0


@dataclass
class FileResult:
    """One file through one engine (or the reference)."""

    name: str
    audio_seconds: float
    decode_seconds: float
    errors: WordErrors
    text: str
    latencies: list[WordLatency] = field(default_factory=list)
    error: str | None = None

    @property
    def rtf(self) -> float:
        return self.decode_seconds / self.audio_seconds if self.audio_seconds else 0.0


@dataclass
class EngineResult:
    """All files through one engine, and the figures of its process."""

    engine: str
    model: str
    files: list[FileResult]
    load_seconds: float
    ready_after_start: float
    first_caption_after_start: float | None
    peak_memory_mb: float

    @property
    def errors(self) -> WordErrors:
        total = NO_ERRORS
        for result in self.files:
            total = total + result.errors
        return total

    @property
    def audio_seconds(self) -> float:
        return sum(f.audio_seconds for f in self.files)

    @property
    def rtf(self) -> float:
        audio = self.audio_seconds
        return sum(f.decode_seconds for f in self.files) / audio if audio else 0.0

    def median(self, what: str) -> float:
        values = [f.errors.rate if what == "wer" else f.rtf for f in self.files]
        return statistics.median(values) if values else float("nan")

    def latencies(self, which: str, only: Container[str] | None = None) -> list[float]:
        """Every word's first-shown (``which`` "first") or final latency, of the files
        named in ``only`` when given."""
        values: list[float] = []
        for result in self.files:
            if only is not None and result.name not in only:
                continue
            for word in result.latencies:
                value = word.first_shown if which == "first" else word.final
                if value is not None:
                    values.append(value)
        return values

    @property
    def reference_words_timed(self) -> int:
        return sum(len(f.latencies) for f in self.files)


class CpuMeter:
    """How busy other processes kept the CPU while the benchmark ran (timing caveat)."""

    def __init__(self) -> None:
        self._wall = time.monotonic()
        self._busy = _busy_cpu_seconds()
        self._own = _own_cpu_seconds()

    def others_cores(self) -> float | None:
        """Cores kept busy on average by processes other than the benchmark's."""
        busy = _busy_cpu_seconds()
        wall = time.monotonic() - self._wall
        if busy is None or self._busy is None or wall <= 0:
            return None
        others = (busy - self._busy) - (_own_cpu_seconds() - self._own)
        return max(0.0, others / wall)


def _busy_cpu_seconds() -> float | None:
    """CPU seconds all processes have spent busy since boot (Linux), else None."""
    try:
        fields = Path("/proc/stat").read_text(encoding="utf-8").split("\n", 1)[0].split()
    except OSError:
        return None
    # cpu user nice system idle iowait irq softirq steal ...
    ticks = [int(v) for v in fields[1:9]]
    busy = sum(ticks) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def machine() -> dict[str, str]:
    cpu = page.cpu_model()
    ram = f"{page.ram_gib():.1f} GiB"
    versions = []
    for package in ("faster-whisper", "ctranslate2", "vosk"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{package} {metadata.version(package)}")
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count() or "?"),
        "ram": ram,
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
        "packages": ", ".join(versions),
    }


def percent(value: float) -> str:
    return f"{100 * value:.1f} %"


def write_section(output: Path, section: str) -> None:
    """Put ``section`` between the captions markers, keeping the rest of ``output``."""
    page.write_section(output, "captions", section)
