"""No acknowledged edit is lost when the writer is killed with SIGKILL at random moments.

A writer process adds and edits notes as fast as it can and prints each edit
on stdout only after the store returned (committed). The test kills it at a
random moment, many times, each time reopening the same database: the file
must pass ``PRAGMA integrity_check`` and hold every edit that was reported.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

KILLS = 20

WRITER = textwrap.dedent(
    """
    import random, sys
    from pathlib import Path
    from companion.notes import demo
    from companion.notes.model import NoteKind
    from companion.notes.notebook import Notebook
    from companion.store.database import open_database

    book = Notebook(open_database(Path(sys.argv[1])))
    rng = random.Random(int(sys.argv[2]))
    session_id, group_id = demo.group_session(book, "Group A", session_id=1 if
        book.db.execute("SELECT count(*) FROM sessions").fetchone()[0] else None)
    sections = [s.id for s in book.notes.sections(session_id, group_id)]
    print("ready", flush=True)
    mine = []
    while True:
        if mine and rng.random() < 0.4:
            note_id, uid, version = rng.choice(mine)
            version += 1
            book.notes.update(note_id, text=f"{uid} v{version}")
            mine = [(i, u, version if u == uid else v) for i, u, v in mine]
        else:
            note = book.notes.add(rng.choice(sections), NoteKind.NOTE, "new")
            uid, version = note.uid, 0
            book.notes.update(note.id, text=f"{uid} v0")
            mine.append((note.id, uid, 0))
        print(uid, version, flush=True)
    """
)


def _check(path: Path, acknowledged: dict[str, int]) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {uid: text for uid, text in connection.execute("SELECT uid, text FROM notes")}
    finally:
        connection.close()
    for uid, version in acknowledged.items():
        assert uid in stored, f"acknowledged note {uid} was lost"
        saved = int(stored[uid].rsplit(" v", 1)[1])
        assert saved >= version, f"note {uid}: edit v{version} was acknowledged, found v{saved}"


def test_sigkill_at_random_moments_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    rng = random.Random(20261126)
    acknowledged: dict[str, int] = {}
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for kill in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(kill)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        for _ in range(rng.randint(1, 40)):
            uid, version = writer.stdout.readline().split()
            acknowledged[uid] = max(acknowledged.get(uid, 0), int(version))
        writer.send_signal(signal.SIGKILL)  # at once, wherever the writer is
        for line in writer.stdout:  # edits it reported before it died
            if line.strip():
                uid, version = line.split()
                acknowledged[uid] = max(acknowledged.get(uid, 0), int(version))
        writer.wait()
        assert writer.returncode == -signal.SIGKILL
        _check(path, acknowledged)
    assert len(acknowledged) > KILLS
