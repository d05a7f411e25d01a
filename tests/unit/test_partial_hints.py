"""A name a partial pass heard where the final wrote other words becomes a candidate for
the names check, which the audio still decides (scores scripted here)."""

from __future__ import annotations

from companion.events import Word
from companion.speech.glossary import Entry, Glossary
from companion.speech.partial_hints import Hint, hinted, hints_in, kept_after
from companion.speech.sounds_like import terms_from
from companion.speech.term_check import MARGIN, SURE, TermChecker
from tests.unit.test_term_check import Scorer

GLOSSARY = Glossary.parse("ICB\nBAME\n")
ROSTER = Glossary([Entry("shivawn", "Siobhan"), Entry("eefa", "Aoife")])
VOCABULARY = ["ICB", "BAME", "Siobhan", "Aoife"]
TERMS = terms_from(VOCABULARY, [*GLOSSARY.entries, *ROSTER.entries])


def _words(text: str, confidence: float = 0.5) -> list[Word]:
    return [Word(t, i * 0.5, i * 0.5 + 0.4, confidence) for i, t in enumerate(text.split())]


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def test_a_partial_word_that_sounds_just_like_a_name_is_a_hint() -> None:
    # "EFA" in capitals is read as a word ("Efa", said like Aoife's "Eefa").
    assert [(h.heard, h.term) for h in hints_in(_words("EFA will take notes"), TERMS)] == [
        ("EFA", "Aoife")
    ]
    assert [h.term for h in hints_in(_words("Shivon asked, how"), TERMS)] == ["Siobhan"]
    # Spelled nearly as a term: "MAME" beside BAME, though it sounds unlike it.
    assert [h.term for h in hints_in(_words("the MAME staff forum"), TERMS)] == ["BAME"]


def test_words_only_partly_like_a_name_or_already_it_are_no_hint() -> None:
    assert hints_in(_words("Shiver asked how"), TERMS) == []  # a near key, not the same
    assert hints_in(_words("Thank you Siobhan"), TERMS) == []
    assert hints_in(_words("we will take a short break"), TERMS) == []


def test_a_hint_covers_the_finals_words_over_its_time_written_as_the_partial_heard() -> None:
    hints = hints_in(_words("EFA will take notes"), TERMS)
    final = [Word("We'll", 0.0, 0.9, 0.2), *_words("x take notes")[1:]]
    (candidate,) = hinted(final, hints, SURE)
    assert (candidate.candidate.start, candidate.candidate.end) == (0, 1)
    assert candidate.text == "Aoife will"


def test_no_candidate_where_the_final_agrees_with_the_partial_or_is_sure() -> None:
    # "If" is Aoife's key exactly, but two passes that both wrote "If" heard "If".
    hints = hints_in(_words("If the group agrees"), TERMS)
    assert [h.term for h in hints] == ["Aoife"]
    assert hinted(_words("If the group agrees"), hints, SURE) == []
    assert hinted(_words("Of the group agrees", confidence=0.99), hints, SURE) == []


def test_hints_after_a_cut_belong_to_the_next_phrase() -> None:
    hints = hints_in(_words("well Shivon asked"), TERMS)  # "Shivon" at 0.5-0.9 s
    assert kept_after(hints, 0.5) == hints
    assert kept_after(hints, 1.0) == []


def test_a_hinted_name_goes_in_only_when_the_audio_agrees() -> None:
    final = [Word("We'll", 0.0, 0.9, 0.2), *_words("x take notes.")[1:]]
    hints = hints_in(_words("EFA will take notes."), TERMS)
    checker = TermChecker(VOCABULARY, (GLOSSARY, ROSTER))
    written, hinted_text = "We'll take notes.", "Aoife will take notes."
    agrees = Scorer({written: -20.0, hinted_text: -20.0 - MARGIN + 0.5})
    assert _text(checker.check(final, agrees, "", "", hints=hints)) == hinted_text
    refuses = Scorer({written: -20.0, hinted_text: -20.0 - MARGIN - 0.5})
    assert _text(checker.check(final, refuses, "", "", hints=hints)) == written
    # A wider margin of its own lets a hinted name in further from the written words.
    wider = TermChecker(VOCABULARY, (GLOSSARY, ROSTER), hint_margin=MARGIN + 1.0)
    assert _text(wider.check(final, refuses, "", "", hints=hints)) == hinted_text


def test_a_candidate_of_the_finals_own_words_wins_over_a_hint_on_the_same_words() -> None:
    # The final's own "or Uwaseun" against a hint over "or Uwaseun share": both pass, and
    # the hint's text would lose the "share" that was said.
    roster = Glossary([Entry("oh loo wah shay oon", "Oluwaseun")])
    checker = TermChecker(["Oluwaseun"], (roster,))
    final = _words("or Uwaseun share the story")
    hint = Hint("Oluwaseun", "Uwashayun", 0.0, 1.4, (Word("Uwashayun", 0.0, 1.4, 0.3),))
    own, by_hint = "Oluwaseun share the story", "Oluwaseun the story"
    scorer = Scorer({"or Uwaseun share the story": -30.0, own: -28.0, by_hint: -25.0})
    assert _text(checker.check(final, scorer, "", "", hints=[hint])) == own
