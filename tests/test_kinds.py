"""The registry of kinds: the built-in kinds, and a kind declared once in a projects folder.

The extra kind ("organisationstyp") is declared only in ``_vocabulary/kinds.yaml`` and
must get a checked schema field, hub pages, an index, a search facet, a statistics table
and CSV and JSON columns, with no code naming it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from html import escape, unescape
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import PROJECTS, copy_projects, minimal_project, write_project
from servicehandbok.data.catalog import load_catalog, project_schema
from servicehandbok.data.kinds import BUILTIN, Kind, declare, extend_schema
from servicehandbok.data.vocabulary import load_vocabulary

KIND = {
    "name": "organisation_type",
    "field": "organisation_types",
    "file": "organisation-types.yaml",
    "folder": "organisationstyp",
    "title": "Organisationstyper",
    "singular": "organisationstyp",
    "intro": "Vilka sorters organisationer som driver projekten.",
    "facet": "organisation",
}
TERMS = [
    {"id": "kommun", "name": "Kommun"},
    {"id": "ideell-forening", "name": "Ideell förening", "short_name": "Förening"},
    {"id": "bolag", "name": "Aktiebolag"},
]
TAGGED = {"uppsala-servicepunkter": ["kommun"], "bjorbo-pakethantering": ["ideell-forening", "kommun"]}


def declare_kind(folder: Path, kind: dict | None = None, terms: list | None = None) -> None:
    """Write kinds.yaml and the new vocabulary into a projects folder, and tag the chosen projects."""
    vocabulary = folder / "_vocabulary"
    (vocabulary / "kinds.yaml").write_text(yaml.safe_dump([kind or KIND], allow_unicode=True), encoding="utf-8")
    (vocabulary / KIND["file"]).write_text(yaml.safe_dump(terms or TERMS, allow_unicode=True), encoding="utf-8")
    for project_id, ids in TAGGED.items():
        path = folder / f"{project_id}.yaml"
        if path.exists():
            with path.open("a", encoding="utf-8") as stream:
                stream.write(yaml.safe_dump({KIND["field"]: ids}))


# --- The registry itself ------------------------------------------------------------------------


def test_builtin_kinds_in_order_with_their_names() -> None:
    assert list(BUILTIN) == ["region", "municipality", "method", "funder", "category", "programme", "factor"]
    assert [k.folder for k in BUILTIN.values()] == [
        "lan",
        "kommun",
        "metod",
        "finansiar",
        "projekttyp",
        "program",
        "faktor",
    ]
    assert [k.facet for k in BUILTIN.values()] == ["lan", "kommun", "metod", "finansiar", "typ", "program", "faktor"]
    assert [k.label for k in BUILTIN.values()] == [
        *("Län", "Kommun", "Metod", "Finansiär", "Projekttyp", "Stödprogram", "Framgångsfaktor")
    ]
    assert [k.heading for k in BUILTIN.values()] == [
        *("Län", "Kommuner", "Metoder", "Finansiärer", "Projekttyp", "Stödprogram", "Framgångsfaktorer")
    ]
    assert BUILTIN["funder"].stats_title == "Projekt per finansiär"
    assert [k.name for k in BUILTIN.values() if k.full_names] == ["municipality", "funder"]
    assert [k.name for k in BUILTIN.values() if k.feed] == ["region", "method"]
    assert [k.name for k in BUILTIN.values() if not k.stats] == ["municipality"]
    assert [k.field for k in BUILTIN.values()] == [
        *("regions", "municipalities", "methods", None, "category", "programme", None)
    ]
    assert [k.derived for k in BUILTIN.values() if k.field is None] == ["funders", "factors"]
    # Money tables add up only where the registry says how: each project once, or each funder's own amount.
    assert [k.totals for k in BUILTIN.values()] == ["projects", None, None, "amounts", "projects", "projects", None]


def test_declare_adds_a_kind_after_the_builtin_ones() -> None:
    kinds, problems = declare([KIND])
    assert problems == []
    assert list(kinds)[-1] == "organisation_type"
    kind = kinds["organisation_type"]
    assert (kind.label, kind.heading, kind.stats_title) == (
        "Organisationstyp",
        "Organisationstyper",
        "Projekt per organisationstyp",
    )
    assert (kind.stats, kind.feed, kind.full_names, kind.single, kind.order) == (True, False, False, False, "name")
    # A declared kind's rows may overlap or leave projects out, so its table has counts and no Totalt row.
    assert kind.totals is None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("folder", "lan"),
        ("folder", "projekt"),
        ("facet", "slutar"),
        ("facet", "any"),
        ("facet", "q"),
        ("field", "title"),
        ("name", "year"),
        ("name", "method"),
        ("file", "kinds.yaml"),
    ],
)
def test_declare_refuses_a_name_already_taken(key: str, value: str) -> None:
    kinds, problems = declare([{**KIND, key: value}], reserved_fields={"title", "regions"})
    assert "organisation_type" not in kinds
    assert [p.code for p in problems] == ["duplicate-id"]
    assert f"{key} ”{value}” används redan" in problems[0].message


def test_extend_schema_adds_the_field_after_the_term_fields() -> None:
    schema = json.loads((Path(__file__).parents[1] / "projects/_schema/project.schema.json").read_text())
    assert extend_schema(schema, BUILTIN) is schema
    size = {**KIND, "name": "size", "field": "size", "file": "sizes.yaml", "folder": "storlek", "facet": "storlek"}
    kinds, _ = declare([KIND, {**size, "single": True}])
    extended = extend_schema(schema, kinds)
    names = list(extended["properties"])
    assert names[names.index("methods") + 1 : names.index("methods") + 3] == ["organisation_types", "size"]
    assert extended["properties"]["organisation_types"]["x-vocabulary"] == "organisation_type"
    assert extended["properties"]["organisation_types"]["$ref"] == "#/$defs/terms"
    assert extended["properties"]["size"]["$ref"] == "#/$defs/term"
    assert "organisation_types" not in schema["properties"]  # the file's schema is not changed


def test_order_file_keeps_the_vocabulary_order(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    declare_kind(folder, {**KIND, "order": "file"})
    vocabulary, problems = load_vocabulary(folder)
    assert problems == []
    assert [t.id for t in vocabulary.sorted("organisation_type")] == ["kommun", "ideell-forening", "bolag"]
    declare_kind(folder)
    vocabulary, _ = load_vocabulary(folder)
    assert [t.id for t in vocabulary.sorted("organisation_type")] == ["bolag", "ideell-forening", "kommun"]


# --- Checking, without Sphinx -------------------------------------------------------------------


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "servicehandbok.cli", "check", folder.name],
        cwd=folder.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_knows_the_declared_field(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", list(TAGGED))
    declare_kind(folder)
    path = write_project(folder, minimal_project("fel-typ", organisation_types=["kommunn"]))
    line = path.read_text(encoding="utf-8").splitlines().index("- kommunn") + 1
    result = run_check(folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"projects/fel-typ.yaml:{line}:3: okänt id ”kommunn” i organisation_types — menade du ”kommun”?"
    ]
    catalog = load_catalog(folder)
    assert catalog.projects["bjorbo-pakethantering"].terms("organisation_type") == ("ideell-forening", "kommun")
    assert catalog.projects_with("organisation_type", "kommun")[0].id == "bjorbo-pakethantering"


def test_without_the_declaration_the_field_is_unknown(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    write_project(folder, minimal_project("testbyn", organisation_types=["kommun"]))
    result = run_check(folder)
    assert result.returncode == 1
    assert "okänt fält ”organisation_types”" in result.stdout


def test_a_bad_declaration_is_reported_with_its_place(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    declare_kind(folder, {**KIND, "folder": "metod"})
    result = run_check(folder)
    assert result.returncode == 1
    assert re.search(r"^projects/_vocabulary/kinds.yaml:\d+:\d+: folder ”metod” används redan", result.stdout, re.M)
    (folder / "_vocabulary" / "kinds.yaml").write_text("- name: x\n", encoding="utf-8")
    result = run_check(folder)
    assert "projects/_vocabulary/kinds.yaml:1:3: fältet ”field” saknas" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


# --- One declaration, every output --------------------------------------------------------------

STATS_PAGE = """---
orphan: true
---
# Siffror

