"""Why captions come late: every late word of a policy-bench run, by cause.

    .venv/bin/python bench/latency_causes.py --only dev-,pocketsphinx \
        --glossary bench/corpus/glossary.txt --names bench/corpus/roster.txt '{}'

Runs the corpus through the whisper engine as bench/captions_policy.py does
without ``--cost`` (real decode times on a virtual clock: each block arrives
in real time, the engine takes it when it is free), records every partial
and final pass (audio heard, when it began and ended, whisper calls and term
checks inside it), and sorts each reference word first shown more than
``--first`` seconds after it ended, or final more than ``--final`` seconds
after, by the part of its delay that was largest:

* first shown: waiting for the phrase's first pass (``FIRST_PASS``), waiting
  for the next pass after a slow one (pacing), the engine busy with an
  earlier final or partial (a backlog), the pass's own cost, held by the
  pass that heard it (last word or unsure tail) until a later pass or the
  final, or shown first by the final itself;
* final: the phrase still going on (the word early in a long phrase), the
  engine busy with something else, or the final's own decode (and its
  second decode, the rest decoded on its own, the names check).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.captions_policy import BLOCK, policy_of
from companion.audio.source import SAMPLE_RATE
from companion.audio.wavfile import read_wav
from companion.bench.captions import find_pairs, stream_result
from companion.bench.flicker import changed_words
from companion.bench.latency import percentile
from companion.bench.worker import _biasing
from companion.events import Caption
from companion.speech.factory import resolve_engine
from companion.speech.whisper_decoder import FasterWhisperDecoder
from companion.speech.whisper_engine import WhisperEngine, embedded_model_path


class VirtualClock:
    """Seconds since the file began, as the caption worker lives them."""

    def __init__(self) -> None:
        self.base = 0.0
        self.began = time.perf_counter()

    def step(self, at: float) -> None:
        self.base, self.began = at, time.perf_counter()

    def now(self) -> float:
        return self.base + time.perf_counter() - self.began


@dataclass
class Pass:
    """One partial or final pass: what it heard and when it ran."""

    kind: str  # "partial" or "final"
    heard: float  # audio seconds fed when it began
    began: float
    ended: float = 0.0
    whisper: int = 0  # whisper calls inside (a decode may be two: the rest of a phrase)
    decodes: int = 0  # decodes (a final decoded again without the terms: two)
    scores: int = 0  # texts scored by the names check
    scoring: float = 0.0  # seconds of it
    decode_times: list[float] = field(default_factory=list)  # seconds of each decode
    wait: float = 0.0  # the engine's pacing wait after it
    first: bool = False  # the phrase's first partial pass
    shown: bool = False  # it showed a caption


@dataclass
class Trace:
    passes: list[Pass] = field(default_factory=list)
    current: Pass | None = None


def traced_engine(engine: WhisperEngine, clock: VirtualClock, trace: Trace) -> None:
    """Wrap the engine's passes and its decoder's calls to record them in ``trace``."""
    partial, final = engine._partial, engine._final

    def count(name: str, function: Any) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            out = function(*args, **kwargs)
            if trace.current is not None:
                setattr(trace.current, name, getattr(trace.current, name) + 1)
                if name == "scores":
                    trace.current.scoring += time.perf_counter() - began
                if name == "decodes":
                    trace.current.decode_times.append(time.perf_counter() - began)
            return out

        return wrapped

    def run(kind: str, function: Any) -> Any:
        def wrapped(*args: Any) -> list[Caption]:
            first = function == partial and not engine._last_heard
            record = Pass(kind, engine._fed / SAMPLE_RATE, clock.now(), first=first)
            trace.current = record
            out: list[Caption] = function(*args)
            record.ended, record.wait, record.shown = clock.now(), engine._pacing.wait, bool(out)
            if record.decodes:
                trace.passes.append(record)
            trace.current = None
            return out

        return wrapped

    for decoder in {id(d): d for d in (engine._decoder, engine._final_decoder)}.values():
        assert isinstance(decoder, FasterWhisperDecoder)
        once, decode, score = decoder._decode_once, decoder.decode, decoder.score
        decoder._decode_once = count("whisper", once)  # type: ignore[method-assign]
        decoder.decode = count("decodes", decode)  # type: ignore[method-assign]
        decoder.score = count("scores", score)  # type: ignore[method-assign]
    engine._partial = run("partial", partial)  # type: ignore[method-assign]
    engine._final = run("final", final)  # type: ignore[method-assign]


def caption_file(engine: WhisperEngine, wav: Path, trace: Trace) -> dict[str, Any]:
    audio = read_wav(wav)
    engine.reset()
    clock = VirtualClock()
    traced_engine(engine, clock, trace)
    at_clock = busy = 0.0
    captions: list[dict[str, Any]] = []

    def timed(step: Any) -> None:
        nonlocal at_clock, busy
        clock.step(at_clock)
        out = step()
        spent = clock.now() - at_clock
        at_clock, busy = at_clock + spent, busy + spent
        for c in out:
            words = [[w.text, w.start, w.end] for w in c.words]
            captions.append({"kind": c.kind, "text": c.text, "shown_at": at_clock, "words": words})
            captions[-1].update(start=c.start, end=c.end)

    for at in range(0, len(audio), BLOCK):
        at_clock = max(at_clock, (at + BLOCK) / SAMPLE_RATE)
        timed(lambda at=at: engine.accept(audio[at : at + BLOCK]))
    timed(engine.finish)
    del engine._partial, engine._final  # the class's own again, for the next file
    for used in (engine._decoder, engine._final_decoder):
        for name in ("_decode_once", "decode", "score"):
            vars(used).pop(name, None)
    return {"path": str(wav), "captions": captions, "audio_seconds": len(audio) / SAMPLE_RATE}


def first_cause(end: float, shown_at: float, kind: str, passes: list[Pass], step: float) -> str:
    """The largest part of a late first-shown word's delay."""
    heard = next((p for p in passes if p.heard >= end), None)
    if kind == "final":
        partials = [p for p in passes if p.kind == "partial" and p.heard >= end]
        if partials and partials[0].ended < shown_at - 0.01:
            return "held by a partial pass until the final showed it"
        return "shown first by its final (no partial pass heard it)"
    if heard is None:
        return "?"
    if shown_at > heard.ended + 0.01:
        later = next((p for p in passes if p.ended >= shown_at - 0.01), None)
        gap = (later.began - heard.ended) if later else 0.0
        if later is None or gap <= step + 0.15:
            return "held (last word or unsure tail) until the next pass"
        between = [p for p in passes if heard.ended <= p.began < later.began]
        if any(p.kind == "final" for p in between):
            return "held, next pass late: a final (cut) decoded between"
        if heard.wait > step + 0.05:
            return "held, next pass late: pacing wait after the pass (cost / budget)"
        if later.began - later.heard > 0.1:
            return "held, next pass late: backlog"
        return "held, next pass late: other"
    parts = {
        "waiting for the pass to be due": heard.heard - end,
        "engine busy (backlog)": heard.began - heard.heard,
        "the pass's own cost": heard.ended - heard.began,
    }
    worst = max(parts, key=lambda k: parts[k])
    if worst == "waiting for the pass to be due":
        before = [p for p in passes if p.ended <= heard.began and p.kind == "partial"]
        if heard.first:
            return "waiting for the phrase's first pass (FIRST_PASS)"
        if before and before[-1].wait > step + 0.05:
            return "pacing wait after a slow pass"
        return "waiting for the next pass (step)"
    if worst == "engine busy (backlog)":
        busy = [p for p in passes if p.began <= heard.heard <= p.ended]
        return f"engine busy with a {busy[-1].kind} pass" if busy else "engine busy"
    return "the pass's own cost"


