"""Seeded fuzzing of everything Companion reads from elsewhere (#12).

Randomly damaged bundles, plans, roster CSVs and WAV headers: each must be
read or refused with a ``CompanionError`` (a sentence), never a traceback or
a hang, and a refused bundle must leave the lead's database as it was. The
seed is fixed, so a failure is repeatable; a few hundred cases run in seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import random
import signal
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from companion.audio.source import EndOfAudio
from companion.audio.wavfile import WavSource
from companion.errors import CompanionError
from companion.facilitation.deck import load_deck
from companion.facilitation.loader import parse_plan
from companion.facilitation.render import plan_as_dict, plan_as_text
from companion.notes import demo
from companion.notes.bundle import build_members
from companion.notes.bundle_read import read_bundle_bytes
from companion.notes.importer import import_checked
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.notes.share import prepare
from companion.resources import asset
from companion.store.database import open_database
from companion.turns.roster_import import parse_csv_bytes

SEED = 12
HOSTILE: list[Any] = [
    float("inf"),
    float("-inf"),
    float("nan"),
    -1,
    10**30,
    1.5,
    "",
    "x" * 600,
    "\ud800",
    "\u202eevil",
    {},
    {"a": [1]},
    [],
    [[[]]],
    None,
    True,
    "../../etc/passwd",
]


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail the case instead of hanging the suite."""

    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_or_refuse(case: str, action: Callable[[], object]) -> bool:
    """True when read, False when refused with a sentence; anything else fails the test."""
    try:
        with deadline(5):
            action()
    except CompanionError as error:
        message = str(error)
        assert message and "Traceback" not in message, case
        return False
    except Exception as error:
        pytest.fail(f"{case}: {type(error).__name__}: {error}")
    return True


def database_state(book: Notebook) -> str:
    return hashlib.sha256("\n".join(book.db.conn.iterdump()).encode()).hexdigest()


@pytest.fixture
def group_members(tmp_path: Path) -> dict[str, bytes]:
    book = Notebook(open_database(tmp_path / "group" / "companion.db"))
    try:
        session, group = demo.group_session(book, "Group A")
        sections = book.notes.sections(session, group)
        theme = book.themes.create(book.programme_id(session), "Rounds")
        quote = book.notes.add(
            sections[0].id, NoteKind.QUOTE, "We said it", speaker="Ysolde", consent=Consent.NAMED
        )
        book.themes.tag(quote.id, theme.id)
        book.notes.add(sections[1].id, NoteKind.ACTION, "Book", owner="Sam", due="2027-01-01")
        book.evidence.add(session, group, demo.png(8, 8), "board.png", alt_text="A board")
        return build_members(book, prepare(book.group_notes(session, group)))
    finally:
        book.close()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _rehashed(members: dict[str, bytes], notes: bytes) -> dict[str, bytes]:
    """A bundle whose notes.json was changed and whose manifest still vouches for it."""
    members = {**members, "notes.json": notes}
    manifest = json.loads(members.pop("manifest.json"))
    manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in members.items()}
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def _set_somewhere(rng: random.Random, value: Any) -> Any:
    """``value`` with one randomly chosen leaf or key replaced by something hostile."""
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(list(value))
        return {**value, key: _set_somewhere(rng, value[key])}
    if isinstance(value, list) and value and rng.random() < 0.8:
        index = rng.randrange(len(value))
        return [*value[:index], _set_somewhere(rng, value[index]), *value[index + 1 :]]
    return rng.choice(HOSTILE)