```{handbook:stats} organisation_type
```

Registret: {ref}`handbook-organisation_type`, typen {handbook:organisation_type}`kommun`.

```{toctree}
:hidden:

organisationstyp/index
```
"""


def visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def built(tmp_path: Path, handbook):
    folder = copy_projects(tmp_path / "projects", [*TAGGED, "stocke-motesplats"])
    declare_kind(folder)
    (handbook.srcdir / "siffror.md").write_text(STATS_PAGE, encoding="utf-8")
    return handbook(folder)


def title(project_id: str) -> str:
    return yaml.safe_load((PROJECTS / f"{project_id}.yaml").read_text(encoding="utf-8"))["title"]


def test_the_declared_kind_gets_every_output(built) -> None:
    out = built.outdir
    bjorbo, uppsala = title("bjorbo-pakethantering"), title("uppsala-servicepunkter")
    # Hub pages: the kind's overview and one page per term.
    overview = visible(built.html("organisationstyp/index"))
    assert "Organisationstyper" in overview and KIND["intro"] in overview
    assert "Organisationstyp Projekt Aktiebolag 0 Förening 1 Kommun 2" in overview
    kommun = visible(built.html("organisationstyp/kommun"))
    assert "Projekt (2)" in kommun
    assert bjorbo in kommun and uppsala in kommun
    assert "alla organisationstyper" in kommun
    # The project page names the terms in its fact box.
    assert re.search(r"Organisationstyper ?: Förening ?, Kommun", visible(built.html("projekt/bjorbo-pakethantering")))
    # The domain index, with its label and role.
    index = visible(built.html("handbook-organisation_type"))
    assert "Register: organisationstyper" in index
    assert re.search(rf"Kommun \W*2 projekt\W* {re.escape(bjorbo)} {re.escape(uppsala)}", index), index
    page = built.html("siffror")
    assert 'href="handbook-organisation_type.html"' in page
    assert 'href="organisationstyp/kommun.html"' in page
    # The search facet on the project page and its label on the search page.
    project = built.html("projekt/bjorbo-pakethantering")
    assert re.findall(r'data-pagefind-filter="organisation">([^<]*)<', project) == ["Förening", "Kommun"]
    assert '"organisation": "Organisationstyp", "uppfoljning": "Uppföljning", "slutar": "Slutår"' in built.html(
        "search"
    )
    assert 'data-pagefind-filter="organisation"' not in built.html("projekt/stocke-motesplats")
    # The statistics table.
    stats = visible(page)
    assert "Projekt per organisationstyp" in stats
    assert re.search(r"Organisationstyp Projekt .*Kommun 2 .*Förening 1 .*Aktiebolag 0", stats)
    # The CSV column, after the other kinds, and the JSON field, which the published schema accepts.
    rows = list(csv.reader(io.StringIO((out / "projects.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[header.index("Framgångsfaktorer") + 1] == "Organisationstyper"
    cells = {row[0]: row[header.index("Organisationstyper")] for row in rows[1:]}
    assert cells == {
        "bjorbo-pakethantering": "Ideell förening, Kommun",
        "stocke-motesplats": "",
        "uppsala-servicepunkter": "Kommun",
    }
    data = json.loads((out / "projects.json").read_text(encoding="utf-8"))
    by_id = {p["id"]: p for p in data["projects"]}
    assert by_id["bjorbo-pakethantering"]["organisation_types"] == ["ideell-forening", "kommun"]
    assert "organisation_types" not in by_id["stocke-motesplats"]
    schema = json.loads((out / "project.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["organisation_types"]["x-vocabulary"] == "organisation_type"
    for record in data["projects"]:
        jsonschema.validate(record, schema)


def test_project_schema_of_a_folder_without_declarations_is_the_file(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", [])
    vocabulary, _ = load_vocabulary(folder)
    schema = project_schema(folder, vocabulary.kinds)
    assert schema == json.loads((folder / "_schema" / "project.schema.json").read_text(encoding="utf-8"))
    assert isinstance(next(iter(vocabulary.kinds.values())), Kind)


def test_declaring_a_kind_later_rebuilds_like_a_clean_build(tmp_path: Path, handbook) -> None:
    folder = copy_projects(tmp_path / "projects", [*TAGGED])
    handbook(folder)
    declare_kind(folder)
    (handbook.srcdir / "siffror.md").write_text(STATS_PAGE, encoding="utf-8")
    again = handbook(folder)
    assert "Projekt per organisationstyp" in visible(again.html("siffror"))
    assert "Register: organisationstyper" in visible(again.html("handbook-organisation_type"))
    project = again.html("projekt/uppsala-servicepunkter")
    assert re.findall(r'data-pagefind-filter="organisation">([^<]*)<', project) == ["Kommun"]


# --- A declared kind is data, never markup (issue 31) -----------------------------------------

MARKUP_KIND = {
    **KIND,
    "title": "=Organ<script>alert(1)</script>isationer *fet* & <!-- x: y",
    "singular": "organ<img src=x onerror=alert(2)>typ: [a](javascript:alert(3))",
    "intro": "Intro <iframe src=x></iframe> {sub-ref}`x` [länk](javascript:alert(3)) & 1. <b>fet</b>",
}
PAYLOADS = ("<script>alert", "<img src=x", "<iframe", 'href="javascript', "<b>fet")


def test_a_kinds_title_and_intro_are_text_on_every_page(tmp_path: Path, handbook) -> None:
    folder = copy_projects(tmp_path / "projects", [*TAGGED])
    declare_kind(folder, MARKUP_KIND)
    (handbook.srcdir / "siffror.md").write_text(STATS_PAGE, encoding="utf-8")
    built = handbook(folder)
    for page in sorted(built.outdir.rglob("*.html")):
        if page.name == "search.html":  # the facet names are JSON data for the search script there
            continue
        text = page.read_text(encoding="utf-8")
        assert not [p for p in PAYLOADS if p in text], page
    title, intro = MARKUP_KIND["title"], MARKUP_KIND["intro"]
    overview = visible(built.html("organisationstyp/index"))
    assert overview.count(title) >= 1 and intro in overview
    # The relation bar of a hand-written page, the register's heading, and a {ref} to the register.
    shortname = escape(title.lower(), quote=False)
    assert f">{shortname}</a>" in built.html("index")
    assert f"<h1>Register: {shortname}</h1>" in built.html("handbook-organisation_type")
    assert f"Registret: Register: {title.lower()} , typen" in visible(built.html("siffror"))
    # The fact box's label on a project page, and the hub page's links back.
    assert f"{title}:" in visible(built.html("projekt/bjorbo-pakethantering"))
    assert f"alla {title.lower()}:" in visible(built.html("organisationstyp/kommun"))
    # A spreadsheet does not read the CSV column's name as a formula.
    header = next(
        csv.reader(io.StringIO((built.outdir / "projects.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    )
    assert f"'{title}" in header


def test_the_guard_checks_the_navigation_of_hand_written_pages(tmp_path: Path, handbook, monkeypatch) -> None:
    """With the register names left unescaped, the relation bar that every page shows stops the build."""
    from types import SimpleNamespace

    from servicehandbok.sphinxext.core import domain
    from servicehandbok.sphinxext.site.guard import UnsafeOutputError

    monkeypatch.setattr(domain, "html", SimpleNamespace(escape=lambda text: text), raising=False)
    folder = copy_projects(tmp_path / "projects", [*TAGGED])
    declare_kind(folder, {**KIND, "title": "Typer<script>alert(1)</script>"})
    with pytest.raises(UnsafeOutputError, match=r"'<script>' in the page's rellinks"):
        handbook(folder, allow_warnings=True)


def test_the_guard_reads_every_part_that_names_pages() -> None:
    from servicehandbok.sphinxext.site import guard
    from servicehandbok.sphinxext.site.guard import UnsafeOutputError, refuse_active_markup

    script = "<script>x</script>"
    for context in (
        {"rellinks": [("handbook-x", "Register: x", "", script)]},
        {"rellinks": [("handbook-x", f"Register: {script}", "", "x")]},
        {"title": script},
        {"toc": f"<ul><li>{script}</li></ul>"},
        {"furo_navigation_tree": '<a href="x" onclick="y">x</a>'},
        {"parents": [{"link": "x", "title": script}]},
        {"next": {"link": "x", "title": script}},
        {"indextitle": script},
    ):
        with pytest.raises(UnsafeOutputError):
            refuse_active_markup("index", context)  # a hand-written page
    refuse_active_markup("index", {"body": script, "title": "Titel &lt;script&gt;"})  # its own body may (a form)
    with pytest.raises(UnsafeOutputError):
        refuse_active_markup("projekt/x", {"body": script})
    # The navigation a template renders later (the basic theme's sidebar) is checked as it is rendered.
    checked = guard._checked("index", lambda **kwargs: f"<ul>{script}</ul>")
    with pytest.raises(UnsafeOutputError, match="toctree"):
        checked(maxdepth=2)


# --- A kind's folder and its terms' ids take no name the site has (issue 31) -------------------


@pytest.mark.parametrize(
    ("folder", "user"),
    [
        ("search", "webbplatsen: söksidan"),
        ("jamfor", "webbplatsen: jämförelsesidan"),
        ("feeds", "webbplatsen: Atom-flödena"),
        ("pagefind", "webbplatsen: sökindexet"),
        ("index", "webbplatsen: startsidan"),
        ("404", "webbplatsen: sidan för sidor som inte finns"),
        ("genindex", "webbplatsen: Sphinx eget register"),
        ("handbook-region", "registren (handbook-…)"),
        ("_static", "webbplatsen: stil- och skriptfilerna"),
    ],
)
def test_declare_refuses_a_folder_the_site_writes(folder: str, user: str) -> None:
    kinds, problems = declare([{**KIND, "folder": folder}])
    assert "organisation_type" not in kinds
    assert [p.message for p in problems] == [f"folder ”{folder}” används redan av {user}"]


def test_the_site_names_cover_every_name_a_build_writes(built) -> None:
    from servicehandbok.data.catalog import PROJECT_SCHEMA
    from servicehandbok.data.kinds import REGISTER_PREFIX, SITE_NAMES
    from servicehandbok.outputs import exports, feeds
    from servicehandbok.sphinxext.core import names
    from servicehandbok.sphinxext.search import page, pagefind

    for name in (names.SEARCH_PAGE, names.COMPARE_PAGE, feeds.FOLDER, pagefind.INDEX_FOLDER, page.SUGGESTIONS_FILE):
        assert name in SITE_NAMES
    for name in (exports.JSON_FILE, exports.CSV_FILE, PROJECT_SCHEMA):
        assert name in SITE_NAMES
    documents = {"index", "siffror"}
    folders = set(names.generated_folders(built.app.env.get_domain("handbook").catalog.kinds))
    unknown = [
        entry.name
        for entry in built.outdir.iterdir()
        if entry.name not in {*SITE_NAMES, *folders, ".buildinfo"}
        and entry.name.removesuffix(".html") not in {*SITE_NAMES, *documents}
        and not entry.name.startswith(REGISTER_PREFIX)
    ]
    assert unknown == []


def kinds_line(folder: Path, key: str) -> str:
    """``projects/_vocabulary/kinds.yaml:line:column`` of *key*'s value."""
    lines = (folder / "_vocabulary" / "kinds.yaml").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.lstrip("- ").startswith(f"{key}:"))
    value = lines[number].split(":", 1)[1].strip()
    return f"projects/_vocabulary/kinds.yaml:{number + 1}:{lines[number].index(value) + 1}"


