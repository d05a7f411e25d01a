"""The lead's programme view: the report across groups, with participation across sessions.

It sits above the notes and turns features because it combines both; the
features themselves never import each other.
"""
