"""What whisper is told before a decode: the terms to listen for and what was said.

Whisper hears names it is told to expect. The terms (glossary forms and the
roster's names) go before the previous text as a bare list, as faster-whisper's
``hotwords`` do. For an English-only model (tiny.en) the list ends in "...",
trailing off into what is said next rather than ending as a finished sentence:
measured, 44 of 54 terms heard against 42 with a full stop, real speech the
same. The multilingual whisper base measured worse with it (real-speech WER
4.6 % -> 5.8 %, a term invented on a plain sentence), so its list keeps the
full stop (docs/benchmarks.md, "Names: the list trails off"). Whisper then
sometimes ends its own text with "..." too; whisper_words.without_ellipsis
takes those out of what is shown. The other placings are kept only so the
benchmark can measure them again (``Policy.bias_at``). The previous phrase's
words are a forced prefix, so whisper starts after them and never re-hears
what is final.
"""

from __future__ import annotations

from collections.abc import Sequence

from companion.speech.whisper_decoder import is_multilingual

LIST_END = "..."  # how the list of terms ends with ``bias_at`` "before"


def bias_for(decoder: object, bias_at: str | None) -> str:
    """The placing to use with ``decoder``: ``bias_at`` when one is given, else its
    model's own, the list trailing off ("before") for an English-only model and
    ending in a full stop ("before-stop") for a multilingual one."""
    if bias_at is not None:
        return bias_at
    return "before-stop" if is_multilingual(decoder) else "before"


def prompt_text(
    said: Sequence[str], vocabulary: Sequence[str], topics: Sequence[str], bias_at: str
) -> str:
    """Whisper's prompt: the ``vocabulary`` to listen for (placed as ``bias_at`` says;
    none when empty), then the words ``said`` before; ``topics`` are the glossary's
    terms, the rest of the vocabulary is people's names.

    ``bias_at``: "before" (the bare list ending in "...", chosen), "before-stop" (the
    same list ending in a full stop), "after" the text, "sentence" ("With Kwame
    Mensah, ... About NHS England, ..."), "labelled" ("Names: ... Terms: ...") or a
    forced "prefix" (see prefix_text)."""
    text = " ".join(said)
    if not vocabulary or bias_at == "prefix":
        return text
    listed = ", ".join(vocabulary)
    if bias_at == "after":
        return f"{text} {listed}.".strip()
    if bias_at in ("sentence", "labelled"):  # as a transcript, or a form, would name them
        names = ", ".join(v for v in vocabulary if v not in topics)
        about = ", ".join(v for v in vocabulary if v in topics)
        people, subjects = ("With", "About") if bias_at == "sentence" else ("Names:", "Terms:")
        told = f"{people} {names}. " if names else ""
        told += f"{subjects} {about}." if about else ""
        return f"{told} {text}".strip()
    ending = "." if bias_at == "before-stop" else LIST_END
    return f"{listed}{ending} {text}".strip()


def prefix_text(words: str, vocabulary: Sequence[str], bias_at: str) -> str:
    """The forced prefix: the previous phrase's ``words`` (and, measured only, the
    ``vocabulary`` before them when ``bias_at`` is "prefix")."""
    if vocabulary and bias_at == "prefix":
        return f"{', '.join(vocabulary)}. {words}".strip()
    return words
