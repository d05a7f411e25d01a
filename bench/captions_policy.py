"""Compare whisper streaming policies quickly, without waiting for real time.

    .venv/bin/python bench/captions_policy.py [--reference R.json] [--only NAME] \
        '{"lookahead": 0.6}' '{"lookahead": 0.8, "budget": 100}' ...

``--by-confidence`` also prints the shown words, and how many were later
changed, by the probability whisper gave them (bench/changed_by_confidence.py).

Each argument is a ``Policy`` (companion/speech/whisper_engine.py) as JSON.
Every file of bench/corpus is fed as fast as the engine takes it, with a
virtual clock that advances by the real compute time of each block, as one
caption worker would in a live call; the figures are those of the real
benchmark (word error rate of finals, latency to first shown and to final
against the offline reference, real-time factor). It takes about half the
audio's length per policy instead of all of it.

Pass timing follows measured decode cost, so two runs of one policy differ by
about a point of word error rate; give ``"budget": 100`` to fix the passes at
``step`` and make runs repeatable when comparing policies. Confirm the chosen
one with bench/run_captions.sh, which writes docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.changed_by_confidence import BINS, report, tally
from companion.audio.wavfile import read_wav
from companion.bench.captions import BenchError, find_pairs, stream_result
from companion.bench.flicker import changed_at_final, changed_by_final, changed_words
from companion.bench.latency import percentile
from companion.bench.terms import invented_terms, terms_right
from companion.bench.worker import _biasing
from companion.errors import CompanionError
from companion.speech.factory import resolve_engine
from companion.speech.whisper_decoder import FasterWhisperDecoder
from companion.speech.whisper_engine import Policy, WhisperEngine, embedded_model_path

BLOCK = 1600  # 0.1 s of 16 kHz audio, as the live sources deliver it
# A greedy partial pass costs about this share of a beam-3 one: medians 0.094-0.120 s
# against 0.142 s (docs/benchmarks.md, "Why words come late", 2026-11-30).
GREEDY_SHARE = 0.75


@dataclass
class Ledger:
    """What the modeled decoders spent, shared by the partials' greedy copy and finals."""

    spent: float = 0.0  # modeled seconds of decoding so far
    real: float = 0.0  # real seconds the decodes took (a forced prefix writes fewer tokens)
    scoring: list[float] = field(default_factory=list)  # real seconds of each term check


class ModeledDecoder:
    """A decoder whose passes cost modeled time: ``per_pass`` plus ``per_second`` of
    window, whatever else the machine is doing, so latencies repeat run to run.
    ``with_beam`` gives the engine its greedy partials on the same model, as in the
    app, at ``GREEDY_SHARE`` of a pass's modeled cost."""

    def __init__(
        self,
        decoder: FasterWhisperDecoder,
        per_pass: float,
        per_second: float,
        ledger: Ledger | None = None,
    ) -> None:
        self._decoder = decoder
        self._per_pass, self._per_second = per_pass, per_second
        self.ledger = ledger or Ledger()
        self.multilingual = decoder.multilingual  # the prompt follows the model's (whisper_prompt)

    def with_beam(self, beam: int) -> ModeledDecoder:
        share = GREEDY_SHARE if beam == 1 else 1.0
        return ModeledDecoder(
            self._decoder.with_beam(beam),
            self._per_pass * share,
            self._per_second * share,
            self.ledger,
        )

    def decode(self, audio: Any, **kwargs: Any) -> Any:
        self.ledger.spent += self._per_pass + self._per_second * len(audio) / 16_000
        began = time.perf_counter()
        words = self._decoder.decode(audio, **kwargs)
        self.ledger.real += time.perf_counter() - began
        return words

    def score(self, texts: Any, **kwargs: Any) -> list[float]:
        """Term checks (companion/speech/term_check) on finals, at their real cost."""
        began = time.perf_counter()
        scores = self._decoder.score(texts, **kwargs)
        spent = time.perf_counter() - began
        self.ledger.spent += spent
        self.ledger.scoring.append(spent)
        return scores

    def now(self) -> float:
        return self.ledger.spent


