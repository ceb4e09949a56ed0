"""Where the headless browser is and how it starts: read by the browser tests and the benchmark.

Debian's Chromium by default; ``SERVICEHANDBOK_CHROMIUM`` points elsewhere, e.g. at the
Chrome that GitHub's hosted runners ship. The tests import this module too (pytest puts
``bench/`` on the path), so both always drive the same browser the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT_VARIABLE = "SERVICEHANDBOK_CHROMIUM"
DEFAULT = Path("/usr/bin/chromium")

CHROMIUM = Path(os.environ.get(ENVIRONMENT_VARIABLE) or DEFAULT)
"""The browser executable that Playwright launches."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
"""Flags for a headless run as root in a container, without network chatter of its own."""
