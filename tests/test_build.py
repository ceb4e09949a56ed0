"""The extension inside a real Sphinx build: pages, hubs, indices, roles, rebuilds, -j."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import copy_projects, html_pages, minimal_project, write_project
from servicehandbok.content.render import RenderOptions
from servicehandbok.data.catalog import load_catalog
from servicehandbok.sphinxext.core.names import GENERATED_FOLDERS, is_generated_text
from servicehandbok.sphinxext.lifecycle import compat
from servicehandbok.sphinxext.lifecycle.generate import generate
from servicehandbok.sphinxext.lifecycle.load import ProjectDataError

FIRST_FIVE = [
    "coompanion-leaxw",
    "urnara-umearegionen",
    "uppsala-servicepunkter",
    "bjorbo-pakethantering",
    "pipos-serviceanalys",
]


def visible(html: str) -> str:
    """The text of an HTML page, tags removed, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def five(tmp_path: Path) -> Path:
    return copy_projects(tmp_path / "projects", FIRST_FIVE)


def test_pages_hubs_and_indices(handbook, five: Path) -> None:
    built = handbook(five)
    for project_id in FIRST_FIVE:
        assert (built.outdir / "projekt" / f"{project_id}.html").is_file()
    lea = visible(built.html("metod/lea"))
    assert "Lokalekonomisk analys" in lea and "Projekt (1)" in lea and "Coompanion - LEAXW Dalarna Gävleborg" in lea
    dalarna = visible(built.html("lan/dalarna"))
    assert (
        "Projekt som rör länet (2)" in dalarna
        and "Björbo - Leverantörsneutral pakethantering" in dalarna
        and "Gagnefs kommun 1" in dalarna  # the kommun map and its table
    )
    funder = visible(built.html("finansiar/tillvaxtverket"))
    assert "Projekt (5)" in funder and "511 254 kr" in funder
    region_index = visible(built.html("handbook-region"))
    assert region_index.index("Dalarna") < region_index.index("Västerbotten") < region_index.index("Östergötland")
    assert "Urnära - Service till alla i Umeåregionen" in region_index
    assert "2019" in visible(built.html("handbook-year"))


def test_roles_resolve_with_titles(handbook, five: Path) -> None:
    html = handbook(five).html("index")
    assert re.search(
        r'href="projekt/uppsala-servicepunkter.html"[^>]*><span class="handbook handbook-project">Uppsala - Servicepunkter i kommunen</span>',
        html,
    )
    assert ">Uppsalas projekt<" in html
    for target in (
        "metod/lea.html",
        "lan/dalarna.html",
        "kommun/gagnef.html",
        "finansiar/tillvaxtverket.html",
        "projekttyp/informationsprojekt.html",
    ):
        assert f'href="{target}"' in html


def test_project_page_links_to_every_term(handbook, five: Path) -> None:
    html = handbook(five).html("projekt/bjorbo-pakethantering")
    for target in (
        "../lan/dalarna.html",
        "../kommun/gagnef.html",
        "../metod/pakethantering.html",
        "../finansiar/lansstyrelsen-dalarna.html",
        "../projekttyp/lokala-pilotprojekt.html",
    ):
        assert f'href="{target}"' in html
    links = [unquote(unescape(href)) for href in re.findall(r'href="([^"]*)"', html)]
    assert "tel:+4624123012" in links and "tel:+46705333612" in links
    assert "mailto:niklas.permats@springcreek.se" in links  # Sphinx cloaks it in the HTML source


def test_unknown_target_is_a_warning(handbook, five: Path) -> None:
    srcdir = handbook.srcdir
    (srcdir / "extra.md").write_text(
        "---\norphan: true\n---\n# X\n\n{handbook:method}`no-such-method`\n", encoding="utf-8"
    )
    built = handbook(five, allow_warnings=True)
    assert "extra.md:6" in built.warnings and "no-such-method" in built.warnings


def test_data_error_stops_the_build_with_file_and_line(handbook, five: Path) -> None:
    write_project(five, minimal_project("trasig", regions=["dalarnna"]))
    with pytest.raises(ProjectDataError, match="1 fel"):
        handbook(five, allow_warnings=True)


