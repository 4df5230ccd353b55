"""The one kind of error the ``tremplin`` command reports in a single line (exit status 2).

Every module that reads user input (scenario files, flags, data files, experiment and
calibration files) raises a subclass, so ``tremplin`` never shows a traceback for bad input.
"""


class TremplinError(Exception):
    """A problem with the user's input, reported in one line naming the field and what is
    allowed."""


class UsageError(TremplinError):
    """A command-line problem to report in one line."""