def _damaged_bytes(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    choice = rng.randrange(3)
    if choice == 0:  # flip a few bytes anywhere: headers, deflate streams, the directory
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif choice == 1:  # cut short
        del data[rng.randrange(len(data)) :]
    else:  # a run of junk in the middle
        at = rng.randrange(len(data))
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(data)


def test_damaged_bundles_are_imported_or_refused_and_refusals_change_nothing(
    group_members: dict[str, bytes], tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    lead = Notebook(open_database(tmp_path / "lead" / "companion.db"))
    notes = json.loads(group_members["notes.json"])
    good = _zip(group_members)
    refused = 0
    try:
        for case in range(200):
            if case % 2:
                raw = _damaged_bytes(rng, good)
            elif case % 6 == 2:  # a manifest that lies about the format, version or files
                manifest = json.loads(group_members["manifest.json"])
                members = {
                    **group_members,
                    "manifest.json": json.dumps(_set_somewhere(rng, manifest)).encode(),
                }
                raw = _zip(members)
            else:
                text = json.dumps(_set_somewhere(rng, notes), ensure_ascii=rng.random() < 0.5)
                if rng.random() < 0.2:  # a number of thousands of digits
                    text = text.replace('"position": 0', '"position": ' + "7" * 5000, 1)
                raw = _zip(_rehashed(group_members, text.encode("utf-8", "surrogatepass")))
            before = database_state(lead)
            if not read_or_refuse(
                f"bundle case {case}", lambda raw=raw: import_checked(lead, read_bundle_bytes(raw))
            ):
                refused += 1
                assert database_state(lead) == before, f"bundle case {case} changed the database"
    finally:
        lead.close()
    assert refused > 120  # the damage was real, not shrugged off


_CODEBOOK = """
[[themes]]
name = "Voice and inclusion"
description = "Who is heard, who is not"
colour = "#1f77b4"

[[themes]]
name = "Trust"
"""


def _plan_text(*, themes: bool = False) -> str:
    text = asset("plans", "breakout-30.toml").read_text(encoding="utf-8")
    return text + _CODEBOOK if themes else text


def _damaged_codebook(rng: random.Random, text: str) -> str:
    """The plan's codebook (#13) made hostile: wrong types, huge, controls, duplicates."""
    hostile = [
        'name = ""',
        "name = 7",
        'name = "' + "x" * 5000 + '"',
        'name = "a\u0000b"',
        'name = "Trust"',  # the same theme twice
        'colour = "red"',
        'colour = "#12345"',
        "colour = [1]",
        'description = "' + "y" * 50_000 + '"',
        'nam = "typo"',
        "[themes.x]",
        "themes = 3",
    ]
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line == 'name = "Trust"')
    lines[at] = rng.choice(hostile)
    if rng.random() < 0.2:
        lines.extend(["", "[[themes]]", 'name = "n"'] * rng.choice([1, 400]))
    return "\n".join(lines)


def _damaged_plan(rng: random.Random, text: str) -> str:
    choice = rng.randrange(4)
    lines = text.splitlines()
    if choice == 0:  # a number made hostile
        numbers = [i for i, line in enumerate(lines) if "= " in line and line[-1:].isdigit()]
        index = rng.choice(numbers) if numbers else 0
        key = lines[index].split("=")[0]
        hostile = ["nan", "inf", "-inf", "1e999", "9" * 5000, '"ten"', "[1]", "{a = 1}", "0"]
        lines[index] = f"{key}= {rng.choice(hostile)}"
    elif choice == 1:  # deep nesting
        depth = rng.choice([50, 500, 5000])
        lines.append("deep = " + "[" * depth + "]" * depth)
    elif choice == 2:  # characters flipped
        chars = list(text)
        for _ in range(rng.randint(1, 10)):
            chars[rng.randrange(len(chars))] = chr(rng.choice([0, 10, 34, 61, 91, 93, 0x202E]))
        return "".join(chars)
    else:  # a line dropped or doubled
        index = rng.randrange(len(lines))
        lines[index:index] = [lines[index]] if rng.random() < 0.5 else []
        del lines[index if rng.random() < 0.5 else len(lines) - 1]
    return "\n".join(lines)


def test_damaged_plans_are_accepted_whole_or_refused(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    deck = load_deck()
    text = _plan_text()

    def load_and_show(damaged: str) -> None:
        plan = parse_plan(damaged, deck, name="fuzz")
        plan_as_text(plan)  # what `plans show` prints: accepted means it shows
        json.dumps(plan_as_dict(plan), allow_nan=False)

    for case in range(120):
        damaged = _damaged_plan(rng, text)
        read_or_refuse(f"plan case {case}", lambda damaged=damaged: load_and_show(damaged))
    with_themes = _plan_text(themes=True)
    assert [t.name for t in parse_plan(with_themes, deck, name="x").themes] == [
        "Voice and inclusion",
        "Trust",
    ]
    for case in range(120):  # the codebook a plan carries (#13), damaged as the rest is
        damaged = _damaged_plan(rng, with_themes) if case % 2 else with_themes
        damaged = _damaged_codebook(rng, damaged) if "Trust" in damaged else damaged
        read_or_refuse(f"codebook case {case}", lambda damaged=damaged: load_and_show(damaged))


def test_damaged_roster_csvs_are_read_or_refused() -> None:
    rng = random.Random(SEED)
    pieces = ["Sam", "Amira Khan", ",", ";", '"', '""', "\r", "\n", "\r\n", "\t", "\x00"]
    pieces += ["\u202e", "\ufeff", "x" * 140_000, "é", "nurse", "she/her", "name", "role"]
    for case in range(120):
        head = rng.choice(["name,role\n", "name;pronouns\r", "Name\r\n", "", '"name\n'])
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        data = (head + body).encode("utf-8", "surrogatepass")
        if rng.random() < 0.2:
            data += bytes(rng.randrange(256) for _ in range(20))
        read_or_refuse(f"csv case {case}", lambda data=data: parse_csv_bytes(data))


def _wav_header(rng: random.Random) -> bytes:
    """A valid 16 kHz header with one or two of its fields made hostile."""
    field = {
        "code": 1,
        "channels": 1,
        "rate": 16_000,
        "bits": 16,
        "fmt_size": 16,
        "data_size": 3200,
        "samples": 3200,
        "junk_chunk": False,
    }
    hostile: dict[str, list[Any]] = {
        "code": [3, 0xFFFE, 2, 0],
        "channels": [0, 2, 7, 33, 65535],
        "rate": [0, 1, 3_999, 48_000, 384_000, 8_000_000, 4_000_000_000],
        "bits": [0, 8, 24, 32, 64, 12],
        "fmt_size": [18, 40, 2, 0xFFFFFFFF],
        "data_size": [0, 0xFFFFFFFF, 7, 10**6],
        "samples": [0, 5],
        "junk_chunk": [True],
    }
    for name in rng.sample(list(hostile), rng.randint(1, 2)):
        field[name] = rng.choice(hostile[name])
    rate, fmt_size = int(field["rate"]), int(field["fmt_size"])
    fmt = struct.pack(
        "<HHIIHH", field["code"], field["channels"], rate, rate & 0xFFFFFFFF, 4, field["bits"]
    )
    fmt += bytes(max(0, min(fmt_size, 40) - 16))
    body = b"WAVE" + b"fmt " + struct.pack("<I", fmt_size) + fmt
    if field["junk_chunk"]:  # an unknown chunk first, of any declared size
        body += b"LIST" + struct.pack("<I", rng.choice([4, 0xFFFFFFF0])) + b"abcd"
    samples = bytes(rng.randrange(256) for _ in range(int(field["samples"])))
    body += b"data" + struct.pack("<I", field["data_size"]) + samples
    return b"RIFF" + struct.pack("<I", len(body)) + body


def test_damaged_wav_headers_are_read_or_refused(tmp_path: Path) -> None:
    rng = random.Random(SEED)

    def read_all(path: Path) -> None:
        source = WavSource(path)
        source.open()
        try:
            for _ in range(200):
                source.read(0.0)
        except EndOfAudio:
            pass
        finally:
            source.close()

    read = 0
    for case in range(150):
        path = tmp_path / f"case-{case}.wav"
        path.write_bytes(_wav_header(rng))
        read += read_or_refuse(f"wav case {case}", lambda path=path: read_all(path))
    assert 20 < read < 130  # both kinds of answer were exercised
