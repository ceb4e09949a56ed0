"""Stop a build on the contributor's mistakes with their list and one closing line, not a crash report.

``sphinx-build`` prints its crash report (versions, traceback, "please open an issue") for
every ``Exception``, Sphinx's own errors included. A :class:`BuildStopped` is a
``SystemExit``: it passes that handler, and Python prints its message as the last line
and exits with status 1. The problems themselves are logged as errors before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

from sphinx.util import logging

logger = logging.getLogger(__name__)


class BuildStopped(SystemExit):
    """The build stopped on mistakes in the input; the message is the closing line."""

    problems: tuple[str, ...] = ()
    """The messages that were logged before it, for code that catches it."""


def stop(problems: Iterable[tuple[str, str]], closing: str, error: type[BuildStopped] = BuildStopped) -> NoReturn:
    """Log each ``(location, message)`` as an error, then stop the build with *closing*."""
    listed = list(problems)
    for location, message in listed:
        logger.error(message, location=location or None)
    stopped = error(closing)
    stopped.problems = tuple(message for _, message in listed)
    raise stopped
