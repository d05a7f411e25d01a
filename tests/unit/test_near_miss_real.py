"""A word the terms' prompt pulled towards a term, with the real tiny.en model on a
real recording (near_miss): "pecuniary" in lhotse-003 of the shared speech-dev set,
which tiny.en wrote "PQC" when told to expect CQC. espeak-ng's "pecuniary" is not
heard as a word at all by tiny.en ("repair a PQM area"), so the recording is used;
the test is skipped where the speech-dev set is not beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.audio.wavfile import read_wav
from companion.speech.glossary import Glossary
from companion.speech.vocabulary import Vocabulary
from companion.speech.whisper_decoder import FasterWhisperDecoder
from companion.speech.whisper_engine import Policy, WhisperEngine, embedded_model_path
from tests.speech_audio import caption_audio, final_text

pytestmark = pytest.mark.slow

RECORDING = Path(__file__).resolve().parents[3] / "shared" / "speech-dev" / "lhotse-003.wav"
# The benchmark's glossary and roster (bench/corpus/glossary.txt, roster.txt).
GLOSSARY = Glossary.parse(
    "nhs england => NHS England\nnhs => NHS\ncqc => CQC\nc q c => CQC\n"
    "edi network => EDI network\nedi => EDI\nbame => BAME\nicb => ICB\nwres => WRES\n"
    "freedom to speak up guardian => Freedom to Speak Up Guardian\n"
)
ROSTER = Vocabulary.from_names(
    [
        ("Kwame Mensah", "KWAH-may MEN-sah"),
        ("Priya Venkataraman", "PREE-ya VEN-ka-ta-RAH-man"),
        ("Siobhan Kelly", "shi-VAWN KEL-ly"),
        ("Aoife Byrne", "EE-fa BURN"),
        ("Oluwaseun Adeyemi", "oh-loo-wah-SHAY-oon ah-day-YEH-mee"),
    ]
)


def test_a_word_pulled_towards_a_term_is_written_as_said() -> None:
    if not RECORDING.exists():
        pytest.skip(f"the speech-dev recording {RECORDING} is not here")
    engine = WhisperEngine(
        glossary=GLOSSARY,
        decoder=FasterWhisperDecoder(embedded_model_path()),
        policy=Policy(partials=False),
    )
    engine.set_vocabulary(ROSTER.terms, ROSTER.heard)
    audio = read_wav(RECORDING)
    text = final_text(caption_audio(engine, audio))
    assert "reap any pecuniary" in text
    assert "PQC" not in text and "CQC" not in text
