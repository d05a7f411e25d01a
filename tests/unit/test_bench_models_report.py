"""The captions benchmark page says where latency and flicker are missed, per kind of speech."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from companion.bench.latency import WordLatency
from companion.bench.models_report import ModelRun, render_models
from companion.bench.report import EngineResult, FileResult
from companion.bench.wer import NO_ERRORS


def _file(name: str, first: float, final: float) -> FileResult:
    words = [WordLatency("word", 1.0 + i, first, final) for i in range(4)]
    return FileResult(name, 10.0, 2.0, NO_ERRORS, "word word word word", words)


def _engine(files: list[FileResult]) -> EngineResult:
    return EngineResult("whisper", "tiny.en", files, 1.0, 1.0, 0.5, 400.0)


def _caption(kind: str, *words: str) -> dict[str, Any]:
    return {"kind": kind, "words": [[w, i * 0.4, i * 0.4 + 0.3] for i, w in enumerate(words)]}


def test_latency_and_flicker_rows_split_real_synthetic_and_names_speech() -> None:
    manifest = {
        "dev-1.wav": {"set": "real"},
        "espeak-1.wav": {"set": "synthetic"},
        "names-1.wav": {"set": "names", "terms": ["ICB"]},
    }
    files = [_file("dev-1.wav", 0.5, 2.0), _file("espeak-1.wav", 1.5, 3.5)]
    files.append(_file("names-1.wav", 2.5, 4.5))
    steady = [_caption("partial", "one", "two"), _caption("final", "one", "two")]
    flickers = [_caption("partial", "won", "two"), _caption("final", "one", "two")]
    run = ModelRun(
        "tiny.en",
        offline=_engine(files),
        stream=_engine(files),
        captions={"dev-1.wav": steady, "espeak-1.wav": steady, "names-1.wav": flickers},
        transcripts={f.name: f.text for f in files},
    )
    page = render_models([run], manifest, Path("bench/corpus"), 60.0, None, "tiny.en")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in page.splitlines()}
    names = "real / synthetic / names and plain sentences"
    assert "| — | 0.50 / 1.50 / 2.50 |" in rows[f"first shown p95 (s), {names}"]
    assert "| — | 2.00 / 3.50 / 4.50 |" in rows[f"final p95 (s), {names}"]
    assert "| — | 0.0 % / 0.0 % / 50.0 % |" in rows[f"shown words later changed, {names}"]
    # The whole set's figure stays beside the target.
    assert "| — | 16.7 % | ≤ 10 % |" in rows["shown words later changed"]
