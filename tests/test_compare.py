"""The compare page as built: where it exists, what it embeds, and the project pages' links to it.

The page's behaviour in a browser is tested in ``test_browser_compare.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import PROJECTS, copy_projects, minimal_project, write_project
from servicehandbok.data.catalog import load_catalog
from servicehandbok.sphinxext.site.compare import ADD_PARAMETER, ID_SLOT, LINK_TEXT, compare_data

TWO = ["uppsala-servicepunkter", "pipos-serviceanalys"]


def embedded(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="sh-compare-data">(.*?)</script>', page, re.S)
    assert found, "the compare page embeds no data"
    return json.loads(found.group(1))


def test_html_site_has_the_page_and_each_project_links_to_it(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "p", TWO), servicehandbok_search=False)
    page = built.html("jamfor")
    data = embedded(page)
    assert data["data"] == "projects.json" and (built.outdir / data["data"]).is_file()
    assert data["project"] == f"projekt/{ID_SLOT}.html"
    assert (
        'src="_static/servicehandbok-compare.js"' in page
        and (built.outdir / "_static/servicehandbok-picks.js").is_file()
    )
    assert "<noscript>" in page and 'role="status"' in page
    assert "sökresultaten" not in page  # no search on this site, so the page does not send readers there
    for project_id in TWO:
        project = built.html(f"projekt/{project_id}")
        href = f'href="../jamfor.html?{ADD_PARAMETER}={project_id}"'
        assert f"{href}>{LINK_TEXT}</a>" in project
        # right under the fact box, and kept out of the search index
        assert project.index("sh-facts") < project.index(href) < project.index('id="projektets-syfte"')
        assert 'class="sh-compare-link sh-unindexed"' in project


def test_dirhtml_resolves_every_address_for_its_own_page_names(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "p", TWO), buildername="dirhtml", servicehandbok_search=False)
    data = embedded((built.outdir / "jamfor" / "index.html").read_text(encoding="utf-8"))
    assert data["data"] == "../projects.json"
    assert data["project"] == f"../projekt/{ID_SLOT}/"
    assert {kind["name"]: kind["url"] for kind in data["kinds"]}["region"] == f"../lan/{ID_SLOT}/"
    project = (built.outdir / "projekt" / TWO[0] / "index.html").read_text(encoding="utf-8")
    assert f'href="../../jamfor/?{ADD_PARAMETER}={TWO[0]}"' in project


def test_the_book_has_no_compare_page_and_no_link_to_one(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "p", TWO), buildername="epub", copyright="2026", version="1")
    pages = list(built.outdir.rglob("*.xhtml"))
    assert pages and not any(page.stem == "jamfor" for page in pages)
    assert not any("jamfor" in page.read_text(encoding="utf-8") for page in pages)
    assert LINK_TEXT not in (built.outdir / "projekt" / f"{TWO[0]}.xhtml").read_text(encoding="utf-8")


def test_embedded_data_names_every_term_and_cannot_leave_its_script(handbook, tmp_path: Path) -> None:
    folder = copy_projects(tmp_path / "p", TWO)
    write_project(folder, minimal_project("elak", title="</script><script>alert(1)</script>"))
    built = handbook(folder, servicehandbok_search=False)
    page = built.html("jamfor")
    assert "<script>alert" not in page and "</script><script>" not in page
    data = embedded(page)
    catalog = load_catalog(PROJECTS)
    names = {kind["name"]: kind["terms"] for kind in data["kinds"]}
    for kind in catalog.kinds:
        assert names[kind] == {term.id: term.label for term in catalog.vocabulary.sorted(kind)}
    # the fact box's order: the one project type first, then the lists in registry order
    assert [kind["heading"] for kind in data["kinds"]][:5] == [
        "Projekttyp",
        "Stödprogram",
        "Län",
        "Kommuner",
        "Metoder",
    ]


def test_compare_data_patterns_put_the_id_where_the_builder_wants_it() -> None:
    catalog = load_catalog(PROJECTS)
    data = compare_data(catalog, lambda docname: f"/x/{docname}/", "../projects.json")
    assert data["project"] == f"/x/projekt/{ID_SLOT}/"
    funders = next(kind for kind in data["kinds"] if kind["name"] == "funder")
    assert funders["field"] is None and data["support"] in funders["terms"]
    assert data["most"] == 4
