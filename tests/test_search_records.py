"""What the search index is told about a project: facets, result fields, sort keys, hidden words."""

from __future__ import annotations

import gzip
import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import PROJECTS, pagefind_order
from servicehandbok.content.hubs import term_pages
from servicehandbok.data.catalog import load_catalog
from servicehandbok.data.collation import sort_key
from servicehandbok.data.model import PROJECT_FOLDER, Budget
from servicehandbok.outputs.search_records import (
    order_filters,
    order_keys,
    page_attributes,
    search_words,
    suggestion_data,
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECTS)


def test_attributes_are_ignored_as_text_but_carry_filters_meta_and_orders(catalog) -> None:
    project = catalog.projects["bjorbo-pakethantering"]
    html = page_attributes(project, catalog)
    opening = html[: html.index(">")]
    assert "data-pagefind-ignore" in opening and "hidden" in opening
    assert "data-pagefind-sort" not in html  # Pagefind would put every sort order into each search's first file
    assert '<span data-pagefind-filter="sort-slut-2019">2019-07-31</span>' in html
    assert '<span data-pagefind-filter="sort-budget-680000">000000681672</span>' in html
    assert '<span data-pagefind-meta="kommun">Gagnefs kommun</span>' in html
    assert '<span data-pagefind-meta="budget">681\u00a0672\u00a0kr</span>' in html


def test_every_project_has_every_order_key_from_its_own_data(catalog) -> None:
    """A page without a key would vanish from results sorted by it; keys from other projects go stale."""
    project = catalog.projects["bjorbo-pakethantering"]
    bare = replace(project, budget=Budget(), start=None, end=None)
    assert order_keys(bare) == {"slut": ("sort-slut-0", "0000-00-00"), "budget": ("sort-budget-0", "000000000000")}
    for other in catalog.projects.values():
        keys = order_keys(other)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", keys["slut"][1]) and re.fullmatch(r"\d{12}", keys["budget"][1])


@given(st.lists(st.integers(min_value=0, max_value=10**12 - 1), min_size=1, max_size=40))
def test_ranges_follow_the_keys_and_list_largest_first(catalog, budgets: list[int]) -> None:
    """Reading ranges in the listed order and keys within a range largest first gives the key order."""
    project = catalog.projects["bjorbo-pakethantering"]
    projects = [replace(project, budget=Budget(total=total)) for total in budgets]
    ranges = [range_filter for range_filter, _ in order_filters(projects)["budget"]]
    in_ranges = [
        key
        for range_filter in ranges
        for key in sorted(
            {k for f, k in (order_keys(p)["budget"] for p in projects) if f == range_filter}, reverse=True
        )
    ]
    assert in_ranges == sorted({f"{total:012d}" for total in budgets}, reverse=True)
    assert len(ranges) == len(set(ranges))
    assert sum(size for _, size in order_filters(projects)["budget"]) == len(projects)


def test_a_budget_range_holds_the_budgets_with_the_same_two_leading_digits(catalog) -> None:
    project = catalog.projects["bjorbo-pakethantering"]
    ranges = {
        total: order_keys(replace(project, budget=Budget(total=total)))["budget"][0]
        for total in (5, 10, 19, 99, 681672, 689999, 690000, 10**11)
    }
    assert ranges == {
        5: "sort-budget-5",
        10: "sort-budget-10",
        19: "sort-budget-19",
        99: "sort-budget-99",
        681672: "sort-budget-680000",
        689999: "sort-budget-680000",
        690000: "sort-budget-690000",
        10**11: "sort-budget-100000000000",
    }


def test_hidden_words_carry_labels_and_aliases_with_weights(catalog) -> None:
    html = search_words(catalog.projects["urnara-umearegionen"], catalog)
    assert html.count("<p hidden") == 2 and "aria-hidden" not in html
    heavy, light = re.findall(r'data-pagefind-weight="([\d.]+)">([^<]*)<', html)
    assert float(heavy[0]) > float(light[0]) >= 1
    for word in ("Lokalt ledd utveckling (LLU)", "Leader", "CLLD", "Västerbotten", "Umeå kommun"):
        assert word in heavy[1]
    assert "Urnära ideell förening" in light[1]


def test_hidden_words_are_escaped(catalog) -> None:
    project = replace(catalog.projects["bjorbo-pakethantering"], lead_organisation="<b>Byalaget & co</b>")
    assert "&lt;b&gt;Byalaget &amp; co&lt;/b&gt;" in search_words(project, catalog)


def test_suggestions_cover_labels_aliases_titles_and_hubs(catalog) -> None:
    data = suggestion_data(catalog, lambda docname: f"{docname}.html")
    words = {entry["w"] for entry in data["words"]}
    assert {"Servicepunkter", "servicepunkt", "CLLD", "Gällivare", "Björbo"} <= words
    hubs = {(hub["w"], hub["u"]) for hub in data["hubs"]}
    assert ("paketombud", "metod/pakethantering.html") in hubs
    assert ("Gällivare kommun", "lan/norrbotten.html") in hubs


def test_method_hub_lists_the_aliases_search_knows(catalog) -> None:
    term = catalog.vocabulary.get("method", "pakethantering")
    page = term_pages(term, catalog)[term.docname]
    assert "sökord som också hittar hit: paketskåp, paketautomat, paketombud" in page


def test_index_lists_projects_in_swedish_title_order(site) -> None:
    """Browsing without words lists Pagefind's page order; the index is fed in title order."""
    projects = load_catalog(PROJECTS).projects.values()
    titles = {f"/{PROJECT_FOLDER}/{p.id}.html": (sort_key(p.title), p.id) for p in projects}
    order = pagefind_order(site)
    assert sorted(order) == sorted(titles)
    assert order == sorted(titles, key=titles.__getitem__)
    meta = gzip.decompress(next((site / "pagefind").glob("*.pf_meta")).read_bytes())
    assert b"titel" not in meta  # no title sort order rides along with every search
