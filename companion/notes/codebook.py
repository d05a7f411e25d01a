"""The programme's codebook out and in: REFI-QDA ``.qdc`` and ``codebook.csv``.

Out: every theme as a code (name, description, colour; the ``.qdc`` GUIDs are
the same as in the ``.qdpx`` project). In: a ``.qdc``, a ``.qdpx`` or
``project.qde`` (its codebook), or a CSV whose first row names a ``name``
(or ``code``, ``tag``, ``theme``) column, optionally ``description`` and
``colour``. Codes nested in another tool's codebook come in as flat themes;
codes that cannot be coded (folders) are left out. A theme already in the
programme (same name, any case) is kept as it is.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from companion.notes.model import NotesError, Theme, plural
from companion.notes.notebook import Notebook
from companion.notes.qdpx import guid

CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
CSV_COLUMNS = ("name", "description", "colour")
_NAME_COLUMNS = ("name", "code", "tag", "theme", "code name")


@dataclass(frozen=True, slots=True)
class Code:
    """One code read from a codebook file."""

    name: str
    description: str = ""
    colour: str = ""  # "#rrggbb", or empty for the next colour of the palette


@dataclass(frozen=True, slots=True)
class CodebookImport:
    """What importing a codebook did."""

    added: tuple[str, ...]
    kept: tuple[str, ...]  # already in the programme

    def sentence(self) -> str:
        text = f"Added {plural(len(self.added), 'theme')}"
        if self.kept:
            text += f"; {plural(len(self.kept), 'theme')} already there kept as they were"
        return text + "."


def render_qdc(themes: Iterable[Theme]) -> bytes:
    """A REFI-QDA codebook (``urn:QDA-XML:codebook:1.0``) of the themes."""
    ET.register_namespace("", CODEBOOK_NAMESPACE)
    ns = f"{{{CODEBOOK_NAMESPACE}}}"
    root = ET.Element(f"{ns}CodeBook", {"origin": "Companion"})
    codes = ET.SubElement(root, f"{ns}Codes")
    for theme in themes:
        attrs = {"guid": guid(f"theme:{theme.uid}"), "name": theme.name, "isCodable": "true"}
        if _valid_colour(theme.colour):
            attrs["color"] = theme.colour
        code = ET.SubElement(codes, f"{ns}Code", attrs)
        if theme.description:
            ET.SubElement(code, f"{ns}Description").text = theme.description
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def render_csv(themes: Iterable[Theme]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for theme in themes:
        writer.writerow([theme.name, theme.description, theme.colour])
    return out.getvalue()


def read(path: Path) -> list[Code]:
    """The codes in a codebook file; a file that is not one is refused in a sentence."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotesError(f"Could not read {path} ({error.strerror or error}).") from error
    suffix = path.suffix.lower()
    if suffix == ".csv":
        codes = _from_csv(data, path)
    elif suffix == ".qdpx":
        codes = _from_xml(_project_of(data, path), path)
    else:
        codes = _from_xml(data, path)
    if not codes:
        raise NotesError(f"{path.name} holds no codes to import.")
    return codes


def import_codes(notebook: Notebook, programme_id: int, codes: Iterable[Code]) -> CodebookImport:
    """Add each code as a theme of the programme, unless one of that name is there."""
    added: list[str] = []
    kept: list[str] = []
    with notebook.db.atomic():
        for code in codes:
            if notebook.themes.find(programme_id, code.name) is not None:
                kept.append(code.name)
                continue
            theme = notebook.themes.create(
                programme_id, code.name, code.description, colour=code.colour or None
            )
            added.append(theme.name)
    return CodebookImport(tuple(added), tuple(kept))


def _valid_colour(value: str) -> bool:
    hexes = value[1:]
    return (
        value.startswith("#")
        and len(hexes) in (3, 6)
        and all(c in "0123456789abcdefABCDEF" for c in hexes)
    )


def _refuse(path: Path) -> NotesError:
    return NotesError(
        f"{path.name} is not a codebook Companion can read: use a REFI-QDA .qdc or .qdpx, "
        "or a CSV with a 'name' column."
    )


def _project_of(data: bytes, path: Path) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("project.qde")
    except (zipfile.BadZipFile, KeyError) as error:
        raise _refuse(path) from error


def _from_xml(data: bytes, path: Path) -> list[Code]:
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data:
        raise _refuse(path)  # no entity expansion from files people are sent
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise _refuse(path) from error
    for namespace in (CODEBOOK_NAMESPACE, PROJECT_NAMESPACE):
        codes = root.find(f".//{{{namespace}}}Codes")
        if codes is not None:
            return list(_walk(codes, namespace))
    raise _refuse(path)


def _walk(parent: ET.Element, namespace: str) -> Iterator[Code]:
    for element in parent.findall(f"{{{namespace}}}Code"):
        name = " ".join(element.get("name", "").split())
        if name and element.get("isCodable", "true").lower() in ("true", "1"):
            description = element.findtext(f"{{{namespace}}}Description") or ""
            colour = element.get("color", "")
            yield Code(name, description.strip(), colour if _valid_colour(colour) else "")
        yield from _walk(element, namespace)


def _from_csv(data: bytes, path: Path) -> list[Code]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotesError(f"{path.name} is not UTF-8 text; save it as CSV UTF-8.") from error
    found = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    if not found:
        return []
    header = [c.strip().lower() for c in found[0]]
    name_at = next((header.index(c) for c in _NAME_COLUMNS if c in header), None)
    if name_at is None:
        raise _refuse(path)
    description_at = header.index("description") if "description" in header else None
    colour_at = next((header.index(c) for c in ("colour", "color") if c in header), None)
    codes: list[Code] = []
    for row in found[1:]:

        def cell(at: int | None, row: list[str] = row) -> str:
            return row[at].strip() if at is not None and at < len(row) else ""

        name = " ".join(cell(name_at).split())
        if name:
            colour = cell(colour_at)
            codes.append(Code(name, cell(description_at), colour if _valid_colour(colour) else ""))
    return codes
