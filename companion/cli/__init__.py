"""The ``companion`` command line: one module per command group.

``main`` builds the parser from every group and turns a ``CompanionError``
into one sentence on stderr with a non-zero exit.
"""

from companion.cli.commands import main

__all__ = ["main"]
