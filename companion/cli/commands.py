"""The ``companion`` command: the app, and captions on the command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal, TextIO

from companion import __version__
from companion.audio.source import AudioSource
from companion.cli.share import add_share_option, sharing
from companion.errors import CompanionError
from companion.events import (
    Caption,
    CaptionGap,
    EngineReady,
    Event,
    ModelSteppedDown,
    SourceLost,
    SourceRestored,
    StepDownFailed,
    StreamFailed,
    StreamStopped,
)
from companion.speech.factory import engine_factory
from companion.speech.stream import CaptionStream
from companion.transcript import Transcript, ends_sentence

FORMATS = ("text", "jsonl", "vtt", "srt")
Format = Literal["text", "jsonl", "vtt", "srt"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="Offline live captions and facilitation for inclusive online workshops. "
        "With no command, opens the app; 'companion --captions' opens just large "
        "captions on top of the call (participant mode).",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    transcribe = commands.add_parser("transcribe", help="caption a WAV file")
    transcribe.add_argument("file", metavar="FILE", help="a WAV file (any rate or channels)")
    _add_engine_options(transcribe)
    transcribe.add_argument(
        "--realtime", action="store_true", help="feed the audio at its real speed"
    )
    add_share_option(transcribe)
    transcribe.set_defaults(handler=_transcribe)

    captions = commands.add_parser("captions", help="caption live audio until Ctrl+C")
    captions.add_argument(
        "--source",
        default="system",
        help="system (what the call plays), mic, system+mic (both, each phrase given to "
        "'you' or 'the call'), or a device name or number",
    )
    _add_engine_options(captions)
    captions.add_argument(
        "--duration", type=_seconds, default=None, metavar="SECONDS", help="stop after SECONDS"
    )
    add_share_option(captions)
    captions.set_defaults(handler=_captions)

    from companion.cli.models import add_models_parser

    add_models_parser(commands)

    from companion.cli.notes import add_notes_parsers
    from companion.cli.plans import add_plans_parser

    add_plans_parser(commands)

    from companion.cli.turns import add_turns_parser

    add_turns_parser(commands)
    add_notes_parsers(commands)

    bench = commands.add_parser("bench", help="measure caption accuracy, latency and cost")
    bench_commands = bench.add_subparsers(dest="bench_command", metavar="WHAT", required=True)
    bench_captions = bench_commands.add_parser(
        "captions", help="WAV files with same-named .txt transcripts in DIR"
    )
    bench_captions.add_argument("dir", metavar="DIR")
    bench_captions.add_argument(
        "--model",
        action="append",
        default=None,
        help="a model to measure: tiny.en, whisper-base, tiny.en+whisper-base, or a folder "
        "(CTranslate2 whisper or vosk); repeat for several; default: tiny.en, and "
        "whisper-base and the two-pass pair when base is installed",
    )
    bench_captions.add_argument("--output", default=None, help="write the Markdown report here")
    bench_captions.set_defaults(handler=_bench_captions)
    return parser


def _seconds(text: str) -> float:
    """A --duration: a finite, positive number of seconds (``inf`` crashed the wait)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 7 * 24 * 3600:  # also false for nan
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds; give a positive number up to 604800 (a week)"
        )
    return value


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", default="auto", choices=("auto", "vosk", "whisper"))
    parser.add_argument(
        "--model",
        default=None,
        metavar="MODEL",
        help="tiny.en, whisper-base, or a model folder (vosk or CTranslate2 whisper)",
    )
    parser.add_argument(
        "--names",
        type=Path,
        default=None,
        metavar="FILE",
        help="people's names to listen for: one a line, 'Name | how to say it' "
        "(the glossary in the config folder is always used)",
    )
    parser.add_argument("--format", default="text", choices=FORMATS)