@pytest.mark.parametrize(
    ("folder", "make", "user"),
    [
        ("siffror", lambda src: None, "sidan siffror.md"),
        (
            "egna",
            lambda src: (src / "egna").mkdir() or (src / "egna" / "sida.md").write_text("# Egen\n"),
            "mappen egna/ med egna sidor (egna/sida.md)",
        ),
        ("projects", lambda src: None, "projektfilerna"),
    ],
)
def test_a_kinds_folder_taken_by_the_sources_stops_the_build_at_its_line(
    tmp_path: Path, handbook, folder, make, user
) -> None:
    from servicehandbok.sphinxext.lifecycle.places import FolderTakenError

    projects = copy_projects(tmp_path / "projects", [*TAGGED])
    declare_kind(projects, {**KIND, "folder": folder})
    (handbook.srcdir / "siffror.md").write_text(
        STATS_PAGE.replace("organisationstyp/index", f"{folder}/index"), encoding="utf-8"
    )
    make(handbook.srcdir)
    with pytest.raises(FolderTakenError) as caught:
        handbook(projects, allow_warnings=True)
    assert caught.value.problems == (f"folder ”{folder}” används redan av {user} — välj ett annat värde för folder",)
    assert not (handbook.srcdir / folder / "index.md").exists()  # nothing was written there


