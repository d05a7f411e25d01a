"""Glossary terms and names heard right, and invented where none were said."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _count(term: str, text: str) -> int:
    """Whole-word occurrences of ``term`` in ``text``, spelled exactly (case and all)."""
    return len(re.findall(rf"(?<![\w']){re.escape(term)}(?![\w'])", text))


def terms_right(reference: str, hypothesis: str, terms: Iterable[str]) -> tuple[int, int]:
    """(terms written right, terms said): each said occurrence counts once."""
    right = said = 0
    for term in terms:
        wanted = _count(term, reference)
        said += wanted
        right += min(wanted, _count(term, hypothesis))
    return right, said


def invented_terms(reference: str, hypothesis: str, terms: Iterable[str]) -> int:
    """Terms written more often than they were said: the bias inventing them."""
    return sum(max(0, _count(t, hypothesis) - _count(t, reference)) for t in terms)
