"""``companion bench captions DIR``: accuracy, latency and cost of live captions.

For every WAV file in DIR with a same-named .txt transcript, and for each engine:

* a reference decode of the whole file at once by offline faster-whisper
  (tiny.en, beam 5, word times), in a process of its own: its words' end times
  are what latency is measured from, and its own WER and real-time factor are
  reported beside the engines';
* a ``CaptionStream`` per file, in one process per engine, with the file paced
  in real time like a live call: each caption is stamped with the wall time
  since the file's audio began, so a word's latency (stamp − the word's end)
  includes waiting for audio, buffering and every decode that came before.

The report goes between ``<!-- captions:start -->`` and ``<!-- captions:end -->``
in the output file (other benchmarks' sections there are kept).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from companion.bench.latency import (
    ShownCaption,
    TimedWord,
    WordLatency,
    percentile,
    word_latencies,
)
from companion.bench.wer import NO_ERRORS, WordErrors, word_errors

START_MARK = "<!-- captions:start -->"
END_MARK = "<!-- captions:end -->"
DEFAULT_OUTPUT = Path("docs/benchmarks.md")

# Targets from shared/DESIGN.md, "Performance targets".
FIRST_SHOWN_P95 = {"vosk": 0.5, "whisper": 1.5}
FINAL_P95 = 2.0
WER_TARGET = 0.10
RTF_TARGET = 0.3
MEMORY_TARGET_MB = 600.0
READY_TARGET = 4.0

_ENGLISH_VOSK = re.compile(r"(^|[-_])en([-_]|$)", re.IGNORECASE)


class BenchError(Exception):
    """The benchmark cannot run; the message is one sentence saying why and what to do."""


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


# -- finding the labelled set ------------------------------------------------


def find_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(WAV, transcript) pairs in ``folder``, sorted by name; raises BenchError."""
    if not folder.exists():
        raise BenchError(
            f"The folder '{folder}' does not exist: give a folder of WAV files with "
            "same-named .txt transcripts (bench/build_corpus.py builds one)."
        )
    if not folder.is_dir():
        raise BenchError(
            f"'{folder}' is a file, not a folder: give a folder of WAV files with "
            "same-named .txt transcripts."
        )
    pairs = []
    for wav in sorted(folder.iterdir()):
        if wav.suffix.lower() == ".wav" and wav.is_file():
            text = wav.with_suffix(".txt")
            if text.is_file():
                pairs.append((wav, text))
    if not pairs:
        raise BenchError(
            f"The folder '{folder}' has no WAV file with a same-named .txt transcript "
            "(such as talk.wav and talk.txt), so there is nothing to measure."
        )
    return pairs


def choose_engines(wanted: Sequence[str] | None, model: str | None) -> tuple[list[str], list[str]]:
    """The engines to measure (whisper, and vosk when an English model is installed),
    and a note for each one left out."""
    engines = list(dict.fromkeys(wanted or ("whisper", "vosk")))
    notes: list[str] = []
    if "vosk" in engines:
        missing = _vosk_missing(model)
        if missing:
            engines.remove("vosk")
            notes.append(f"vosk was not measured: {missing}")
    return engines, notes


def _vosk_missing(model: str | None) -> str | None:
    from companion.errors import CompanionError
    from companion.speech.models import find_vosk_model

    try:
        folder = find_vosk_model(model)
    except CompanionError as error:
        return str(error)
    if folder is None or (model is None and not _ENGLISH_VOSK.search(folder.name)):
        return (
            "no English vosk model is installed on this machine (install one with "
            "'companion models install vosk-model-small-en-us-0.15', then run the "
            "benchmark again)."
        )
    return None


# -- running the measurements ------------------------------------------------