def policy_of(spec: str) -> Policy:
    """The ``Policy`` a JSON argument gives; exits with a sentence, not a traceback, when
    it is not JSON or names a field the policy has not (or no longer has: measuring
    switches not adopted are removed, docs/benchmarks.md "Measuring switches removed")."""
    try:
        fields = json.loads(spec)
    except json.JSONDecodeError as error:
        raise SystemExit(f"{spec}: not a policy as JSON ({error}).") from None
    if not isinstance(fields, dict):
        raise SystemExit(f'{spec}: a policy is a JSON object, such as {{"budget": 100}}.')
    unknown = sorted(set(fields) - {f.name for f in dataclasses.fields(Policy)})
    if unknown:
        raise SystemExit(
            f"{spec}: the policy has no {', '.join(unknown)}; its fields are in "
            "companion/speech/whisper_policy.py."
        )
    return Policy(**fields)


def caption_file(
    engine: WhisperEngine, wav: Path, modeled: ModeledDecoder | None = None
) -> dict[str, Any]:
    """One file through the engine on a virtual clock: the worker's view of a live call."""
    audio = read_wav(wav)
    engine.reset()
    clock = busy = 0.0
    captions: list[dict[str, Any]] = []

    def timed(step: Any) -> None:
        nonlocal clock, busy
        began = modeled.now() if modeled else time.perf_counter()
        out = step()
        spent = (modeled.now() if modeled else time.perf_counter()) - began
        clock, busy = clock + spent, busy + spent
        for caption in out:
            captions.append(
                {
                    "kind": caption.kind,
                    "text": caption.text,
                    "shown_at": clock,
                    "words": [[w.text, w.start, w.end, w.confidence] for w in caption.words],
                    "start": caption.start,
                    "end": caption.end,
                }
            )

    for at in range(0, len(audio), BLOCK):
        clock = max(clock, (at + BLOCK) / 16_000)  # the block arrives in real time
        timed(lambda at=at: engine.accept(audio[at : at + BLOCK]))
    timed(engine.finish)
    return {
        "path": str(wav),
        "captions": captions,
        "audio_seconds": len(audio) / 16_000,
        "decode_seconds": busy,
    }


