"""A project's status (planned, ongoing, finished), derived from its dates on the build date, or set by a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import formatting
from .epoch import EPOCH_VARIABLE as EPOCH_VARIABLE  # the build date's rule lives there (the noxfile reads it)
from .epoch import build_date as build_date
from .model import Project

STATUS_LABELS = {"planned": "planerat", "ongoing": "pågående", "finished": "avslutat", "cancelled": "avbrutet"}
"""Every status a file may set, with the word readers see."""
REPORTED = "enligt källa"
"""Why a status that a source reports holds (the page adds the source's number)."""


@dataclass(frozen=True)
class Status:
    """A status and how the handbook knows it."""

    value: str
    derived: bool
    reason: str
    """Why, in Swedish: ``slutdatum 31 juli 2019 har passerat``."""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.value]


def status_of(project: Project, today: dt.date) -> Status | None:
    """The status on *today*: a reported one, else one derived from the dates; ``None`` without either."""
    reported = project.outcome.status
    if reported:
        return Status(reported.value, False, REPORTED)
    start, end = project.start, project.end
    if start and today < start:
        return Status("planned", True, f"startdatum {formatting.date(start)} har inte kommit")
    if end and today > end:
        return Status("finished", True, f"slutdatum {formatting.date(end)} har passerat")
    if end:
        return Status("ongoing", True, f"slutdatum {formatting.date(end)} har inte passerat")
    if start:
        return Status("ongoing", True, f"startdatum {formatting.date(start)} har passerat och inget slutdatum anges")
    return None