def _run_worker(arguments: list[str], files: Sequence[Path]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as tmp:
        out = Path(tmp) / "result.json"
        command = [
            sys.executable,
            "-m",
            "companion.bench.worker",
            *arguments,
            "--out",
            str(out),
            "--spawned-at",
            repr(time.time()),
            *(str(f) for f in files),
        ]
        finished = subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
        if finished.returncode != 0 or not out.is_file():
            raise BenchError(
                f"The measurement '{' '.join(arguments)}' stopped with exit code "
                f"{finished.returncode}; its messages are above."
            )
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return data


def _timed(words: Sequence[Sequence[Any]]) -> tuple[TimedWord, ...]:
    return tuple(TimedWord(str(w[0]), float(w[1]), float(w[2])) for w in words)


def _caption_words(caption: dict[str, Any]) -> tuple[TimedWord, ...]:
    words = _timed(caption["words"])
    if words:
        return words
    # An engine that gives no word times: spread the caption's span over its words.
    text = str(caption["text"]).split()
    start, end = float(caption["start"]), float(caption["end"])
    step = (end - start) / max(len(text), 1)
    return tuple(TimedWord(t, start + i * step, start + (i + 1) * step) for i, t in enumerate(text))


def reference_result(data: dict[str, Any], transcripts: dict[str, str]) -> EngineResult:
    files = [
        FileResult(
            name=Path(f["path"]).name,
            audio_seconds=float(f["audio_seconds"]),
            decode_seconds=float(f["decode_seconds"]),
            errors=word_errors(transcripts[f["path"]], f["text"]),
            text=f["text"],
        )
        for f in data["files"]
    ]
    return EngineResult(
        engine="reference",
        model=str(data["model"]),
        files=files,
        load_seconds=float(data["load_seconds"]),
        ready_after_start=float(data["ready_after_start"]),
        first_caption_after_start=None,
        peak_memory_mb=float(data["peak_memory_mb"]),
    )


def stream_result(
    data: dict[str, Any], transcripts: dict[str, str], reference: dict[str, Any]
) -> EngineResult:
    ref_words = {f["path"]: _timed(f["words"]) for f in reference["files"]}
    files = []
    for f in data["files"]:
        captions = f["captions"]
        finals = " ".join(c["text"] for c in captions if c["kind"] == "final")
        shown = [ShownCaption(c["kind"], _caption_words(c), float(c["shown_at"])) for c in captions]
        files.append(
            FileResult(
                name=Path(f["path"]).name,
                audio_seconds=float(f.get("audio_seconds", 0.0)),
                decode_seconds=float(f.get("decode_seconds", 0.0)),
                errors=word_errors(transcripts[f["path"]], finals),
                text=finals,
                latencies=word_latencies(ref_words[f["path"]], shown),
                error=f.get("error"),
            )
        )
    first = data.get("first_caption_after_start")
    return EngineResult(
        engine=str(data["engine"]),
        model=str(data.get("model", "?")),
        files=files,
        load_seconds=float(data.get("load_seconds", float("nan"))),
        ready_after_start=float(data.get("ready_after_start", float("nan"))),
        first_caption_after_start=None if first is None else float(first),
        peak_memory_mb=float(data["peak_memory_mb"]),
    )


# -- the report --------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
                break
    except (OSError, ValueError):
        pass
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


def _percent(value: float) -> str:
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
        f"| word error rate, all words (median of files) | {_percent(errors.rate)} "
        f"({_percent(result.median('wer'))}) | ≤ {WER_TARGET:.0%} | "
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
        f"{result.audio_seconds:.0f} s of audio. Latency over {len(first)} of {timed} "
        f"reference words first shown correctly and {len(final)} correct in a final "
        f"(the rest were misrecognised or missed). Errors: {errors.substitutions} "
        f"substituted, {errors.deletions} missed, {errors.insertions} inserted."
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
        f"Python {info['python']} on {info['os']}; {info['packages']}.",
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
        f"| word error rate, all words (median of files) | {_percent(ref_errors.rate)} "
        f"({_percent(reference.median('wer'))}) |",
        f"| real-time factor, all audio (median of files) | {reference.rtf:.3f} "
        f"({reference.median('rtf'):.3f}) |",
        f"| peak memory of the process | {reference.peak_memory_mb:.0f} MB |",
        f"| model load | {_seconds(reference.load_seconds)} |",
        "",
    ]
    lines += _per_file_lines(engines, reference, manifest)
    lines += _method_lines()
    lines.append(END_MARK)
    return "\n".join(lines) + "\n"


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
            cells.append("—" if result is None else _percent(result.errors.rate))
        cells.append(_percent(ref.errors.rate))
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
    if output.is_file():
        current = output.read_text(encoding="utf-8")
        start, end = current.find(START_MARK), current.find(END_MARK)
        if start != -1 and end > start:
            updated = current[:start] + section.rstrip("\n") + current[end + len(END_MARK) :]
        else:
            updated = current.rstrip("\n") + "\n\n" + section
    else:
        updated = "# Benchmarks\n\n" + section
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(updated if updated.endswith("\n") else updated + "\n", encoding="utf-8")


