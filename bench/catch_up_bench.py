"""How late live captions are under a real overload, and what they skip (#10).

    python bench/catch_up_bench.py MODEL SPINNERS

Speech: the eight espeak-ng sentences of ``step_down_bench`` (about 44 s),
captioned as ``companion transcribe FILE --realtime --model MODEL`` does,
while SPINNERS programs that only spin take the processor (started before,
killed after). Printed: each final's end and how late it was shown (seconds
after its last word), every step down and gap, the most audio waiting to be
decoded, and the load average before and after. Written into
docs/benchmarks.md by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.step_down_bench import _speech  # noqa: E402
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

SPIN = "print('spinning', flush=True)\nwhile True: pass"


def main() -> int:
    model, spinners = sys.argv[1], int(sys.argv[2])
    with tempfile.TemporaryDirectory() as folder:
        path = _speech(Path(folder))
        hogs = [
            subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.PIPE, text=True)
            for _ in range(spinners)
        ]
        try:
            for hog in hogs:  # each has said it is spinning
                assert hog.stdout is not None and hog.stdout.readline()
            load = os.getloadavg()[0]
            stream = CaptionStream(
                WavSource(path, realtime=True), engine_factory("whisper", model), realtime=True
            )
            lines: list[str] = []
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
                    lines.append(
                        f"  final ends {event.end:5.1f} s, {late:4.1f} s late: {event.text}"
                    )
                elif isinstance(event, (CaptionGap, ModelSteppedDown)):
                    lines.append(f"  {event}")

            stream.events.connect(seen)
            stream.run()
        finally:
            for hog in hogs:
                hog.kill()
            for hog in hogs:
                hog.wait()
    rtf = stream.decode_seconds / (stream.samples_fed / 16000)
    print(f"{model}, {spinners} spinners: load {load:.1f} -> {os.getloadavg()[0]:.1f}, ", end="")
    print(f"decoding {rtf:.2f} of real time, at most {most:.1f} s waiting")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
