"""How late live captions are under a real overload, and what they skip (#10).

    python bench/catch_up_bench.py MODEL SPINNERS

Speech: the eight espeak-ng sentences of ``step_down_bench`` (about 44 s),
captioned as ``companion transcribe FILE --realtime --model MODEL`` does,
while SPINNERS programs that only spin take the processor (started before,
killed after). Printed: each final's end and how late it was shown (seconds
after its last word), every step down and gap, the most audio waiting to be
decoded, the load average before and after, and a summary line: the audio
skipped, how late the finals after the step down were (median, most) and the
process's peak memory. Written into
docs/benchmarks.md by hand.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.step_down_bench import _speech, start_spinning, stop_spinning  # noqa: E402
from companion.audio.wavfile import WavSource  # noqa: E402
from companion.events import (  # noqa: E402
    Caption,
    CaptionGap,
    Event,
    LevelChanged,
    ModelSteppedDown,
)
from companion.speech.factory import engine_factory  # noqa: E402
from companion.speech.stream import CaptionStream  # noqa: E402


def main() -> int:
    model, spinners = sys.argv[1], int(sys.argv[2])
    with tempfile.TemporaryDirectory() as folder:
        path = _speech(Path(folder))
        hogs = start_spinning(spinners)
        try:
            load = os.getloadavg()[0]
            stream = CaptionStream(
                WavSource(path, realtime=True), engine_factory("whisper", model), realtime=True
            )
            lines: list[str] = []
            gaps: list[CaptionGap] = []
            lates: list[tuple[float, float]] = []  # (final's start, how late it was shown)
            switched: list[float] = []
            most = 0.0
            zero: float | None = None

            def seen(event: Event) -> None:
                nonlocal most, zero
                now = time.monotonic()
                if isinstance(event, LevelChanged):  # read, not yet decoded: the backlog
                    zero = now - event.time if zero is None else zero
                    most = max(most, now - zero - event.time)
                elif isinstance(event, Caption) and event.kind == "final":
                    late = event.emitted - event.end
                    lates.append((event.start, late))
                    lines.append(
                        f"  final ends {event.end:5.1f} s, {late:4.1f} s late: {event.text}"
                    )
                elif isinstance(event, (CaptionGap, ModelSteppedDown)):
                    lines.append(f"  {event}")
                    if isinstance(event, CaptionGap):
                        gaps.append(event)
                    else:
                        switched.append(event.time)

            stream.events.connect(seen)
            stream.run()
        finally:
            stop_spinning(hogs)
    rtf = stream.decode_seconds / (stream.samples_fed / 16000)
    print(f"{model}, {spinners} spinners: load {load:.1f} -> {os.getloadavg()[0]:.1f}, ", end="")
    print(f"decoding {rtf:.2f} of real time, at most {most:.1f} s waiting")
    print("\n".join(lines))
    after = [late for start, late in lates if switched and start >= switched[0]]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    skipped = sum(g.seconds for g in gaps)
    print(
        f"summary: {len(gaps)} gaps, {skipped:.1f} s skipped; finals after the step down "
        + (
            f"{statistics.median(after):.1f} s late (median), {max(after):.1f} s most"
            if after
            else "none"
        )
        + f"; peak memory {peak:.0f} MB"
    )
    preload = getattr(stream, "preload", None)  # the code before #10's preload had none
    if preload is not None:  # no step down: was the faster model loaded ahead anyway?
        print(f"faster model loaded ahead {preload.loads} times, let go {preload.freed} times")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
