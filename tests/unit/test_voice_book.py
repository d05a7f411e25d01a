"""VoiceBook (#14): changes of voice found from voice prints, confirmed voices recognised.

Prints here are made-up unit vectors: each "person" is a direction, and a
print is that direction with a little noise, as a real encoder's prints are.
"""

from __future__ import annotations

import numpy as np

from companion.turns.voices import VoiceBook

RNG = np.random.default_rng(14)
PEOPLE = {name: RNG.normal(size=64) for name in ("aisha", "ben", "carys")}


def _print(person: str, noise: float = 0.15) -> np.ndarray:
    base = PEOPLE[person] / np.linalg.norm(PEOPLE[person])
    vector = base + RNG.normal(size=64) * noise / 8
    return vector / np.linalg.norm(vector)


def _feed(book: VoiceBook, people: list[str], start: float = 0.0) -> list[tuple[float, int | None]]:
    """One print per 0.8 s, each covering the 1.6 s before it; the changes reported."""
    changes = []
    for i, person in enumerate(people):
        end = start + 1.6 + 0.8 * i
        change = book.add(end - 1.6, end, _print(person))
        if change is not None:
            changes.append((change.time, change.member))
    return changes


def test_a_new_voice_is_a_change_reported_near_where_it_began() -> None:
    book = VoiceBook()
    changes = _feed(book, ["aisha"] * 6 + ["ben"] * 6)
    assert len(changes) == 2  # the first voice, then Ben
    first_ben_print_end = 1.6 + 0.8 * 6
    assert abs(changes[1][0] - (first_ben_print_end - 0.8)) < 0.01  # the middle of that print
    assert all(member is None for _t, member in changes)  # nobody confirmed: ask


def test_the_same_voice_going_on_is_no_change() -> None:
    assert len(_feed(VoiceBook(), ["aisha"] * 30)) == 1


def test_one_odd_print_is_dropped_as_noise() -> None:
    assert len(_feed(VoiceBook(), ["aisha"] * 5 + ["ben"] + ["aisha"] * 5)) == 1


def test_two_odd_prints_unlike_each_other_are_noise_too() -> None:
    assert len(_feed(VoiceBook(), ["aisha"] * 5 + ["ben", "carys"] + ["aisha"] * 5)) == 1


def test_a_confirmed_voice_is_recognised_when_it_comes_back() -> None:
    book = VoiceBook()
    _feed(book, ["aisha"] * 5)
    book.confirm(1)
    _feed(book, ["ben"] * 5, start=10)
    book.confirm(2)
    changes = _feed(book, ["aisha"] * 5 + ["ben"] * 5 + ["carys"] * 5, start=20)
    assert [member for _t, member in changes] == [1, 2, None]  # Carys is new: ask
    assert book.known == {1, 2}


def test_a_correction_moves_the_voice_to_the_right_member() -> None:
    book = VoiceBook()
    _feed(book, ["aisha"] * 5)
    book.confirm(2)  # the facilitator first said Ben ...
    book.confirm(1)  # ... then fixed it: it was Aisha
    _feed(book, ["ben"] * 5, start=10)
    changes = _feed(book, ["aisha"] * 5, start=20)
    assert [member for _t, member in changes] == [1]
    assert book.known == {1}


def test_forget_drops_every_voice() -> None:
    book = VoiceBook()
    _feed(book, ["aisha"] * 5)
    book.confirm(1)
    book.forget()
    assert book.known == set()
    assert [member for _t, member in _feed(book, ["aisha"] * 5, start=10)] == [None]


def test_two_confirmed_voices_too_alike_to_tell_apart_are_asked_about() -> None:
    book = VoiceBook(margin=0.5)  # demand a clear winner
    _feed(book, ["aisha"] * 5)
    book.confirm(1)
    _feed(book, ["ben"] * 5, start=10)
    book.confirm(2)
    PEOPLE["twin"] = PEOPLE["aisha"] + PEOPLE["ben"]
    changes = _feed(book, ["twin"] * 5, start=20)
    assert changes and changes[0][1] is None


def test_a_voice_its_first_print_leaves_unsure_is_named_from_the_next_few() -> None:
    book = VoiceBook()
    _feed(book, ["aisha"] * 5)
    book.confirm(1)
    _feed(book, ["ben"] * 5, start=10)
    book.confirm(2)
    # Aisha's first prints after Ben catch the tail of someone else: only 0.77 like her.
    aisha, carys = (PEOPLE[p] / np.linalg.norm(PEOPLE[p]) for p in ("aisha", "carys"))
    unsure = aisha + 0.83 * (carys - (carys @ aisha) * aisha)
    unsure /= np.linalg.norm(unsure)
    assert book.add(20.0, 21.6, unsure) is None  # a candidate
    change = book.add(20.8, 22.4, unsure)
    assert change is not None and change.member is None and not change.again  # ask
    again = book.add(21.6, 23.2, _print("aisha"))
    assert again is not None and again.again
    assert again.member == 1 and again.time == change.time
    assert book.add(22.4, 24.0, _print("aisha")) is None  # once is enough
