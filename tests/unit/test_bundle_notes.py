"""Bundles: round trip into the lead's database, idempotent import, and the hostile set."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from companion.notes import bundle_read, demo
from companion.notes.bundle import build_members, write_bundle, write_zip
from companion.notes.bundle_read import BundleError
from companion.notes.importer import import_bundle
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.notes.share import prepare
from companion.store.database import open_database


@pytest.fixture
def group_book(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "group" / "companion.db"))
    yield book
    book.close()


@pytest.fixture
def lead(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "lead" / "companion.db"))
    yield book
    book.close()


def _notes(book: Notebook, name: str = "Group A") -> tuple[int, int]:
    session, group = demo.group_session(book, name)
    demo.fill(book, session, group, 20)
    first = book.notes.sections(session, group)[0]
    quote = book.notes.add(
        first.id, NoteKind.QUOTE, "Heard at last", speaker="Amira", consent=Consent.NAMED
    )
    book.themes.tag(quote.id, book.themes.ensure(book.programme_id(session), "Voice").id)
    book.evidence.add(
        session, group, demo.png(8, 8), "flipchart.png", alt_text="Flipchart", section_id=first.id
    )
    return session, group


def _members(book: Notebook) -> dict[str, bytes]:
    session, group = _notes(book)
    return build_members(book, prepare(book.group_notes(session, group)))


def _snapshot(book: Notebook) -> dict[str, int]:
    tables = (
        "programmes",
        "sessions",
        "groups",
        "notes",
        "themes",
        "note_themes",
        "evidence",
        "notes_sections",
        "notes_imports",
    )
    return {t: book.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _zip(
    members: dict[str, bytes],
    tmp_path: Path,
    name: str = "b.zip",
    mutate: Callable[[zipfile.ZipFile], None] | None = None,
) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
        if mutate is not None:
            mutate(archive)
    return path


def _with_manifest(members: dict[str, bytes], **changes: object) -> dict[str, bytes]:
    """Members with a manifest re-made to match (so only the intended fault remains)."""
    body = {k: v for k, v in members.items() if k != "manifest.json"}
    manifest = json.loads(members["manifest.json"])
    manifest["files"] = {k: hashlib.sha256(v).hexdigest() for k, v in body.items()}
    manifest.update(changes)
    return {**body, "manifest.json": json.dumps(manifest).encode()}


def test_round_trip_and_importing_twice_adds_nothing(
    group_book: Notebook, lead: Notebook, tmp_path: Path
) -> None:
    session, group = _notes(group_book)
    path = write_bundle(group_book, session, group, tmp_path / "a.companion-notes.zip")
    assert path.stat().st_mode & 0o777 == 0o600
    first = import_bundle(lead, path)
    assert (first.added, first.evidence, first.already) == (21, 1, False)
    before = _snapshot(lead)
    again = import_bundle(lead, path)
    assert again.already and _snapshot(lead) == before
    # A re-made bundle of the same notes (new file bytes) also duplicates nothing.
    remade = write_bundle(group_book, session, group, tmp_path / "again.companion-notes.zip")
    assert import_bundle(lead, remade).added == 0
    assert {k: v for k, v in _snapshot(lead).items() if k != "notes_imports"} == {
        k: v for k, v in before.items() if k != "notes_imports"
    }
    imported = lead.notes.notes(first.session_id, first.group_id)
    original = group_book.notes.notes(session, group)
    assert sorted(n.text for n in imported) == sorted(n.text for n in original)
    quote = next(n for n in imported if n.text == "Heard at last")
    assert quote.attribution() == "Amira" and quote.origin == "imported"
    item = lead.evidence.of_group(first.session_id, first.group_id)[0]
    assert lead.evidence.read(item) == demo.png(8, 8) and item.alt_text == "Flipchart"


def test_two_groups_share_one_session_and_themes_by_name(
    group_book: Notebook, lead: Notebook, tmp_path: Path
) -> None:
    session, group = _notes(group_book, "Group A")
    _, other = _notes(group_book, "Group B")
    a = import_bundle(lead, write_bundle(group_book, session, group, tmp_path / "a.zip"))
    b = import_bundle(lead, write_bundle(group_book, session + 1, other, tmp_path / "b.zip"))
    assert a.session_id == b.session_id and a.group_id != b.group_id
    board = lead.themes.board(lead.programme_id(a.session_id))
    assert [name for _, name in board.groups] == ["Group A", "Group B"]
    assert len({t.name.lower() for t in board.themes}) == len(board.themes) == 5


def test_a_later_edit_replaces_the_imported_note(
    group_book: Notebook, lead: Notebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, group = _notes(group_book)
    import_bundle(lead, write_bundle(group_book, session, group, tmp_path / "1.zip"))
    note = group_book.notes.notes(session, group)[0]
    monkeypatch.setattr("companion.notes.store.now", lambda: "2999-01-01T00:00:00+00:00")
    group_book.notes.update(note.id, text="Corrected afterwards")
    result = import_bundle(lead, write_bundle(group_book, session, group, tmp_path / "2.zip"))
    assert (result.added, result.updated) == (0, 1)
    assert lead.notes.query("n.uid = ?", [note.uid])[0].text == "Corrected afterwards"


def _escape(a: zipfile.ZipFile) -> None:
    a.writestr("../../evil.txt", b"x")


def _link(a: zipfile.ZipFile) -> None:
    info = zipfile.ZipInfo("evidence/" + "0" * 64)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    a.writestr(info, b"/etc/passwd")


HOSTILE: dict[
    str,
    tuple[
        Callable[[dict[str, bytes]], dict[str, bytes]],
        Callable[[zipfile.ZipFile], None] | None,
        str,
    ],
] = {
    "path escape": (lambda m: m, _escape, "points outside the bundle"),
    "absolute path": (lambda m: m, lambda a: a.writestr("/tmp/x", b"x"), "outside the bundle"),
    "symlink": (lambda m: m, _link, "link"),
    "unexpected file": (lambda m: m, lambda a: a.writestr("run.sh", b"x"), "unexpected file"),
    "no manifest": (
        lambda m: {k: v for k, v in m.items() if k != "manifest.json"},
        None,
        "no manifest",
    ),
    "wrong hash": (
        lambda m: {**m, "notes.json": m["notes.json"].replace(b"Heard", b"Herd!")},
        None,
        "does not match its hash",
    ),
    "newer format": (lambda m: _with_manifest(m, format_version=99), None, "newer version"),
    "not companion": (lambda m: _with_manifest(m, format="other"), None, "not say"),
    "malformed json": (
        lambda m: _with_manifest({**m, "notes.json": b"{not json"}),
        None,
        "not valid JSON",
    ),
    "bad kind": (
        lambda m: _with_manifest(
            {**m, "notes.json": m["notes.json"].replace(b'"kind": "quote"', b'"kind": "virus"')}
        ),
        None,
        "unknown kind",
    ),
    "missing evidence": (
        lambda m: _with_manifest({k: v for k, v in m.items() if not k.startswith("evidence/")}),
        None,
        "no matching file",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_bundles_are_refused_and_change_nothing(
    case: str, group_book: Notebook, lead: Notebook, tmp_path: Path
) -> None:
    change, mutate, reason = HOSTILE[case]
    path = _zip(change(_members(group_book)), tmp_path, mutate=mutate)
    before = _snapshot(lead)
    outside_before = Path("/tmp/x").exists()  # another program may have made it; we must not
    with pytest.raises(BundleError, match=reason) as raised:
        import_bundle(lead, path)
    assert str(raised.value).startswith("This bundle cannot be imported:")
    assert _snapshot(lead) == before
    assert not (tmp_path / "evil.txt").exists()
    assert Path("/tmp/x").exists() == outside_before


def test_truncated_and_not_zip(group_book: Notebook, lead: Notebook, tmp_path: Path) -> None:
    good = write_zip(_members(group_book), tmp_path / "g.zip").read_bytes()
    for name, data in (("cut.zip", good[: len(good) // 2]), ("text.zip", b"hello")):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(BundleError, match="not a complete zip"):
            import_bundle(lead, tmp_path / name)
    assert _snapshot(lead)["notes"] == 0


def test_caps_on_count_and_size(
    group_book: Notebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = _members(group_book)
    monkeypatch.setattr(bundle_read, "MAX_MEMBERS", 2)
    with pytest.raises(BundleError, match="more than 2 files"):
        bundle_read.read_bundle(_zip(members, tmp_path, "many.zip"))
    monkeypatch.setattr(bundle_read, "MAX_MEMBERS", 100)
    monkeypatch.setattr(bundle_read, "MAX_JSON_BYTES", 1000)
    # A zip bomb: a small file that inflates past the cap is stopped while reading.
    bomb = {**members, "notes.json": b" " * 5_000_000}
    path = _zip(_with_manifest(bomb), tmp_path, "bomb.zip")
    assert path.stat().st_size < 100_000
    with pytest.raises(BundleError, match="larger than"):
        bundle_read.read_bundle(path)


def test_reused_ids_of_another_group_are_refused(
    group_book: Notebook, lead: Notebook, tmp_path: Path
) -> None:
    session, group = _notes(group_book)
    import_bundle(lead, write_bundle(group_book, session, group, tmp_path / "a.zip"))
    members = build_members(group_book, prepare(group_book.group_notes(session, group)))
    data = json.loads(members["notes.json"])
    data["group"] = "Group Z"  # claims another group's notes as its own
    forged = _with_manifest({**members, "notes.json": json.dumps(data).encode()})
    before = _snapshot(lead)
    with pytest.raises(BundleError, match="another group"):
        import_bundle(lead, _zip(forged, tmp_path, "forged.zip"))
    assert _snapshot(lead) == before


def test_in_memory_reader_accepts_a_good_bundle(group_book: Notebook) -> None:
    members = _members(group_book)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    bundle = bundle_read.read_bundle_bytes(buffer.getvalue())
    assert bundle.manifest["format_version"] == 1 and len(bundle.files) == 1