def cost_of(text: str) -> tuple[float, float]:
    """``--cost PASS,PER_SECOND`` as two seconds figures (argparse says what is wrong)."""
    try:
        per_pass, per_second = (float(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give two numbers of seconds, PASS,PER_SECOND, such as 0.06,0.02"
        ) from None
    if per_pass < 0 or per_second < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a cost is 0 s or more")
    return per_pass, per_second


def said_plainly(main: Callable[[], int]) -> int:
    """Run ``main``; a corpus, model or glossary the bench cannot use exits with its
    sentence (status 2), not a traceback."""
    try:
        return main()
    except (BenchError, CompanionError) as error:
        print(error, file=sys.stderr)
        return 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("policies", nargs="*", default=["{}"], help="Policy fields as JSON")
    parser.add_argument("--corpus", type=Path, default=Path("bench/corpus"))
    parser.add_argument("--reference", type=Path, default=Path("bench/corpus/reference.json"))
    parser.add_argument("--only", default="", help="only files whose name contains this")
    parser.add_argument("--glossary", type=Path, default=None, help="glossary.txt to use")
    parser.add_argument("--names", type=Path, default=None, help="'Name | say it like' lines")
    parser.add_argument("--model", default="tiny.en", help="tiny.en, whisper-base or a folder")
    parser.add_argument("--finals", action="store_true", help="print each file's final text")
    parser.add_argument(
        "--by-confidence",
        action="store_true",
        help="shown words, and how many were later changed, by whisper's probability",
    )
    parser.add_argument(
        "--cost",
        type=cost_of,
        default=None,
        help="PASS,PER_SECOND: model each decode's cost (seconds) instead of timing it, so "
        "latency figures repeat on a busy machine (tiny.en on 2 idle cores: 0.03,0.012)",
    )
    args = parser.parse_args()
    policies = {spec: policy_of(spec) for spec in args.policies}  # before a model loads
    wanted = args.only.split(",")
    pairs = [p for p in find_pairs(args.corpus) if any(w in p[0].name for w in wanted)]
    wavs = [wav for wav, _text in pairs]
    if not args.reference.exists():
        print(f"Decoding the offline reference once into {args.reference}...", file=sys.stderr)
        worker = [sys.executable, "-m", "companion.bench.worker", "reference"]
        all_wavs = [str(wav) for wav, _text in find_pairs(args.corpus)]
        subprocess.run([*worker, "--out", str(args.reference), *all_wavs], check=True)
    reference = json.loads(args.reference.read_text(encoding="utf-8"))
    by_name = {Path(f["path"]).name: f for f in reference["files"]}
    reference["files"] = [{**by_name[wav.name], "path": str(wav)} for wav in wavs]
    transcripts = {str(wav): text.read_text(encoding="utf-8") for wav, text in pairs}
    _engine, folder = resolve_engine("whisper", args.model)
    decoder: Any = FasterWhisperDecoder(folder or embedded_model_path())  # loaded once for all
    modeled = None
    if args.cost:
        per_pass, per_second = args.cost
        decoder = modeled = ModeledDecoder(decoder, per_pass, per_second)
    glossary, vocabulary = _biasing(args.glossary, args.names)
    manifest = json.loads((args.corpus / "manifest.json").read_text(encoding="utf-8"))["files"]
    terms = sorted({t for f in manifest.values() for t in f.get("terms", [])})
    # Invented counts the twelve terms; a first name ("Priya") or a glossary acronym ("NHS")
    # written where none was said is an invention too: counted apart, to keep the figure.
    every = sorted({*terms, *glossary.terms(), *vocabulary.terms})
    for spec, policy in policies.items():
        engine = WhisperEngine(
            glossary=glossary,
            decoder=decoder,
            policy=policy,
            **({"clock": modeled.now} if modeled else {}),
        )
        engine.set_vocabulary(vocabulary.terms, vocabulary.heard)
        files = [caption_file(engine, wav, modeled) for wav in wavs]
        data = {"engine": "whisper", "files": files, "peak_memory_mb": 0.0}
        result = stream_result(data, transcripts, reference)
        first, final = result.latencies("first"), result.latencies("final")
        print(
            f"{spec}: WER {result.errors.rate:.1%} (median {result.median('wer'):.1%}), "
            f"first shown p50/p95 {percentile(first, 50):.2f}/{percentile(first, 95):.2f} s, "
            f"final p50/p95 {percentile(final, 50):.2f}/{percentile(final, 95):.2f} s, "
            f"RTF {result.rtf:.3f}"
        )
        changed = shown = 0
        for file in files:
            c, n = changed_words(file["captions"])
            changed, shown = changed + c, shown + n
        print(f"    shown words later changed {changed}/{shown}, decodes {engine.decodes}")
        at_final = sum(changed_at_final(file["captions"]) for file in files)
        print(
            f"    ...changed by a final {at_final}, between partials (or taken back) "
            f"{changed - at_final}"
        )
        by_final = [changed_by_final(file["captions"], spared=1) for file in files]
        print(
            "    words on screen at a final, less the last 1, that it changed "
            f"{sum(c for c, _ in by_final)}/{sum(n for _, n in by_final)}"
        )
        if modeled:
            audio = sum(file["audio_seconds"] for file in files)
            real = modeled.ledger.real
            print(f"    real decode seconds {real:.1f} (RTF {real / audio:.3f})")
            modeled.ledger.real = 0.0
        if args.by_confidence:
            counts = [[0, 0] for _ in BINS[:-1]]
            for file in files:
                tally(file["captions"], counts)
            print(report(counts))
        for file in files if args.finals else []:
            finals = [c["text"] for c in file["captions"] if c["kind"] == "final"]
            print(f"    {Path(file['path']).name}: {' | '.join(finals)}")
        right = said = 0
        invented = {"plain": 0, "real": 0}  # terms written where none was said
        any_name = {"plain": 0, "real": 0}  # ...or any glossary word or roster name
        for file in result.files:
            kind = manifest.get(file.name, {}).get("set")
            reference_text = transcripts[str(args.corpus / file.name)]
            if kind == "names":
                r, s = terms_right(reference_text, file.text, terms)
                right, said = right + r, said + s
            elif kind in invented:
                invented[kind] += invented_terms(reference_text, file.text, terms)
                any_name[kind] += invented_terms(reference_text, file.text, every)
        print(
            f"    terms right {right}/{said}, invented on plain speech {invented['plain']}, "
            f"on real speech {invented['real']} (any glossary word or roster name: "
            f"{any_name['plain']}, {any_name['real']})"
        )
        if modeled and modeled.ledger.scoring:
            checks = sorted(modeled.ledger.scoring)
            print(
                f"    term checks {len(checks)}, seconds each p50/p95/max "
                f"{percentile(checks, 50):.3f}/{percentile(checks, 95):.3f}/{checks[-1]:.3f}"
            )
            modeled.ledger.scoring.clear()
    return 0


if __name__ == "__main__":
    sys.exit(said_plainly(main))
