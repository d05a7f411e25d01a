"""Reading a TOML file for validation: its data, where each field is, and problems.

A file that cannot be read or is not valid TOML raises ``PlanError`` with one
problem naming the line (and column) ``tomllib`` reports.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.facilitation.problems import FieldPath, PlanError, Problem, describe_path
from companion.facilitation.toml_lines import line_of, value_lines
from companion.paths import special_file_reason

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

MAX_PLAN_BYTES = 4 * 1024 * 1024  # a plan is a page of text; anything larger is a mistake
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")


@dataclass(frozen=True)
class TomlSource:
    """A parsed TOML document with the line of each field."""

    file: str  # as shown in messages
    text: str
    data: dict[str, Any]
    lines: dict[FieldPath, int]

    def problem(self, path: FieldPath, why: str) -> Problem:
        """A problem at ``path`` (its own line, else its table's, else line 1)."""
        line = line_of(self.lines, path)
        if line is None:
            line = 1 if self.text.strip() else None
        return Problem(self.file, line, describe_path(path, self.data), why, path)


def parse_toml(text: str, file: str) -> TomlSource:
    """Parse ``text``; raises ``PlanError`` naming the line if it is not valid TOML."""
    try:
        data = tomllib.loads(text)
        lines = value_lines(text)
    except tomllib.TOMLDecodeError as error:
        raise PlanError([_syntax_problem(str(error), text, file)]) from None
    except RecursionError:
        why = "nests tables or lists too deeply to read; a plan needs only two levels"
        raise PlanError([Problem(file, None, "", why)]) from None
    except ValueError:  # a number too long to read, say
        why = "holds a number or value too long to read; check the numbers"
        raise PlanError([Problem(file, None, "", why)]) from None
    return TomlSource(file, text, data, lines)


def read_toml(path: Path, file: str | None = None) -> TomlSource:
    """Read and parse the file at ``path``; raises ``PlanError`` for any reason it cannot."""
    label = file or str(path)
    special = special_file_reason(path)
    if special:
        raise PlanError([Problem(label, None, "", f"{special}; give the path of a .toml file")])
    try:
        if path.is_file() and path.stat().st_size > MAX_PLAN_BYTES:
            why = f"is larger than {MAX_PLAN_BYTES // 1024 // 1024} MB, too large for a plan"
            raise PlanError([Problem(label, None, "", why)])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanError(
            [Problem(label, None, "", "there is no such file; check the name")]
        ) from None
    except IsADirectoryError:
        why = "is a folder, not a plan file; give the path of a .toml file"
        raise PlanError([Problem(label, None, "", why)]) from None
    except OSError as error:
        why = f"cannot be read ({error.strerror or error}); check it exists and you may read it"
        raise PlanError([Problem(label, None, "", why)]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        why = "is not UTF-8 text; save it as UTF-8 in a text editor"
        raise PlanError([Problem(label, line, "", why)]) from None
    return parse_toml(text.removeprefix("\ufeff"), label)


def _syntax_problem(message: str, text: str, file: str) -> Problem:
    line: int | None = None
    column = ""
    match = _POSITION.search(message)
    if match:
        line = int(match.group(1))
        column = f" (column {match.group(2)})"
        message = message[: match.start()]
    elif _END.search(message):
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        message = _END.sub("", message)
    reason = message.strip().rstrip(".")
    reason = reason[:1].lower() + reason[1:]
    why = (
        f"this is not valid TOML: {reason}{column}; check the quotes, brackets, "
        "commas and = signs there"
    )
    return Problem(file, line, "", why)
