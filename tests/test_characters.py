"""Every string that ``check`` accepts comes out of every writer as well-formed XML, HTML, JSON and CSV (issue 15)."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import defusedxml.ElementTree as SafeET
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PROJECTS, copy_projects, examples, minimal_project, write_project
from servicehandbok.content.render import RenderOptions, project_page
from servicehandbok.data import checks, validate
from servicehandbok.data.catalog import PROJECT_SCHEMA, Catalog, build_project
from servicehandbok.data.problems import Severity
from servicehandbok.data.vocabulary import load_vocabulary
from servicehandbok.data.yamlload import LoadError, load
from servicehandbok.outputs import exports, feeds
from servicehandbok.outputs.search_records import page_attributes

VOCABULARY, _ = load_vocabulary(PROJECTS)
SCHEMA = validate.load_schema(PROJECTS / validate.SCHEMA_DIR / PROJECT_SCHEMA)
TRICKY = [
    "\x00", "\x1b", "\x85", "\r", "\t", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2028", "\u202e", "\u3164",
    "\ufe0f", "\ufeff", "\ufffe", "\uffff", "\ufdd0", "\ue000", "\U000e0041", "\U000e007f", "\U0001f3f4",
    "\U0001f468", "\U0001f469", "\U0001f3fd", "<", ">", "&", "]]>", "</script>", "<!--", '"', "'", "=", "{", "`",
    "å", "\u05d0", "\u0301",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(TRICKY), st.characters(), st.text(max_size=3)), min_size=1, max_size=8).map(
    "".join
)


def accepted(data: dict) -> object | None:
    """The project *data* makes, or None if ``check`` refuses it."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        document = load(Path(f"{data['id']}.yaml"), text)
    except (LoadError, yaml.YAMLError):
        return None
    found = [*checks.check_characters(document), *validate.check(document, SCHEMA)]
    if any(p.severity is Severity.ERROR for p in found):
        return None
    return build_project(document)


class Collect(HTMLParser):
    """Collects the text of each element, and fails on nothing: what matters is where elements end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.scripts: list[str] = []
        self.spans: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.stack.append(tag)
        if tag == "span":
            self.spans.append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)
        elif self.stack and self.stack[-1] == "span":
            self.spans[-1] += data


@settings(max_examples=examples(300))
@given(title=texts, purpose=texts)
def test_writers_accept_every_string_check_accepts(title: str, purpose: str) -> None:
    project = accepted(minimal_project(title=title, purpose=purpose, lead_organisation=title))
    if project is None:
        return
    catalog = Catalog({project.id: project}, VOCABULARY, folder=PROJECTS)
    # Atom feeds: well-formed XML whose entry says exactly what the data says.
    for path, data in feeds.feeds(catalog, lambda docname: f"{docname}.html").items():
        root = SafeET.fromstring(data)
        if path == feeds.ALL_PROJECTS:
            entry = root.find("{http://www.w3.org/2005/Atom}entry")
            assert entry.findtext("{http://www.w3.org/2005/Atom}title") == project.title.replace("\r", "\n")
    # JSON-LD: the script element ends where it should and holds the data.
    parser = Collect()
    parser.feed(exports.json_ld(project, VOCABULARY, "https://x.se/p.html"))
    parser.close()
    assert parser.stack == [] and json.loads("".join(parser.scripts))["name"] == project.title
    # Open data: JSON exact, CSV one row per project with the title intact (or neutralised).
    assert json.loads(exports.projects_json(catalog))["projects"][0]["title"] == project.title
    rows = list(csv.reader(io.StringIO(exports.projects_csv(catalog, lambda p: "").decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][1] in (project.title, "'" + project.title)
    # Search data: every span closes and holds its text.
    parser = Collect()
    parser.feed(page_attributes(project, catalog))
    parser.close()
    assert parser.stack == [] and project.title in parser.spans
    # The page source: the title stays one heading line.
    page = project_page(project, VOCABULARY, RenderOptions(), "x")
    assert page.split("\n---\n", 1)[1].lstrip("\n").count("\n# ") == 0


def test_sphinx_pages_and_ebook_are_well_formed_for_accepted_strings(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    strings = [
        "Familjen 👨\u200d👩\u200d👧 & <grannar> ]]>",
        "Flagga 🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f i byn",
        "Byn\u00a0– \u05d0\u05d1 e\u0301 </script><!-- 1\ufe0f\u20e3",
        "Rad\r\nmed CR och \t tabb",
    ]
    for index, text in enumerate(strings):
        data = minimal_project(f"tecken-{index}", title=text.splitlines()[0], purpose=text, summary=text)
        assert accepted(data) is not None, text
        write_project(folder, data)
    handbook(folder, buildername="epub", allow_warnings=True)  # the test root has no EPUB metadata
    pages = list((tmp_path / "build" / "epub").rglob("*.xhtml"))
    assert any("tecken-0" in path.name for path in pages)
    for path in pages:
        SafeET.fromstring(path.read_bytes())
    built = handbook(folder)
    for path in (built.outdir / "feeds").rglob("*.atom"):
        SafeET.fromstring(path.read_bytes())
    page = built.html("projekt/tecken-0")
    assert "Familjen 👨\u200d👩\u200d👧 &amp; &lt;grannar&gt; ]]&gt;" in page
