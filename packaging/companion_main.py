"""The standalone app's entry point: the same ``companion`` command as the wheel's."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
