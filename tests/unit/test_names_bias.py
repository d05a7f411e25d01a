"""Roster names bias the real whisper model: heard right, and not invented (speech made
with espeak-ng, the way the people say the names)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from companion.audio.wavfile import read_wav
from companion.speech.vocabulary import Vocabulary
from companion.speech.whisper_decoder import FasterWhisperDecoder
from companion.speech.whisper_engine import Policy, WhisperEngine, embedded_model_path
from tests.speech_audio import caption_audio, final_text

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"),
]

ROSTER = [
    ("Kwame Mensah", "KWAH-may MEN-sah"),
    ("Priya Venkataraman", "PREE-ya"),
    ("Siobhan Kelly", "shi-VAWN KEL-ly"),
    ("Oluwaseun Adeyemi", ""),
]


@pytest.fixture(scope="module")
def decoder() -> FasterWhisperDecoder:
    return FasterWhisperDecoder(embedded_model_path())


def _caption(decoder: FasterWhisperDecoder, said: str, tmp: Path, names: bool) -> str:
    wav = tmp / "said.wav"
    subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "160", "-w", str(wav), said], check=True)
    audio = read_wav(wav)
    engine = WhisperEngine(decoder=decoder, policy=Policy(partials=False))
    if names:
        vocabulary = Vocabulary.from_names(ROSTER)
        engine.set_vocabulary(vocabulary.terms, vocabulary.heard)
    return final_text(caption_audio(engine, audio))


@pytest.mark.parametrize(
    ("said", "name", "heard_untold"),
    [
        ("Kwahmay Mensah will present the findings next week.", "Kwame Mensah", False),
        # Since the decoder pads with real silence, tiny.en hears "Priya" untold too.
        ("Preeya Venkataraman chairs the staff forum.", "Priya Venkataraman", True),
    ],
)
def test_a_roster_name_is_heard_when_whisper_is_told_it(
    decoder: FasterWhisperDecoder, tmp_path: Path, said: str, name: str, heard_untold: bool
) -> None:
    first = name.split()[0]  # tiny.en is not sure of every surname even when told
    assert (first in _caption(decoder, said, tmp_path, names=False)) == heard_untold
    assert first in _caption(decoder, said, tmp_path, names=True)


def test_no_name_is_invented_in_speech_without_names(
    decoder: FasterWhisperDecoder, tmp_path: Path
) -> None:
    text = _caption(
        decoder, "Could everyone please check that their microphone is muted.", tmp_path, True
    )
    assert "microphone" in text
    words = {w for name, _said in ROSTER for w in name.split()}
    assert not any(w in text for w in words)


def test_whisper_base_invents_no_term_in_speech_without_any(tmp_path: Path) -> None:
    """whisper base, told the benchmark's glossary and roster, once wrote "CQC,
    Oluwaseun, Priya Venkataraman." for this sentence (espeak-ng en-gb)."""
    from companion.bench.worker import _biasing
    from companion.speech.factory import resolve_engine

    _engine, folder = resolve_engine("whisper", "whisper-base")
    bench = Path(__file__).parents[2] / "bench"
    glossary, vocabulary = _biasing(bench / "names-glossary.txt", bench / "names-roster.txt")
    engine = WhisperEngine(
        glossary=glossary,
        decoder=FasterWhisperDecoder(folder or embedded_model_path()),
        policy=Policy(budget=100),  # passes at a fixed pace, as the benchmark ran it
    )
    engine.set_vocabulary(vocabulary.terms, vocabulary.heard)
    wav = tmp_path / "plain.wav"
    said = "Could everyone please check that their microphone is muted."
    subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "160", "-w", str(wav), said], check=True)
    audio = read_wav(wav)
    captions = caption_audio(engine, audio)
    shown = " ".join(c.text for c in captions)  # partials too: a reader sees them
    terms = {w for term in engine.vocabulary for w in term.split() if w[:1].isupper()}
    assert not [w for w in shown.replace(",", " ").replace(".", " ").split() if w in terms]
