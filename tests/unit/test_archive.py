"""Safe extraction of zip and tar.gz archives: real archives built in each test."""

from __future__ import annotations

import errno
import io
import stat
import tarfile
import threading
import zipfile
from pathlib import Path

import pytest

from companion.errors import ModelError
from companion.speech import archive
from companion.speech.archive import ArchiveError, Cancelled, extract_archive, inspect_archive


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def zip_with_mode(path: Path, name: str, mode: int, data: bytes = b"target") -> Path:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # unix
    info.external_attr = mode << 16
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("model/am/final.mdl", b"am")
        zf.writestr(info, data)
    return path


def make_tar(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
            else:
                tf.addfile(info)
    return path


def tar_file(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.REGTYPE
    return info


def tar_special(name: str, kind: bytes, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


GOOD = {
    "model/am/final.mdl": b"acoustic model",
    "model/conf/mfcc.conf": b"--use-energy=false\n",
    "model/graph/HCLG.fst": b"graph",
}


def test_zip_is_unpacked_with_private_modes(tmp_path: Path) -> None:
    source = make_zip(tmp_path / "m.zip", GOOD)
    dest = tmp_path / "out"
    seen: list[tuple[int, int]] = []

    summary = extract_archive(source, dest, progress=lambda d, t: seen.append((d, t)))

    assert summary.kind == "zip"
    assert summary.single_folder == "model"
    assert summary.total_size == sum(len(v) for v in GOOD.values())
    for name, data in GOOD.items():
        assert (dest / name).read_bytes() == data
        assert stat.S_IMODE((dest / name).stat().st_mode) == 0o600
    for folder in (dest, dest / "model", dest / "model" / "am"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert seen[0] == (0, summary.total_size)
    assert seen[-1] == (summary.total_size, summary.total_size)


def test_tar_gz_is_unpacked(tmp_path: Path) -> None:
    members: list[tuple[tarfile.TarInfo, bytes | None]] = [
        (tar_special("./model", tarfile.DIRTYPE), None),
        *[(tar_file("./" + name), data) for name, data in GOOD.items()],
    ]
    source = make_tar(tmp_path / "m.tar.gz", members)
    dest = tmp_path / "out"

    summary = extract_archive(source, dest)

    assert summary.kind == "tar"
    assert summary.single_folder == "model"
    assert (dest / "model/graph/HCLG.fst").read_bytes() == b"graph"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../evil", "'..'"),
        ("model/../../evil", "'..'"),
        ("..\\evil", "'..'"),
        ("/etc/evil", "absolute path"),
        ("C:/Windows/evil", "absolute path"),
    ],
)
def test_escaping_names_are_refused_before_anything_is_written(
    tmp_path: Path, name: str, why: str
) -> None:
    source = make_zip(tmp_path / "evil.zip", {"model/am/final.mdl": b"am", name: b"x"})
    dest = tmp_path / "out"

    with pytest.raises(ArchiveError) as caught:
        extract_archive(source, dest)

    message = str(caught.value)
    assert repr(name) in message and why in message
    assert not dest.exists()
    assert not (tmp_path / "evil").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.zip"]


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        (stat.S_IFLNK | 0o777, "symbolic link"),
        (stat.S_IFCHR | 0o600, "device file"),
        (stat.S_IFBLK | 0o600, "device file"),
        (stat.S_IFIFO | 0o600, "named pipe"),
    ],
)
def test_zip_links_and_special_files_are_refused(tmp_path: Path, mode: int, why: str) -> None:
    source = zip_with_mode(tmp_path / "odd.zip", "model/link", mode, b"/etc/passwd")

    with pytest.raises(ArchiveError, match=why) as caught:
        extract_archive(source, tmp_path / "out")

    assert "'model/link'" in str(caught.value)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        (tarfile.SYMTYPE, "symbolic link"),
        (tarfile.LNKTYPE, "hard link"),
        (tarfile.CHRTYPE, "device file"),
        (tarfile.BLKTYPE, "device file"),
        (tarfile.FIFOTYPE, "named pipe"),
    ],
)
def test_tar_links_and_special_files_are_refused(tmp_path: Path, kind: bytes, why: str) -> None:
    source = make_tar(
        tmp_path / "odd.tar.gz",
        [
            (tar_file("model/am/final.mdl"), b"am"),
            (tar_special("model/graph", kind, linkname="/etc"), None),
        ],
    )

    with pytest.raises(ArchiveError, match=why) as caught:
        extract_archive(source, tmp_path / "out")

    assert "'model/graph'" in str(caught.value)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "etc").exists()


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    source = make_zip(tmp_path / "many.zip", {f"model/f{i}": b"" for i in range(12)})

    with pytest.raises(ArchiveError, match="more than 10 entries"):
        extract_archive(source, tmp_path / "out", max_members=10)
    assert not (tmp_path / "out").exists()


