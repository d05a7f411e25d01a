#!/usr/bin/env bash
# Adds Companion to this person's Linux application menu (no admin rights):
# run it from the standalone folder, `./install-desktop.sh`; `--remove` undoes it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/512x512/apps
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/companion.desktop" "$icons/companion.png"
  echo "Companion is no longer in the application menu."
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/companion.png" "$icons/companion.png"
sed -e "s|^Exec=.*|Exec=\"$here/companion\"|" -e "s|^Icon=.*|Icon=$icons/companion.png|" \
  "$here/companion.desktop" > "$apps/companion.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$apps" || true
echo "Companion is in the application menu ($apps/companion.desktop)."
