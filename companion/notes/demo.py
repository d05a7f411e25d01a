"""Sample notes for tests, benchmarks, screenshots and trying the app out.

Webinar 2 of the built-in series asks what inclusive and collective
leadership looks like in the organisation; its questions are in our words.
"""

from __future__ import annotations

import random
import struct
import zlib
from typing import Any

from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.store.db import write_transaction

PROGRAMME = "Inclusive and collective leadership"
WEBINAR_2 = "Webinar 2: What inclusive and collective leadership looks like here"
WEBINAR_2_QUESTIONS = (
    "Where have you seen inclusive and collective leadership in your organisation?",
    "Whose voices shape decisions here, and whose are missing?",
    "What one change would make your part of the organisation more inclusive?",
)
THEMES = (
    ("Psychological safety", "People can speak up, disagree and pass without fear."),
    ("Hierarchy and power", "Grade and role decide who is heard."),
    ("Shared decisions", "Decisions made with the people they affect."),
    ("Access and adjustments", "Captions, timing, formats and tools that let everyone take part."),
)
_WORDS = [
    "listening",
    "team",
    "huddle",
    "ward",
    "decision",
    "voice",
    "junior",
    "senior",
    "manager",
    "board",
    "staff",
    "patients",
    "feedback",
    "meeting",
    "chat",
    "captions",
    "break",
    "trust",
    "fear",
    "respect",
    "agenda",
    "rota",
    "training",
    "budget",
    "community",
    "outreach",
    "access",
    "interpreter",
    "estates",
    "digital",
    "union",
    "equality",
]


def png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (255, 220, 0)) -> bytes:
    """A small solid-colour PNG, made without any imaging library."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def group_session(notebook: Notebook, group: str, session_id: int | None = None) -> tuple[int, int]:
    """Webinar 2 for ``group``, with its three questions as sections."""
    return notebook.start_session(
        PROGRAMME, WEBINAR_2, group, WEBINAR_2_QUESTIONS, session_id=session_id
    )


def fill(notebook: Notebook, session_id: int, group_id: int, count: int, seed: int = 1) -> None:
    """``count`` varied notes spread over the group's sections, tagged with the sample themes."""
    rng = random.Random(seed)
    programme_id = notebook.programme_id(session_id)
    themes = [notebook.themes.ensure(programme_id, n, description=d) for n, d in THEMES]
    sections = notebook.notes.sections(session_id, group_id)
    kinds = list(NoteKind)
    with write_transaction(notebook.db):
        for index in range(count):
            kind = kinds[index % len(kinds)]
            extra: dict[str, Any] = {}
            if kind == NoteKind.QUOTE:
                extra = {"speaker": f"Member {index % 8 + 1}", "consent": Consent.NAMED}
            elif kind == NoteKind.ACTION:
                extra = {"owner": f"Member {index % 8 + 1}", "due": "2027-01-15"}
            elif kind == NoteKind.TRIO:
                extra = {"speaker": "a ward manager"}
            note = notebook.notes.add(
                sections[index % len(sections)].id, kind, sentence(rng), **extra
            )
            notebook.themes.tag(note.id, themes[rng.randrange(len(themes))].id)
