"""Repairs for markup the theme makes invalid, until the theme itself is fixed.

Furo (2025.12.19) wraps every table in ``<div class="table-wrapper">`` and copies all the
table's attributes onto it, ids included (``WrapTableAndMathInAContainerTransform``), so a
table with a caption gives two elements ``id="id1"``: invalid HTML (Nu HTML Checker) and a
broken fragment link. Reproducer: a MyST page with ``:::{table} Title`` and any table, built
with ``html_theme = "furo"``.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..core.pagebody import Page


def drop_duplicate_wrapper_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved`` (after the theme's post-transforms): the table keeps its ids, the wrapper none."""
    for wrapper in doctree.findall(nodes.container):
        if "table-wrapper" not in wrapper["classes"] or not wrapper["ids"]:
            continue
        tables = [child for child in wrapper.children if isinstance(child, nodes.table)]
        if tables and set(wrapper["ids"]) <= set(tables[0]["ids"]):
            wrapper["ids"] = []


def focusable_table_wrappers(page: Page, body: str) -> str:
    """Furo lets a wide table scroll inside its wrapper; keyboard users can only scroll what
    takes focus (axe ``scrollable-region-focusable``, WCAG 2.1.1), so every wrapper does.
    The page body's step ``TABLES`` (``core/pagebody.py``)."""
    return body.replace('<div class="table-wrapper', '<div tabindex="0" class="table-wrapper')
