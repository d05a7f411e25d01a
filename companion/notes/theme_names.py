"""Theme names that look alike: "Voice & inclusion" beside "Voice and inclusion".

Every group invents its own themes, so the lead meets the same idea under
several names. Two names look alike when they are the same after folding
case, '&' and '+' to "and", punctuation and simple plurals away — or differ
by a slip of the keyboard (one letter in a name of seven or more, two in
one of twelve or more). It only suggests: the lead confirms each merge.
``near_duplicates`` groups them and puts first the one to keep: the most used.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

from sqlite_utils import Database

from companion.notes.model import Theme
from companion.notes.store import rows

_TYPO_SHORT = 7  # names at least this long may differ by one letter ("Power" is not "Tower")
_TYPO_LONG = 12  # names at least this long may differ by two


def name_key(name: str) -> str:
    """The name folded: case, '&'/'+' as "and", no punctuation, words singular."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("&", " and ").replace("+", " and ")
    kept = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    return " ".join(_singular(word) for word in kept.split())


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def look_alike(first: str, second: str) -> bool:
    """Whether two theme names are probably one theme written two ways."""
    a, b = name_key(first), name_key(second)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter = min(len(a), len(b))
    allowed = 2 if shorter >= _TYPO_LONG else 1 if shorter >= _TYPO_SHORT else 0
    return allowed > 0 and _distance(a, b, allowed) <= allowed


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance (insert, delete, change, swap two neighbours), stopping past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def near_duplicates(
    themes: Sequence[Theme], uses: Mapping[int, int] | None = None
) -> list[tuple[Theme, ...]]:
    """Groups of look-alike themes, each with the one to keep first (most used, then oldest)."""
    uses = uses or {}
    parent = list(range(len(themes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(themes):
        for j in range(i + 1, len(themes)):
            if look_alike(first.name, themes[j].name):
                parent[root(j)] = root(i)
    clusters: dict[int, list[Theme]] = {}
    for i, theme in enumerate(themes):
        clusters.setdefault(root(i), []).append(theme)
    found = [
        tuple(sorted(members, key=lambda t: (-uses.get(t.id, 0), t.id)))
        for members in clusters.values()
        if len(members) > 1
    ]
    return sorted(found, key=lambda group: group[0].name.casefold())


def theme_uses(db: Database, programme_id: int) -> dict[int, int]:
    """How many notes each theme of the programme tags: which look-alike to keep."""
    return {
        int(r["theme_id"]): int(r["uses"])
        for r in rows(
            db,
            "SELECT nt.theme_id, COUNT(*) AS uses FROM note_themes nt "
            "JOIN themes t ON t.id = nt.theme_id WHERE t.programme_id = ? GROUP BY nt.theme_id",
            [programme_id],
        )
    }
