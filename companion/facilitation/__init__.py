"""Breakout-group facilitation: session plans, the prompt deck, and running a plan.

- ``model``: plans, segments, prompts and the deck as frozen dataclasses;
- ``offsets``: when a prompt fires inside its segment ("start+5", "end-2");
- ``deck`` and ``loader``: reading the prompt deck and plan files (TOML), with
  problems that name the file, line and field;
- ``library``: the built-in plans and the user's own, broken ones included;
- ``run``: a plan being run against an injected clock, emitting ``events``;
- ``record``: the run as stored in the database, for review later.

Nothing here imports Qt.
"""
