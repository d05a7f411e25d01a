"""Reading members from pasted text (one name a line) or a CSV file.

Both return ``MemberDetails`` and never change a roster themselves, so a bad
file imports nothing: the caller adds the whole list or shows the error.
"""

from __future__ import annotations

import csv
import io
import re

from companion.errors import CompanionError
from companion.turns.roster import MemberDetails, clean_text

MAX_MEMBERS = 500  # more than any breakout group; a file with more is probably not a roster

# A bullet or a number at the start of a pasted line: "- Sam", "• Sam", "3. Sam", "3) Sam".
_BULLET = re.compile(r"^\s*(?:[-*•·‣–—]+|\(?\d{1,3}[.)])\s+")

# The CSV column headings we understand, each with the names people give them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "participant", "member", "names"),
    "pronouns": ("pronouns", "pronoun"),
    "pronunciation": (
        "pronunciation",
        "how to say",
        "how to say the name",
        "how to say it",
        "say it",
        "phonetic",
    ),
    "role": ("role", "grade", "role or grade", "job title", "band"),
    "access_needs": ("access needs", "access", "access_needs", "adjustments", "needs"),
    "call_me": ("call me", "call_me", "known as", "short name", "preferred name"),
}
_HEADINGS = {alias: field for field, aliases in COLUMNS.items() for alias in aliases}
EXAMPLE_HEADER = "name,pronouns,pronunciation,role,access needs"


class ImportProblem(CompanionError):
    """Pasted text or a CSV file that cannot be imported; nothing was imported."""


def parse_pasted(text: str) -> list[MemberDetails]:
    """One member per non-blank line; leading bullets and numbers are dropped."""
    names = [clean_text(_BULLET.sub("", line)) for line in text.splitlines()]
    found = [MemberDetails(name=n) for n in names if n]
    if not found:
        raise ImportProblem("There are no names to add. Paste or type one name on each line.")
    _check_count(len(found))
    return found


def parse_csv(text: str, source: str = "The CSV file") -> list[MemberDetails]:
    """Members from CSV text whose first line names the columns; raises ImportProblem."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportProblem(f"{source} is empty. Nothing was imported.")
    rows = list(csv.reader(io.StringIO(text), dialect=_dialect(text)))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    header, body = rows[0], rows[1:]
    fields = [_HEADINGS.get(_heading(cell)) for cell in header]
    unknown = [cell.strip() for cell, field in zip(header, fields, strict=True) if field is None]
    seen = [f for f in fields if f is not None]
    if "name" not in seen or unknown:
        raise ImportProblem(_wrong_columns(source, header, unknown))
    repeated = sorted({f for f in seen if seen.count(f) > 1})
    if repeated:
        raise ImportProblem(
            f"{source} has more than one column for {', '.join(repeated)}. Keep one column "
            f"for each, for example: {EXAMPLE_HEADER}. Nothing was imported."
        )
    if not body:
        raise ImportProblem(f"{source} has column names but no members. Nothing was imported.")
    members: list[MemberDetails] = []
    for line, row in enumerate(body, start=2):
        if len(row) > len(header):
            raise ImportProblem(
                f"Line {line} of {_of(source)} has {len(row)} values but there are "
                f"{len(header)} columns. Check for a comma inside a name (put such names in "
                "double quotes). Nothing was imported."
            )
        values = {f: clean_text(v) for f, v in zip(fields, row, strict=False) if f is not None}
        if not values.get("name"):
            raise ImportProblem(
                f"Line {line} of {_of(source)} has no name. Give every member a name, or "
                "delete the line. Nothing was imported."
            )
        members.append(MemberDetails(**values))
    _check_count(len(members))
    return members


def parse_csv_bytes(data: bytes, source: str = "The CSV file") -> list[MemberDetails]:
    """``parse_csv`` for a file's bytes: UTF-8 (with or without a BOM), else Windows-1252."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportProblem(
                f"{source} is not text Companion can read. Save it from your spreadsheet as "
                "'CSV UTF-8' and try again. Nothing was imported."
            ) from None
    if "\x00" in text:
        raise ImportProblem(
            f"{source} is not a CSV text file (it looks like a spreadsheet or other binary "
            "file). Save it as 'CSV UTF-8' and try again. Nothing was imported."
        )
    return parse_csv(text, source)


def _heading(cell: str) -> str:
    return " ".join(cell.replace("_", " ").strip().casefold().split())


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.splitlines()[0] if text.splitlines() else text
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _of(source: str) -> str:
    """ "The CSV file" as it reads mid-sentence ("the CSV file"); file names unchanged."""
    return "the CSV file" if source == "The CSV file" else source


def _wrong_columns(source: str, header: list[str], unknown: list[str]) -> str:
    shown = ", ".join(f"'{c.strip()}'" for c in header if c.strip()) or "nothing"
    named = [u for u in unknown if u]
    if named:
        what = "columns Companion does not know (" + ", ".join(f"'{u}'" for u in named) + ")"
    elif unknown:
        what = "a column without a heading"
    else:
        what = "no 'name' column"
    return (
        f"{source} has {what}; its first line has {shown}. The first line must name the "
        f"columns, with at least a name column, for example: {EXAMPLE_HEADER}. "
        "Nothing was imported."
    )


def _check_count(count: int) -> None:
    if count > MAX_MEMBERS:
        raise ImportProblem(
            f"That is {count} members; Companion takes at most {MAX_MEMBERS} in one group. "
            "Check that this is the right list. Nothing was imported."
        )
