"""The programme as a REFI-QDA project (``.qdpx``) for NVivo, ATLAS.ti, MAXQDA, QualCoder.

A ``.qdpx`` is a zip holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``) and the sources under ``Sources/``. Here:

- one text source per group and session (``qdpx_text.compose``), each note a
  ``PlainTextSelection`` whose offsets hold exactly the note's words, coded
  with its themes and with its kind (codes under "Companion note kinds");
- every theme a code (name, colour, description), used or not;
- a case per group (its sources) and a case per voice (group, who said it,
  their role and consent as variables, and the selections they said); a set
  per session (its sources);
- actions as project notes, referred to from their selection;
- evidence pictures as picture sources, their alt text the description;
  PDFs, sound and video files as PDF, audio and video sources (other files
  stay out: no tool could open them).

Every GUID is a UUID5 of Companion's own ids and uids, so exporting the same
programme twice gives the same GUIDs, and a tool can match a re-import.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import PurePosixPath

from companion.notes.model import Evidence, Note, NoteKind
from companion.notes.programme_notes import Part, ProgrammeNotes
from companion.notes.qdpx_text import compose

NAMESPACE = "urn:QDA-XML:project:1.0"
GUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "https://companion.invalid/refi-qda")
KINDS_CODE = "Companion note kinds"
ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed, so the same programme gives the same bytes

ET.register_namespace("", NAMESPACE)


def source_kind(item: Evidence) -> str | None:
    """The REFI-QDA source an evidence file becomes; None for a type no tool opens."""
    if item.is_image:
        return "PictureSource"
    if item.media_type == "application/pdf":
        return "PDFSource"
    if item.media_type.startswith("audio/"):
        return "AudioSource"
    if item.media_type.startswith("video/"):
        return "VideoSource"
    return None


def guid(key: str) -> str:
    """A stable GUID for one of Companion's things, e.g. ``guid("note:" + note.uid)``."""
    return str(uuid.uuid5(GUID_ROOT, key))


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = text
    return element


def _colour(value: str) -> str:
    value = value.strip()
    ok = len(value) in (4, 7) and value.startswith("#")
    return value if ok and all(c in "0123456789abcdefABCDEF" for c in value[1:]) else ""


def _stamp(value: str) -> str:
    """Companion's ISO 8601 UTC times are already xsd:dateTime; anything else is left out."""
    return value if len(value) >= 19 and value[10:11] == "T" else ""


