"""The plain values of the notes feature: kinds, consent, notes, sections, themes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from companion.errors import CompanionError

MAX_NOTE_CHARS = 20_000  # longer pasted text is refused with a sentence, not truncated


def plural(count: int, word: str, words: str = "") -> str:
    """ "1 note", "2 notes"; ``words`` where adding an s is wrong ("quotes or notes")."""
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


class NotesError(CompanionError):
    """A notes operation could not be done; the message says why and what to do."""


class NoteKind(str, Enum):
    """What a note is; each kind is shown and exported in its own way."""

    NOTE = "note"  # something said or agreed, in the note-taker's words
    QUOTE = "quote"  # someone's own words, attributed with consent or anonymous
    ACTION = "action"  # an action or commitment: what, who, by when
    DECISION = "decision"  # something the group decided
    QUESTION = "question"  # a question to raise with the organisers
    TRIO = "trio"  # what someone outside the group said, recorded by role, never name

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    NoteKind.NOTE: "Note",
    NoteKind.QUOTE: "Quote",
    NoteKind.ACTION: "Action",
    NoteKind.DECISION: "Decision",
    NoteKind.QUESTION: "Question to raise",
    NoteKind.TRIO: "Trio evidence",
}


class Consent(str, Enum):
    """Whether a quoted person may be named."""

    NOT_ASKED = "not_asked"  # nobody asked yet: shared as anonymous
    NAMED = "named"  # the speaker agreed to be named
    ANONYMOUS = "anonymous"  # keep the quote, never the name


@dataclass(frozen=True, slots=True)
class Section:
    """A heading notes sit under: a plan's core question, or a free section."""

    id: int
    session_id: int
    group_id: int
    position: int
    title: str
    question_key: str | None = None  # the plan's id for the question, where a plan was used
    plan_run_id: int | None = None  # the facilitation plan run, where one exists


@dataclass(frozen=True, slots=True)
class Note:
    """One note as stored."""

    id: int
    uid: str  # stable across bundles: importing twice never duplicates
    section_id: int
    session_id: int
    group_id: int
    kind: NoteKind
    text: str
    speaker: str = ""  # quotes: who said it; trio: their role
    member_id: int | None = None  # quotes: the member who said it, where known
    consent: Consent = Consent.NOT_ASKED
    owner: str = ""  # actions: who does it
    due: str = ""  # actions: by when (free text or ISO date)
    shared: bool = True  # included in documents and bundles
    position: int = 0
    origin: str = "typed"  # typed, caption or imported
    created_at: str = ""
    updated_at: str = ""
    theme_ids: tuple[int, ...] = ()

    def attribution(self, anonymise: bool = False) -> str:
        """Who said a quote as it may be shown: the name only with consent."""
        if self.kind == NoteKind.TRIO:
            return self.speaker or "someone outside the group"
        if self.kind != NoteKind.QUOTE:
            return ""
        if anonymise or self.consent != Consent.NAMED or not self.speaker:
            return "anonymous"
        return self.speaker


# The kind-specific fields each kind shows; the rest are cleared when a note
# changes kind and never exported, so a name typed for one kind cannot ride
# along hidden in another.
SHOWN_FIELDS: dict[NoteKind, frozenset[str]] = {
    NoteKind.NOTE: frozenset(),
    NoteKind.QUOTE: frozenset({"speaker", "member_id", "consent"}),
    NoteKind.ACTION: frozenset({"owner", "due"}),
    NoteKind.DECISION: frozenset(),
    NoteKind.QUESTION: frozenset(),
    NoteKind.TRIO: frozenset({"speaker"}),
}
KIND_DEFAULTS: dict[str, object] = {
    "speaker": "",
    "member_id": None,
    "consent": Consent.NOT_ASKED,
    "owner": "",
    "due": "",
}


def hidden_defaults(kind: NoteKind) -> dict[str, object]:
    """The empty values of the kind-specific fields ``kind`` does not show."""
    return {k: v for k, v in KIND_DEFAULTS.items() if k not in SHOWN_FIELDS[kind]}


# Fields a caller may change with ``NotesStore.update``.
EDITABLE = frozenset(
    {"kind", "text", "speaker", "member_id", "consent", "owner", "due", "shared", "section_id"}
)


@dataclass(frozen=True, slots=True)
class Theme:
    """A code in the programme's codebook."""

    id: int
    uid: str
    programme_id: int
    name: str
    description: str = ""
    colour: str = "#1f77b4"  # shown beside the symbol, never alone
    symbol: str = "●"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A file kept by content hash, with words for those who cannot see or open it."""

    id: int
    uid: str
    session_id: int
    group_id: int
    section_id: int | None
    sha256: str
    filename: str
    media_type: str
    size: int
    caption: str = ""
    alt_text: str = ""
    created_at: str = ""

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    @property
    def needs_alt_text(self) -> bool:
        return self.is_image and not self.alt_text.strip()


@dataclass(frozen=True, slots=True)
class GroupNotes:
    """Everything one group noted in one session, ready to export."""

    programme: str
    session: str
    group: str
    sections: tuple[Section, ...]
    notes: tuple[Note, ...]
    themes: tuple[Theme, ...]
    evidence: tuple[Evidence, ...]
    plan: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    people: tuple[str, ...] = ()  # the group's roster names, taken out of words when anonymising

    @property
    def anonymised(self) -> bool:
        """Whether names were taken out for sharing (recorded in ``extra`` by share.py)."""
        return self.extra.get("anonymised") == "yes"

    def notes_in(self, section_id: int) -> list[Note]:
        return [n for n in self.notes if n.section_id == section_id]

    def theme_names(self, note: Note) -> list[str]:
        by_id = {t.id: t.name for t in self.themes}
        return [by_id[i] for i in note.theme_ids if i in by_id]
