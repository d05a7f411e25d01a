"""A final that keeps the words already on screen when the audio finds them as likely.

A deaf reader who saw a word in a partial and then sees the final replace it
re-reads the line. Many such changes are between two guesses whisper finds
about as plausible for the phrase's audio (a synthetic voice, a name said
near one): the partial pass wrote one, the final's beam search the other.

So when a phrase's final differs from the words on screen for it, each
stretch where they differ (a *span*, as the names check has) is tried with
the shown words in place of the final's, and whisper scores both texts
teacher-forced on the final's own encoder output after the final's own prompt
and prefix (``TextScorer``, the names check's mechanism). The shown words stay
when their text scores no more than ``margin`` nats (natural-log units, of the
whole text) below the final's; otherwise the final's words go on screen as
before. The whole text is scored, not its words per token: both texts are
readings of the same audio, and the words after the span weigh in on which
fits it.

What is not touched: a span holding a word of a glossary term or roster name,
on either side (the names check has the last word on terms: a term it put in
is never undone, and a misheard name never comes back over it); a span at
the final's very end (it ends where the voice ended, against repeated tails;
and with no words after a span to weigh in, the shorter text scores higher by
itself: "submitted data" beat "submitted dataset," on a real recording); words
the final writes past what was shown (they are the final's).

Measured and off (``Policy.keep_shown`` None): on real speech the final is
the right one, and a wrong word kept there is copied from the prompt into the
next finals; on synthetic and names speech it takes away a word or two in a
hundred (docs/benchmarks.md, "A final that keeps the words on screen").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from companion.events import Word
from companion.speech.whisper_decoder import TextScorer
from companion.speech.whisper_words import normal, term_words


@dataclass(frozen=True)
class Span:
    """Words ``shown[start:end]`` on screen where the final has ``final[at:to]``."""

    start: int
    end: int
    at: int
    to: int


def differing(
    final: Sequence[Word], shown: Sequence[Word], terms: set[str], *, ends: bool = True
) -> list[Span]:
    """The spans where ``shown`` and the final's words under them (``final``) differ and
    a shown word changes (not where the final only adds words), less those holding a
    word of ``terms`` and, when the final ``ends`` there, those at its end."""
    old = [normal(w.text) for w in shown]
    new = [normal(w.text) for w in final]
    spans: list[Span] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op not in ("replace", "delete"):
            continue
        if j2 == len(new) and ends:
            continue  # at the final's end: it ends where the voice ended, and with no
            # words after it to weigh in, a shorter text scores higher by itself
        if any(t in terms for t in (*old[i1:i2], *new[j1:j2])):
            continue  # the names check decides terms
        spans.append(Span(i1, i2, j1, j2))
    return spans


def under_shown(final: Sequence[Word], shown: Sequence[Word]) -> int:
    """How many of the final's first words lie under the words shown: those whose
    middle is before the last shown word's end."""
    if not shown:
        return 0
    edge = shown[-1].end
    return next((i for i, w in enumerate(final) if (w.start + w.end) / 2 >= edge), len(final))


def kept_shown(
    final: list[Word],
    shown: Sequence[Word],
    scorer: object,
    after: tuple[str, str, tuple[str, ...]],
    margin: float,
    *,
    cut: float | None = None,
) -> list[Word]:
    """The final's words with the shown words kept in each span where whisper finds
    them within ``margin`` nats as likely. ``shown``: the partial on screen (with
    ``cut``, a cut inside speech in seconds, only its words before the cut count);
    ``scorer``: the decoder that decoded the final last; ``after``: the final's
    prompt, its forced prefix and the terms listened for. A decoder that cannot score
    (a test's fake) leaves the final as it is."""
    prompt, prefix, vocabulary = after
    if cut is not None:
        shown = [w for w in shown if (w.start + w.end) / 2 < cut]
    if not final or not shown or not isinstance(scorer, TextScorer):
        return final
    covered = under_shown(final, shown)
    terms = term_words(vocabulary)
    spans = differing(final[:covered], shown, terms, ends=covered == len(final))
    if not spans:
        return final
    texts = [w.text for w in final]
    tried = [
        " ".join([*texts[: s.at], *(w.text for w in shown[s.start : s.end]), *texts[s.to :]])
        for s in spans
    ]
    scores = scorer.score([" ".join(texts), *tried], prompt=prompt, prefix=prefix)
    kept = [s for s, score in zip(spans, scores[1:], strict=True) if score >= scores[0] - margin]
    out: list[Word] = []
    at = 0
    for span in kept:
        out += [*final[at : span.at], *shown[span.start : span.end]]
        at = span.to
    return out + final[at:]
