"""The lead's analysis exports on the command line: ``report --format qdpx|csv|xlsx``
and ``codebook export|import``.

``report_analysis`` is called by ``companion report`` for the formats that
are not a document; ``add_codebook_parser`` adds ``companion codebook``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from companion.notes import codebook
from companion.notes.analysis import DEFAULT_NAMES, AnalysisFormat, write_analysis
from companion.notes.model import NotesError
from companion.notes.notebook import Notebook
from companion.store.database import open_database
from companion.store.db import ensure_programme

ANALYSIS_REPORT_FORMATS = ("qdpx", "csv", "xlsx")


def report_analysis(
    notebook: Notebook, programme_id: int, session_id: int | None, args: argparse.Namespace
) -> list[Path]:
    fmt: AnalysisFormat = args.format
    path = Path(args.output or DEFAULT_NAMES[fmt])
    written = write_analysis(
        notebook, programme_id, fmt, path, session_id=session_id, anonymise=args.anonymise
    )
    return [written]


def add_codebook_parser(commands: Any) -> None:
    """``companion codebook export [--programme P] [--output FILE]`` and ``import FILE``."""
    parser = commands.add_parser("codebook", help="the programme's themes as a codebook")
    actions = parser.add_subparsers(dest="codebook_action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write the themes as .qdc (REFI-QDA) or .csv")
    export.add_argument("--programme", metavar="NAME", help="programme (default: the only one)")
    export.add_argument(
        "--output", metavar="FILE", default="codebook.qdc", help="FILE.qdc or FILE.csv"
    )
    export.set_defaults(handler=_export)
    importer = actions.add_parser("import", help="start a programme's themes from a codebook")
    importer.add_argument("file", metavar="FILE", help=".qdc, .qdpx or .csv with a name column")
    importer.add_argument(
        "--programme", required=True, metavar="NAME", help="programme (created if new)"
    )
    importer.set_defaults(handler=_import)


def _export(args: argparse.Namespace) -> int:
    from companion.cli.notes import programme_id_by_name

    path = Path(args.output)
    suffix = path.suffix.lower()
    if suffix not in (".qdc", ".csv"):
        raise NotesError(f"Save the codebook as .qdc (REFI-QDA) or .csv, not “{path.name}”.")
    notebook = Notebook(open_database())
    try:
        programme_id = programme_id_by_name(notebook, args.programme)
        fmt: AnalysisFormat = "qdc" if suffix == ".qdc" else "codebook-csv"
        written = write_analysis(notebook, programme_id, fmt, path)
        count = len(notebook.themes.in_programme(programme_id))
    finally:
        notebook.close()
    print(f"Wrote {written} ({count} themes)", flush=True)
    return 0


def _import(args: argparse.Namespace) -> int:
    codes = codebook.read(Path(args.file))  # a bad file is refused before anything is created
    notebook = Notebook(open_database())
    try:
        programme_id = ensure_programme(notebook.db, args.programme)
        done = codebook.import_codes(notebook, programme_id, codes)
    finally:
        notebook.close()
    print(done.sentence(), flush=True)
    return 0
