"""Each hostile input the #12 review found is refused in a sentence, never a traceback."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import struct
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from companion import paths, settings
from companion.audio.wavfile import WavSource
from companion.cli.commands import build_parser
from companion.errors import AudioError, ModelError
from companion.facilitation.deck import load_deck
from companion.facilitation.loader import load_plan, parse_plan
from companion.facilitation.problems import PlanError
from companion.notes import demo
from companion.notes.bundle import build_members
from companion.notes.bundle_read import BundleError, read_bundle_bytes
from companion.notes.model import NoteKind, NotesError
from companion.notes.notebook import Notebook
from companion.notes.search import search
from companion.notes.share import prepare
from companion.speech.factory import resolve_engine
from companion.store.database import open_database
from companion.turns.roster import clean_text
from companion.turns.roster_import import ImportProblem, parse_csv, read_csv_file

PLAN = """title = "Short"
[[segments]]
title = "Talk"
kind = "discussion"
minutes = {minutes}
"""


@pytest.fixture
def notebook(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "data" / "companion.db"))
    yield book
    book.close()


def good_members(notebook: Notebook) -> dict[str, bytes]:
    session, group = demo.group_session(notebook, "Group A")
    section = notebook.notes.sections(session, group)[0]
    notebook.notes.add(section.id, NoteKind.NOTE, "A note")
    return build_members(notebook, prepare(notebook.group_notes(session, group)))


def zipped(members: dict[str, bytes], notes_json: bytes | None = None) -> bytes:
    """The bundle with ``notes_json`` in place of its notes, the manifest's hashes redone."""
    members = dict(members)
    if notes_json is not None:
        members["notes.json"] = notes_json
    manifest = json.loads(members.pop("manifest.json"))
    manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in members.items()}
    members["manifest.json"] = json.dumps(manifest).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def with_note(members: dict[str, bytes], **changes: Any) -> bytes:
    data = json.loads(members["notes.json"])
    data["notes"][0].update(changes)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "change",
    [
        {"position": float("inf")},
        {"position": 10**30},
        {"position": "3"},
        {"position": 1.5},
        {"text": "lone \ud800 surrogate"},
        {"text": {"a": 1}},
        {"kind": {"a": 1}},
        {"section": {"a": 1}},
        {"consent": ["named"]},
        {"speaker": "\u202eAmira"},
        {"uid": 10**30},  # printed, it looked like an id; SQLite overflowed
        {"uid": None},
    ],
    ids=str,
)
def test_bundle_values_of_the_wrong_type_or_range_are_refused(
    notebook: Notebook, change: dict[str, Any]
) -> None:
    members = good_members(notebook)
    raw = zipped(members, with_note(members, **change))
    with pytest.raises(BundleError, match=r"^This bundle cannot be imported: "):
        read_bundle_bytes(raw)


def test_bundle_numbers_of_thousands_of_digits_and_rtl_group_names(notebook: Notebook) -> None:
    members = good_members(notebook)
    text = members["notes.json"].decode().replace('"position": 0', '"position": ' + "9" * 5000)
    with pytest.raises(BundleError, match="not valid JSON"):
        read_bundle_bytes(zipped(members, text.encode()))
    data = json.loads(members["notes.json"])
    data["group"] = "Group \u202eB puorG"  # displays as another group
    with pytest.raises(BundleError, match="direction"):
        read_bundle_bytes(zipped(members, json.dumps(data).encode()))


