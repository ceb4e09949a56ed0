"""The Sphinx glue, in floors: each sub-package registers its own handlers in its ``setup``.

- :mod:`.core`: configuration, the ``handbook`` domain, the catalog's place, shared file and markup helpers;
- :mod:`.lifecycle`: a build's life: load the data, write the generated pages, keep rebuilds exact;
- :mod:`.pages`: what goes into a page: directives, roles and links resolved per builder;
- :mod:`.site`: what the web site and the book need around the pages: head, assets, open data, compare;
- :mod:`.search`: the Pagefind index and the search page;
- :mod:`.run`: command lines that run Sphinx (the quick-exit build, the live preview); no handlers.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register every floor's handlers, the floors in the order data flows through a build."""
    from .core import setup as core
    from .lifecycle import setup as lifecycle
    from .pages import setup as pages
    from .search import setup as search
    from .site import setup as site

    for floor in (core, lifecycle, pages, site, search):
        floor(app)
