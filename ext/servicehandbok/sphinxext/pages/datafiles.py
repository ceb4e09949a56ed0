"""``{handbook:file}``: links from a page to a file the build writes beside the pages (open data, feeds)."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title
from sphinx.util.osutil import relative_uri

from ...outputs import exports, feeds
from ..core.config import SITE_BUILDERS, handbook_config
from ..core.state import catalog_of

logger = logging.getLogger(__name__)


class output_file(nodes.Inline, nodes.TextElement):
    """A link to a file the build writes into the output root, resolved for each page."""


class OutputFileRole(SphinxRole):
    """``{handbook:file}`Alla projekt som JSON <projects.json>```: a link to an open-data file or feed."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        _, title, target = split_explicit_title(self.text)
        catalog = catalog_of(self.env)
        known = {*exports.FILES, *feeds.feed_paths(catalog)}
        if target not in known:
            logger.warning(
                f"handbook:file: the build writes no file {target!r}",
                location=self.get_location(),
                type="servicehandbok",
                subtype="file",
            )
            return [nodes.inline(title, title)], []
        return [output_file(self.rawtext, title, target=target)], []


def resolve_output_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: each :class:`output_file` becomes a link relative to *docname*, or plain text."""
    builder = app.builder
    for node in list(doctree.findall(output_file)):
        text = node.astext()
        if builder.name in SITE_BUILDERS:
            uri = relative_uri(builder.get_target_uri(docname), node["target"])
            node.replace_self(nodes.reference("", text, internal=True, refuri=uri, classes=["sh-data-link"]))
        else:
            node.replace_self(nodes.inline(text, text))


class PublisherRole(SphinxRole):
    """``{handbook:publisher}`…```: the publisher's name, linked to its contact, from the settings (the text is ignored)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        settings = handbook_config(self.env)
        name = settings.publisher or "handbokens utgivare (anges inte i inställningarna)"
        if settings.publisher_contact:
            return [nodes.reference("", name, refuri=settings.publisher_contact, classes=["handbook-data"])], []
        return [nodes.inline(name, name, classes=["handbook-data"])], []