# -- the command ---------------------------------------------------------------


def _load_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        files: dict[str, dict[str, Any]] = data["files"]
        return files
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def run_bench(
    folder: str | Path,
    *,
    engines: Sequence[str] | None = None,
    model: str | None = None,
    output: str | Path | None = None,
) -> int:
    """Measure, write the report section, print a summary; 0 on success."""
    began = time.perf_counter()
    try:
        directory = Path(folder)
        pairs = find_pairs(directory)
        chosen, notes = choose_engines(engines, model)
        for note in notes:
            print(f"Note: {note}")
        if not chosen:
            raise BenchError("No engine can be measured here; see the note above.")
        wavs = [wav for wav, _text in pairs]
        transcripts = {str(wav): text.read_text(encoding="utf-8") for wav, text in pairs}
        seconds = _audio_seconds(wavs)
        print(
            f"Benchmarking {len(wavs)} files ({seconds:.0f} s of audio) with "
            f"{', '.join(chosen)}; each engine runs in real time, so this takes about "
            f"{(seconds * len(chosen) + 0.3 * seconds + 20) / 60:.0f} minutes."
        )
        print("Reference: offline faster-whisper on each whole file...")
        reference_data = _run_worker(["reference"], wavs)
        reference = reference_result(reference_data, transcripts)
        results = []
        for engine in chosen:
            print(f"{engine}: live captions, paced in real time...")
            arguments = ["stream", "--engine", engine]
            if model and engine == "vosk":
                arguments += ["--model", model]
            data = _run_worker(arguments, wavs)
            results.append(stream_result(data, transcripts, reference_data))
    except BenchError as error:
        print(error, file=sys.stderr)
        return 2
    runtime = time.perf_counter() - began
    section = render(results, reference, notes, _load_manifest(directory), directory, runtime)
    target = Path(output) if output else DEFAULT_OUTPUT
    write_section(target, section)
    _print_summary(results, reference, target, runtime)
    return 0


def _audio_seconds(wavs: Sequence[Path]) -> float:
    from companion.audio.wavfile import WavSource

    total = 0.0
    for wav in wavs:
        source = WavSource(wav)
        try:
            source.open()
            total += source.duration or 0.0
        except Exception as error:  # any reading problem is reported as a sentence
            raise BenchError(f"'{wav.name}' cannot be read as a WAV file ({error}).") from None
        finally:
            source.close()
    return total


def _print_summary(
    results: Sequence[EngineResult], reference: EngineResult, target: Path, runtime: float
) -> None:
    for result in results:
        first, final = result.latencies("first"), result.latencies("final")
        print(
            f"{result.engine}: WER {_percent(result.errors.rate)}, latency first shown "
            f"p50 {percentile(first, 50):.2f} s / p95 {percentile(first, 95):.2f} s, final "
            f"p50 {percentile(final, 50):.2f} s / p95 {percentile(final, 95):.2f} s, "
            f"RTF {result.rtf:.3f}, peak memory {result.peak_memory_mb:.0f} MB, ready after "
            f"{result.ready_after_start:.2f} s"
        )
    print(
        f"reference (offline faster-whisper): WER {_percent(reference.errors.rate)}, "
        f"RTF {reference.rtf:.3f}, peak memory {reference.peak_memory_mb:.0f} MB"
    )
    print(f"Report written to {target} in {runtime / 60:.1f} minutes.")
