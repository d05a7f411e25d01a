"""Notes on the command line: export, report, import, search, backup, restore, retention.

``add_notes_parsers(subparsers)`` adds the commands to ``companion``; each sets
``handler=`` to a function that returns the exit status. Errors are one
sentence on stderr and a non-zero exit (``companion.cli.commands`` prints them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from companion.cli.analysis import ANALYSIS_REPORT_FORMATS, add_codebook_parser, report_analysis
from companion.lead import report as report_module
from companion.notes.importer import import_bundle
from companion.notes.model import NotesError
from companion.notes.notebook import Notebook
from companion.notes.outputs import FORMATS, default_path, missing_alt_text, write_one
from companion.notes.retention import (
    apply_retention,
    delete_session,
    forget_member,
    keep_days,
    set_keep_days,
)
from companion.notes.search import search
from companion.notes.share import ShareOptions, prepare
from companion.store import backup as backups
from companion.store.database import check_not_newer, open_database
from companion.store.db import default_path as database_path


def _open() -> Notebook:
    """The notes over the one database, opened for this command."""
    return Notebook(open_database())


def _say(text: str) -> None:
    print(text, flush=True)


def add_notes_parsers(commands: Any) -> None:
    """Add the notes commands to the ``companion`` parser's subparsers."""
    sessions = commands.add_parser("sessions", help="list sessions and their groups")
    sessions.set_defaults(handler=_sessions)

    export = commands.add_parser("export", help="write a group's session notes")
    export.add_argument("session", metavar="SESSION", help="session id or title")
    export.add_argument("--group", required=True, metavar="G", help="group name or id")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("--output", metavar="PATH", help="file to write (default: here)")
    export.add_argument("--anonymise", action="store_true", help="leave out every name")
    export.add_argument(
        "--allow-missing-alt",
        action="store_true",
        help="export even if an image has no alt text yet",
    )
    export.set_defaults(handler=_export)

    report = commands.add_parser("report", help="the lead's programme report across groups")
    report.add_argument("--programme", metavar="NAME", help="programme (default: the only one)")
    report.add_argument("--session", metavar="SESSION", help="only this session")
    report.add_argument("--format", default="md", choices=("md", "docx", *ANALYSIS_REPORT_FORMATS))
    report.add_argument("--output", metavar="PATH")
    report.add_argument(
        "--anonymise", action="store_true", help="qdpx, csv, xlsx: leave out every name"
    )
    report.set_defaults(handler=_report)
    add_codebook_parser(commands)

    importer = commands.add_parser("import", help="import groups' notes bundles (the lead)")
    importer.add_argument("bundles", nargs="+", metavar="BUNDLE")
    importer.set_defaults(handler=_import)

    finder = commands.add_parser("search", help="search every note")
    finder.add_argument("words", nargs="+", metavar="WORD")
    finder.set_defaults(handler=_search)

    backup = commands.add_parser("backup", help="back up the notes database now")
    backup.add_argument("--list", action="store_true", help="list the backups instead")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("backup", metavar="BACKUP", help="a backup file (see 'backup --list')")
    restore.set_defaults(handler=_restore)

    retention = commands.add_parser("retention", help="how long sessions are kept")
    retention.add_argument("action", choices=("show", "set", "off", "apply"))
    retention.add_argument("days", nargs="?", type=int, metavar="DAYS")
    retention.set_defaults(handler=_retention)

    forget = commands.add_parser("forget", help="delete a session or a member's data for good")
    forget.add_argument("what", choices=("session", "member"))
    forget.add_argument("id", type=int, metavar="ID")
    forget.set_defaults(handler=_forget)


def _sessions(args: argparse.Namespace) -> int:
    notebook = _open()
    try:
        found = notebook.list_sessions()
        if not found:
            _say("No sessions yet.")
        for s in found:
            ended = " (ended)" if s["ended_at"] else ""
            _say(f"{s['id']}\t{s['programme']}\t{s['title']}{ended}\tgroups: {s['groups'] or '-'}")
    finally:
        notebook.close()
    return 0


def _export(args: argparse.Namespace) -> int:
    notebook = _open()
    try:
        session_id = notebook.find_session(args.session)
        group_id = notebook.find_group(session_id, args.group)
        notes = prepare(
            notebook.group_notes(session_id, group_id), ShareOptions(anonymise=args.anonymise)
        )
        missing = missing_alt_text(notes)
        if missing and not args.allow_missing_alt and args.format in ("md", "docx", "bundle"):
            raise NotesError(
                f"Add alt text to {', '.join(missing[:3])} first (in the Notes area), or export "
                "with --allow-missing-alt."
            )
        path = Path(args.output) if args.output else default_path(notes, args.format, Path.cwd())
        written = write_one(notebook, notes, args.format, path)
    finally:
        notebook.close()
    _say(f"Wrote {written[0]}" + (f" and {len(written) - 1} image files" if written[1:] else ""))
    return 0


