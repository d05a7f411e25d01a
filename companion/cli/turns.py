"""``companion turns``: the kept participation summaries on the command line.

    companion turns list
    companion turns export SESSION --format csv|json [--output FILE] [--anonymise]
    companion turns export --programme NAME [...]   every session of the programme

Only summaries the facilitator chose to keep exist; they hold per member
totals, never a timeline. Register with ``add_turns_parser(subparsers)``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlite_utils import Database

from companion.errors import CompanionError
from companion.paths import write_private
from companion.store.database import open_database
from companion.turns.export import FORMATS, anonymise_all, render
from companion.turns.summary import (
    SummaryError,
    load_summaries,
    session_title,
    sessions_with_summaries,
)
from companion.turns.trend import programme_trend
from companion.turns.trend_export import render_programme


def add_turns_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``turns list`` and ``turns export`` to the ``companion`` command."""
    turns = subparsers.add_parser(
        "turns", help="participation summaries kept from the turn-taking tracker"
    )
    commands = turns.add_subparsers(dest="turns_command", metavar="WHAT", required=True)

    listing = commands.add_parser("list", help="sessions with a kept participation summary")
    _add_database(listing)
    listing.set_defaults(handler=list_handler)

    export = commands.add_parser(
        "export", help="write a session's kept participation summary as CSV or JSON"
    )
    export.add_argument(
        "session", nargs="?", metavar="SESSION", help="the session's number (see 'list')"
    )
    export.add_argument(
        "--programme", metavar="NAME", help="instead of SESSION: every session of a programme"
    )
    export.add_argument("--format", choices=FORMATS, default="csv", help="csv (default) or json")
    export.add_argument(
        "--output", "-o", metavar="FILE", default=None, help="write here (default: the screen)"
    )
    export.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="replace every name with 'Participant N' in what is written",
    )
    _add_database(export)
    export.set_defaults(handler=export_handler)


def _add_database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database", metavar="PATH", default=None, help="a Companion database (default: yours)"
    )


def _open(path: str | None) -> Database:
    if path is None:
        return open_database()
    where = Path(path)
    if not where.is_file():
        raise SummaryError(
            f"There is no Companion database at {where}. Check the path, or leave out "
            "--database to use your own."
        )
    return open_database(where)


def _session_id(text: str) -> int:
    try:
        number = int(text.strip())
    except ValueError:
        number = -1
    if number < 1:
        raise SummaryError(
            f"'{text}' is not a session number. Sessions are numbered 1, 2, 3 …; "
            "list those with a kept participation summary with 'companion turns list'."
        )
    return number


def list_handler(args: argparse.Namespace) -> int:
    return _guarded(_list, args)


def export_handler(args: argparse.Namespace) -> int:
    return _guarded(_export, args)


def _list(args: argparse.Namespace) -> int:
    db = _open(args.database)
    try:
        rows = sessions_with_summaries(db)
    finally:
        db.close()
    if not rows:
        print(
            "No participation summaries are kept. At the end of a session, choose "
            "'Keep participation summary' in the Turns area to keep one.",
            file=sys.stderr,
        )
        return 0
    for session_id, title, created, groups in rows:
        noun = "group" if groups == 1 else "groups"
        print(f"{session_id}\t{title}\t{created[:10]}\t{groups} {noun}")
    return 0


def _export(args: argparse.Namespace) -> int:
    text = _programme_text(args) if args.programme else _session_text(args)
    if args.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    target = Path(args.output)
    if target.is_dir():
        raise SummaryError(f"{target} is a folder. Give a file name, such as {target}/turns.csv.")
    try:
        write_private(target, text)
    except OSError as error:
        raise SummaryError(
            f"Companion could not write {target} ({error.strerror or error}). Check the folder "
            "exists and you may write there, then try again."
        ) from None
    what = f"programme {args.programme}" if args.programme else f"session {args.session}"
    print(f"Wrote the participation summary of {what} to {target}.", file=sys.stderr)
    return 0


def _session_text(args: argparse.Namespace) -> str:
    if args.session is None:
        raise SummaryError(
            "Say which session to export ('companion turns export 3'), or a whole programme "
            "with --programme NAME."
        )
    session_id = _session_id(args.session)
    db = _open(args.database)
    try:
        title = session_title(db, session_id)
        summaries = load_summaries(db, session_id)
    finally:
        db.close()
    if not summaries:
        raise SummaryError(
            f"Session {session_id} ('{title}') has no kept participation summary: statistics "
            "are kept only when the facilitator chooses 'Keep participation summary'."
        )
    if args.anonymise:
        summaries = anonymise_all(summaries)
    return render(args.format, session_id, title, summaries)


def _programme_text(args: argparse.Namespace) -> str:
    db = _open(args.database)
    try:
        found = db.execute(
            "SELECT id, name FROM programmes WHERE name = ? COLLATE NOCASE", [args.programme]
        ).fetchone()
        if found is None:
            raise SummaryError(
                f"There is no programme called '{args.programme}'; list sessions with "
                "'companion sessions'."
            )
        trend = programme_trend(db, int(found[0]), anonymise=args.anonymise)
    finally:
        db.close()
    if trend.empty:
        raise SummaryError(
            f"No group of '{found[1]}' kept a participation summary: statistics are kept only "
            "when the facilitator chooses 'Keep participation summary'."
        )
    return render_programme(args.format, trend, str(found[1]))


def _guarded(work: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; a CompanionError becomes its sentence on stderr and exit status 2."""
    try:
        return work(args)
    except CompanionError as error:
        print(error, file=sys.stderr)
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m companion.cli.turns export 3`` works before the main command has it."""
    parser = argparse.ArgumentParser(prog="companion")
    add_turns_parser(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
