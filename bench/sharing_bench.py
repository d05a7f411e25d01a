"""Sent-caption delay when sharing captions with the call (#17).

    python bench/sharing_bench.py [--write docs/benchmarks.md]

Runs ``CaptionSender`` with its default timeout and back-off against a real
HTTP server on 127.0.0.1 (``tests/caption_server.py``) and measures the delay
from a final being handed to the sender (the moment it is shown locally) to
its POST being accepted: on a healthy server, after the server answered 503
three times, and the cost of handing a final over while the server stalls
past the timeout (what the caption stream pays). Loopback has no network
round trip: add the round trip to Zoom's or Teams' servers for a real call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from companion.bench import page
from companion.events import Caption
from companion.sharing import CaptionSender, CaptionSent, SharingEvent, parse_caption_url
from tests.caption_server import CaptionServer

START, END = page.markers("sharing")
FINALS = 200


def _final(n: int) -> Caption:
    return Caption("final", f"Caption number {n}, said at a steady pace.", 0.0, 1.0)


def _measure(
    server: CaptionServer, count: int, feed: Callable[[CaptionSender], None]
) -> list[float]:
    """Delays (s) of the first ``count`` captions sent while ``feed`` offers finals."""
    delays: list[float] = []
    done = threading.Event()

    def on_event(event: SharingEvent) -> None:
        if isinstance(event, CaptionSent):
            delays.append(event.delay)
            if len(delays) >= count:
                done.set()

    sender = CaptionSender(parse_caption_url(server.url()))
    sender.events.connect(on_event)
    sender.start()
    feed(sender)
    done.wait(120)
    sender.stop()
    return delays


def _run(server: CaptionServer, count: int, pace: float) -> tuple[list[float], list[float]]:
    """Delays (s) of ``count`` finals offered every ``pace`` s, and each offer's own cost."""
    offers: list[float] = []

    def feed(sender: CaptionSender) -> None:
        for n in range(count):
            started = time.perf_counter()
            sender.offer(_final(n))
            offers.append(time.perf_counter() - started)
            time.sleep(pace)

    return _measure(server, count, feed), offers


def _sentences(server: CaptionServer, count: int, pace: float) -> list[float]:
    """Delays of ``count`` sentences said as four short finals ``pace`` s apart (as whisper
    streams them), from the first final of each to its POST being accepted."""

    def feed(sender: CaptionSender) -> None:
        for n in range(count):
            for words in ("Let us begin", "with a round", "of names", f"number {n}."):
                sender.offer(Caption("final", words, 0.0, 1.0))
                time.sleep(pace)

    return _measure(server, count, feed)


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"{statistics.median(ordered) * 1000:.1f} / {p95 * 1000:.1f} / {ordered[-1] * 1000:.1f} ms"
    )


def measure() -> str:
    server = CaptionServer(last_seq=0)
    try:
        healthy, _ = _run(server, FINALS, 0.02)
        server.fail_next(503, times=3)
        retried, _ = _run(server, 1, 0.0)
        joined = _sentences(server, 10, 0.5)
        server.stall_next(6.0)  # longer than the 5 s timeout
        _, offers = _run(server, FINALS, 0.005)
    finally:
        server.stop()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = [
        f"| final handed over → POST accepted, healthy server (p50 / p95 / max of {FINALS}) "
        f"| {_ms(healthy)} | — | |",
        f"| a sentence said as four short finals 0.5 s apart: first final → the joined "
        f"line accepted (p50 / p95 / max of {len(joined)}) | {_ms(joined)} | — | |",
        f"| the same after three 503 answers (back-off 1 + 2 + 4 s) | {retried[0]:.2f} s | — | |",
        f"| handing a final to the sender while the server stalls (p50 / p95 / max of {FINALS}) "
        f"| {_ms(offers)} | never waits on the network | "
        f"{'met' if max(offers) < 0.01 else 'not met'} |",
    ]
    return "\n".join(
        [
            START,
            "## Sharing captions with the call",
            "",
            f"Measured on {when} by `bench/sharing_bench.py`.",
            "",
            f"Machine: {page.machine_line()}. The server is a local HTTP server on 127.0.0.1, "
            "so these figures leave out the network round trip to Zoom's or Teams' servers.",
            "",
            "| what | today | target | |",
            "|---|---|---|---|",
            *rows,
            "",
            "The sender posts from its own thread with a 5 s timeout per request and "
            "back-off of 1, 2, 4, 8 then 15 s, keeping `seq` for each retry. Short finals "
            "are joined until a sentence ends, a 1.5 s pause, or 4 s, so the call shows "
            "whole lines; that wait is part of the sentence row.",
            END,
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, default=None, help="update this benchmarks page")
    args = parser.parse_args()
    section = measure()
    print(section)
    if args.write:
        page.write_section(args.write, "sharing", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
