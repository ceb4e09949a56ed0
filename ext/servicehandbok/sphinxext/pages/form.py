"""``{handbook:form}``: the page "Lägg till ett projekt", a form built from the JSON Schema.

The browser renders, checks and turns the form into YAML (``static/servicehandbok-form.js``);
this directive only embeds what the script needs as JSON: the project schema, the terms of
every vocabulary the schema points at with ``x-vocabulary``, and the ids already taken. The
form therefore asks for exactly what ``nox -s check`` accepts, with no server involved.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..core.config import SITE_BUILDERS, handbook_config
from ..core.markup import script_json
from ..core.state import catalog_of
from . import links

if TYPE_CHECKING:
    from ...data.catalog import Catalog

SCRIPT = "_static/servicehandbok-form.js"
FORM_CLASS = "sh-form-block"
NOSCRIPT = (
    "Formuläret behöver JavaScript. Utan JavaScript kan du skriva filen själv med mallen "
    "och exemplet på sidan Bidra med ett projekt, eller skicka uppgifterna till redaktionen."
)


def vocabulary_kinds(schema: Any) -> Iterator[str]:
    """Every ``x-vocabulary`` kind in the schema, in order of first appearance."""
    seen: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop(0)
        if isinstance(node, dict):
            kind = node.get("x-vocabulary")
            if isinstance(kind, str) and kind not in seen:
                seen.add(kind)
                yield kind
            stack[:0] = list(node.values())
        elif isinstance(node, list):
            stack[:0] = node


def form_data(catalog: Catalog, schema: dict[str, Any], publisher: dict[str, str] | None = None) -> dict[str, Any]:
    """What the script needs: the schema, the choices per vocabulary, the ids already in use, and whom to send to."""
    vocabularies: dict[str, list[dict[str, str]]] = {}
    for kind in vocabulary_kinds(schema):
        terms = []
        for term in catalog.vocabulary.sorted(kind):
            entry = {"id": term.id, "label": term.label}
            if term.region and kind == "municipality":
                entry["region"] = term.region  # lets the form check that the kommun's län is chosen
            terms.append(entry)
        vocabularies[kind] = terms
    data = {"schema": schema, "vocabularies": vocabularies, "projects": sorted(catalog.projects)}
    return {**data, "publisher": publisher} if publisher else data


def form_html(data: Any, script_src: str) -> str:
    """The page body of the form: data, a no-JavaScript explanation and the module script."""
    return (
        '<div class="sh-form" id="sh-form-root" data-ready="false">'
        f'<script type="application/json" id="sh-form-data">{script_json(data)}</script>'
        f"<noscript><p>{html.escape(NOSCRIPT)}</p></noscript>"
        f'<script type="module" src="{html.escape(script_src, quote=True)}"></script>'
        "</div>"
    )


class FormDirective(SphinxDirective):
    """``{handbook:form}``: a form that writes a new project file in the browser."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from ...data import validate
        from ...data.catalog import PROJECT_SCHEMA, project_schema

        catalog = catalog_of(self.env)
        schema_path = catalog.folder / validate.SCHEMA_DIR / PROJECT_SCHEMA
        self.env.note_dependency(str(schema_path))
        schema = validate.schema_of(validate.schema_validator(project_schema(catalog.folder, catalog.kinds)))
        # Resolved for each builder when written: dirhtml puts the page one folder deeper.
        src = links.file_link(SCRIPT)
        data = form_data(catalog, schema, handbook_config(self.env).publisher_record())
        raw = nodes.raw("", form_html(data, src), format="html")
        return [nodes.container("", raw, classes=["handbook-data", FORM_CLASS])]


def resolve_form(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: where no script runs (the EPUB), the form is its explanation in words."""
    if app.builder.name in SITE_BUILDERS:
        return
    for block in list(doctree.findall(nodes.container)):
        if FORM_CLASS in block["classes"]:
            block.replace_self(nodes.paragraph(NOSCRIPT, NOSCRIPT))