class CaptionPrinter:
    """Writes caption events to stdout in the chosen format; notices to stderr."""

    def __init__(self, fmt: Format, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.fmt = fmt
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.transcript = Transcript()
        self.failure: str | None = None
        self.figures: dict[str, float] = {}
        self._lock = threading.Lock()
        self._line_open = False  # text output: the current sentence has no newline yet

    def __call__(self, event: Event) -> None:
        with self._lock:
            self._handle(event)

    def _handle(self, event: Event) -> None:
        if isinstance(event, Caption):
            if self.fmt == "jsonl":
                record = {
                    "kind": event.kind,
                    "text": event.text,
                    "start": round(event.start, 3),
                    "end": round(event.end, 3),
                    "emitted": round(event.emitted, 3),
                }
                if event.speaker is not None:  # only when known (#14): never invented
                    record["speaker"] = event.speaker
                print(json.dumps(record, ensure_ascii=False), file=self.out, flush=True)
            elif event.kind == "final":
                self.transcript.append(event)
                if self.fmt == "text":
                    # Running text, a line per sentence: finals may be a word or two.
                    ends = ends_sentence(event.text)
                    joiner = " " if self._line_open else ""
                    self.out.write(joiner + event.text + ("\n" if ends else ""))
                    self.out.flush()
                    self._line_open = not ends
        elif isinstance(event, CaptionGap):
            self._gap(event)
        elif isinstance(event, SourceLost):
            print(f"{event.source} lost — retrying ({event.reason}).", file=self.err, flush=True)
        elif isinstance(event, SourceRestored):
            print(f"{event.source} is back.", file=self.err, flush=True)
        elif isinstance(event, (ModelSteppedDown, StepDownFailed)):
            print(event.sentence, file=self.err, flush=True)
        elif isinstance(event, StreamFailed):
            self.failure = event.message
        elif isinstance(event, StreamStopped):
            self.figures = dict(event.extra)
        elif isinstance(event, EngineReady):
            print(
                f"Listening with {event.engine} ({event.model}). Press Ctrl+C to stop.",
                file=self.err,
                flush=True,
            )

    def _gap(self, gap: CaptionGap) -> None:
        """Audio live captions skipped (#10): said where the captions are, in words."""
        if self.fmt == "jsonl":
            record = {
                "kind": "gap",
                "text": gap.sentence,
                "start": round(gap.start, 3),
                "end": round(gap.end, 3),
                "seconds": round(gap.seconds, 3),
                "cause": gap.cause,
                "emitted": round(gap.emitted, 3),
            }
            print(json.dumps(record, ensure_ascii=False), file=self.out, flush=True)
            return
        self.transcript.add_gap(gap)
        if self.fmt == "text":  # on a line of its own, between the sentences around it
            self.out.write(("\n" if self._line_open else "") + f"… {gap.sentence}\n")
            self.out.flush()
            self._line_open = False
        else:  # a subtitle file is written at the end: say it now where a person looks
            print(f"… {gap.sentence}", file=self.err, flush=True)

    def close(self) -> None:
        if self._line_open:
            self.out.write("\n")
            self._line_open = False
        if self.fmt == "vtt" or self.fmt == "srt":
            self.out.write(self.transcript.render(self.fmt))
            self.out.flush()


def _stream(args: argparse.Namespace, realtime: bool) -> tuple[CaptionStream, CaptionPrinter]:
    from companion.audio.devices import open_source

    factory = engine_factory(args.engine, args.model)
    spec = args.file if args.command == "transcribe" else args.source
    source: AudioSource
    if args.command == "transcribe":
        from companion.audio.wavfile import WavSource

        source = WavSource(spec, realtime=realtime)
    else:
        source = open_source(spec)
    stream = CaptionStream(source, factory, realtime=realtime or source.live)
    if args.names is not None:
        from companion.speech.vocabulary import read_names

        stream.set_vocabulary(read_names(args.names))
    printer = CaptionPrinter(args.format)
    stream.events.connect(printer)
    return stream, printer


def _finish(printer: CaptionPrinter) -> int:
    printer.close()
    if printer.failure:
        print(printer.failure, file=sys.stderr)
        return 1
    return 0


def _transcribe(args: argparse.Namespace) -> int:
    stream, printer = _stream(args, realtime=args.realtime)
    with sharing(args.share, stream.events):
        stream.run()
    return _finish(printer)


def _captions(args: argparse.Namespace) -> int:
    stream, printer = _stream(args, realtime=True)
    done = threading.Event()
    stream.events.connect(
        lambda event: done.set() if isinstance(event, (StreamStopped, StreamFailed)) else None
    )
    with sharing(args.share, stream.events):
        with _stopped_by_signals(done):
            stream.start()
            done.wait(args.duration)
        stream.stop(wait=30)  # pending words become finals, and are shared too
    return _finish(printer)


@contextlib.contextmanager
def _stopped_by_signals(done: threading.Event) -> Iterator[None]:
    """Ctrl+C or a polite kill ends captioning cleanly (pending words become final),
    also when a shell started us with Ctrl+C ignored, as it does background jobs."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return
    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda *_: done.set()) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _bench_captions(args: argparse.Namespace) -> int:
    from companion.bench.captions import run_bench

    return run_bench(args.dir, models=args.model, output=args.output)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler: Callable[[argparse.Namespace], int] | None = getattr(
        args, "handler", getattr(args, "func", None)
    )
    if handler is None:
        # The app itself is opened by the ``companion`` entry point in ui/launcher.py.
        parser.print_help()
        return 0
    try:
        return handler(args)
    except CompanionError as error:
        print(error, file=sys.stderr)
        return 2
    except sqlite3.Error as error:
        print(_database_sentence(error), file=sys.stderr)
        return 2
    except OSError as error:  # a full disk, a read-only folder, a missing file
        where = error.filename or "A file"
        reason = error.strerror or error
        print(f"{where}: {reason}. Check the path and the free space.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _database_sentence(error: sqlite3.Error) -> str:
    """What a database error means for the person, and what to do about it."""
    if "locked" in str(error) or "busy" in str(error):
        # The busy timeout ran out: another Companion held the write lock that long.
        return (
            "Companion's database is busy: another Companion (the app or a command) "
            "is writing to it. Try again in a moment."
        )
    return (
        f"Companion's database could not be used ({error}). If it is damaged, "
        "restore a backup with 'companion restore'."
    )


if __name__ == "__main__":
    sys.exit(main())
