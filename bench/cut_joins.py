"""Where two finals meet mid-sentence: how the captions read there, against the truth.

    PYTHONPATH=. .venv/bin/python bench/cut_joins.py --only dev-,pocketsphinx \
        --glossary bench/corpus/glossary.txt --names bench/corpus/roster.txt \
        --cost 0.06,0.02 '{"budget": 0.3}' [--json joins.json]

Each file of bench/corpus is captioned as bench/captions_policy.py does (same
modelled clock), and every place where a final ends without sentence
punctuation (as the command line and transcripts judge it) is listed: what
ended that final (a ``cut`` inside speech or a ``pause``), what the speaker
said there (the corpus .txt: ``continues``, no sentence ended and the next
word is lower case; ``sentence``, a sentence ended; ``capital``, the next word
is a name or "I"; or ``unaligned``) and whether the next final begins with a
``Capital`` or in ``lower`` case. "cut, continues, Capital" is a cut phrase
read as two sentences ("…in our own team Take a moment"); "sentence, lower" a
sentence end whisper wrote as a comma or nothing. The word error rate cannot
see any of this: it ignores case and punctuation. Measured with it, and the
repairs tried: docs/benchmarks.md, "Where a cut phrase's two finals meet".
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bench.captions_policy import ModeledDecoder, caption_file, cost_of, policy_of, said_plainly
from companion.bench.captions import find_pairs
from companion.bench.worker import _biasing
from companion.events import Caption
from companion.speech.factory import resolve_engine
from companion.speech.whisper_decoder import FasterWhisperDecoder
from companion.speech.whisper_engine import WhisperEngine, embedded_model_path
from companion.transcript import ends_sentence

OPENING = re.compile(r"^[\"'“‘(\[]*")  # quotes and brackets before a word's first letter


class CutRecording(WhisperEngine):
    """The whisper engine, noting for each final whether a cut inside speech ended it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.cuts: list[bool] = []
        super().__init__(*args, **kwargs)

    def _final(self, end: int) -> list[Caption]:
        cut = end < self._voice_end()
        out = super()._final(end)
        self.cuts.extend(cut for caption in out if caption.kind == "final")
        return out


def normal(token: str) -> str:
    return re.sub(r"[^\w']", "", token).casefold()


def case_of(word: str) -> str:
    letters = OPENING.sub("", word)
    return "Capital" if letters[:1].isupper() else "lower"


def truth_places(heard: list[str], said: list[str]) -> dict[int, int]:
    """Where each word of ``heard`` lies in ``said``, for the words the two share."""
    matcher = difflib.SequenceMatcher(
        None, [normal(t) for t in heard], [normal(t) for t in said], autojunk=False
    )
    places: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            places[block.a + k] = block.b + k
    return places


def verdict_at(said: list[str], j: int | None) -> str:
    """What the speaker said before word ``j`` of ``said``: see the module's docstring."""
    if j is None or j >= len(said):
        return "unaligned"
    if j > 0 and ends_sentence(said[j - 1]):
        return "sentence"
    if OPENING.sub("", said[j])[:1].isupper():
        return "capital"
    return "continues"


def joins(engine: CutRecording, finals: list[str], truth: str) -> list[dict[str, Any]]:
    """Every join of ``finals`` where the first of the two ends no sentence."""
    said = truth.split()
    heard: list[str] = []
    starts: list[int] = []  # index in ``heard`` of each final's first word
    for text in finals:
        starts.append(len(heard))
        heard.extend(text.split())
    places = truth_places(heard, said)
    found: list[dict[str, Any]] = []
    for index in range(1, len(finals)):
        before, after = finals[index - 1].split(), finals[index].split()
        if not before or not after or ends_sentence(before[-1]):
            continue
        at = starts[index]
        j = places.get(at, places[at - 1] + 1 if at - 1 in places else None)
        around = " ".join(said[max(0, j - 4) : j + 4]) if j is not None else ""
        found.append(
            {
                "ended_by": "cut" if engine.cuts[index - 1] else "pause",
                "verdict": verdict_at(said, j),
                "begins": case_of(after[0]),
                "heard": f"{' '.join(before[-4:])} | {' '.join(after[:4])}",
                "said": around,
            }
        )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("policy", nargs="?", default="{}", help="Policy fields as JSON")
    parser.add_argument("--corpus", type=Path, default=Path("bench/corpus"))
    parser.add_argument("--only", default="", help="only files whose name contains these")
    parser.add_argument("--glossary", type=Path, default=None)
    parser.add_argument("--names", type=Path, default=None)
    parser.add_argument("--model", default="tiny.en", help="tiny.en, whisper-base or a folder")
    parser.add_argument(
        "--cost", type=cost_of, default=None, help="PASS,PER_SECOND, as captions_policy.py"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write every join here")
    args = parser.parse_args()
    policy = policy_of(args.policy)
    wanted = args.only.split(",")
    pairs = [p for p in find_pairs(args.corpus) if any(w in p[0].name for w in wanted)]
    _engine, folder = resolve_engine("whisper", args.model)
    decoder: Any = FasterWhisperDecoder(folder or embedded_model_path())
    modeled = None
    if args.cost:
        per_pass, per_second = args.cost
        decoder = modeled = ModeledDecoder(decoder, per_pass, per_second)
    glossary, vocabulary = _biasing(args.glossary, args.names)
    engine = CutRecording(
        glossary=glossary,
        decoder=decoder,
        policy=policy,
        **({"clock": modeled.now} if modeled else {}),
    )
    engine.set_vocabulary(vocabulary.terms, vocabulary.heard)
    tally: Counter[tuple[str, ...]] = Counter()
    cut_finals = finals_seen = 0
    every: list[dict[str, Any]] = []
    for wav, text in pairs:
        engine.cuts = []
        captions = caption_file(engine, wav, modeled)["captions"]
        finals = [c["text"] for c in captions if c["kind"] == "final"]
        finals_seen += len(finals)
        cut_finals += sum(engine.cuts[:-1])
        for join in joins(engine, finals, text.read_text(encoding="utf-8")):
            key = (join["ended_by"], join["verdict"], join["begins"])
            tally[key] += 1
            every.append({"file": wav.name, **join})
            print(
                f"{wav.name}: [{', '.join(key)}] {join['heard']}   (said: {join['said']})",
                flush=True,
            )
    print(f"{finals_seen} finals, {cut_finals} of them ended by a cut inside speech")
    print("joins after a final that ends no sentence: ended by, said, next begins")
    for key, count in sorted(tally.items()):
        print(f"  {', '.join(key)}: {count}")
    if args.json is not None:
        args.json.write_text(json.dumps(every, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(said_plainly(main))
