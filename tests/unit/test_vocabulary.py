"""The names captions listen for: from the roster to the running engine."""

from __future__ import annotations

from companion.audio.source import EndOfAudio
from companion.events import Caption
from companion.speech.glossary import Entry
from companion.speech.stream import CaptionStream
from companion.speech.vocabulary import Vocabulary, said_like
from tests.fakes import tone


def test_said_like_turns_a_pronunciation_hint_into_words() -> None:
    assert said_like("shi-VAWN") == "Shivawn"
    assert said_like("Say it like: EE-fa (Irish)") == "Eefa"
    assert said_like("") == ""


def test_roster_names_give_full_and_first_names_and_fix_names_written_as_said() -> None:
    vocabulary = Vocabulary.from_names(
        [("Siobhan Kelly", "shi-VAWN KEL-ee"), ("Kwame Mensah", ""), ("Aoife", "EE-fa"), ("", "x")]
    )
    assert vocabulary.terms == (
        "Siobhan Kelly",
        "Siobhan",
        "Kwame Mensah",
        "Kwame",
        "Aoife",
    )
    assert Entry("shivawn kelee", "Siobhan Kelly") in vocabulary.heard
    assert Entry("shivawn", "Siobhan") in vocabulary.heard
    assert Entry("eefa", "Aoife") in vocabulary.heard


class _Source:
    name = "test"
    live = False

    def __init__(self, blocks: int) -> None:
        self.blocks = blocks

    def open(self) -> None:
        pass

    def read(self, timeout: float = 1.0):  # type: ignore[no-untyped-def]
        if self.blocks == 0:
            raise EndOfAudio
        self.blocks -= 1
        return tone(0.1)

    def close(self) -> None:
        pass


class _Listening:
    name = "fake"
    model_name = "fake"

    def __init__(self) -> None:
        self.terms: list[tuple[str, ...]] = []

    def set_vocabulary(self, terms, heard=()):  # type: ignore[no-untyped-def]
        self.terms.append(tuple(terms))

    def accept(self, frames) -> list[Caption]:  # type: ignore[no-untyped-def]
        return []

    def finish(self) -> list[Caption]:
        return []

    def reset(self) -> None:
        pass


def test_names_given_before_the_engine_loads_reach_it_and_later_ones_too() -> None:
    engine = _Listening()
    stream = CaptionStream(_Source(3), lambda: engine)  # type: ignore[arg-type]
    stream.set_vocabulary(Vocabulary.from_names([("Priya Venkataraman", "")]))
    stream.run()
    assert engine.terms == [("Priya Venkataraman", "Priya")]
    stream.set_vocabulary(Vocabulary.from_names([("Oluwaseun", "")]))  # added while running
    assert engine.terms[-1] == ("Oluwaseun",)


def test_a_names_file_for_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from companion.errors import CompanionError
    from companion.speech.vocabulary import read_names

    names = tmp_path / "names.txt"
    names.write_text("# our group\nAoife Byrne | EE-fa\n\nKwame Mensah\n", encoding="utf-8")
    vocabulary = read_names(names)
    assert vocabulary.terms == ("Aoife Byrne", "Aoife", "Kwame Mensah", "Kwame")
    try:
        read_names(tmp_path / "missing.txt")
    except CompanionError as error:
        assert "cannot be read" in str(error)
    else:
        raise AssertionError("a missing names file is an error a person can act on")
