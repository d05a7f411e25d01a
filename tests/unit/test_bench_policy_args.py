"""The policy bench's arguments: a field the policy has not (such as a measuring switch
removed since it was measured), a bad cost, a missing glossary or corpus is a sentence
and an exit, not a traceback."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bench.captions_policy import cost_of, policy_of, said_plainly
from companion.bench.captions import find_pairs
from companion.bench.worker import _biasing
from companion.speech.whisper_policy import Policy


def test_a_policy_is_read_from_its_json_fields() -> None:
    assert policy_of('{"budget": 100, "steady": false}') == Policy(budget=100, steady=False)
    assert policy_of("{}") == Policy()


@pytest.mark.parametrize("removed", ["partial_prefix", "release", "hold_below", "steady_once"])
def test_a_removed_switch_is_named_with_where_the_fields_are(removed: str) -> None:
    with pytest.raises(SystemExit) as stop:
        policy_of(f'{{"{removed}": 1}}')
    assert str(stop.value) == (
        f'{{"{removed}": 1}}: the policy has no {removed}; '
        "its fields are in companion/speech/whisper_policy.py."
    )


def test_a_policy_that_is_not_json_is_said_so() -> None:
    with pytest.raises(SystemExit) as stop:
        policy_of("{budget: 100}")
    assert str(stop.value).startswith("{budget: 100}: not a policy as JSON (")
    with pytest.raises(SystemExit) as stop:
        policy_of("[100]")
    assert str(stop.value) == '[100]: a policy is a JSON object, such as {"budget": 100}.'


def test_a_cost_is_two_seconds_figures_or_a_sentence() -> None:
    assert cost_of("0.06,0.02") == (0.06, 0.02)
    with pytest.raises(argparse.ArgumentTypeError, match="give two numbers of seconds"):
        cost_of("0.06")
    with pytest.raises(argparse.ArgumentTypeError, match="a cost is 0 s or more"):
        cost_of("0.06,-1")


def test_a_corpus_or_glossary_that_is_not_there_is_a_sentence_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "glossary.txt"

    def measure() -> int:
        _biasing(missing, None)
        return 0

    assert said_plainly(measure) == 2
    assert "is not a file" in capsys.readouterr().err
    assert not missing.exists()  # the app's seed glossary is not written there instead

    def no_corpus() -> int:
        find_pairs(tmp_path / "corpus")
        return 0

    assert said_plainly(no_corpus) == 2
    assert "does not exist" in capsys.readouterr().err
