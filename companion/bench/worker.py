"""One measurement in a process of its own, so engines' memory never mixes.

``python -m companion.bench.worker stream --engine whisper --out R.json FILE...``
captions each file through a ``CaptionStream`` paced in real time (as a live
call would be) and records every caption with the moment it was shown.

``python -m companion.bench.worker reference --out R.json FILE...`` decodes each
whole file at once with faster-whisper tiny.en (beam 5, word times): the
reference the stream's words and latencies are measured against.

Both write their figures as JSON to ``--out``; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from companion.audio.wavfile import WavSource, read_wav
from companion.errors import CompanionError
from companion.events import (
    Caption,
    CaptionGap,
    EngineReady,
    Event,
    StreamFailed,
    StreamStopped,
)
from companion.speech.engine import Engine
from companion.speech.glossary import Glossary
from companion.speech.vocabulary import Vocabulary, read_names

REFERENCE_BEAM = 5
THREADS = 2


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MB (10^6 bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


class _PacedWav(WavSource):
    """A WAV file paced in real time that remembers when its audio time zero was."""

    zero = 0.0

    def open(self) -> None:
        super().open()
        self.zero = time.monotonic()


def _reused(build: Callable[[], Engine]) -> Callable[[], Engine]:
    """A factory that loads the engine once and resets it for every later file."""
    loaded: list[Engine] = []

    def factory() -> Engine:
        if loaded:
            loaded[0].reset()
            return loaded[0]
        engine = build()
        loaded.append(engine)
        return engine

    return factory


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _biasing(glossary: Path | None, names: Path | None) -> tuple[Glossary, Vocabulary]:
    """The glossary file and the roster names (``Name | how to say it`` lines) to use.
    A glossary named but missing is an error: ``Glossary.load`` would write the app's
    seed there and the benchmark would measure that instead."""
    if glossary is not None and not glossary.is_file():
        raise CompanionError(
            f"The glossary '{glossary}' is not a file. Give a glossary.txt "
            "('heard => Written' lines), or leave the option out for none."
        )
    words = Glossary.load(glossary) if glossary is not None else Glossary([])
    return words, read_names(names) if names is not None else Vocabulary()


def run_stream(
    files: Sequence[Path],
    engine: str,
    model: str | None,
    spawned_at: float,
    glossary: Path | None = None,
    names: Path | None = None,
) -> dict[str, Any]:
    from companion.speech.factory import engine_factory
    from companion.speech.stream import CaptionStream

    words, vocabulary = _biasing(glossary, names)
    factory = _reused(engine_factory(engine, model, words))
    result: dict[str, Any] = {"engine": engine, "files": []}
    for number, path in enumerate(files, 1):
        _log(f"  {engine}: {number}/{len(files)} {path.name} (real time)")
        source = _PacedWav(path, realtime=True)
        stream = CaptionStream(source, factory, realtime=True)
        stream.set_vocabulary(vocabulary)
        record: dict[str, Any] = {"path": str(path), "captions": []}

        def on_event(
            event: Event, record: dict[str, Any] = record, source: _PacedWav = source
        ) -> None:
            now = time.monotonic()
            if isinstance(event, Caption):
                if "first_caption_after_start" not in result:
                    result["first_caption_after_start"] = time.time() - spawned_at
                record["captions"].append(
                    {
                        "kind": event.kind,
                        "text": event.text,
                        "shown_at": now - source.zero,
                        "emitted": event.emitted,
                        "words": [[w.text, w.start, w.end] for w in event.words],
                        "start": event.start,
                        "end": event.end,
                    }
                )
            elif isinstance(event, EngineReady):
                if "load_seconds" not in result:
                    result["load_seconds"] = event.load_seconds
                    result["ready_after_start"] = time.time() - spawned_at
                    result["model"] = event.model
            elif isinstance(event, CaptionGap):  # audio skipped: the machine fell behind
                record.setdefault("gaps", []).append([event.start, event.end])
            elif isinstance(event, StreamStopped):
                record.update(event.extra)
            elif isinstance(event, StreamFailed):
                record["error"] = event.message

        stream.events.connect(on_event)
        stream.run()
        result["files"].append(record)
    result["peak_memory_mb"] = peak_memory_mb()
    return result


def run_reference(
    files: Sequence[Path],
    spawned_at: float,
    model_name: str = "tiny.en",
    glossary: Path | None = None,
    names: Path | None = None,
) -> dict[str, Any]:
    """Each whole file decoded at once, as faster-whisper does by itself: no prompt
    (a long list of names as ``initial_prompt`` makes it write short clips twice),
    then the glossary and the names' spellings fixed, as re-spelling alone would."""
    from faster_whisper import WhisperModel

    from companion.speech.factory import resolve_engine

    spelling, vocabulary = _biasing(glossary, names)
    fixes = Glossary(list(vocabulary.heard))
    _engine, folder = resolve_engine("whisper", model_name)
    began = time.perf_counter()
    model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=THREADS)
    result: dict[str, Any] = {
        "engine": "faster-whisper (offline)",
        "model": model_name,
        "load_seconds": time.perf_counter() - began,
        "ready_after_start": time.time() - spawned_at,
        "files": [],
    }
    for number, path in enumerate(files, 1):
        _log(f"  reference: {number}/{len(files)} {path.name}")
        audio = read_wav(path).astype("float32") / 32768.0
        began = time.perf_counter()
        segments, _info = model.transcribe(
            audio,
            language="en",
            beam_size=REFERENCE_BEAM,
            word_timestamps=True,
        )
        texts: list[str] = []
        words: list[list[Any]] = []
        for segment in segments:  # a generator: decoding happens while iterating
            texts.append(segment.text.strip())
            words.extend([w.word.strip(), w.start, w.end] for w in segment.words or [])
        result["files"].append(
            {
                "path": str(path),
                "audio_seconds": len(audio) / 16_000,
                "decode_seconds": time.perf_counter() - began,
                "text": spelling.apply(fixes.apply(" ".join(t for t in texts if t))),
                "words": words,
            }
        )
    result["peak_memory_mb"] = peak_memory_mb()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m companion.bench.worker")
    parser.add_argument("mode", choices=("stream", "reference"))
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--engine", default="whisper", choices=("vosk", "whisper"))
    parser.add_argument("--model", default=None)
    parser.add_argument("--glossary", type=Path, default=None, help="a glossary.txt to use")
    parser.add_argument("--names", type=Path, default=None, help="'Name | say it like' lines")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--spawned-at", type=float, default=None, help="time.time() at spawn")
    args = parser.parse_args(argv)
    spawned_at = args.spawned_at if args.spawned_at is not None else time.time()
    if args.mode == "reference":
        model = args.model or "tiny.en"
        result = run_reference(args.files, spawned_at, model, args.glossary, args.names)
    else:
        result = run_stream(
            args.files, args.engine, args.model, spawned_at, args.glossary, args.names
        )
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
