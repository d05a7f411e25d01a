"""Log every candidate the names check scores: its span, term, score and fate.

    PYTHONPATH=. .venv/bin/python bench/term_scores.py LOG.jsonl -- [captions_policy.py arguments]

Runs bench/captions_policy.py unchanged, with a probe around
``TermChecker.check``: for each final the check scores, one JSON line with
the file, the words as whisper wrote them, the check's result, and per
candidate the span's words, the term, its key match, the span's lowest word
probability and its score less the written text's (nats, as the check
compares it with the margin: the best of the term's written and spoken
forms), and each form's own ("forms": the form tried, its score less the written
text's). The margins of docs/benchmarks.md's names sections were read off
these lines.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import bench.captions_policy as policy_bench
from companion.speech import term_check

_last_scores: list[float] = []
_file: list[str] = [""]


def _probe(log: Any) -> None:
    original_check = term_check.TermChecker.check
    original_score = policy_bench.ModeledDecoder.score
    original_caption = policy_bench.caption_file

    def score(self: Any, texts: Any, **kwargs: Any) -> list[float]:
        scores = original_score(self, texts, **kwargs)
        _last_scores[:] = scores
        return scores

    def caption_file(engine: Any, wav: Path, modeled: Any = None) -> dict[str, Any]:
        _file[0] = wav.name
        return original_caption(engine, wav, modeled)

    def check(self: Any, words: Any, decoder: Any, *args: Any, **kwargs: Any) -> Any:
        texts = [w.text for w in words]
        candidates = [
            c
            for c in term_check.find_candidates(texts, self._terms)
            if not term_check._sure(words, c)
        ]
        _last_scores.clear()
        out = original_check(self, words, decoder, *args, **kwargs)
        if not candidates or not _last_scores:
            return out
        tried = [(c, form) for c in candidates for form in self.forms_of(c.term)]
        if len(_last_scores) != len(tried) + 1:
            return out
        written = _last_scores[0]
        gains: dict[Any, list[tuple[str, float]]] = {}
        for (c, form), score in zip(tried, _last_scores[1:], strict=True):
            gains.setdefault(c, []).append((form, round(score - written, 3)))
        log.write(
            json.dumps(
                {
                    "file": _file[0],
                    "written": " ".join(texts),
                    "result": " ".join(w.text for w in out),
                    "texts_scored": len(_last_scores),
                    "candidates": [
                        {
                            "span": " ".join(texts[c.start : c.end]),
                            "term": c.term,
                            "similarity": round(c.similarity, 3),
                            "lowest": round(
                                min((w.confidence or 0.0) for w in words[c.start : c.end]), 3
                            ),
                            "gain": max(g for _t, g in gains[c]),
                            "forms": gains[c],
                        }
                        for c in candidates
                    ],
                }
            )
            + "\n"
        )
        log.flush()
        return out

    term_check.TermChecker.check = check  # type: ignore[method-assign]
    policy_bench.ModeledDecoder.score = score  # type: ignore[method-assign]
    policy_bench.caption_file = caption_file


def main() -> int:
    log_path, rest = Path(sys.argv[1]), sys.argv[2:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    with log_path.open("a", encoding="utf-8") as log:
        _probe(log)
        sys.argv = ["captions_policy.py", *rest]
        return policy_bench.main()


if __name__ == "__main__":
    sys.exit(main())
