"""The Models dialog over the real backend: a real HTTP server on 127.0.0.1, real archives."""

from __future__ import annotations

import hashlib
import io
import os
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from companion import paths
from companion.speech import models
from companion.speech.models import CatalogueEntry
from ui.captions.models_dialog import ModelRow, ModelsDialog

LEFT = Qt.MouseButton.LeftButton
LAYOUT = {
    "am/final.mdl": b"fake acoustic model",
    "conf/mfcc.conf": b"--sample-frequency=16000\n",
    "graph/HCLG.fst": b"fake graph",
}


def model_zip(top: str = "vosk-model-test", padding: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in LAYOUT.items():
            archive.writestr(f"{top}/{name}", data)
        if padding:
            archive.writestr(f"{top}/padding.bin", os.urandom(padding))
    return buffer.getvalue()


@dataclass
class Server:
    """Serves files from ``files``; a file in ``gated`` stops half-way until the gate opens."""

    base: str
    files: dict[str, bytes] = field(default_factory=dict)
    gated: set[str] = field(default_factory=set)
    gate: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    state: dict[str, Server] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            served = state["server"]
            name = self.path.rsplit("/", 1)[-1]
            body = served.files.get(name)
            if body is None:
                self.send_error(404, "Not Found")
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if name in served.gated:
                half = len(body) // 2
                self.wfile.write(body[:half])
                self.wfile.flush()
                served.gate.wait(10)
                body = body[half:]
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    class Quiet(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # the client went away after a cancel

    httpd = Quiet(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/models"
    state["server"] = served = Server(base)
    monkeypatch.setenv(models.BASE_URL_ENV, base)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served
    served.gate.set()
    httpd.shutdown()
    httpd.server_close()


def add_to_catalogue(
    monkeypatch: pytest.MonkeyPatch, server: Server, body: bytes, filename: str = ""
) -> str:
    name = "vosk-model-test"
    server.files[filename or f"{name}.zip"] = body
    entry = CatalogueEntry(
        name=name,
        description="A small test model",
        size=len(body),
        max_download=len(body) * 2,
        unpacked_size=len(body) * 2,
        max_unpacked=len(body) * 4,
        max_members=50,
        sha256=None,
        filename=filename,
    )
    monkeypatch.setitem(models.CATALOGUE, name, entry)
    return name


@pytest.fixture
def dialog(qtbot: QtBot) -> ModelsDialog:
    shown = ModelsDialog()
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _row(dialog: ModelsDialog, name: str) -> ModelRow:
    return next(row for row in dialog.rows() if row.name == name)


def _wait_idle(qtbot: QtBot, dialog: ModelsDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)


# Listing.


def test_lists_the_built_in_model_and_the_catalogue(dialog: ModelsDialog) -> None:
    rows = dialog.rows()
    whisper = rows[0]
    assert (whisper.engine, whisper.status) == ("whisper", "Built in")
    assert not whisper.removable and not whisper.installable
    for entry in models.catalogue():
        row = _row(dialog, entry.name)
        assert row.status == "Not installed" and row.installable
        assert row.size.endswith(("MB", "GB"))
    assert dialog.table.rowCount() == len(rows)
    status_cell = dialog.table.item(0, 3)
    assert status_cell is not None and status_cell.text() == "Built in"
    dialog.select(whisper.name)
    assert not dialog.install_button.isEnabled()
    assert not dialog.remove_button.isEnabled()
    assert "cannot be removed" in dialog.details.text()


# Installing from the catalogue.


def test_install_downloads_with_progress(
    qtbot: QtBot, dialog: ModelsDialog, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = add_to_catalogue(monkeypatch, server, model_zip(padding=300_000))
    dialog.refresh()
    dialog.select(name)
    assert dialog.install_button.isEnabled()
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    qtbot.mouseClick(dialog.install_button, LEFT)
    assert dialog.busy
    assert dialog.progress_box.isVisible()
    assert not dialog.install_button.isEnabled() and not dialog.file_button.isEnabled()
    _wait_idle(qtbot, dialog)
    assert "Installed vosk-model-test" in dialog.message.text()
    assert not dialog.progress_box.isVisible()
    assert _row(dialog, name).status == "Installed"
    assert _row(dialog, name).removable
    assert (paths.user_models_dir() / name / "am" / "final.mdl").is_file()
    assert values and values[-1] == dialog.progress.maximum()  # the bar reached the end
    assert "of" in dialog.progress.format()


def test_cancel_stops_the_download_and_installs_nothing(
    qtbot: QtBot, dialog: ModelsDialog, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = model_zip(padding=600_000)
    name = add_to_catalogue(monkeypatch, server, body, filename="gated.zip")
    server.gated.add("gated.zip")
    dialog.refresh()
    dialog.select(name)
    dialog.install_selected()
    # The download is stuck half-way, yet the dialog shows progress and answers.
    qtbot.waitUntil(lambda: dialog.progress.maximum() > 0 and dialog.progress.value() > 0)
    assert "of" in dialog.progress.format()
    qtbot.waitUntil(dialog.cancel_button.hasFocus)
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    assert dialog.job is not None and dialog.job.cancel.is_set()
    assert dialog.step.text() == "Cancelling…"
    server.gate.set()
    _wait_idle(qtbot, dialog)
    assert "cancelled" in dialog.message.text()
    assert not dialog.message.text().startswith("Problem")
    assert not (paths.user_models_dir() / name).exists()
    assert _row(dialog, name).status == "Not installed"
    assert dialog.install_button.isEnabled()


def test_download_error_is_the_backends_sentence(
    qtbot: QtBot, dialog: ModelsDialog, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = add_to_catalogue(monkeypatch, server, model_zip())
    server.files.clear()  # the server answers 404
    dialog.refresh()
    dialog.select(name)
    dialog.install_selected()
    _wait_idle(qtbot, dialog)
    assert dialog.message.text().startswith("Problem: The server refused the download")
    assert "HTTP 404" in dialog.message.text()
    assert "--file" not in dialog.message.text()  # the dialog's own button is named instead
    assert "with Install from file…" in dialog.message.text()
    assert dialog.message.accessibleName() == dialog.message.text()


# Installing from a file.


def test_install_from_file_through_the_file_dialog(
    qtbot: QtBot, dialog: ModelsDialog, tmp_path: Path
) -> None:
    archive = tmp_path / "vosk-model-from-it.zip"
    archive.write_bytes(model_zip("vosk-model-from-it"))
    dialog.sha256.setText(hashlib.sha256(archive.read_bytes()).hexdigest().upper())
    qtbot.mouseClick(dialog.file_button, LEFT)
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.isVisible()
    chooser.selectFile(str(archive))
    chooser.accept()
    _wait_idle(qtbot, dialog)
    assert "Installed vosk-model-from-it" in dialog.message.text()
    assert _row(dialog, "vosk-model-from-it").status == "Installed"


def test_installing_an_installed_model_says_to_remove_it_first(
    qtbot: QtBot, dialog: ModelsDialog, tmp_path: Path
) -> None:
    _install_fake("vosk-model-twice")
    archive = tmp_path / "vosk-model-twice.zip"
    archive.write_bytes(model_zip("vosk-model-twice"))
    dialog.install_file(archive)
    _wait_idle(qtbot, dialog)
    assert "already installed" in dialog.message.text()
    assert "first remove it with Remove…" in dialog.message.text()
    assert "companion models" not in dialog.message.text()


def test_install_from_file_refuses_a_wrong_sha256(
    qtbot: QtBot, dialog: ModelsDialog, tmp_path: Path
) -> None:
    archive = tmp_path / "model.zip"
    archive.write_bytes(model_zip("vosk-model-other"))
    dialog.sha256.setText("0" * 64)
    dialog.install_file(archive)
    _wait_idle(qtbot, dialog)
    assert "Problem: The SHA-256 of model.zip is" in dialog.message.text()
    assert "nothing was installed" in dialog.message.text()
    assert not (paths.user_models_dir() / "vosk-model-other").exists()


def test_install_from_file_explains_a_malformed_sha256(
    qtbot: QtBot, dialog: ModelsDialog, tmp_path: Path
) -> None:
    archive = tmp_path / "model.zip"
    archive.write_bytes(model_zip())
    dialog.sha256.setText("not-a-hash")
    dialog.install_file(archive)
    _wait_idle(qtbot, dialog)
    assert "is not a SHA-256" in dialog.message.text()


def test_install_from_a_file_that_is_not_a_model(
    qtbot: QtBot, dialog: ModelsDialog, tmp_path: Path
) -> None:
    archive = tmp_path / "holiday-photos.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("photo.jpg", b"not a model")
    archive.write_bytes(buffer.getvalue())
    dialog.install_file(archive)
    _wait_idle(qtbot, dialog)
    assert "is not a vosk model" in dialog.message.text()


# Removing.


def _install_fake(name: str) -> Path:
    folder = paths.user_models_dir() / name
    for part, data in LAYOUT.items():
        (folder / part).parent.mkdir(parents=True, exist_ok=True)
        (folder / part).write_bytes(data)
    return folder


def test_remove_asks_first_and_no_keeps_the_model(qtbot: QtBot, dialog: ModelsDialog) -> None:
    folder = _install_fake("vosk-model-mine")
    dialog.refresh()
    dialog.select("vosk-model-mine")
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, LEFT)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitExposed(box)
    assert "vosk-model-mine" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), LEFT)
    assert folder.is_dir()
    assert not dialog.busy


def test_remove_deletes_after_yes(qtbot: QtBot, dialog: ModelsDialog) -> None:
    folder = _install_fake("vosk-model-mine")
    dialog.refresh()
    dialog.select("vosk-model-mine")
    dialog.remove_selected()
    box = dialog.confirm_box
    assert box is not None
    with qtbot.waitSignal(dialog.models_changed, timeout=10_000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
    assert not folder.exists()
    assert "Removed vosk-model-mine" in dialog.message.text()
    assert "vosk-model-mine" not in [row.name for row in dialog.rows()]


def test_a_model_in_the_project_folder_cannot_be_removed_here(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = tmp_path / "project-models"
    for part, data in LAYOUT.items():
        (project / "vosk-model-shared" / part).parent.mkdir(parents=True, exist_ok=True)
        (project / "vosk-model-shared" / part).write_bytes(data)
    monkeypatch.setattr(paths, "project_models_dir", lambda: project)
    shown = ModelsDialog()
    qtbot.addWidget(shown)
    row = _row(shown, "vosk-model-shared")
    assert row.status == "Installed (project folder)"
    shown.select("vosk-model-shared")
    assert not shown.remove_button.isEnabled()


def test_closing_while_installing_cancels(
    qtbot: QtBot, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = add_to_catalogue(monkeypatch, server, model_zip(padding=600_000), filename="gated.zip")
    server.gated.add("gated.zip")
    shown = ModelsDialog()
    qtbot.addWidget(shown)
    shown.show()
    shown.select(name)
    shown.install_selected()
    job = shown.job
    assert job is not None
    qtbot.waitUntil(lambda: shown.progress.value() > 0)
    shown.reject()
    assert job.cancel.is_set()
    server.gate.set()
    qtbot.waitUntil(lambda: not job.is_alive(), timeout=15_000)
    assert not (paths.user_models_dir() / name).exists()


def test_whisper_base_is_listed_and_installed_from_its_packages(
    qtbot: QtBot, dialog: ModelsDialog
) -> None:
    row = _row(dialog, "whisper-base")
    assert row.engine == "whisper" and "automatic choice uses tiny.en" in row.details
    if not models.whisper_base.package_parts():
        assert not row.installable and "set-up command" in row.details
        pytest.skip("the two whisper base packages are not installed here")
    assert (row.status, row.installable, row.removable) == ("Not installed", True, False)
    dialog.select("whisper-base")
    assert dialog.install_button.isEnabled()
    qtbot.mouseClick(dialog.install_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    row = _row(dialog, "whisper-base")
    assert (row.status, row.installable, row.removable) == ("Installed", False, True)
    assert "pinned SHA-256" in row.details
    assert models.installed_whisper_base() is not None