def test_free_text_cannot_inject(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "p", ["uppsala-servicepunkter"])
    attack = "<script>alert(1)</script> <img src=x onerror=alert(2)> {{ 7*7 }} <!-- "
    write_project(
        folder,
        minimal_project(
            "attack",
            title="Attack <script>alert(0)</script>",
            purpose=attack + "\n\n```{include} /etc/passwd\n```\n\n```{raw} html\n<b id=raw>x</b>\n```",
            summary="```{eval-rst}\n.. raw:: html\n\n   <i id=rst>y</i>\n```",
            expected_results=["% hidden?", "(label)=", "# heading?", attack],
            contacts=[{"name": "<b>Namn</b>", "role": attack, "address": "Gata 1\n<script>x</script>"}],
            source={"title": "[klick](javascript:alert(3))", "notes": attack},
        ),
    )
    built = handbook(folder)
    html = built.html("projekt/attack")
    body = html[html.index('role="main"') : html.index('class="sphinxsidebar"')]
    assert "<script" not in body and "onerror=" not in body.replace("onerror=alert(2)&gt;", "")
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", body)
    assert "root:" not in html and 'id="raw"' not in html and 'id="rst"' not in html and "49" not in visible(body)
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    text = visible(body)
    for fragment in (
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "<!--",
        "% hidden?",
        "(label)=",
        "# heading?",
        "```{include} /etc/passwd",
        "<b>Namn</b>",
    ):
        assert fragment.replace("<", "&lt;").replace(">", "&gt;") in text, fragment
    headings = re.findall(r"<h([1-6])", body)
    assert headings.count("1") == 1


def page_times(outdir: Path) -> dict[str, int]:
    return {p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


def test_incremental_edit_add_delete(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects")
    handbook(folder)
    srcfolder = handbook.srcdir / "projects"

    unchanged = handbook()
    assert "0 added, 0 changed, 0 removed" in unchanged.status
    # Sphinx 8.1 writes the root page on every build (compat.py), so it never says so.
    assert compat.STOPS_WHEN_UP_TO_DATE or "no targets are out of date" in unchanged.status

    path = srcfolder / "bjorbo-pakethantering.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'title: "Björbo - Leverantörsneutral pakethantering"', 'title: "Björbo - Paket på landet"'
        ),
        encoding="utf-8",
    )
    edited = handbook()
    assert re.search(r"0 added, [1-9][0-9]* changed, 0 removed", edited.status)
    assert "Björbo - Paket på landet" in visible(edited.html("lan/dalarna"))
    assert "Björbo - Paket på landet" in visible(edited.html("metod/pakethantering"))
    assert "Björbo - Paket på landet" in visible(edited.html("handbook-method"))
    changed = int(re.search(r"0 added, ([0-9]+) changed", edited.status).group(1))
    # Pages that link Björbo by id show its title ("Liknande projekt", the neighbours' "I närheten",
    # the FA region, the method guides), so they are re-read too, and show the new title.
    listing = sorted(
        page.relative_to(handbook.srcdir).with_suffix("").as_posix()
        for page in handbook.srcdir.glob("*/*.md")
        if page.stem != "bjorbo-pakethantering" and "`bjorbo-pakethantering`" in page.read_text(encoding="utf-8")
    )
    assert listing and all("Björbo - Paket på landet" in visible(edited.html(doc)) for doc in listing)
    assert changed < 15 + len(listing), edited.status

    write_project(srcfolder, minimal_project("nybyn", title="Nybyn - Ny servicepunkt"))
    added = handbook()
    assert "Nybyn - Ny servicepunkt" in visible(added.html("metod/servicepunkter"))
    assert (added.outdir / "projekt" / "nybyn.html").is_file()

    (srcfolder / "nybyn.yaml").unlink()
    path.unlink()
    removed = handbook()
    assert not (removed.outdir / "projekt" / "nybyn.html").exists()
    assert not (removed.outdir / "projekt" / "bjorbo-pakethantering.html").exists()
    assert not (handbook.srcdir / "projekt" / "nybyn.md").exists()
    for page in ("metod/servicepunkter", "lan/dalarna", "handbook-method", "handbook-municipality"):
        assert "Nybyn" not in removed.html(page) and "Björbo - Paket" not in removed.html(page)
    # Björbo was Gagnef's only project: a kommun no project names has no page (issue 20).
    assert not (removed.outdir / "kommun" / "gagnef.html").exists()
    assert not (handbook.srcdir / "kommun" / "gagnef.md").exists()
    projects_left = len(list(srcfolder.glob("*.yaml")))
    entry = json.loads((removed.outdir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["sv"]["page_count"] == projects_left
    exported = json.loads((removed.outdir / "projects.json").read_text(encoding="utf-8"))
    assert len(exported["projects"]) == projects_left
    assert "bjorbo-pakethantering" not in {p["id"] for p in exported["projects"]}


def test_handwritten_page_follows_data(handbook, five: Path) -> None:
    handbook(five)
    path = handbook.srcdir / "projects" / "uppsala-servicepunkter.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Uppsala - Servicepunkter i kommunen", "Uppsala - Nya servicepunkter"),
        encoding="utf-8",
    )
    assert "Uppsala - Nya servicepunkter" in visible(handbook().html("index"))