def test_a_page_named_like_a_generated_folder_stops_the_build(tmp_path: Path, handbook) -> None:
    from servicehandbok.sphinxext.lifecycle.places import FolderTakenError

    (handbook.srcdir / "metod.md").write_text("---\norphan: true\n---\n# Om metoderna\n", encoding="utf-8")
    with pytest.raises(FolderTakenError) as caught:
        handbook(copy_projects(tmp_path / "projects", [*TAGGED]), allow_warnings=True)
    assert caught.value.problems == (
        "sidan har samma namn som handbokens mapp metod/ (med dirhtml blir båda metod/index.html) — byt namn på sidan",
    )


def test_a_term_named_like_the_overview_page_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", list(TAGGED))
    declare_kind(folder, terms=[*TERMS, {"id": "index", "name": "Översikten"}])
    result = run_check(folder)
    lines = (folder / "_vocabulary" / KIND["file"]).read_text(encoding="utf-8").splitlines()
    line = lines.index("- id: index") + 1
    assert result.returncode == 1
    assert (
        f"projects/_vocabulary/{KIND['file']}:{line}:7: id ”index” är namnet på översiktssidan organisationstyp/index "
        "— ge termen ett annat id"
    ) in result.stdout.splitlines()


def test_a_bad_folder_is_reported_at_its_line_in_the_kinds_file(tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    declare_kind(folder, {**KIND, "folder": "pagefind"})
    result = run_check(folder)
    assert (
        f"{kinds_line(folder, 'folder')}: folder ”pagefind” används redan av webbplatsen: sökindexet" in result.stdout
    )


# --- A kind no longer declared leaves nothing behind (issue 31) --------------------------------


def undeclare_kind(folder: Path) -> None:
    (folder / "_vocabulary" / "kinds.yaml").unlink()
    (folder / "_vocabulary" / KIND["file"]).unlink()
    for project_id in TAGGED:
        path = folder / f"{project_id}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.pop(KIND["field"])
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def outputs(out: Path) -> list[str]:
    """Every file a build wrote, but the style and script files (an earlier build's bundles may stay) and
    the search index, whose chunks are named by content (``tests/test_incremental.py`` compares what it holds)."""
    files = (p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    return sorted(name for name in files if not name.startswith(("_static/", "pagefind/")))


def test_a_kind_taken_away_leaves_no_page_behind(tmp_path: Path, handbook) -> None:
    folder = copy_projects(tmp_path / "projects", [*TAGGED])
    declare_kind(folder)
    (handbook.srcdir / "siffror.md").write_text(STATS_PAGE, encoding="utf-8")
    first = handbook(folder)
    assert (first.outdir / "organisationstyp" / "kommun.html").is_file()
    undeclare_kind(handbook.srcdir / "projects")
    (handbook.srcdir / "siffror.md").unlink()
    for _ in range(2):  # the pages stayed for good from the second build on
        again = handbook()
        assert not (handbook.srcdir / "organisationstyp").exists()
        assert not any("organisation" in name for name in outputs(again.outdir)), outputs(again.outdir)
    incremental = outputs(again.outdir)
    clean = handbook(fresh=True)
    assert outputs(clean.outdir) == incremental
