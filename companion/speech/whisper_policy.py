"""The whisper engine's streaming policy: when it decodes, what it shows, what is final.

Every field was measured (docs/benchmarks.md, "Live captions"); switches
measured and not adopted are removed, not kept off (docs/benchmarks.md,
"Measuring switches removed"). ``partials``, ``bias`` and ``term_check`` can
still be turned off: the bench measures the default against them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """When whisper decodes and when its words become final (times in seconds)."""

    step: float = 0.4  # between partial passes while someone speaks
    budget: float = 0.3  # the share of real time decoding may take; passes spread out to keep it
    pause: float = 0.5  # of quiet after voice that ends a phrase
    long_phrase: float = 3.0  # a phrase this long is cut at the next dip in the voice
    max_phrase: float = 3.0  # ...and by this length at its longest dip, or at its quietest
    # moment if it has none (3.0 = long_phrase: cut at 3 s; its first words final within 3 s)
    dip: float = 0.08  # the shortest stretch of low energy that counts as a dip
    lookahead: float = 1.0  # of audio after a cut inside speech that whisper hears too
    settle: float = 0.0  # a cut lies this far behind the live edge, and its final hears all
    # the audio after it (0: a cut may come 0.3 s from the edge, heard ``lookahead`` past it)
    context: float = 6.0  # of the previous phrase's audio decoded before the next phrase
    context_gap: float = 5.0  # a pause longer than this leaves the previous audio out
    partials: bool = True  # show partials at all (off: finals only, for measuring)
    partial_context: float = 2.0  # of the previous phrase's audio heard by partial passes
    hold_last: int = 1  # a pass's last words held back until a second pass has them too
    # (however sure whisper is of them: a sure last word shown at once flickered more for
    # no gain in first shown p95 with greedy partials, docs/benchmarks.md)
    stable: float = 0.6  # ...and hide a pass's tail of words less likely than this, unless agreed
    steady: bool = True  # a word on screen is replaced only once two passes agree on the
    # change, and not taken away from the end of the line; it stays against one
    # disagreeing pass only (whisper_partials.steady: staying longer showed names later)
    partial_beam: int | None = 1  # beam of partial passes: greedy, cheaper, so more of them
    # within the budget (None: the decoder's, as finals; finals keep beam 3)
    bias: bool = True  # tell whisper the glossary's and roster's words (off: for measuring)
    term_check: bool = True  # a term replaces words sounding like it if the audio agrees
    term_margin: float | None = None  # ...in nats (term_check; None: the model's own)
    bias_at: str | None = None  # the terms as a bare list before the previous text (as
    # faster-whisper's hotwords), None: as the model hears them best ("before", trailing
    # off, for tiny.en; "before-stop" for base; whisper_prompt.bias_for); or "sentence",
    # "labelled", "after" the text, or a forced "prefix"