class _Builder:
    """Builds ``project.qde`` and collects the files for ``Sources/``."""

    def __init__(self, programme: ProgrammeNotes, read: Callable[[Evidence], bytes]) -> None:
        self.programme = programme
        self.read = read
        self.user = guid("user:companion")
        self.files: dict[str, bytes] = {}
        self.group_sources: dict[int, list[str]] = {}
        self.session_sources: dict[int, list[str]] = {}
        self.voices: dict[str, tuple[str, str, str, list[str]]] = {}  # guid: name, role, consent
        self.action_notes: list[tuple[str, Note]] = []

    def build(self) -> bytes:
        project = ET.Element(
            _q("Project"),
            {
                "name": self.programme.programme,
                "origin": "Companion",
                "creatingUserGUID": self.user,
            },
        )
        users = _sub(project, "Users")
        _sub(users, "User", guid=self.user, name="Companion export")
        self._codebook(_sub(project, "CodeBook"))
        variables = _sub(project, "Variables")
        for key, label in (("role", "Speaker role"), ("consent", "Consent")):
            variable = _sub(
                variables,
                "Variable",
                guid=guid(f"variable:{key}"),
                name=label,
                typeOfVariable="Text",
            )
            _sub(variable, "Description", f"{label} of the person a quote or trio note is from")
        cases = _sub(project, "Cases")
        sources = _sub(project, "Sources")
        for part in self.programme.parts:
            self._text_source(sources, part)
            for item in part.notes.evidence:
                kind = source_kind(item)
                if kind is not None:
                    self._file_source(sources, part, item, kind)
        self._cases(cases)
        if len(sources) == 0:
            project.remove(sources)
        if len(cases) == 0:
            project.remove(cases)
        if self.action_notes:
            notes = _sub(project, "Notes")
            for note_guid, note in self.action_notes:
                element = _sub(notes, "Note", guid=note_guid, name=f"Action: {note.text[:60]}")
                details = [note.text]
                if note.owner:
                    details.append(f"Who: {note.owner}")
                if note.due:
                    details.append(f"By when: {note.due}")
                _sub(element, "PlainTextContent", "\n".join(details))
        self._sets(project)
        description = "Shared notes exported by Companion" + (
            ", anonymised: every name removed." if self.programme.anonymised else "."
        )
        _sub(project, "Description", description)
        ET.indent(project)
        return bytes(ET.tostring(project, encoding="utf-8", xml_declaration=True))

    def _codebook(self, codebook: ET.Element) -> None:
        codes = _sub(codebook, "Codes")
        for theme in self.programme.themes:
            code = _sub(
                codes,
                "Code",
                guid=guid(f"theme:{theme.uid}"),
                name=theme.name,
                isCodable="true",
                color=_colour(theme.colour),
            )
            if theme.description:
                _sub(code, "Description", theme.description)
        kinds = _sub(codes, "Code", guid=guid("kinds"), name=KINDS_CODE, isCodable="false")
        _sub(kinds, "Description", "What each note is in Companion: note, quote, action...")
        for kind in NoteKind:
            _sub(kinds, "Code", guid=guid(f"kind:{kind.value}"), name=kind.label, isCodable="true")

    def _text_source(self, sources: ET.Element, part: Part) -> None:
        notes = part.notes
        source_guid = guid(f"source:{part.session_id}:{part.group_id}")
        text, spans = compose(notes)
        self.files[f"{source_guid}.txt"] = text.encode("utf-8")
        self._remember(part, source_guid)
        source = _sub(
            sources,
            "TextSource",
            guid=source_guid,
            name=f"{notes.session} - {notes.group}",
            plainTextPath=f"internal://{source_guid}.txt",
            creatingUser=self.user,
        )
        _sub(source, "Description", f"{notes.group}'s shared notes, {notes.session}")
        themes = {t.id: t for t in self.programme.themes}
        for span in spans:
            note = span.note
            selection_guid = guid(f"note:{note.uid}")
            selection = _sub(
                source,
                "PlainTextSelection",
                guid=selection_guid,
                name=f"{note.kind.label}: {note.text[:60]}",
                startPosition=str(span.start),
                endPosition=str(span.end),
                creatingUser=self.user,
                creationDateTime=_stamp(note.created_at),
            )
            codes = [(f"theme:{themes[t].uid}") for t in note.theme_ids if t in themes]
            codes.append(f"kind:{note.kind.value}")
            for code in codes:
                coding = _sub(
                    selection,
                    "Coding",
                    guid=guid(f"coding:{note.uid}:{code}"),
                    creatingUser=self.user,
                )
                _sub(coding, "CodeRef", targetGUID=guid(code))
            if note.kind == NoteKind.ACTION:
                action_guid = guid(f"action:{note.uid}")
                self.action_notes.append((action_guid, note))
                _sub(selection, "NoteRef", targetGUID=action_guid)
            if note.kind in (NoteKind.QUOTE, NoteKind.TRIO):
                self._voice(part, note, selection_guid)

    def _file_source(self, sources: ET.Element, part: Part, item: Evidence, kind: str) -> None:
        picture_guid = guid(f"evidence:{item.uid}")
        suffix = PurePosixPath(item.filename).suffix.lower()
        name = picture_guid + (suffix if suffix[1:].isalnum() else "")
        self.files[name] = self.read(item)
        self._remember(part, picture_guid)
        picture = _sub(
            sources,
            kind,
            guid=picture_guid,
            name=item.filename,
            path=f"internal://{name}",
            creatingUser=self.user,
            creationDateTime=_stamp(item.created_at),
        )
        _sub(picture, "Description", item.alt_text or item.caption)

    def _remember(self, part: Part, source_guid: str) -> None:
        self.group_sources.setdefault(part.group_id, []).append(source_guid)
        self.session_sources.setdefault(part.session_id, []).append(source_guid)

    def _voice(self, part: Part, note: Note, selection_guid: str) -> None:
        said_by = note.attribution()
        role = part.roles.get(note.id, "")
        if note.kind == NoteKind.TRIO:
            consent = "recorded by role"
        else:
            consent = "anonymous" if said_by == "anonymous" else "named"
        key = guid(f"voice:{part.group_id}:{said_by}:{role}:{consent}")
        if key not in self.voices:
            self.voices[key] = (f"{part.notes.group}: {said_by}", role, consent, [])
        self.voices[key][3].append(selection_guid)

    def _cases(self, cases: ET.Element) -> None:
        groups = {p.group_id: p.notes.group for p in self.programme.parts}
        for group_id, sources in self.group_sources.items():
            case = _sub(cases, "Case", guid=guid(f"group:{group_id}"), name=groups[group_id])
            _sub(case, "Description", "A breakout group: its notes in every session")
            for source in sources:
                _sub(case, "SourceRef", targetGUID=source)
        for voice_guid, (name, role, consent, selections) in self.voices.items():
            case = _sub(cases, "Case", guid=voice_guid, name=name)
            for key, value in (("role", role), ("consent", consent)):
                if value:
                    variable_value = _sub(case, "VariableValue")
                    _sub(variable_value, "VariableRef", targetGUID=guid(f"variable:{key}"))
                    _sub(variable_value, "TextValue", value)
            for selection in selections:
                _sub(case, "SelectionRef", targetGUID=selection)

    def _sets(self, project: ET.Element) -> None:
        titles = {p.session_id: p.notes.session for p in self.programme.parts}
        if not self.session_sources:
            return
        sets = _sub(project, "Sets")
        for session_id, sources in self.session_sources.items():
            session_set = _sub(
                sets, "Set", guid=guid(f"session:{session_id}"), name=titles[session_id]
            )
            _sub(session_set, "Description", "Every group's notes in this session")
            for source in sources:
                _sub(session_set, "MemberSource", targetGUID=source)


def render(programme: ProgrammeNotes, read: Callable[[Evidence], bytes]) -> bytes:
    """The ``.qdpx`` file's bytes: ``project.qde`` and ``Sources/``."""
    builder = _Builder(programme, read)
    project = builder.build()
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        members = [("project.qde", project)]
        members += [(f"Sources/{name}", data) for name, data in sorted(builder.files.items())]
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()
