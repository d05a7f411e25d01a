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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from companion.bench import page
from companion.bench.latency import WordLatency, percentile
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

    def latencies(self, which: str) -> list[float]:
        values: list[float] = []
        for result in self.files:
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


def _seconds(value: float | None) -> str:
    return "—" if value is None or value != value else f"{value:.2f} s"


def percent(value: float) -> str:
    return f"{100 * value:.1f} %"


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def engine_table(result: EngineResult) -> list[str]:
    first, final = result.latencies("first"), result.latencies("final")
    first_p50, first_p95 = percentile(first, 50), percentile(first, 95)
    final_p50, final_p95 = percentile(final, 50), percentile(final, 95)
    shown_target = FIRST_SHOWN_P95.get(result.engine, 1.5)
    errors = result.errors
    rows = [
        "| what | today | target | |",
        "|---|---|---|---|",
        f"| latency, word end → first shown (p50 / p95) | {_seconds(first_p50)} / "
        f"{_seconds(first_p95)} | p95 ≤ {shown_target} s | {_met(first_p95 <= shown_target)} |",
        f"| latency, word end → final (p50 / p95) | {_seconds(final_p50)} / "
        f"{_seconds(final_p95)} | p95 ≤ {FINAL_P95} s | {_met(final_p95 <= FINAL_P95)} |",
        f"| word error rate, all words (median of files) | {percent(errors.rate)} "
        f"({percent(result.median('wer'))}) | ≤ {WER_TARGET * 100:.0f} % | "
        f"{_met(errors.rate <= WER_TARGET)} |",
        f"| real-time factor, all audio (median of files) | {result.rtf:.3f} "
        f"({result.median('rtf'):.3f}) | ≤ {RTF_TARGET} | {_met(result.rtf <= RTF_TARGET)} |",
        f"| peak memory of the process | {result.peak_memory_mb:.0f} MB | "
        f"≤ {MEMORY_TARGET_MB:.0f} MB | {_met(result.peak_memory_mb <= MEMORY_TARGET_MB)} |",
        f"| captions ready: process start → engine listening (model load) | "
        f"{_seconds(result.ready_after_start)} ({_seconds(result.load_seconds)}) | "
        f"≤ {READY_TARGET:.0f} s | {_met(result.ready_after_start <= READY_TARGET)} |",
        f"| process start → first caption on screen | "
        f"{_seconds(result.first_caption_after_start)} | — | |",
    ]
    timed = result.reference_words_timed
    rows.append("")
    rows.append(
        f"{len(result.files)} files, {errors.reference_words} transcript words, "
        f"{result.audio_seconds:.0f} s of audio. Of the {timed} words of the reference "
        f"decode, {len(first)} were shown correctly at some point and {len(final)} were "
        "correct in a final; latency is over those (the rest were misrecognised or missed). "
        f"Word errors: {errors.substitutions} substituted, {errors.deletions} missed, "
        f"{errors.insertions} inserted."
    )
    failed = [f for f in result.files if f.error]
    if failed:
        rows.append("")
        rows.append(f"Failed files: {', '.join(f'{f.name} ({f.error})' for f in failed)}")
    return rows


def render(
    engines: Sequence[EngineResult],
    reference: EngineResult,
    notes: Sequence[str],
    manifest: dict[str, dict[str, Any]],
    folder: Path,
    runtime: float,
    others_cores: float | None,
) -> str:
    info = machine()
    lines = [
        START_MARK,
        "## Live captions",
        "",
        f"Measured on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by "
        f"`companion bench captions {folder}` (`bench/run_captions.sh`), "
        f"which took {runtime / 60:.1f} minutes.",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM; "
        f"Python {info['python']} on {info['os']}; {info['packages']}."
        + _load_note(others_cores, info["cores"]),
        "",
    ]
    lines += _corpus_lines(reference, manifest)
    for note in notes:
        lines += [f"> {note}", ""]
    for result in engines:
        lines += [
            f"### {result.engine} (streaming, model {result.model})",
            "",
            *engine_table(result),
            "",
        ]
    ref_errors = reference.errors
    lines += [
        "### Reference: offline faster-whisper",
        "",
        "The whole file decoded at once (tiny.en, beam 5, word times), in its own process, "
        "in the same run. Its word end times are where latency is measured from.",
        "",
        "| what | today |",
        "|---|---|",
        f"| word error rate, all words (median of files) | {percent(ref_errors.rate)} "
        f"({percent(reference.median('wer'))}) |",
        f"| real-time factor, all audio (median of files) | {reference.rtf:.3f} "
        f"({reference.median('rtf'):.3f}) |",
        f"| peak memory of the process | {reference.peak_memory_mb:.0f} MB |",
        f"| model load | {_seconds(reference.load_seconds)} |",
        "",
    ]
    lines += _group_lines(engines, reference, manifest)
    lines += _per_file_lines(engines, reference, manifest)
    lines += _method_lines()
    lines.append(END_MARK)
    return "\n".join(lines) + "\n"


def _load_note(others_cores: float | None, cores: str) -> str:
    if others_cores is None:
        return ""
    note = (
        f" Other processes kept {others_cores:.1f} of the {cores} cores busy on average "
        "during the run"
    )
    if others_cores < 0.2:
        return note + "."
    return note + (": decoding competed with them, so timings are worse than on an idle machine.")


