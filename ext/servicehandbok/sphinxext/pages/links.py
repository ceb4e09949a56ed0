"""Links inside raw HTML, written as placeholders while reading and resolved for the builder that writes the page.

A link worked out while reading is right for one builder only (``.html`` against ``.xhtml``,
``x.html`` against ``x/``); the same doctree is written by ``html``, ``dirhtml`` and ``epub``.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

_PLACEHOLDER = re.compile(r"@@sh-(doc|file):([A-Za-z0-9_./-]+)@@")


def doc_link(docname: str) -> str:
    """A placeholder for the link to the page of *docname*."""
    return f"@@sh-doc:{docname}@@"


def file_link(path: str) -> str:
    """A placeholder for the link to *path* in the output root (``_static/x.js``)."""
    return f"@@sh-file:{path}@@"


def resolve_raw_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: turn every placeholder in raw HTML into a link relative to *docname*."""
    builder = app.builder

    def uri(match: re.Match[str]) -> str:
        kind, target = match.groups()
        if kind == "doc":
            return builder.get_relative_uri(docname, target)
        return relative_uri(builder.get_target_uri(docname), target)

    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "@@sh-" in text:
            node.replace_self(nodes.raw(node.rawsource, _PLACEHOLDER.sub(uri, text), **node.attributes))
