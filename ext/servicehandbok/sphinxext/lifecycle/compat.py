"""Where the oldest supported Sphinx (8.1) builds differently from Sphinx 9, made the same.

Sphinx 8.1 ends a build in which no page is out of date before it writes anything
(``Builder.build``: "no targets are out of date"); Sphinx 9 goes on and writes the pages
the handbook makes on every build: the search, comparison and 404 pages and the registers.
On 8.1 those would keep what the previous build gave them, or stay missing: the live
preview's notice after the option changed, a register page deleted from the output.
"""

from __future__ import annotations

from typing import Any

import sphinx
from sphinx.application import Sphinx

STOPS_WHEN_UP_TO_DATE = sphinx.version_info < (9,)


def write_root_page(app: Sphinx, env: Any) -> list[str]:
    """On ``env-updated``, Sphinx 8.1 only: have the root page written (from its stored doctree,
    not read again), so that no build counts as up to date and each goes on as on Sphinx 9."""
    return [app.config.root_doc] if STOPS_WHEN_UP_TO_DATE else []
