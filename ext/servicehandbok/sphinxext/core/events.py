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
    """Every handler that needs no other; on ``html-page-context`` the one that edits a page's body
    (``core/pagebody.py``), which so runs before the theme's handler and the two below."""
    AFTER_ASSETS = 800
    """``html-page-context``: after every handler that adds a style or script file, and after the page's
    body is finished (``core/pagebody.py``): trimming the page's files to those its body uses."""
    AFTER_CHECKS = 900
    """``config-inited``: after the settings are checked. ``html-page-context``: the unsafe-output
    guard, after the page's body is finished (``core/pagebody.py``) and its files are trimmed."""
    LAST = 1000
    """``build-finished``: after every writer (the build-in-progress marker is removed, the collector restored)."""
