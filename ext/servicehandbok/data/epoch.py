"""``SOURCE_DATE_EPOCH``, the reproducible-builds date: read once, by one rule, before anyone else reads it.

Sphinx reads the variable itself and crashes on a value it cannot use: ``float()`` when its
gettext builder is imported (as the application starts, before any extension), ``int()`` in
``correct_copyright_year`` (``config-inited``) and in the EPUB builder, ``float()`` again when the
HTML builder formats a date. pip reads it too, with ``int()``, when it builds the package's wheel
(every ``nox`` session that installs the package). So the handbook's own entry points ask
:func:`epoch_problem` first (``servicehandbok.sphinxext.run.sphinxbuild``, the ``noxfile``), and
the extension refuses the value again at ``config-inited``, before Sphinx's own handler runs.

Standard library only and no imports from the package: the ``noxfile`` loads this file by its
path, before the package and its dependencies are installed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
"""The reproducible-builds variable: seconds since 1970, the build's date instead of today."""
LATEST = 253402300799
"""The last second a date can be written for (9999-12-31 23:59:59 UTC); a later one crashes date formatting."""
_SECONDS = re.compile(r"[0-9]{1,12}")
"""A whole number of seconds as ``date +%s`` writes it: ASCII digits only, no sign, point or exponent."""


def epoch_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the variable cannot be used, in one Swedish line; None when it is unset or usable.

    Set but empty is refused too: Sphinx and pip read an empty value as a number and crash.
    """
    environ = os.environ if environ is None else environ
    if EPOCH_VARIABLE not in environ:
        return None
    value = environ[EPOCH_VARIABLE]
    written = value.strip()
    if _SECONDS.fullmatch(written) and int(written) <= LATEST:
        return None
    shown = repr(value[:40]) + ("…" if len(value) > 40 else "")
    return (
        f"{EPOCH_VARIABLE}={shown} går inte: skriv sekunder sedan 1970-01-01 som ett heltal "
        f"(0 till {LATEST}), till exempel {EPOCH_VARIABLE}=$(git log -1 --format=%ct), eller ta bort variabeln "
        f"(unset {EPOCH_VARIABLE})"
    )


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """The day statuses are computed for: ``SOURCE_DATE_EPOCH`` (UTC) if set, else today.

    Raises :class:`ValueError` with the Swedish message of :func:`epoch_problem` when the variable
    is set to anything but a whole number of seconds from 0 to :data:`LATEST`.
    """
    environ = os.environ if environ is None else environ
    problem = epoch_problem(environ)
    if problem:
        raise ValueError(problem)
    if EPOCH_VARIABLE not in environ:
        return dt.date.today()
    return dt.datetime.fromtimestamp(int(environ[EPOCH_VARIABLE]), dt.timezone.utc).date()