def programme_id_by_name(notebook: Notebook, name: str | None) -> int:
    """The programme called ``name`` (any case), or the only one; else a sentence."""
    found = notebook.db.execute(
        "SELECT id, name FROM programmes" + (" WHERE name = ? COLLATE NOCASE" if name else ""),
        [name] if name else [],
    ).fetchall()
    if len(found) == 1:
        return int(found[0][0])
    if not found:
        raise NotesError(f"There is no programme {name!r}." if name else "There are no notes yet.")
    names = ", ".join(repr(r[1]) for r in found)
    raise NotesError(f"Choose a programme with --programme: {names}.")


def _report(args: argparse.Namespace) -> int:
    notebook = _open()
    try:
        session_id = notebook.find_session(args.session) if args.session else None
        programme_id = (
            notebook.programme_id(session_id)
            if session_id
            else programme_id_by_name(notebook, args.programme)
        )
        if args.anonymise and args.format not in ANALYSIS_REPORT_FORMATS:
            raise NotesError(
                "--anonymise is for --format qdpx, csv or xlsx; the md and docx report "
                "names only people who agreed to be named."
            )
        if args.format in ANALYSIS_REPORT_FORMATS:
            written = report_analysis(notebook, programme_id, session_id, args)
            _say("Wrote " + " and ".join(str(p) for p in written))
            return 0
        gathered = report_module.gather(notebook, programme_id, session_id)
        path = Path(args.output or f"programme-report.{args.format}")
        if args.format == "md":
            written = report_module.write_markdown(gathered, path)
        else:
            written = [report_module.write_docx(gathered, path)]
    finally:
        notebook.close()
    _say("Wrote " + " and ".join(str(p) for p in written))
    return 0


def _import(args: argparse.Namespace) -> int:
    notebook = _open()
    failures = 0
    try:
        for name in args.bundles:
            try:
                _say(import_bundle(notebook, Path(name)).sentence())
            except NotesError as error:
                failures += 1
                print(f"{name}: {error}", file=sys.stderr, flush=True)
    finally:
        notebook.close()
    return 1 if failures else 0


def _search(args: argparse.Namespace) -> int:
    notebook = _open()
    try:
        found = search(notebook.notes, " ".join(args.words))
        for note in found:
            group = notebook.group_name(note.group_id)
            _say(f"{group}\t{note.kind.label}\t{note.text}")
        if not found:
            _say("No notes match.")
    finally:
        notebook.close()
    return 0


def _backup(args: argparse.Namespace) -> int:
    if args.list:
        for path in backups.backups():
            _say(str(path))
        return 0
    _say(f"Backed up to {backups.make_backup(database_path())}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    source = Path(args.backup)
    if not source.exists() and (backups.backup_dir() / source.name).exists():
        source = backups.backup_dir() / source.name
    backups.check_backup(source)
    check_not_newer(source)
    safety = backups.restore(source, database_path())
    open_database().close()  # brings an older backup's tables up to date
    _say(
        f"Restored {source}." + (f" The database as it was is kept as {safety}." if safety else "")
    )
    return 0


def _retention(args: argparse.Namespace) -> int:
    notebook = _open()
    try:
        if args.action == "set":
            if args.days is None:
                raise NotesError(
                    "Say how many days to keep sessions: 'companion retention set 90'."
                )
            set_keep_days(notebook, args.days)
        elif args.action == "off":
            set_keep_days(notebook, None)
        elif args.action == "apply":
            done = apply_retention(notebook)
            _say(
                f"Deleted {done.sessions} sessions ({done.notes} notes, "
                f"{done.evidence_files} evidence files)."
            )
        days = keep_days(notebook)
        _say(f"Sessions are kept for {days} days." if days else "Sessions are kept until deleted.")
    finally:
        notebook.close()
    return 0


def _forget(args: argparse.Namespace) -> int:
    notebook = _open()
    try:
        if args.what == "session":
            done = delete_session(notebook, args.id)
        else:
            done = forget_member(notebook, args.id)
    finally:
        notebook.close()
    _say(f"Deleted {done.notes} notes and {done.evidence_files} evidence files.")
    return 0
