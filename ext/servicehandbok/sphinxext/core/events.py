"""When a handler runs among the others on the same Sphinx event.

Sphinx calls an event's handlers by priority, lower first, and in the order they were
connected within one priority (500 unless given). Every handler that must run before or
after another says so with one of these names instead of a bare number.
"""

from __future__ import annotations

from enum import IntEnum


class Order(IntEnum):
    FIRST = 100
    """``html-page-context``: the shared navigation, before the theme or any handler reads it."""
    BEFORE_LOAD = 400
    """``builder-inited``: the build-in-progress marker, before the catalog is loaded and pages generated."""
    DEFAULT = 500
    AFTER_BODY = 600
    """``html-page-context``: after the handlers that write a page's body (the search page's notice)."""
    AFTER_ASSETS = 800
    """``html-page-context``: after every handler that adds a style or script file (trimming the page's files)."""
    AFTER_CHECKS = 900
    """``config-inited``: after the settings are checked. ``html-page-context``: the unsafe-output
    guard, after every handler that edits a page's body."""
    AFTER_GUARD = 950
    """``html-page-context``: the live preview's first-pass notice, after the guard saw the page."""
    LAST = 1000
    """``build-finished``: after every writer (the build-in-progress marker is removed, the collector restored)."""
