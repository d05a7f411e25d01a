"""Errors a person can meet: each carries a sentence saying what to do."""


class CompanionError(Exception):
    """An error whose message is a complete sentence for the person using the app."""


class AudioError(CompanionError):
    """An audio source could not be opened or read."""


class ModelError(CompanionError):
    """A speech model is missing, broken or could not be installed."""


# Exit statuses shared by every command.
EXIT_OK = 0
EXIT_ERROR = 1  # the command ran and found a problem (a broken plan, a failed install)
EXIT_USAGE = 2  # the person asked for something that cannot be done as asked
EXIT_CANCELLED = 130  # stopped with Ctrl+C
