"""``python -m companion.cli``: the same as the ``companion`` command's sub-commands."""

import sys

from companion.cli.commands import main

sys.exit(main())
