"""No page of the site throws a script error or logs one as it loads in the browser (issue 30).

One browser page visits every HTML file of the shared built handbook in turn and waits for its
load event; uncaught exceptions (``pageerror``), console errors (a failed file load among them)
and answers of 400 and above all count (the ``page`` fixture records them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, by its path; build files (``_static``, ``.doctrees``) left out."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith(("_", "."))
    )


def test_no_script_errors_on_any_page(page: Any, server: str, site: Path) -> None:
    pages = site_pages(site)
    assert len(pages) > 100 and "handbook-region.html" in pages and "projekt/bjorbo-pakethantering.html" in pages
    found: dict[str, list[str]] = {}
    for path in pages:
        seen = len(page.errors)
        page.goto(server + path, wait_until="load")
        if len(page.errors) > seen:
            found[path] = page.errors[seen:]
    assert not found, "\n".join(f"{path}: {'; '.join(errors)}" for path, errors in found.items())
