"""A real HTTP server on 127.0.0.1 that behaves like a caption ingestion endpoint.

It records every request (method, path, query, headers, body), answers
Zoom's ``GET …/closedcaption/seq`` with the last accepted seq, refuses a
``seq`` it has already accepted the way a captioner must not rely on, and
fails on command: ``fail_next(code, times)`` answers ``code`` (400 "meeting
not started", 403, 503 …), ``stall_next(seconds, times)`` holds the answer
longer than the sender's timeout, and ``stop()``/``start()`` take it down and
bring it back on the same port.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: str
    status: int  # what the server answered
    at: float  # time.monotonic() when it arrived


class CaptionServer:
    """Records caption POSTs; ``accepted`` are the ones answered 200, in order."""

    def __init__(self, last_seq: int | None = None) -> None:
        self.received: list[Received] = []
        self.last_seq = last_seq  # answered to GET …/seq; None answers 404
        self._failures: list[int] = []
        self._stalls: list[float] = []
        self._lock = threading.Lock()
        self.arrived = threading.Condition(self._lock)
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self.start()

    # -- control -----------------------------------------------------------

    def url(self, path: str = "/closedcaption", query: str = "id=42&signature=SECRETSIG") -> str:
        return f"http://127.0.0.1:{self.port}{path}?{query}"

    def fail_next(self, code: int, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([code] * times)

    def stall_next(self, seconds: float, times: int = 1) -> None:
        with self._lock:
            self._stalls.extend([seconds] * times)

    def start(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def accepted(self) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.method == "POST" and r.status == 200]

    def posts(self) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.method == "POST"]

    def wait_accepted(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Block (test thread) until ``count`` POSTs were accepted; fails the test if not."""
        with self.arrived:
            ok = self.arrived.wait_for(
                lambda: sum(r.method == "POST" and r.status == 200 for r in self.received) >= count,
                timeout,
            )
        assert ok, f"only {len(self.accepted)} of {count} captions arrived: {self.received}"
        return self.accepted

    # -- serving -------------------------------------------------------------

    def _answer(self, method: str, raw_path: str, headers: dict[str, str], body: str) -> int:
        parts = urlsplit(raw_path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            stall = self._stalls.pop(0) if self._stalls and method == "POST" else 0.0
        if stall:
            time.sleep(stall)  # the server hangs; the client's timeout must fire first
        with self._lock:
            if method == "GET":
                status = 200 if parts.path.endswith("/seq") and self.last_seq is not None else 404
            elif self._failures:
                status = self._failures.pop(0)
            else:
                status = 200
                self.last_seq = int(query.get("seq", "0") or 0)
            self.received.append(
                Received(method, parts.path, query, headers, body, status, time.monotonic())
            )
            self.arrived.notify_all()
        return status

    def __iter__(self) -> Iterator[Received]:
        return iter(self.accepted)


def _handler(server: CaptionServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet tests
            pass

        def _reply(self, method: str) -> None:
            length = int(self.headers.get("Content-Length", "0") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = server._answer(method, self.path, headers, body)
            text = str(server.last_seq) if method == "GET" and status == 200 else ""
            payload = text.encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (timeout) while we stalled

        def do_POST(self) -> None:
            self._reply("POST")

        def do_GET(self) -> None:
            self._reply("GET")

    return Handler
