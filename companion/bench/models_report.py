"""The captions benchmark page: each whisper model offline and streaming, side by side.

Rows are the figures the targets name (docs/DESIGN "Performance targets"),
word error rate kept apart for real recordings, synthetic speech and the
names set; columns are each model decoding whole files offline and the same
model captioning them live.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.bench.flicker import changed_words
from companion.bench.latency import percentile
from companion.bench.page import markers
from companion.bench.report import EngineResult, machine, percent
from companion.bench.terms import invented_terms, terms_right
from companion.bench.wer import NO_ERRORS, WordErrors

SETS = (
    ("real", "WER, real recordings"),
    ("synthetic", "WER, synthetic speech (espeak-ng passages and samples)"),
    ("names", "WER, names-and-acronyms sentences"),
    ("plain", "WER, sentences without terms"),
)
TARGETS = {
    "first_p95": 1.0,
    "final_p95": 3.0,
    "changed": 0.10,
    "wer_gap": 0.005,
    "rtf_tiny": 0.3,
    "rtf_auto": 0.6,
    "memory": 600.0,
}


@dataclass(frozen=True)
class ModelRun:
    """One model through the whole set, offline and streaming."""

    model: str
    offline: EngineResult
    stream: EngineResult
    captions: dict[str, list[dict[str, Any]]]  # file name -> the stream's caption events
    transcripts: dict[str, str]  # file name -> reference text
    # False for vosk: it has no offline mode here, so ``offline`` is tiny.en's decode,
    # kept only for the word times latency is measured from, and its cells show "—".
    has_offline: bool = True

    def off(self, text: str) -> str:
        """An offline cell: the figure, or "—" when the model has no offline decode."""
        return text if self.has_offline else "—"

    def wer(self, result: EngineResult, kind: str, manifest: dict[str, dict[str, Any]]) -> str:
        total: WordErrors = NO_ERRORS
        for file in result.files:
            if manifest.get(file.name, {}).get("set") == kind:
                total = total + file.errors
        return percent(total.rate) if total.reference_words else "—"

    def real_gap(self, manifest: dict[str, dict[str, Any]]) -> float:
        rates = []
        for result in (self.offline, self.stream):
            total: WordErrors = NO_ERRORS
            for file in result.files:
                if manifest.get(file.name, {}).get("set") == "real":
                    total = total + file.errors
            rates.append(total.rate)
        return rates[1] - rates[0]

    def terms(self, result: EngineResult, manifest: dict[str, dict[str, Any]]) -> str:
        terms = sorted({t for f in manifest.values() for t in f.get("terms", [])})
        right = said = invented = 0
        for file in result.files:
            kind = manifest.get(file.name, {}).get("set")
            reference = self.transcripts[file.name]
            if kind == "names":
                r, s = terms_right(reference, file.text, terms)
                right, said = right + r, said + s
            elif kind == "plain":
                invented += invented_terms(reference, file.text, terms)
        if not said:
            return "—"
        share = 12 * right / said
        return f"{right}/{said} (≈ {share:.1f} of 12); {invented} invented"

    def changed(self, only: Container[str] | None = None) -> float:
        """The share of shown words later changed (of the files in ``only`` when given)."""
        changed = shown = 0
        for name, captions in self.captions.items():
            if only is not None and name not in only:
                continue
            c, s = changed_words(captions)
            changed, shown = changed + c, shown + s
        return changed / shown if shown else 0.0


# Where the latency and flicker targets are missed: the same figures per kind of speech.
PER_SET = (("real",), ("synthetic",), ("names", "plain"))


def _per_set_rows(runs: Sequence[ModelRun], manifest: dict[str, dict[str, Any]]) -> list[list[str]]:
    """First shown p95, final p95 and words changed for real / synthetic / names speech."""
    files = [{n for n, f in manifest.items() if f.get("set") in kinds} for kinds in PER_SET]
    label = "real / synthetic / names and plain sentences"
    figures: list[tuple[str, Callable[[ModelRun, set[str]], str]]] = [
        ("first shown p95 (s)", lambda run, only: _p(run.stream.latencies("first", only), 95)),
        ("final p95 (s)", lambda run, only: _p(run.stream.latencies("final", only), 95)),
        ("shown words later changed", lambda run, only: percent(run.changed(only))),
    ]
    return [
        [f"{what}, {label}"]
        + [x for run in runs for x in ("—", " / ".join(figure(run, only) for only in files))]
        + [""]
        for what, figure in figures
    ]


def _p(values: list[float], q: float) -> str:
    return f"{percentile(values, q):.2f}" if values else "—"


def render_models(
    runs: Sequence[ModelRun],
    manifest: dict[str, dict[str, Any]],
    directory: Path,
    runtime: float,
    others: float | None,
    auto: str,
    notes: Sequence[str] = (),
) -> str:
    """The benchmark section as Markdown."""
    info = machine()
    start_mark, end_mark = markers("captions")
    lines = [
        start_mark,
        "## Live captions: whisper models offline and streaming (#10)",
        "",
        f"Measured on {info['cpu']}, {info['cores']} cores, {info['ram']} RAM; "
        f"{info['os']}, Python {info['python']}; {info['packages']}. "
        f"{len(runs[0].stream.files) if runs else 0} files from `{directory}`, "
        f"{runs[0].stream.audio_seconds if runs else 0:.0f} s of audio; run took "
        f"{runtime / 60:.1f} minutes.",
        "",
        f"`auto` on this machine: {auto}",
        "",
    ]
    if others is not None and others >= 0.2:
        lines += [
            f"Caution: other processes kept {others:.1f} cores busy during the run; "
            "timings are worse than on an idle machine.",
            "",
        ]
    lines += [f"Note: {n}" for n in notes]
    header = ["figure"]
    for run in runs:
        header += [f"{run.model} offline", f"{run.model} streaming"]
    header.append("target")
    rows: list[list[str]] = []
    for kind, label in SETS:
        row = [label]
        for run in runs:
            row += [
                run.off(run.wer(run.offline, kind, manifest)),
                run.wer(run.stream, kind, manifest),
            ]
        target = "streaming ≤ offline + 0.5 points; ≤ 4 % with auto" if kind == "real" else ""
        rows.append([*row, target])
    rows.append(
        ["streaming − offline, real recordings"]
        + [x for run in runs for x in ("", run.off(f"{100 * run.real_gap(manifest):+.1f} points"))]
        + ["≤ +0.5 points"]
    )
    rows.append(
        ["glossary terms and names right (names set); invented on plain speech"]
        + [
            x
            for run in runs
            for x in (run.off(run.terms(run.offline, manifest)), run.terms(run.stream, manifest))
        ]
        + ["≥ 11 of 12; 0 invented"]
    )
    for which, label, target in (
        ("first", "word end → first shown, p50 / p95 (s)", "p95 ≤ 1.0 s"),
        ("final", "word end → final, every word, p50 / p95 (s)", "p95 ≤ 3.0 s"),
    ):
        row = [label]
        for run in runs:
            values = run.stream.latencies(which)
            row += ["—", f"{_p(values, 50)} / {_p(values, 95)}"]
        rows.append([*row, target])
    rows.append(
        ["shown words later changed"]
        + [x for run in runs for x in ("—", percent(run.changed()))]
        + ["≤ 10 %"]
    )
    rows += _per_set_rows(runs, manifest)
    rows.append(
        ["real-time factor (decoding time / audio time)"]
        + [x for run in runs for x in (run.off(f"{run.offline.rtf:.3f}"), f"{run.stream.rtf:.3f}")]
        + ["≤ 0.3 tiny.en; ≤ 0.6 auto"]
    )
    rows.append(
        ["peak memory of the process (MB)"]
        + [
            x
            for run in runs
            for x in (
                run.off(f"{run.offline.peak_memory_mb:.0f}"),
                f"{run.stream.peak_memory_mb:.0f}",
            )
        ]
        + ["≤ 600 MB"]
    )
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines += [
        "",
        "How it is measured: every file is captioned live, paced in real time, one "
        "process per model (`companion bench captions DIR`); latency is from each word's "
        "end in the same model's offline decode to the first caption showing it and to "
        "the final holding it. Offline is faster-whisper on the whole file (beam 5, no "
        "prompt), its text then re-spelled by the glossary (`glossary.txt` in DIR) and "
        "the roster names (`roster.txt`): what re-spelling alone does. Streaming also "
        "gives whisper those words to listen for, as the app does. Terms right counts "
        "each said glossary term or name "
        "written exactly; the names set is spoken by three espeak-ng voices, so its "
        "total is scaled to 12. Medians of the per-file WER are in the per-file lists "
        "the command prints.",
        end_mark,
        "",
    ]
    return "\n".join(lines)
