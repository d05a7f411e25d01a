"""The policy bench's JSON policies: a field the policy has not, such as a measuring
switch removed since it was measured, is a sentence and an exit, not a traceback."""

from __future__ import annotations

import pytest

from bench.captions_policy import policy_of
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
