"""What whisper is told before a decode: the terms to listen for and what was said.

Whisper hears names it is told to expect. The terms (glossary forms and the
roster's names) go before the previous text as a bare list, as faster-whisper's
``hotwords`` do; the other placings are kept only so the benchmark can measure
them again (``Policy.bias_at``). The previous phrase's words are a forced
prefix, so whisper starts after them and never re-hears what is final.
"""

from __future__ import annotations

from collections.abc import Sequence


def prompt_text(
    said: Sequence[str], vocabulary: Sequence[str], topics: Sequence[str], bias_at: str
) -> str:
    """Whisper's prompt: the ``vocabulary`` to listen for (placed as ``bias_at`` says;
    none when empty), then the words ``said`` before; ``topics`` are the glossary's
    terms, the rest of the vocabulary is people's names."""
    text = " ".join(said)
    if not vocabulary or bias_at == "prefix":
        return text
    if bias_at == "after":
        return f"{text} {', '.join(vocabulary)}.".strip()
    if bias_at == "sentence":  # as a transcript would mention them
        names = [v for v in vocabulary if v not in topics]
        about = [v for v in vocabulary if v in topics]
        told = f"With {', '.join(names)}. " if names else ""
        told += f"About {', '.join(about)}." if about else ""
        return f"{told} {text}".strip()
    return f"{', '.join(vocabulary)}. {text}".strip()


def prefix_text(words: str, vocabulary: Sequence[str], bias_at: str) -> str:
    """The forced prefix: the previous phrase's ``words`` (and, measured only, the
    ``vocabulary`` before them when ``bias_at`` is "prefix")."""
    if vocabulary and bias_at == "prefix":
        return f"{', '.join(vocabulary)}. {words}".strip()
    return words
