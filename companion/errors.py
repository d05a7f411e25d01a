"""Errors a person can meet: each carries a sentence saying what to do."""


class CompanionError(Exception):
    """An error whose message is a complete sentence for the person using the app."""


class AudioError(CompanionError):
    """An audio source could not be opened or read."""


class ModelError(CompanionError):
    """A speech model is missing, broken or could not be installed."""