def deferrable(final: Pass) -> float:
    """Seconds of a final that could come after its words are shown: the names check
    and the second decode without the terms."""
    return final.scoring + sum(final.decode_times[1:])


def final_cause(end: float, final: Pass | None) -> str:
    if final is None:
        return "?"
    parts = {
        "the phrase went on (word early in a long phrase)": final.heard - end,
        "engine busy (backlog)": final.began - final.heard,
        "the final's own decode": final.ended - final.began,
    }
    worst = max(parts, key=lambda k: parts[k])
    if worst == "the final's own decode":
        extra = []
        if final.decodes > 1:
            extra.append("decoded again without terms")
        if final.whisper > final.decodes:
            extra.append("rest decoded on its own")
        if final.scores:
            extra.append("names check")
        return f"{worst} ({', '.join(extra) or 'one decode'})"
    return worst


ON_TIME = "on time without the deferrable work"


def run_policy(
    spec: str,
    args: Any,
    pairs: Any,
    decoder: Any,
    glossary: Any,
    vocabulary: Any,
    transcripts: Any,
    reference: Any,
) -> None:
    policy = policy_of(spec)
    engine = WhisperEngine(glossary=glossary, decoder=decoder, policy=policy)
    engine.set_vocabulary(vocabulary.terms, vocabulary.heard)
    traces, files = [], []
    for wav, _text in pairs:
        trace = Trace()
        files.append(caption_file(engine, wav, trace))
        traces.append(trace.passes)
    changed = shown_words = 0
    for data in files:
        c, n = changed_words(data["captions"])
        changed, shown_words = changed + c, shown_words + n
    result = stream_result(
        {"engine": "whisper", "files": files, "peak_memory_mb": 0.0}, transcripts, reference
    )
    first_causes: Counter[str] = Counter()
    final_causes: Counter[str] = Counter()
    for file, data, passes in zip(result.files, files, traces, strict=True):
        shown = sorted((c["shown_at"], c["kind"]) for c in data["captions"])
        for word in file.latencies:
            if word.first_shown is not None and word.first_shown > args.first:
                at = word.end + word.first_shown
                kind = next((k for s, k in shown if abs(s - at) < 1e-6), "?")
                first_causes[first_cause(word.end, at, kind, passes, policy.step)] += 1
            if word.final is not None and word.final > args.final:
                at = word.end + word.final
                final = next(
                    (p for p in passes if p.kind == "final" and abs(p.ended - at) < 0.02), None
                )
                final_causes[final_cause(word.end, final)] += 1
                if final is not None and word.final - deferrable(final) <= args.final:
                    final_causes[ON_TIME] += 1
    first, final = result.latencies("first"), result.latencies("final")
    every = [p for passes in traces for p in passes]
    cost = sorted(p.ended - p.began for p in every if p.kind == "partial")
    fcost = sorted(p.ended - p.began for p in every if p.kind == "final")
    audio = sum(f["audio_seconds"] for f in files)
    print(
        f"policy {spec}: WER {result.errors.rate:.1%}, words {len(first)}, "
        f"shown words later changed {changed}/{shown_words} = {changed / shown_words:.1%}"
    )
    print(
        f"first shown p50/p95 {percentile(first, 50):.2f}/{percentile(first, 95):.2f} s; "
        f"final p50/p95 {percentile(final, 50):.2f}/{percentile(final, 95):.2f} s; "
        f"RTF {sum(cost + fcost) / audio:.3f}"
    )
    print(
        f"partial pass s p50/p95 {percentile(cost, 50):.3f}/{percentile(cost, 95):.3f} "
        f"({len(cost)}); final pass p50/p95 "
        f"{percentile(fcost, 50):.3f}/{percentile(fcost, 95):.3f} "
        f"({len(fcost)}); finals decoded twice {sum(p.decodes > 1 for p in every)}, "
        f"with the rest on its own {sum(p.whisper > p.decodes for p in every)}, "
        f"checked {sum(p.scores > 0 for p in every)}"
    )
    print(f"first shown > {args.first} s: {sum(first_causes.values())} words")
    for cause, n in first_causes.most_common():
        print(f"  {n:4d}  {cause}")
    on_time = final_causes.pop(ON_TIME, 0)
    print(
        f"final > {args.final} s: {sum(final_causes.values())} words ({on_time} on time without"
        " the names check and the second decode)"
    )
    for cause, n in final_causes.most_common():
        print(f"  {n:4d}  {cause}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("policies", nargs="*", default=["{}"], help="Policy fields as JSON")
    parser.add_argument("--corpus", type=Path, default=Path("bench/corpus"))
    parser.add_argument("--only", default="", help="only files whose name contains this")
    parser.add_argument("--glossary", type=Path, default=None)
    parser.add_argument("--names", type=Path, default=None)
    parser.add_argument("--first", type=float, default=1.0)
    parser.add_argument("--final", type=float, default=3.0)
    args = parser.parse_args()
    for spec in args.policies:  # every one checked before a model loads
        policy_of(spec)
    wanted = args.only.split(",")
    pairs = [p for p in find_pairs(args.corpus) if any(w in p[0].name for w in wanted)]
    reference = json.loads((args.corpus / "reference.json").read_text(encoding="utf-8"))
    by_name = {Path(f["path"]).name: f for f in reference["files"]}
    reference["files"] = [{**by_name[w.name], "path": str(w)} for w, _t in pairs]
    transcripts = {str(w): t.read_text(encoding="utf-8") for w, t in pairs}
    _engine, folder = resolve_engine("whisper", "tiny.en")
    decoder = FasterWhisperDecoder(folder or embedded_model_path())
    glossary, vocabulary = _biasing(args.glossary, args.names)
    for spec in args.policies:
        run_policy(spec, args, pairs, decoder, glossary, vocabulary, transcripts, reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
