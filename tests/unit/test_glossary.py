from __future__ import annotations

from pathlib import Path

from companion.speech.glossary import Glossary, glossary_path, sentence_case


def test_seeded_glossary_fixes_acronyms_and_is_created_privately(companion_home: Path) -> None:
    glossary = Glossary.load()
    assert glossary.apply("the nhs and cqc talked about edi and bame staff") == (
        "the NHS and CQC talked about EDI and BAME staff"
    )
    assert glossary.apply("we met on zoom, then n h s colleagues joined") == (
        "we met on Zoom, then NHS colleagues joined"
    )
    assert glossary_path().stat().st_mode & 0o777 == 0o600


def test_teams_as_an_ordinary_word_is_left_alone() -> None:
    glossary = Glossary.load()
    assert glossary.apply("our teams met on teams") == "our teams met on Teams"


def test_whole_words_only_and_longest_phrase_wins() -> None:
    glossary = Glossary.parse("NHS\nnhs england => NHS England\n")
    assert glossary.apply("nhsx and nhs england") == "nhsx and NHS England"


def test_person_edits_are_used(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_text("# names\nSiobhan\nshe vaughn => Siobhan\n", encoding="utf-8")
    glossary = Glossary.load(path)
    assert glossary.apply("thanks she vaughn and siobhan") == "thanks Siobhan and Siobhan"


def test_sentence_case_for_vosk_text() -> None:
    assert sentence_case("i think  we should start") == "I think we should start."
    assert sentence_case("is it time?") == "Is it time?"
    assert sentence_case("") == ""
