"""What goes into a page: the ``handbook`` directives and roles, and the links in raw HTML resolved per builder."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import datafiles, figures, form, guide, lessons, links

DIRECTIVES = {
    "summary": figures.SummaryDirective,
    "map": figures.MapDirective,
    "stats": figures.StatsDirective,
    "fields": guide.FieldsDirective,
    "example": guide.ExampleDirective,
    "form": form.FormDirective,
    "lessons": lessons.LessonsDirective,
}


def setup(app: Sphinx) -> None:
    for name, directive in DIRECTIVES.items():
        app.add_directive_to_domain("handbook", name, directive)
    app.add_role_to_domain("handbook", "file", datafiles.OutputFileRole())
    app.add_role_to_domain("handbook", "publisher", datafiles.PublisherRole())
    app.add_node(datafiles.output_file)
    app.connect("doctree-resolved", datafiles.resolve_output_files)
    app.connect("doctree-resolved", links.resolve_raw_links)
    app.connect("doctree-resolved", form.resolve_form)
