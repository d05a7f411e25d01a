"""The ``companion`` entry point: the app with no command, else the core's CLI.

It lives in ``ui/`` so that the core (``companion/``) never imports Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from companion import cli


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if any(not arg.startswith("-") for arg in arguments) or any(
        arg in ("-h", "--help", "--version") for arg in arguments
    ):
        return cli.main(arguments)
    from ui.app import run

    return run([sys.argv[0], *arguments])


if __name__ == "__main__":
    sys.exit(main())
