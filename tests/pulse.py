"""A private PulseAudio server for end-to-end audio tests.

``PrivatePulse`` starts ``pulseaudio`` in a temporary runtime folder with a
null sink called ``companion_test`` as the default sink, and points this
process (and ``env`` for subprocesses) at it, so tests hear exactly what they
play and nothing of the machine's own sound. Sound played into the sink with
``play`` comes out of its monitor, ``companion_test.monitor``: the same path
as a call's audio on a real desktop.

    with PrivatePulse() as pulse:
        player = pulse.play(wav_path)
        ...

Inside the block, ``unplug()`` and ``plug()`` take the sink away and bring it
back (like headphones pulled out), and ``stop()`` and ``start()`` do the same
with the whole server (same socket, same sink).

Killing the server under a recording client that uses shared memory can
deadlock libpulse inside that client (seen here about once in 30 tries, under
load); tests that stop the server should pass ``shared_memory=False``.

A null sink with nothing playing renders in 2-second chunks: a recording of its
monitor gets its first block only after about 2 s, and sound played before the
recording starts is swallowed in one such chunk. A real call keeps a
low-latency playback stream open, so by default (``keep_awake=True``) a silent
``pacat`` stream plays into the sink the whole time, as a call app would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import pytest

SINK = "companion_test"
_ENV_KEYS = ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH", "PULSE_SERVER", "PULSE_CLIENTCONFIG")
_TOOLS = ("pulseaudio", "pactl", "paplay")


def skip_without_pulseaudio() -> None:
    """Skip the calling test unless the PulseAudio server and tools are installed."""
    missing = [tool for tool in _TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"PulseAudio is not installed (missing: {', '.join(missing)})")


class PrivatePulse:
    """Runs a private PulseAudio with a default null sink for the duration of a ``with``."""

    def __init__(
        self,
        sink: str = SINK,
        start_timeout: float = 10.0,
        keep_awake: bool = True,
        shared_memory: bool = True,
    ) -> None:
        self.sink = sink
        self.keep_awake = keep_awake
        self.shared_memory = shared_memory
        self._keeper: subprocess.Popen[bytes] | None = None
        self.monitor = f"{sink}.monitor"
        self.start_timeout = start_timeout
        self._root: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._players: list[subprocess.Popen[bytes]] = []
        self._saved_env: dict[str, str | None] = {}
        self.env: dict[str, str] = {}

    # -- lifetime ----------------------------------------------------------------

    def __enter__(self) -> PrivatePulse:
        skip_without_pulseaudio()
        self._root = Path(tempfile.mkdtemp(prefix="companion-pulse-"))
        runtime = self._root / "pulse"
        runtime.mkdir()
        client_conf = self._root / "client.conf"
        # Clients must never start a server of their own when ours is stopped.
        client_conf.write_text("autospawn = no\n")
        ours = {
            "XDG_RUNTIME_DIR": str(self._root),
            "PULSE_RUNTIME_PATH": str(runtime),
            "PULSE_SERVER": f"unix:{runtime / 'native'}",
            "PULSE_CLIENTCONFIG": str(client_conf),
        }
        self._saved_env = {key: os.environ.get(key) for key in _ENV_KEYS}
        os.environ.update(ours)
        self.env = {**os.environ, **ours}
        try:
            self.start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for player in self._players:
            if player.poll() is None:
                player.kill()
            player.wait()
        self._players.clear()
        self.stop()
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def log(self) -> str:
        """What the server wrote to stderr (for failure messages)."""
        if self._root is None or not (self._root / "pulseaudio.log").exists():
            return ""
        return (self._root / "pulseaudio.log").read_text(errors="replace")

    def start(self) -> None:
        """Start the server (again) and wait until it answers; the null sink is the default."""
        assert self._root is not None, "use PrivatePulse in a with statement"
        if self.running:
            return
        runtime = self._root / "pulse"
        (runtime / "native").unlink(missing_ok=True)
        with open(self._root / "pulseaudio.log", "ab") as log:
            self._process = subprocess.Popen(
                [
                    "pulseaudio",
                    "--daemonize=no",
                    "-n",  # no default.pa: only the modules below
                    "--exit-idle-time=-1",
                    "--use-pid-file=no",
                    f"--disable-shm={'no' if self.shared_memory else 'yes'}",
                    f"--load=module-native-protocol-unix auth-anonymous=1 "
                    f"socket={runtime / 'native'}",
                    f"--load=module-null-sink sink_name={self.sink}",
                    "--load=module-always-sink",
                ],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + self.start_timeout
        while not self._answers():
            if self._process.poll() is not None:
                raise RuntimeError(f"pulseaudio exited at start:\n{self.log}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"pulseaudio did not answer within {self.start_timeout} s")
            time.sleep(0.02)
        self.pactl("set-default-sink", self.sink)
        self._start_keeper()

    def _start_keeper(self) -> None:
        if self.keep_awake and self._keeper is None:
            self._keeper = subprocess.Popen(
                # Endless silence: raw zeros at pacat's default format.
                [
                    "pacat",
                    "--playback",
                    "--raw",
                    "--latency-msec=30",
                    f"--device={self.sink}",
                    "/dev/zero",
                ],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def _stop_keeper(self) -> None:
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.kill()
            keeper.wait()

    def stop(self) -> None:
        """Stop the server (clients lose it at once); safe to call twice."""
        self._stop_keeper()
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    # -- using it ----------------------------------------------------------------

    def _answers(self) -> bool:
        done = subprocess.run(
            ["pactl", "info"], env=self.env, capture_output=True, timeout=5, check=False
        )
        return done.returncode == 0

    def unplug(self) -> None:
        """Remove every sink, as when the only speakers are unplugged; the server stays."""
        self._stop_keeper()
        for line in self.pactl("list", "short", "modules").splitlines():
            number, _, rest = line.partition("\t")
            if rest.startswith(("module-always-sink", "module-null-sink")):
                self.pactl("unload-module", number)

    def plug(self) -> None:
        """Bring the null sink back as the default after ``unplug``."""
        self.pactl("load-module", "module-null-sink", f"sink_name={self.sink}")
        self.pactl("load-module", "module-always-sink")
        self.pactl("set-default-sink", self.sink)
        self._start_keeper()

    def pactl(self, *args: str) -> str:
        """Run ``pactl`` against this server; returns its output, raises if it fails."""
        done = subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10, check=True
        )
        return done.stdout

    def play(self, wav: Path | str) -> subprocess.Popen[bytes]:
        """Start playing a sound file into the null sink; returns at once."""
        player = subprocess.Popen(
            ["paplay", f"--device={self.sink}", str(wav)],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._players.append(player)
        return player
