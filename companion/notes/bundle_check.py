"""The shape a bundle's notes.json must have; anything else is refused with a reason."""

from __future__ import annotations

import re
from typing import Any

from companion.notes.model import MAX_NOTE_CHARS, Consent, NoteKind

MAX_NOTES = 50_000
MAX_SHORT = 500  # names, titles, roles, dates
MAX_LONG = MAX_NOTE_CHARS  # note text, descriptions, alt text
_UID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SHA = re.compile(r"[0-9a-f]{64}")

_KINDS = {k.value for k in NoteKind}
_CONSENTS = {c.value for c in Consent}


def _text(value: object, limit: int, required: bool = False) -> bool:
    if value is None and not required:
        return True
    return isinstance(value, str) and len(value) <= limit and (not required or bool(value.strip()))


def _list_of_dicts(data: dict[str, Any], key: str) -> list[dict[str, Any]] | None:
    value = data.get(key, [])
    if not isinstance(value, list) or len(value) > MAX_NOTES:
        return None
    if not all(isinstance(item, dict) for item in value):
        return None
    return value


def check_notes(data: dict[str, Any], files: set[str]) -> str | None:
    """None when ``data`` is a valid notes.json whose evidence is all in ``files``."""
    for key in ("programme", "session", "group"):
        if not _text(data.get(key), MAX_SHORT, required=True):
            return f"notes.json has no valid {key} name."
    sections = _list_of_dicts(data, "sections")
    themes = _list_of_dicts(data, "themes")
    notes = _list_of_dicts(data, "notes")
    evidence = _list_of_dicts(data, "evidence")
    if sections is None or themes is None or notes is None or evidence is None:
        return "notes.json does not have lists of sections, themes, notes and evidence."
    titles = set()
    for section in sections:
        if not _text(section.get("title"), MAX_SHORT, required=True):
            return "a section in notes.json has no valid title."
        titles.add(section["title"])
    theme_names = set()
    for theme in themes:
        if not _text(theme.get("name"), MAX_SHORT, required=True):
            return "a theme in notes.json has no valid name."
        if not _UID.fullmatch(str(theme.get("uid", ""))):
            return "a theme in notes.json has no valid id."
        if not all(_text(theme.get(k), MAX_LONG) for k in ("description", "colour", "symbol")):
            return f"the theme “{theme['name'][:60]}” has a malformed field."
        theme_names.add(theme["name"])
    for note in notes:
        problem = _check_note(note, titles, theme_names)
        if problem:
            return problem
    for item in evidence:
        if not _SHA.fullmatch(str(item.get("sha256", ""))) or item["sha256"] not in files:
            return "an evidence item in notes.json has no matching file in the bundle."
        if not _UID.fullmatch(str(item.get("uid", ""))):
            return "an evidence item in notes.json has no valid id."
        if not _text(item.get("filename"), MAX_SHORT, required=True):
            return "an evidence item in notes.json has no valid file name."
        if not all(_text(item.get(k), MAX_LONG) for k in ("caption", "alt_text", "media_type")):
            return f"the evidence item “{item['filename'][:60]}” has a malformed field."
        if item.get("section") is not None and item["section"] not in titles:
            return f"the evidence item “{item['filename'][:60]}” names an unknown section."
    return None


def _check_note(note: dict[str, Any], titles: set[str], theme_names: set[str]) -> str | None:
    if not _UID.fullmatch(str(note.get("uid", ""))):
        return "a note in notes.json has no valid id."
    if note.get("kind") not in _KINDS:
        return f"a note in notes.json has an unknown kind ({str(note.get('kind'))[:30]!r})."
    if note.get("consent", "not_asked") not in _CONSENTS:
        return "a note in notes.json has an unknown consent value."
    if not _text(note.get("text"), MAX_LONG, required=True):
        return "a note in notes.json has no text, or text that is too long."
    if note.get("section") not in titles:
        return "a note in notes.json names a section that is not in the bundle."
    for key in ("speaker", "owner", "due", "created_at", "updated_at", "origin"):
        if not _text(note.get(key), MAX_SHORT):
            return f"a note in notes.json has a malformed {key}."
    tags = note.get("themes", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t in theme_names for t in tags):
        return "a note in notes.json names a theme that is not in the bundle."
    return None
