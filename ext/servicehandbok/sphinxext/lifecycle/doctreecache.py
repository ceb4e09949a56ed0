"""A bound on the doctrees Sphinx keeps in memory between reading and writing pages.

Sphinx keeps every doctree it reads in ``env._write_doc_doctree_cache`` until the page is
written, so that writing need not unpickle it again. The cache holds all pages read in the
build at once, and at 10,000 projects it is most of the build's peak memory. Past
:data:`LIMIT` doctrees, the rest are read back from the pickles Sphinx writes anyway: a few
milliseconds of CPU per page for a peak that stops growing with the site.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

LIMIT = 2000
"""Doctrees kept for writing: the whole site up to about 1,700 projects (their pages and hubs)."""
_CACHE = "_write_doc_doctree_cache"


class BoundedCache(dict[str, Any]):
    """A dict that takes no new key once it holds *limit* of them."""

    def __init__(self, limit: int, *args: Any) -> None:
        super().__init__(*args)
        self.limit = limit

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self or len(self) < self.limit:
            super().__setitem__(key, value)


def bound(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: bound Sphinx's cache of doctrees read (absent in other Sphinx versions)."""
    cache = getattr(env, _CACHE, None)
    if type(cache) is dict:
        setattr(env, _CACHE, BoundedCache(LIMIT, cache))
