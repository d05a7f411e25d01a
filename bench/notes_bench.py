"""Benchmarks of the notes store against shared/DESIGN.md's targets.

    python bench/notes_bench.py [--write docs/benchmarks.md] [--notes 100000]

Measures, on real SQLite files (WAL, synchronous=FULL) in a temporary folder:
autosave latency (one note edit committed), importing ten 200-note bundles,
full-text search over 100 000 notes, and writing a 500-note programme report
(Markdown and Word, with its chart). Prints a Markdown section and, with
--write, puts it between the notes markers of the benchmarks page.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from companion.bench import page
from companion.lead import report
from companion.notes import demo
from companion.notes.bundle import write_bundle
from companion.notes.importer import import_bundle
from companion.notes.model import NoteKind
from companion.notes.notebook import Notebook
from companion.notes.search import search
from companion.store.database import open_database

START, END = page.markers("notes")
QUERIES = (
    "listening",
    "ward huddle",
    "junior voice",
    "captions",
    "board decision",
    "trust",
    "interpreter",
    "feedback meeting",
    "union",
    "estates digital",
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def machine() -> str:
    return f"{page.machine_line()}; SQLite {sqlite3.sqlite_version}"


def bench_autosave(folder: Path) -> dict[str, float]:
    book = Notebook(open_database(folder / "autosave" / "companion.db"))
    session, group = demo.group_session(book, "Group A")
    demo.fill(book, session, group, 2000)
    notes = book.notes.notes(session, group)
    rng = random.Random(1)
    chosen = [rng.choice(notes) for _ in range(500)]
    edits = [
        timed(lambda n=n, i=i: book.notes.update(n.id, text=f"{n.text} {i}"))
        for i, n in enumerate(chosen)
    ]
    section = book.notes.sections(session, group)[0]
    adds = [
        timed(lambda i=i: book.notes.add(section.id, NoteKind.NOTE, f"typed note {i}"))
        for i in range(300)
    ]
    book.close()
    return {
        "edit_p50": percentile(edits, 50),
        "edit_p95": percentile(edits, 95),
        "add_p50": percentile(adds, 50),
        "add_p95": percentile(adds, 95),
    }


def bench_import(folder: Path) -> dict[str, float]:
    bundles = []
    for index in range(10):
        book = Notebook(open_database(folder / f"group{index}" / "companion.db"))
        session, group = demo.group_session(book, f"Group {index + 1}")
        demo.fill(book, session, group, 200, seed=index)
        book.evidence.add(session, group, demo.png(64, 48), "flipchart.png", alt_text="A chart")
        bundles.append(write_bundle(book, session, group, folder / f"g{index}.zip"))
        book.close()
    runs = []
    for attempt in range(3):
        lead = Notebook(open_database(folder / f"lead{attempt}" / "companion.db"))
        per = [timed(lambda b=b, book=lead: import_bundle(book, b)) for b in bundles]
        runs.append((sum(per), statistics.median(per)))
        again = timed(lambda book=lead: [import_bundle(book, b) for b in bundles])
        count = lead.db.execute("SELECT count(*) FROM notes").fetchone()[0]
        assert count == 2000, count
        lead.close()
    return {
        "total_ms": statistics.median(r[0] for r in runs),
        "per_bundle_ms": statistics.median(r[1] for r in runs),
        "again_ms": again,
    }


def bench_search(folder: Path, count: int) -> dict[str, float]:
    book = Notebook(open_database(folder / "search" / "companion.db"))
    session, group = demo.group_session(book, "Group A")
    section = book.notes.sections(session, group)[0].id
    rng = random.Random(7)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    build = time.perf_counter()
    with book.db.atomic():
        book.db.conn.executemany(
            "INSERT INTO notes (uid, section_id, session_id, group_id, kind, text, created_at, "
            "updated_at, position) VALUES (?, ?, ?, ?, 'note', ?, ?, ?, ?)",
            (
                (uuid.uuid4().hex, section, session, group, demo.sentence(rng, 14), stamp, stamp, i)
                for i in range(count)
            ),
        )
    build_s = time.perf_counter() - build
    for query in QUERIES[:3]:
        search(book.notes, query)  # warm the page cache, as a running app would have
    times = [timed(lambda q=q: search(book.notes, q)) for _ in range(5) for q in QUERIES]
    hits = len(search(book.notes, "listening"))
    book.close()
    return {
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "build_s": build_s,
        "hits": hits,
    }


def bench_report(folder: Path) -> dict[str, float]:
    book = Notebook(open_database(folder / "report" / "companion.db"))
    session = None
    for index in range(10):
        session, group = demo.group_session(book, f"Group {index + 1}", session)
        demo.fill(book, session, group, 50, seed=index)
    assert session is not None
    programme = book.programme_id(session)
    docx_ms, md_ms = [], []
    for attempt in range(3):
        docx_ms.append(
            timed(
                lambda a=attempt: report.write_docx(
                    report.gather(book, programme), folder / f"report{a}.docx"
                )
            )
        )
        md_ms.append(
            timed(
                lambda a=attempt: report.write_markdown(
                    report.gather(book, programme), folder / f"report{a}.md"
                )
            )
        )
    book.close()
    return {"docx_ms": statistics.median(docx_ms), "md_ms": statistics.median(md_ms)}


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "**not met**"


def render(results: dict[str, dict[str, float]], notes: int, seconds: float) -> str:
    a, i, s, r = results["autosave"], results["import"], results["search"], results["report"]
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            START,
            "## Notes",
            "",
            f"Measured on {when} by `python bench/notes_bench.py --write docs/benchmarks.md`, "
            f"which took {seconds:.0f} s. Real SQLite files (WAL, `synchronous=FULL`) in a "
            "temporary folder; times are wall-clock milliseconds, medians of repeated runs.",
            "",
            f"Machine: {machine()}.",
            "",
            "| what | today | target | |",
            "|---|---|---|---|",
            f"| note autosave: one edit committed (p50 / p95 of 500, 2 000 notes) | "
            f"{a['edit_p50']:.2f} ms / {a['edit_p95']:.2f} ms | p95 ≤ 10 ms | "
            f"{verdict(a['edit_p95'], 10)} |",
            f"| new note committed (p50 / p95 of 300) | {a['add_p50']:.2f} ms / "
            f"{a['add_p95']:.2f} ms | — | |",
            f"| search over {notes:,} notes (p50 / p95 of 50 queries) | {s['p50']:.1f} ms / "
            f"{s['p95']:.1f} ms | ≤ 50 ms | {verdict(s['p95'], 50)} |",
            f"| import ten 200-note bundles (total; median per bundle) | "
            f"{i['total_ms']:.0f} ms; {i['per_bundle_ms']:.0f} ms | — | |",
            "| the same ten bundles again (recognised, nothing added) | "
            f"{i['again_ms']:.0f} ms | — | |",
            f"| programme report of 500 notes, 10 groups: Word with chart / Markdown with chart | "
            f"{r['docx_ms']:.0f} ms / {r['md_ms']:.0f} ms | — | |",
            "",
            f"Building the {notes:,}-note index for the search figure took {s['build_s']:.1f} s "
            "(one transaction, triggers keeping the FTS5 index). The notes are drawn from a "
            "32-word vocabulary, so every query matches thousands of notes: a worst case for "
            "ranking. Search ranks the newest 2 000 matches best first and returns at most "
            "200 notes with their themes.",
            END,
            "",
        ]
    )


def write_section(path: Path, section: str) -> None:
    page.write_section(path, "notes", section)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", metavar="MARKDOWN", help="update this benchmarks page")
    parser.add_argument("--notes", type=int, default=100_000, help="notes for the search figure")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="notes-bench-") as tmp:
        os.environ["COMPANION_HOME"] = tmp
        folder = Path(tmp)
        results = {
            "autosave": bench_autosave(folder),
            "import": bench_import(folder),
            "search": bench_search(folder, args.notes),
            "report": bench_report(folder),
        }
    section = render(results, args.notes, time.perf_counter() - started)
    print(section)
    if args.write:
        write_section(Path(args.write), section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
