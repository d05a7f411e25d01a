"""Downloading a model archive over HTTPS with progress, size limits and a SHA-256."""

from __future__ import annotations

import hashlib
import http.client
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import IO

from companion import __version__
from companion.errors import ModelError
from companion.speech.archive import human_size
from companion.speech.models.entries import (
    _CHUNK,
    _LOCAL_HOSTS,
    _SHA256,
    _TIMEOUT_S,
    BASE_URL_ENV,
    Downloaded,
    InstallCancelled,
    Progress,
)

# Download.


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to addresses Companion would download from directly."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        _check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS:
        return
    raise ModelError(
        f"Companion downloads models only over HTTPS, and {url} is not; "
        f"set {BASE_URL_ENV} to an https:// address or install from a file with --file."
    )


def _opener(url: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_SafeRedirects()]
    if urllib.parse.urlsplit(url).hostname in _LOCAL_HOSTS:
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def download(
    url: str,
    dest: Path,
    *,
    max_bytes: int,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Downloaded:
    """Download ``url`` into the new file ``dest`` (0600), hashing it on the way.

    Refuses a download larger than ``max_bytes`` from its Content-Length and
    again while streaming. Raises ModelError (InstallCancelled when ``cancel`` is
    set); OSError from writing (a full disk) is raised as is. ``dest`` is left
    for the caller to remove on failure.
    """
    _check_url(url)
    host = urllib.parse.urlsplit(url).hostname or url
    request = urllib.request.Request(
        url, headers={"User-Agent": f"Companion/{__version__}", "Accept-Encoding": "identity"}
    )
    try:
        response = _opener(url).open(request, timeout=_TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise ModelError(
            f"The server refused the download of {url} (HTTP {exc.code} {exc.reason}); "
            "check the model name, or install it from a file with --file."
        ) from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ModelError(
            f"Could not reach {host} to download the model ({reason}); check the network "
            "connection, or install the model from a file with --file."
        ) from exc
    with response:
        total = _content_length(response.headers.get("Content-Length"))
        if total > max_bytes:
            raise ModelError(
                f"The download at {url} is {human_size(total)}, more than the "
                f"{human_size(max_bytes)} expected at most, so it was refused; "
                "check the address or install the model from a file with --file."
            )
        digest = hashlib.sha256()
        done = 0
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(dest, flags, 0o600), "wb") as out:
            if progress is not None:
                progress(0, total)
            while True:
                if cancel is not None and cancel.is_set():
                    raise InstallCancelled("The download was cancelled; nothing was installed.")
                try:
                    chunk = response.read(_CHUNK)
                except (http.client.HTTPException, OSError) as exc:
                    raise ModelError(
                        f"The connection to {host} broke off after {human_size(done)} ({exc}); "
                        "try again, or install the model from a file with --file."
                    ) from exc
                if not chunk:
                    break
                done += len(chunk)
                if done > max_bytes:
                    raise ModelError(
                        f"The download at {url} passed {human_size(max_bytes)}, more than "
                        "expected, so it was stopped and refused; check the address or "
                        "install the model from a file with --file."
                    )
                digest.update(chunk)
                _write_chunk(out, chunk)
                if progress is not None:
                    progress(done, total)
            out.flush()
            os.fsync(out.fileno())
    if total and done != total:
        raise ModelError(
            f"The download from {host} stopped after {human_size(done)} of "
            f"{human_size(total)}; try again, or install the model from a file with --file."
        )
    return Downloaded(path=dest, size=done, sha256=digest.hexdigest())


def _content_length(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0


def _write_chunk(out: IO[bytes], data: bytes) -> None:
    """Every downloaded byte goes through here (tests make it fail like a full disk)."""
    out.write(data)


def file_sha256(path: Path, cancel: threading.Event | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            if cancel is not None and cancel.is_set():
                raise InstallCancelled("Checking the file was cancelled; nothing was installed.")
            digest.update(chunk)
    return digest.hexdigest()


def normalise_sha256(value: str) -> str:
    """A lower-case hex SHA-256, or ModelError with a sentence."""
    text = value.strip().lower()
    if not _SHA256.match(text):
        raise ModelError(
            f"{value!r} is not a SHA-256: give the 64 hexadecimal characters that "
            "sha256sum (or certutil -hashfile FILE SHA256) prints."
        )
    return text
