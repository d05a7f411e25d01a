"""The shape a bundle's notes.json must have; anything else is refused with a reason."""

from __future__ import annotations

import re
from typing import Any

from companion.notes.model import MAX_NOTE_CHARS, Consent, NoteKind
from companion.text import has_bidi_controls

MAX_NOTES = 50_000
MAX_SHORT = 500  # names, titles, roles, dates
MAX_LONG = MAX_NOTE_CHARS  # note text, descriptions, alt text
_UID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SHA = re.compile(r"[0-9a-f]{64}")

_KINDS = {k.value for k in NoteKind}
_CONSENTS = {c.value for c in Consent}
MAX_POSITION = 1_000_000  # far more notes than a section holds; huge numbers are damage


def _matches(pattern: re.Pattern[str], value: object) -> bool:
    """An id or hash: text of the right form (a number or null that prints like one is not)."""
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _name(value: object) -> bool:
    """A short, non-empty text with no text-direction controls: names and titles."""
    return _text(value, MAX_SHORT, required=True) and not has_bidi_controls(str(value))


def _position(value: object) -> bool:
    if value is None:
        return True
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_POSITION


def _unicode_problem(value: object, depth: int = 0) -> str | None:
    """Text that cannot be stored (a lone surrogate) anywhere in the JSON, or too much nesting."""
    if depth > 8:  # notes.json is four levels deep
        return "notes.json nests its values too deeply."
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "notes.json holds text that is not valid Unicode."
        return None
    items: list[object] = []
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = list(value)
    for item in items:
        problem = _unicode_problem(item, depth + 1)
        if problem:
            return problem
    return None


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
    problem = _unicode_problem(data)
    if problem:
        return problem
    for key in ("programme", "session", "group"):
        if not _name(data.get(key)):
            return (
                f"notes.json has no valid {key} name (it may be missing, too long, or hold "
                "characters that change the direction of text)."
            )
    if not _text(data.get("plan"), MAX_SHORT):
        return "notes.json has a malformed plan name."
    sections = _list_of_dicts(data, "sections")
    themes = _list_of_dicts(data, "themes")
    notes = _list_of_dicts(data, "notes")
    evidence = _list_of_dicts(data, "evidence")
    if sections is None or themes is None or notes is None or evidence is None:
        return "notes.json does not have lists of sections, themes, notes and evidence."
    titles = set()
    for section in sections:
        if not _name(section.get("title")):
            return "a section in notes.json has no valid title."
        if not _position(section.get("position")):
            return "a section in notes.json has a position that is not a small whole number."
        if not _text(section.get("question_key"), MAX_SHORT):
            return "a section in notes.json has a malformed question key."
        titles.add(section["title"])
    theme_names = set()
    for theme in themes:
        if not _name(theme.get("name")):
            return "a theme in notes.json has no valid name."
        if not _matches(_UID, theme.get("uid")):
            return "a theme in notes.json has no valid id."
        if not all(_text(theme.get(k), MAX_LONG) for k in ("description", "colour", "symbol")):
            return f"the theme “{theme['name'][:60]}” has a malformed field."
        theme_names.add(theme["name"])
    for note in notes:
        problem = _check_note(note, titles, theme_names)
        if problem:
            return problem
    for item in evidence:
        if not _matches(_SHA, item.get("sha256")) or item["sha256"] not in files:
            return "an evidence item in notes.json has no matching file in the bundle."
        if not _matches(_UID, item.get("uid")):
            return "an evidence item in notes.json has no valid id."
        if not _name(item.get("filename")):
            return "an evidence item in notes.json has no valid file name."
        if not all(_text(item.get(k), MAX_LONG) for k in ("caption", "alt_text", "media_type")):
            return f"the evidence item “{item['filename'][:60]}” has a malformed field."
        if item.get("section") is not None and (
            not isinstance(item["section"], str) or item["section"] not in titles
        ):
            return f"the evidence item “{item['filename'][:60]}” names an unknown section."
    return None


def _check_note(note: dict[str, Any], titles: set[str], theme_names: set[str]) -> str | None:
    if not _matches(_UID, note.get("uid")):
        return "a note in notes.json has no valid id."
    kind, consent, section = note.get("kind"), note.get("consent", "not_asked"), note.get("section")
    if not isinstance(kind, str) or kind not in _KINDS:
        return f"a note in notes.json has an unknown kind ({str(kind)[:30]!r})."
    if not isinstance(consent, str) or consent not in _CONSENTS:
        return "a note in notes.json has an unknown consent value."
    if not _text(note.get("text"), MAX_LONG, required=True):
        return "a note in notes.json has no text, or text that is too long."
    if not isinstance(section, str) or section not in titles:
        return "a note in notes.json names a section that is not in the bundle."
    if not _position(note.get("position")):
        return "a note in notes.json has a position that is not a small whole number."
    for key in ("speaker", "owner", "due", "created_at", "updated_at", "origin"):
        if not _text(note.get(key), MAX_SHORT):
            return f"a note in notes.json has a malformed {key}."
    for key in ("speaker", "owner"):
        if has_bidi_controls(str(note.get(key) or "")):
            return f"a note in notes.json has a {key} with characters that change text direction."
    tags = note.get("themes", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t in theme_names for t in tags):
        return "a note in notes.json names a theme that is not in the bundle."
    return None
