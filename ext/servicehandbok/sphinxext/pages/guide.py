"""Directives for the contributor guide: the project file's fields, and a real project file as an example."""

from __future__ import annotations

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ...outputs import exports
from ..core.config import handbook_config
from ..core.state import catalog_of


class FieldsDirective(SphinxDirective):
    """``{handbook:fields}``: the project file's fields, read from the JSON Schema itself."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from ...data import validate
        from ...data.catalog import PROJECT_SCHEMA, project_schema

        catalog = catalog_of(self.env)
        self.env.note_dependency(str(catalog.folder / validate.SCHEMA_DIR / PROJECT_SCHEMA))
        # The schema as the check uses it: with the field of every kind declared in kinds.yaml.
        validator = validate.schema_validator(project_schema(catalog.folder, catalog.kinds))
        schema = validate.schema_of(validator)
        required = set(schema.get("required", ()))
        table = nodes.table(classes=["handbook-data", "sh-fields"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (20, 15, 65):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row("Fält", "Krävs", "Vad som står där")
        group += head
        body = nodes.tbody()
        for path in _field_paths(schema.get("properties", {})):
            body += _row(
                ".".join(path),
                "ja" if len(path) == 1 and path[0] in required else "",
                validate.subschema(validator, tuple(path)).get("description", ""),
                code=True,
            )
        group += body
        return [table]


def _field_paths(properties: dict, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, schema in properties.items():
        paths.append((*prefix, name))
        nested = schema.get("properties") or schema.get("items", {}).get("properties")
        if nested:
            paths += _field_paths(nested, (*prefix, name))
    return paths


def _row(*cells: str, code: bool = False) -> nodes.row:
    row = nodes.row()
    for index, text in enumerate(cells):
        entry = nodes.entry()
        inner = nodes.literal(text, text) if code and index == 0 else nodes.Text(text)
        entry += nodes.paragraph("", "", inner)
        row += entry
    return row


class ExampleDirective(SphinxDirective):
    """``{handbook:example} <project id>``: a real project file, shown as YAML."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        catalog = catalog_of(self.env)
        project = catalog.projects.get(self.arguments[0])
        if project is None:
            raise self.error(f"handbook:example: no project with id {self.arguments[0]!r}")
        contacts = handbook_config(self.env).contacts
        if contacts == "full":
            text = project.path.read_text(encoding="utf-8")
        else:
            # The file as the open data shows it: from the redacted catalog, without what the option hides.
            record = exports.project_record(project, contacts, catalog.kinds)
            note = f"# {project.path.name} utan kontaktuppgifter (servicehandbok_contacts = {contacts!r})\n"
            text = note + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
        block = nodes.literal_block(text, text, language="yaml", classes=["handbook-data"])
        return [block]
