"""Reading members from pasted text (one name a line) or a CSV file.

Both return ``MemberDetails`` and never change a roster themselves, so a bad
file imports nothing: the caller adds the whole list or shows the error.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from companion.errors import CompanionError
from companion.paths import special_file_reason
from companion.turns.roster import MemberDetails, clean_text

MAX_CSV_BYTES = 4 * 1024 * 1024  # a roster is a few KB
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
    # Old Mac files end lines with CR alone; every line end is read the same way.
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportProblem(f"{source} is empty. Nothing was imported.")
    rows = _rows(text, source)
    if not rows:
        raise ImportProblem(f"{source} has no names in it. Nothing was imported.")
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


def _rows(text: str, source: str) -> list[list[str]]:
    """The non-blank rows; a damaged file is refused, never read as merged rows."""
    reader = csv.reader(io.StringIO(text), dialect=_dialect(text), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if any("\n" in cell for cell in row):
                # A name never spans lines: this is a quote that was never closed.
                raise ImportProblem(
                    f"Line {_line_of(reader.line_num, row)} of {_of(source)} opens a double "
                    "quote that is not closed, so two lines would run together. Close the "
                    "quote or remove it. Nothing was imported."
                )
            if any(cell.strip() for cell in row):
                rows.append(row)
    except csv.Error as error:
        why = str(error)
        if "field limit" in why:
            why = "a value there is far longer than any name"
        elif "end of data" in why:
            why = "a double quote opened there is never closed"
        raise ImportProblem(
            f"Line {reader.line_num} of {_of(source)} cannot be read as CSV ({why}). Save "
            "it from your spreadsheet as 'CSV UTF-8' and try again. Nothing was imported."
        ) from None
    return rows


def _line_of(last_line: int, row: list[str]) -> int:
    """The line a row spanning several lines started on."""
    return last_line - sum(cell.count("\n") for cell in row)


def read_csv_file(path: Path) -> list[MemberDetails]:
    """Members from a CSV file; pipes, devices and huge files are refused unread."""
    source = f"'{path.name}'"
    special = special_file_reason(path)
    if special:
        raise ImportProblem(f"{source} {special}. Choose a CSV file. Nothing was imported.")
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ImportProblem(
                f"{source} is larger than {MAX_CSV_BYTES // 1024 // 1024} MB, far more than a "
                "roster. Check that this is the right file. Nothing was imported."
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImportProblem(
            f"Companion could not read {source} ({error.strerror or error}). Nothing was imported."
        ) from None
    return parse_csv_bytes(data, source)


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
