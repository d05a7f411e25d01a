"""The ``companion`` entry point: the app with no command, else the core's CLI.

``companion --captions`` opens the app in participant mode (just captions,
large, on top).

It lives in ``ui/`` so that the core (``companion/``) never imports Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from companion import cli


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if any(not arg.startswith("-") for arg in arguments) or any(
        arg in ("-h", "--help", "--version") for arg in arguments
    ):
        return cli.main(arguments)
    if not _has_display():
        print(
            "Companion needs a desktop to open its window, and none was found (DISPLAY and "
            "WAYLAND_DISPLAY are not set). Run it from your desktop session, or use the "
            "command line: 'companion --help'.",
            file=sys.stderr,
        )
        return 2
    from ui.app import run

    return run([sys.argv[0], *arguments])


def _has_display() -> bool:
    """Whether Qt can open a window here (Linux without X or Wayland would abort)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


if __name__ == "__main__":
    sys.exit(main())
