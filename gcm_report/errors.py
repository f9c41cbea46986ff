"""Exceptions that carry one clear, user-facing line."""

from __future__ import annotations

__all__ = ["DataError", "GcmReportError", "LockedError", "ParamsError", "ReportFailed"]


class GcmReportError(Exception):
    """Base class: ``str(exc)`` is a single line fit to print to a user."""

    exit_code = 1


class ParamsError(GcmReportError):
    """A params file (or a parameter) is invalid: exit status 2."""

    exit_code = 2


class DataError(GcmReportError):
    """A raw or snapshot data file is missing, corrupt, changed or laid out differently."""


class ReportFailed(GcmReportError):
    """A report could not be executed or rendered."""


class LockedError(GcmReportError):
    """Another process holds the lock on a folder (outputs or snapshot): try again later.

    Exit status 75 (``EX_TEMPFAIL``): nothing is wrong with the input, the same command will
    work once the other build has finished.
    """

    exit_code = 75