def _corpus_lines(reference: EngineResult, manifest: dict[str, dict[str, Any]]) -> list[str]:
    names = [f.name for f in reference.files]
    espeak = [n for n in names if manifest.get(n, {}).get("source") == "espeak-ng"]
    voices = sorted({str(manifest[n]["voice"]) for n in espeak})
    speeds = sorted({int(manifest[n]["wpm"]) for n in espeak})
    lines = [
        f"Labelled set: {len(names)} files, {reference.errors.reference_words} words, "
        f"{reference.audio_seconds:.0f} s of audio."
    ]
    if espeak:
        lines[0] += (
            f" {len(espeak)} are passages written for this project and spoken by espeak-ng "
            f"(voices {', '.join(voices)}; {', '.join(map(str, speeds))} words a minute)."
        )
    others: dict[str, list[str]] = {}
    for name in names:
        entry = manifest.get(name)
        if entry and entry.get("source") != "espeak-ng":
            key = f"{entry.get('note', '')} Licence: {entry.get('licence', 'not stated')}."
            others.setdefault(key, []).append(name)
        elif not entry:
            others.setdefault("Source not recorded in manifest.json.", []).append(name)
    for text, group in others.items():
        lines.append(f"{len(group)} more: {text.strip()}")
    return [" ".join(lines), ""]


def _group_lines(
    engines: Sequence[EngineResult], reference: EngineResult, manifest: dict[str, dict[str, Any]]
) -> list[str]:
    """Word error rate per kind of recording (from manifest.json's "group")."""
    groups: dict[str, list[str]] = {}
    for item in reference.files:
        group = str(manifest.get(item.name, {}).get("group", "other recordings"))
        groups.setdefault(group, []).append(item.name)
    if len(groups) < 2:
        return []
    columns = [*engines, reference]
    names = [e.engine if e is not reference else "reference" for e in columns]
    lines = [
        "### Word error rate by kind of recording",
        "",
        "| recordings | files | words | " + " | ".join(names) + " |",
        "|---|---|---|" + "---|" * len(columns),
    ]
    for group, members in groups.items():
        totals = []
        for column in columns:
            total = NO_ERRORS
            for item in column.files:
                if item.name in members:
                    total = total + item.errors
            totals.append(total)
        cells = [group, str(len(members)), str(totals[-1].reference_words)]
        cells += [percent(total.rate) for total in totals]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _per_file_lines(
    engines: Sequence[EngineResult], reference: EngineResult, manifest: dict[str, dict[str, Any]]
) -> list[str]:
    head = "| file | audio | " + " | ".join(f"{e.engine} WER" for e in engines)
    head += " | reference WER |"
    lines = [
        "<details><summary>Per file</summary>",
        "",
        head,
        "|---|---|" + "---|" * (len(engines) + 1),
    ]
    by_engine = [{f.name: f for f in e.files} for e in engines]
    for ref in reference.files:
        cells = [f"`{ref.name}`", f"{ref.audio_seconds:.1f} s"]
        for files in by_engine:
            result = files.get(ref.name)
            cells.append("—" if result is None else percent(result.errors.rate))
        cells.append(percent(ref.errors.rate))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "</details>", ""]
    return lines


def _method_lines() -> list[str]:
    return [
        "### How it is measured",
        "",
        "- Each engine runs in a fresh process (`python -m companion.bench.worker`), which "
        "loads the engine once and captions every file through a `CaptionStream`. Peak "
        "memory is that process's `ru_maxrss`; it includes Python and the libraries, "
        "but not the Qt window.",
        "- **Latency.** Files are paced in real time (`WavSource(realtime=True)`), as audio "
        "from a call would arrive, and every caption is stamped with the wall-clock time "
        "since the file's audio began. A word's latency is that stamp minus the word's end "
        "time in the reference decode, so it includes the 100 ms audio blocks, waiting for "
        "the engine's next decode, the decode itself and any backlog. Each caption's words "
        "are lined up in order, by normalised text, with the reference words spoken around "
        "its time span (±1 s); *first shown* is the first partial or final that showed a "
        "word correctly, *final* the final that holds it. p50 and p95 are over all such "
        "words of all files.",
        "- **Word error rate** compares the joined finals with the transcript after "
        "lower-casing, removing punctuation, writing numbers as words and treating British "
        "and American spellings as one; substitutions + deletions + insertions over the "
        "transcript's words, summed over all files (median of per-file rates beside it).",
        "- **Real-time factor** is the wall time spent inside the engine divided by the "
        "audio's length (`StreamStopped.extra`), from the same real-time run; the reference's "
        "is its whole-file decode time over the audio's length.",
        "- **Captions ready** is the wall time from starting the process to the engine "
        "listening (Python start, imports and model load; the model load alone in brackets). "
        "The first caption also waits for the first words to be spoken.",
        "",
    ]


def write_section(output: Path, section: str) -> None:
    """Put ``section`` between the captions markers, keeping the rest of ``output``."""
    page.write_section(output, "captions", section)
