"""The workshop coordinator: this programme, session and group, and the plan run.

Facilitate starts runs through it; Turns and Notes follow its events. It is
the one place that knows how the features' rows relate, so no feature reaches
into another.
"""
