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

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from companion.bench.latency import ShownCaption, TimedWord, percentile, word_latencies
from companion.bench.models_report import ModelRun, render_models
from companion.bench.report import (
    DEFAULT_OUTPUT,
    CpuMeter,
    EngineResult,
    FileResult,
    percent,
    write_section,
)
from companion.bench.wer import word_errors


class BenchError(Exception):
    """The benchmark cannot run; the message is one sentence saying why and what to do."""


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
    output: str | Path | None = None,
    models: Sequence[str] | None = None,
) -> int:
    """Measure, write the report section, print a summary; 0 on success.

    Each whisper model in ``models`` (default: tiny.en, and whisper-base and
    tiny.en partials with base finals when base is installed) is measured
    offline and streaming in the same run. ``glossary.txt`` and
    ``roster.txt`` in ``folder`` bias both, as the app does.
    """
    began = time.perf_counter()
    cpu = CpuMeter()
    try:
        directory = Path(folder)
        pairs = find_pairs(directory)
        wavs = [wav for wav, _text in pairs]
        transcripts = _transcripts(pairs)
        seconds = _audio_seconds(wavs)
        wanted = _models(models)
        bias: list[str] = []
        for option, name in (("--glossary", "glossary.txt"), ("--names", "roster.txt")):
            if (directory / name).is_file():
                bias += [option, str(directory / name)]
        print(
            f"Benchmarking {len(wavs)} files ({seconds:.0f} s of audio) with "
            f"{', '.join(wanted)}; each model captions in real time, so this takes about "
            f"{(seconds * (len(wanted) * 1.15) + 60) / 60:.0f} minutes."
        )
        runs: list[ModelRun] = []
        by_name = {str(wav): wav.name for wav in wavs}
        named = {by_name[k]: v for k, v in transcripts.items()}
        offline_by_model: dict[str, dict[str, Any]] = {}
        for name in wanted:
            engine = _engine_of(name)
            # tiny.en+whisper-base: base writes the finals. vosk has no offline decode:
            # tiny.en's gives the word times its latency is measured from.
            finals_model = "tiny.en" if engine == "vosk" else name.split("+")[-1]
            if finals_model not in offline_by_model:
                print(f"{finals_model}: offline, each whole file at once...")
                offline_by_model[finals_model] = _run_worker(
                    ["reference", "--model", finals_model, *bias], wavs
                )
            offline_data = offline_by_model[finals_model]
            print(f"{name}: live captions, paced in real time...")
            arguments = ["stream", "--engine", engine, "--model", name, *bias]
            data = _run_worker(arguments, wavs)
            _say_gaps(name, data)
            offline = reference_result(offline_data, transcripts)
            offline = replace(offline, model=name)
            stream = replace(stream_result(data, transcripts, offline_data), model=name)
            captions = {Path(f["path"]).name: f["captions"] for f in data["files"]}
            label = f"vosk {Path(name).name}" if engine == "vosk" else name
            runs.append(
                ModelRun(label, offline, stream, captions, named, has_offline=engine != "vosk")
            )
        auto = _auto_line()
    except BenchError as error:
        print(error, file=sys.stderr)
        return 2
    runtime = time.perf_counter() - began
    manifest = _load_manifest(directory)
    others = cpu.others_cores()
    section = render_models(runs, manifest, directory, runtime, others, auto)
    target = Path(output) if output else DEFAULT_OUTPUT
    write_section(target, section)
    for run in runs:
        _print_summary([run.stream], run.offline, target, runtime, others)
    return 0


def _say_gaps(name: str, data: dict[str, Any]) -> None:
    """Live captions skip audio when decoding falls more than a bound behind (#10); the
    figures of such a run count those words as missing, so say so where it is seen."""
    gaps = [end - start for f in data["files"] for start, end in f.get("gaps", [])]
    if gaps:
        plural = "s" * (len(gaps) != 1)
        print(
            f"{name}: {sum(gaps):.0f} s of audio went uncaptioned in {len(gaps)} gap{plural}: "
            "this machine fell behind; run again on a quieter machine.",
            file=sys.stderr,
        )


def _models(models: Sequence[str] | None) -> list[str]:
    from companion.speech.models import installed_whisper_base

    if models:
        return list(dict.fromkeys(models))
    found = ["tiny.en"]
    if installed_whisper_base() is not None:
        found += ["whisper-base", "tiny.en+whisper-base"]
    return found


def _engine_of(model: str) -> str:
    """ "vosk" when ``model`` names a vosk model (a folder or an installed name), else
    "whisper"; raises BenchError for a name that is neither."""
    from companion.errors import CompanionError
    from companion.speech.factory import resolve_engine

    try:
        engine, _folder = resolve_engine("auto", model)
    except CompanionError as error:
        raise BenchError(str(error)) from None
    return engine


def _auto_line() -> str:
    from companion.speech.factory import auto_whisper_choice

    choice = auto_whisper_choice()
    return f"{choice.model} ({choice.reason})."


def _transcripts(pairs: Sequence[tuple[Path, Path]]) -> dict[str, str]:
    texts = {}
    for wav, text in pairs:
        try:
            texts[str(wav)] = text.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BenchError(
                f"The transcript '{text.name}' cannot be read as UTF-8 text ({error})."
            ) from None
    return texts


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
    results: Sequence[EngineResult],
    reference: EngineResult,
    target: Path,
    runtime: float,
    others: float | None,
) -> None:
    for result in results:
        first, final = result.latencies("first"), result.latencies("final")
        print(
            f"{result.engine}: WER {percent(result.errors.rate)}, latency first shown "
            f"p50 {percentile(first, 50):.2f} s / p95 {percentile(first, 95):.2f} s, final "
            f"p50 {percentile(final, 50):.2f} s / p95 {percentile(final, 95):.2f} s, "
            f"RTF {result.rtf:.3f}, peak memory {result.peak_memory_mb:.0f} MB, ready after "
            f"{result.ready_after_start:.2f} s"
        )
    print(
        f"reference (offline faster-whisper): WER {percent(reference.errors.rate)}, "
        f"RTF {reference.rtf:.3f}, peak memory {reference.peak_memory_mb:.0f} MB"
    )
    print(f"Report written to {target} in {runtime / 60:.1f} minutes.")
    if others is not None and others >= 0.2:
        print(
            f"Caution: other processes kept {others:.1f} of the cores busy during the run, "
            "which slows decoding; timings may be worse than on an idle machine."
        )