def test_too_much_unpacked_data_is_refused_naming_the_member(tmp_path: Path) -> None:
    # A small zip that unpacks to a lot: a zip bomb in miniature.
    source = make_zip(
        tmp_path / "bomb.zip", {"model/a": b"\0" * 600_000, "model/b": b"\0" * 600_000}
    )
    assert source.stat().st_size < 10_000

    with pytest.raises(ArchiveError, match=r"1\.0 MB") as caught:
        inspect_archive(source, max_total_size=1_000_000)
    assert "'model/b'" in str(caught.value)

    with pytest.raises(ArchiveError):
        extract_archive(source, tmp_path / "out", max_total_size=1_000_000)
    assert not (tmp_path / "out").exists()


def test_duplicate_entries_are_refused_and_cleaned_up(tmp_path: Path) -> None:
    source = tmp_path / "dup.zip"
    with zipfile.ZipFile(source, "w") as zf, pytest.warns(UserWarning, match="Duplicate"):
        zf.writestr("model/x", b"one")
        zf.writestr("model/x", b"two")

    with pytest.raises(ArchiveError, match="clashes"):
        extract_archive(source, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_not_an_archive(tmp_path: Path) -> None:
    source = tmp_path / "notes.zip"
    source.write_text("just some text, not an archive")

    with pytest.raises(ArchiveError, match=r"not a zip or tar\.gz archive"):
        extract_archive(source, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_damaged_data_is_refused_and_cleaned_up(tmp_path: Path) -> None:
    source = make_zip(tmp_path / "m.zip", {"model/big": bytes(range(256)) * 4000})
    data = bytearray(source.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\xff" * 64  # corrupt the compressed stream
    source.write_bytes(bytes(data))

    with pytest.raises(ArchiveError, match="damaged"):
        extract_archive(source, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_full_disk_is_raised_as_oserror_and_cleaned_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_zip(tmp_path / "m.zip", GOOD)

    def full(out: object, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive, "_write_chunk", full)
    with pytest.raises(OSError) as caught:
        extract_archive(source, tmp_path / "out")
    assert caught.value.errno == errno.ENOSPC
    assert not (tmp_path / "out").exists()


def test_cancel_stops_and_cleans_up(tmp_path: Path) -> None:
    source = make_zip(tmp_path / "m.zip", GOOD)
    cancel = threading.Event()
    cancel.set()

    with pytest.raises(Cancelled):
        extract_archive(source, tmp_path / "out", cancel=cancel)
    assert not (tmp_path / "out").exists()


def test_errors_are_model_errors_with_a_sentence(tmp_path: Path) -> None:
    source = make_zip(tmp_path / "evil.zip", {"../evil": b"x"})
    with pytest.raises(ModelError) as caught:
        inspect_archive(source)
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 bytes"), (999, "999 bytes"), (41_205_931, "41.2 MB"), (1_913_365_522, "1.9 GB")],
)
def test_human_size(size: int, text: str) -> None:
    assert archive.human_size(size) == text