def test_field_table_follows_the_schema(handbook, five: Path) -> None:
    (handbook.srcdir / "falt.md").write_text("---\norphan: true\n---\n# Fält\n\n```{handbook:fields}\n```\n", "utf-8")
    assert "En helt ny beskrivning av titeln." not in visible(handbook(five).html("falt"))
    schema = handbook.srcdir / "projects" / "_schema" / "project.schema.json"
    data = json.loads(schema.read_text(encoding="utf-8"))
    data["properties"]["title"]["description"] = "En helt ny beskrivning av titeln."
    schema.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "En helt ny beskrivning av titeln." in visible(handbook().html("falt"))


def test_parallel_build_equals_serial(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects")
    serial = handbook(folder, fresh=True)
    serial_pages = html_pages(serial.outdir)
    parallel = handbook(folder, fresh=True, parallel=4)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", parallel.status)
    assert re.search(r"reading sources\.\.\. \[ *[0-9]+%\] \S+ \.\. \S+", plain), (
        "the build did not read in chunks, so not in parallel"
    )
    parallel_pages = html_pages(parallel.outdir)
    assert len(serial_pages) > 100
    assert serial_pages.keys() == parallel_pages.keys()
    different = [k for k in serial_pages if serial_pages[k] != parallel_pages[k]]
    assert different == []


def test_hidden_contacts_leave_no_trace(handbook, tmp_path: Path) -> None:
    from servicehandbok.data.catalog import load_catalog

    folder = copy_projects(tmp_path / "projects")
    built = handbook(folder, servicehandbok_contacts="hidden")
    secrets = set()
    for project in load_catalog(folder).projects.values():
        for contact in project.contacts:
            secrets.add(contact.name)
            secrets.update(filter(None, (contact.email, contact.phone)))
    assert len(secrets) > 50
    for path in [*built.outdir.rglob("*"), *(handbook.srcdir / "projekt").rglob("*")]:
        if path.is_file() and path.suffix in (".html", ".js", ".txt", ".md", ".json", ".inv"):
            text = path.read_text(encoding="utf-8", errors="replace")
            leaked = [s for s in secrets if s in text]
            assert leaked == [], (path, leaked[:3])


def test_changing_the_contacts_option_rebuilds_every_page(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects", FIRST_FIVE)
    handbook(folder)
    hidden = handbook(servicehandbok_contacts="hidden")
    assert "Niklas Permats" not in hidden.html("projekt/bjorbo-pakethantering")
    role_only = handbook(servicehandbok_contacts="role")
    page = role_only.html("projekt/bjorbo-pakethantering")
    assert "Projektansvarig" in page and "Niklas Permats" not in page and "tel:" not in page


def test_two_clean_builds_are_identical(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "projects")
    first = handbook(folder, fresh=True)
    pages = html_pages(first.outdir)
    for path in (handbook.srcdir / "projekt").glob("*.md"):
        path.unlink()
    second = handbook(fresh=True)
    again = html_pages(second.outdir)
    assert pages.keys() == again.keys()
    assert [k for k in pages if pages[k] != again[k]] == []


def test_same_id_in_two_files(tmp_path: Path) -> None:
    from servicehandbok.data.catalog import load_catalog

    folder = copy_projects(tmp_path / "projects", [])
    write_project(folder, minimal_project("byn"))
    write_project(folder, minimal_project("byn"), name="byn-kopia")
    problems = load_catalog(folder).errors
    assert [(p.path.name, p.code) for p in problems] == [("byn-kopia.yaml", "id-mismatch")]


def test_guard_refuses_active_markup_in_generated_pages() -> None:
    from servicehandbok.sphinxext.site.guard import UnsafeOutputError, refuse_active_markup

    refuse_active_markup("projekt/x", {"body": "<p>&lt;script&gt; onerror text</p>"})
    refuse_active_markup("index", {"body": "<script>trusted()</script>"})
    refuse_active_markup("organisationstyp/x", {"body": "<script>x</script>"})
    # A title in a title attribute is text, however it reads (it once stopped the build).
    refuse_active_markup("projekt/x", {"body": '<a href="y.html" title="x onerror=alert(1) &lt;script&gt;">x</a>'})
    refuse_active_markup("projekt/x", {"body": "<a title='javascript: href=javascript:x'>x</a>"})
    for body in (
        "<p><script>x</script></p>",
        '<img src=x onerror="y">',
        '<a href="javascript:x">',
        '<a title="x" onclick="y">',
        "<A HREF=' JavaScript:x'>",
        "<p>x</p><STYLE>x</STYLE>",
    ):
        with pytest.raises(UnsafeOutputError):
            refuse_active_markup("projekt/x", {"body": body})
    with pytest.raises(UnsafeOutputError):  # a declared kind's hub folder is guarded too
        refuse_active_markup("organisationstyp/x", {"body": "<script>x</script>"}, ("projekt", "organisationstyp"))


def test_long_hub_lists_are_split_into_pages(handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from servicehandbok.content import hubs
    from servicehandbok.sphinxext.core import domain

    monkeypatch.setattr(hubs, "PAGE_SIZE", 4)
    monkeypatch.setattr(domain, "INDEX_LIMIT", 3)
    built = handbook(copy_projects(tmp_path / "projects"))
    funded = len(built.app.env.get_domain("handbook").catalog.projects_with("funder", "tillvaxtverket"))
    assert funded > 8
    first, second = (
        visible(built.html("finansiar/tillvaxtverket")),
        visible(built.html("finansiar/tillvaxtverket/sida-2")),
    )
    assert f"Projekt 1–4 av {funded}" in first and f"Projekt 5–8 av {funded}" in second
    last = -(-funded // 4)
    assert (built.outdir / "finansiar" / "tillvaxtverket" / f"sida-{last}.html").is_file()
    assert not (built.outdir / "finansiar" / "tillvaxtverket" / f"sida-{last + 1}.html").exists()
    index = visible(built.html("handbook-funder"))
    assert f"… alla {funded} projekt" in index
    assert "… och" in visible(built.html("handbook-year"))


def test_no_change_rebuild_skips_generation_and_search_index(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "projects", FIRST_FIVE))
    entry = built.outdir / "pagefind" / "pagefind-entry.json"
    before = entry.stat().st_mtime_ns
    again = handbook()
    assert "inga ändringar i sidorna" in again.status
    assert entry.stat().st_mtime_ns == before
    path = handbook.srcdir / "projects" / "coompanion-leaxw.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("LEAXW", "LEA-XW"), encoding="utf-8")
    edited = handbook()
    assert entry.stat().st_mtime_ns > before
    assert "LEA-XW" in visible(edited.html("metod/lea"))


def test_generator_removes_the_pages_of_deleted_projects(handbook, tmp_path: Path) -> None:
    """A deleted project's page goes, in the sources and the output; a file that is no page stays.
    (A page of one's own in a generated folder is refused: ``tests/test_generated_folders.py``.)"""
    folder = copy_projects(tmp_path / "projects", FIRST_FIVE)
    handbook(folder)
    notes = handbook.srcdir / "projekt" / "anteckningar.txt"
    notes.write_text("inte en sida\n", encoding="utf-8")
    (folder / "pipos-serviceanalys.yaml").unlink()
    built = handbook(folder)
    assert not (handbook.srcdir / "projekt" / "pipos-serviceanalys.md").exists()
    assert not (built.outdir / "projekt" / "pipos-serviceanalys.html").exists()
    assert "1 borttagna" in built.status
    assert "lämnas orörda: projekt/anteckningar.txt" in built.status
    assert notes.read_text(encoding="utf-8") == "inte en sida\n"


def test_every_generated_page_carries_the_owner_mark(tmp_path: Path) -> None:
    catalog = load_catalog(copy_projects(tmp_path / "projects", FIRST_FIVE))
    pages = generate(catalog, RenderOptions())
    assert {path.split("/", 1)[0] for path in pages} == set(GENERATED_FOLDERS)
    assert [path for path, text in pages.items() if not is_generated_text(text)] == []
    assert not is_generated_text("# handbook-data: x\n")
    assert not is_generated_text("---\norphan: true\n---\nhandbook-data: x\n")
