"""``{handbook:lessons}``: the success factors with the projects whose sourced lessons show them, for the lessons page."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ...content.lessons import factors_overview
from ..core.state import catalog_of


class LessonsDirective(SphinxDirective):
    """Each factor's definition, sources and projects (``content.lessons``), parsed here as MyST."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        container = nodes.container(classes=["handbook-data", "sh-lessons"])
        container += self.parse_text_to_nodes(factors_overview(catalog_of(self.env)), allow_section_headings=True)
        return [container]
