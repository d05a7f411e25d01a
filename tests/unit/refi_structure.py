"""What the REFI-QDA project schema (Project.xsd, QDA-XML 1.0) requires, checked in Python.

The schema itself is not shipped with Companion, so the tests check the parts
of it our exports use: the namespace, which elements may appear inside which
and in what order, the required attributes, the GUID and colour patterns, the
enumerations, and (beyond the schema) that every GUID referred to is defined.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

NS = "urn:QDA-XML:project:1.0"
GUID = re.compile(
    r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
    r"|^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$"
)
RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")

# Element -> its children in the order the schema's xsd:sequence allows.
CHILDREN: dict[str, tuple[str, ...]] = {
    "Project": (
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
        "Notes",
        "Links",
        "Sets",
        "Graphs",
        "Description",
        "NoteRef",
    ),
    "Users": ("User",),
    "User": (),
    "CodeBook": ("Codes",),
    "Codes": ("Code",),
    "Code": ("Description", "NoteRef", "Code"),
    "Variables": ("Variable",),
    "Variable": ("Description",),
    "Cases": ("Case",),
    "Case": ("Description", "CodeRef", "VariableValue", "SourceRef", "SelectionRef"),
    "VariableValue": ("VariableRef", "TextValue"),
    "Sources": (
        "TextSource",
        "PictureSource",
        "PDFSource",
        "AudioSource",
        "VideoSource",
    ),  # a choice, any order
    "TextSource": (
        "Description",
        "PlainTextContent",
        "PlainTextSelection",
        "Coding",
        "NoteRef",
        "VariableValue",
    ),
    "PlainTextSelection": ("Description", "Coding", "NoteRef"),
    "PictureSource": (
        "Description",
        "TextDescription",
        "PictureSelection",
        "Coding",
        "NoteRef",
        "VariableValue",
    ),
    "PDFSource": (
        "Description",
        "PDFSelection",
        "Representation",
        "Coding",
        "NoteRef",
        "VariableValue",
    ),
    "AudioSource": (
        "Description",
        "Transcript",
        "AudioSelection",
        "Coding",
        "NoteRef",
        "VariableValue",
    ),
    "VideoSource": (
        "Description",
        "Transcript",
        "VideoSelection",
        "Coding",
        "NoteRef",
        "VariableValue",
    ),
    "Coding": ("CodeRef", "NoteRef"),
    "Notes": ("Note",),
    "Note": ("Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef"),
    "Sets": ("Set",),
    "Set": ("Description", "MemberCode", "MemberSource", "MemberNote"),
}
LEAVES = {"Description", "PlainTextContent", "TextValue"}
REFS = {
    "CodeRef",
    "NoteRef",
    "SourceRef",
    "SelectionRef",
    "VariableRef",
    "MemberCode",
    "MemberSource",
    "MemberNote",
}
REQUIRED: dict[str, set[str]] = {
    "Project": {"name"},
    "User": {"guid"},
    "Code": {"guid", "name", "isCodable"},
    "Variable": {"guid", "name", "typeOfVariable"},
    "Case": {"guid"},
    "TextSource": {"guid"},
    "Note": {"guid"},
    "PlainTextSelection": {"guid", "startPosition", "endPosition"},
    "PictureSource": {"guid"},
    "PDFSource": {"guid"},
    "AudioSource": {"guid"},
    "VideoSource": {"guid"},
    "Coding": {"guid"},
    "Set": {"guid", "name"},
    **{ref: {"targetGUID"} for ref in REFS},
}
GUID_ATTRIBUTES = {"guid", "targetGUID", "creatingUser", "creatingUserGUID", "modifyingUser"}
DATETIME_ATTRIBUTES = {"creationDateTime", "modifiedDateTime"}


def local(element: ET.Element) -> str:
    namespace, _, name = element.tag[1:].partition("}")
    assert namespace == NS, f"{element.tag} is outside {NS}"
    return name


def problems(project_xml: bytes) -> list[str]:
    """Every way the document breaks the schema's rules (empty when it keeps them)."""
    found: list[str] = []
    root = ET.fromstring(project_xml)
    if local(root) != "Project":
        return [f"the root is {root.tag}, not Project"]
    defined: set[str] = set()
    referred: set[str] = set()
    for element in root.iter():
        name = local(element)
        for attribute in REQUIRED.get(name, set()) - set(element.attrib):
            found.append(f"{name} has no {attribute}")
        for attribute, value in element.attrib.items():
            if attribute in GUID_ATTRIBUTES and not GUID.match(value):
                found.append(f"{name}/@{attribute} {value!r} is not a GUID")
            if attribute in DATETIME_ATTRIBUTES:
                datetime.fromisoformat(value)
        if "guid" in element.attrib:
            if element.attrib["guid"] in defined and name != "User":
                found.append(f"GUID {element.attrib['guid']} is defined twice")
            defined.add(element.attrib["guid"])
        if name in REFS:
            referred.add(element.attrib.get("targetGUID", ""))
        if name == "Code" and element.get("isCodable") not in ("true", "false"):
            found.append(f"Code {element.get('name')} isCodable is {element.get('isCodable')!r}")
        if "color" in element.attrib and not RGB.match(element.attrib["color"]):
            found.append(f"{name} color {element.attrib['color']!r}")
        if name == "Variable" and element.get("typeOfVariable") not in (
            "Text",
            "Boolean",
            "Integer",
            "Float",
            "Date",
            "DateTime",
        ):
            found.append(f"Variable typeOfVariable {element.get('typeOfVariable')!r}")
        if name in ("TextSource", "Note"):
            has_content = element.find(f"{{{NS}}}PlainTextContent") is not None
            if has_content == ("plainTextPath" in element.attrib):
                found.append(f"{name} needs exactly one of PlainTextContent and plainTextPath")
        found += _order(element, name)
    for missing in sorted(referred - defined):
        found.append(f"GUID {missing} is referred to but never defined")
    return found


def _order(element: ET.Element, name: str) -> list[str]:
    if name in LEAVES or name in REFS:
        return [f"{name} has children"] if len(element) else []
    allowed = CHILDREN.get(name)
    if allowed is None:
        return [f"{name} is not an element the export should use"]
    children = [local(c) for c in element]
    wrong = [c for c in children if c not in allowed]
    if wrong:
        return [f"{name} may not hold {wrong}"]
    if name == "Sources":
        return []
    positions = [allowed.index(c) for c in children]
    if positions != sorted(positions):
        return [f"{name}'s children are out of order: {children}"]
    if (
        name in ("Codes", "Cases", "Users", "Variables", "Sets", "Notes", "CodeBook")
        and not children
    ):
        return [f"{name} is empty"]
    if name == "Coding" and children.count("CodeRef") != 1:
        return ["a Coding needs exactly one CodeRef"]
    return []