def test_a_damaged_deflate_stream_is_refused(notebook: Notebook) -> None:
    raw = bytearray(zipped(good_members(notebook)))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo("notes.json")
    name_len, extra_len = struct.unpack(
        "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    raw[start : start + 8] = b"\xff" * 8  # an invalid deflate block type
    with pytest.raises(BundleError, match="damaged"):
        read_bundle_bytes(bytes(raw))


def test_plans_refuse_nan_deep_nesting_long_numbers_and_fifos(tmp_path: Path) -> None:
    deck = load_deck()
    for minutes in ("nan", "inf", "-inf"):
        with pytest.raises(PlanError, match="must be a number of minutes"):
            parse_plan(PLAN.format(minutes=minutes), deck, name="x")
    with pytest.raises(PlanError, match="nests"):
        parse_plan("a = " + "[" * 5000 + "]" * 5000, deck, name="x")
    with pytest.raises(PlanError, match="too long to read"):
        parse_plan('title = "x"\norder = ' + "9" * 5000, deck, name="x")
    fifo = tmp_path / "plan.toml"
    os.mkfifo(fifo)
    with pytest.raises(PlanError, match="pipe"):
        load_plan(fifo, deck)  # before #12 this waited for ever


def test_deeply_nested_settings_start_with_defaults_and_say_so(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    loaded, notice = settings.load(path)
    assert loaded == settings.Settings()
    assert notice is not None and "nests too deeply" in notice


def test_roster_csv_cr_line_ends_huge_cells_and_unclosed_quotes(tmp_path: Path) -> None:
    members = parse_csv("name,role\rSam,nurse\rAmira,doctor\r")
    assert [m.name for m in members] == ["Sam", "Amira"]
    with pytest.raises(ImportProblem, match="far longer than any name"):
        parse_csv("name\n" + "x" * 131_073 + "\n")
    with pytest.raises(ImportProblem, match=r"never closed|not closed"):
        parse_csv('name,role\nSam,"nurse\nAmira,doctor\n')  # was silently one member
    with pytest.raises(ImportProblem, match="not closed"):
        parse_csv('name,role\nSam,"nurse\nAmira,doctor"\nPriya,porter\n')
    with pytest.raises(ImportProblem, match="no names"):
        parse_csv(',,,\n""\n')  # rows of nothing: was an IndexError
    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    with pytest.raises(ImportProblem, match="pipe"):
        read_csv_file(fifo)
    assert clean_text("Group \u202eB puorG") == "Group B puorG"


def _wav(path: Path, rate: int, channels: int = 1) -> Path:
    fmt = struct.pack("<HHIIHH", 1, channels, rate, (rate * 2) & 0xFFFFFFFF, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", 3200)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body) + 3200) + body + b"\0" * 3200)
    return path


@pytest.mark.parametrize("rate", [8_000_000, 4_000_000_000, 100])
def test_wav_sample_rates_outside_a_sane_range_are_refused_before_reading(
    tmp_path: Path, rate: int
) -> None:
    source = WavSource(_wav(tmp_path / "odd.wav", rate))
    with pytest.raises(AudioError, match="samples a second"):
        source.open()


def test_a_fifo_given_as_a_sound_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "talk.wav"
    os.mkfifo(fifo)
    with pytest.raises(AudioError, match="pipe"):
        WavSource(fifo).open()


def test_captions_duration_must_be_a_finite_number_of_seconds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for bad in ("inf", "nan", "-5", "soon"):
        with pytest.raises(SystemExit) as stopped:
            build_parser().parse_args(["captions", "--duration", bad])
        assert stopped.value.code == 2
        assert "is not a number of seconds" in capsys.readouterr().err
    assert build_parser().parse_args(["captions", "--duration", "2.5"]).duration == 2.5


def test_no_vosk_model_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("companion.speech.factory.find_vosk_model", lambda _m=None: None)
    with pytest.raises(ModelError, match=r"^No vosk speech model is installed\. Install"):
        resolve_engine("vosk")


def test_private_dir_leaves_a_private_or_unchangeable_folder_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    folder = paths.private_dir(tmp_path / "data")
    shared = tmp_path / "read-only"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setattr(os, "chmod", lambda p, _m: calls.append(Path(p)))
    assert paths.private_dir(folder) == folder and calls == []  # no chmod on every call

    def refuse(_path: object, _mode: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    assert paths.private_dir(shared) == shared  # reading still works


def test_search_on_a_damaged_index_says_so_instead_of_part_of_the_results(
    notebook: Notebook,
) -> None:
    session, group = demo.group_session(notebook, "Group A")
    section = notebook.notes.sections(session, group)[0]
    gone = notebook.notes.add(section.id, NoteKind.NOTE, "rounds help the quiet ones")
    notebook.notes.add(section.id, NoteKind.NOTE, "rounds take time")
    assert len(search(notebook.notes, "rounds")) == 2
    triggers = [
        str(r[0])
        for r in notebook.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'notes'"
        )
    ]
    for trigger in triggers:  # damage: the index keeps a note the table lost
        notebook.db.execute(f"DROP TRIGGER [{trigger}]")
    notebook.db.execute("DELETE FROM notes WHERE id = ?", [gone.id])
    with pytest.raises(NotesError, match="restore the newest backup"):
        search(notebook.notes, "rounds")


def test_float_wav_samples_that_are_nan_or_huge_read_as_silence_and_full_scale(
    tmp_path: Path,
) -> None:
    import numpy as np

    from companion.audio.resample import as_float_mono

    samples = np.array([np.nan, np.inf, -np.inf, 1e308, 0.5], dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "invalid value" or "overflow" on the way
        assert as_float_mono(samples).tolist() == [0.0, 32768.0, -32768.0, 32768.0, 16384.0]


@pytest.mark.parametrize(
    ("themes", "says"),
    [
        ('themes = "Trust"', "must be a list of theme names"),
        ('themes = ["Trust", "trust"]', 'themes 2: "trust" is already theme 1'),
        ('themes = [{ name = "Trust", colour = "red" }]', '"red" is not a colour'),
        ('themes = [{ nam = "Trust" }]', 'did you mean "name"'),
        ('themes = ["' + "x" * 101 + '"]', "use at most 100"),
        ('themes = ["a\\u0007b"]', "without control characters"),
        ("themes = [" + ", ".join([f'"t{n}"' for n in range(301)]) + "]", "at most 300"),
        ("themes = [[1]]", "must be a theme name in quotes"),
    ],
)
def test_a_plans_hostile_codebook_is_refused_in_a_sentence(themes: str, says: str) -> None:
    """The programme's themes a plan carries (#13) are checked like the rest of the plan."""
    text = PLAN_WITH_THEMES.format(themes=themes)
    with pytest.raises(PlanError, match=re.escape(says)) as raised:
        parse_plan(text, load_deck(), name="x")
    assert "line 2" in str(raised.value)  # where, in words a person can act on


PLAN_WITH_THEMES = """title = "Check-in"
{themes}

[[segments]]
title = "Round"
kind = "round"
minutes = 5
"""
