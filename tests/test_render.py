"""Project pages as MyST: a golden page, and free text that can never become markup."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from itertools import pairwise
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from conftest import PROJECTS
from servicehandbok.content import myst
from servicehandbok.content.related import reason, related
from servicehandbok.content.render import RenderOptions, project_page
from servicehandbok.data import formatting
from servicehandbok.data.catalog import load_catalog

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECTS)


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/<name>; UPDATE_GOLDEN=1 rewrites it (review the diff!)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "project_id", ["bjorbo-pakethantering", "stocke-motesplats", "hela-sverige-service-i-samverkan"]
)
def test_project_page_golden(catalog, project_id: str) -> None:
    options = RenderOptions(
        edit_url="https://example.org/edit/{path}",
        issue_url="https://example.org/issues/new?title={id}",
        today=dt.date(2026, 11, 30),
        form_doc="lagg-till",
    )
    similar = related(list(catalog.projects.values()))[project_id]
    project = catalog.projects[project_id]
    why = {other: reason(project, catalog.projects[other], catalog.vocabulary) for other in similar}
    page = project_page(project, catalog.vocabulary, options, "digest", similar, why)
    check_golden(f"{project_id}.md", page)


def test_issue_link_encodes_the_title_so_it_stays_one_query_value(catalog) -> None:
    project = dataclasses.replace(catalog.projects["bjorbo-pakethantering"], title="Handel & service #1? ja")
    options = RenderOptions(issue_url="https://example.org/new?title={title}&id={id}")
    page = project_page(project, catalog.vocabulary, options, "d")
    href = re.search(r"\[Rapportera fel\]\(<([^>]*)>\)", page).group(1)
    query = parse_qs(urlsplit(href).query)
    assert query == {"title": ["Handel & service #1? ja"], "id": ["bjorbo-pakethantering"]}


def test_contacts_role_mode_hides_names_phones_and_emails(catalog) -> None:
    project = catalog.projects["bjorbo-pakethantering"]
    page = project_page(project, catalog.vocabulary, RenderOptions(contacts="role"), "d")
    assert "Projektansvarig" in page
    for contact in project.contacts:
        assert myst.inline(contact.name) not in page
    assert "tel:" not in page and "mailto:" not in page


def test_contacts_hidden_mode_has_no_contact_section(catalog) -> None:
    page = project_page(
        catalog.projects["bjorbo-pakethantering"], catalog.vocabulary, RenderOptions(contacts="hidden"), "d"
    )
    assert "## Kontakt" not in page and "Projektansvarig" not in page


def to_text(markdown: str) -> str:
    """Parse MyST as docutils would and return the visible text."""
    doctree = publish_doctree(
        markdown,
        parser=Parser(),
        settings_overrides={
            "report_level": 5,
            "halt_level": 5,
            "raw_enabled": False,
            "file_insertion_enabled": False,
            "myst_enable_extensions": {"deflist", "fieldlist"},
        },
    )
    return doctree.astext()


def normalised(text: str) -> str:
    return " ".join(text.split())


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<!-- unclosed comment",
    "% a comment line",
    "(label)=",
    "+++",
    "# not a heading",
    "> not a quote",
    "1. not a list",
    "- not a list",
    "|a|b|\n|-|-|\n|1|2|",
    "Rubrik\n---",
    "```{include} /etc/passwd\n```",
    "```{raw} html\n<b>x</b>\n```",
    "```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```",
    "{{ 7*7 }}",
    "{sub-ref}`today`",
    "[link](javascript:alert(1))",
    "&lt;b&gt; &amp; &#60;",
    "$x^2$ and $$y$$",
    "trailing backslash \\",
    "    indented code",
    "*emph* **strong** _u_ ~~s~~ `code`",
    "C:\\temp\\new",
    "https://example.org/autolink",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_itself(text: str) -> None:
    assert normalised(to_text(myst.paragraphs(text))) == normalised(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_bullets_and_headings(text: str) -> None:
    markdown = f"# {myst.inline(text)}\n\n{myst.bullets([text, text])}\n"
    assert normalised(to_text(markdown)) == normalised(f"{text} {text} {text}")


MYST_CHARS = st.sampled_from(
    [*"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\n ", "<!--", "-->", "```", "{{", "}}", "(x)=", "+++", "---", "1.", "\t"]
)
ANY_TEXT = st.lists(st.one_of(MYST_CHARS, st.text(min_size=1, max_size=5)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_text_round_trips(text: str) -> None:
    """Whatever a contributor writes comes out as the same words, paragraph breaks aside."""
    text = "".join(c for c in text if c.isprintable() or c in "\n\t")
    assert normalised(to_text(myst.paragraphs(text))) == normalised(text)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "http://example.org", "data:text/html,x", " https://x"])
def test_links_refuse_unsafe_schemes(url: str) -> None:
    with pytest.raises(ValueError, match="unsafe scheme"):
        myst.link("x", url)


def test_fence_outlasts_backticks_inside() -> None:
    fenced = myst.fence("a ```` b")
    assert fenced.startswith("`````text\n") and fenced.endswith("\n`````")


@pytest.mark.parametrize(
    ("written", "links"),
    [
        ("024 -12 30 12 eller 070-533 36 12", ["tel:+4624123012", "tel:+46705333612"]),
        ("010–2250446", ["tel:+46102250446"]),
        ("+46 70 123 45 67", ["tel:+46701234567"]),
        ("0046 8 123 456", ["tel:+468123456"]),
        ("ring växeln", []),
    ],
)
def test_phone_links_are_e164_and_text_is_kept(written: str, links: list[str]) -> None:
    parts = formatting.phone_parts(written)
    assert "".join(text for text, _ in parts) == written
    assert [url for _, url in parts if url] == links


def test_amounts_and_dates_in_swedish() -> None:
    import datetime as dt

    assert formatting.kronor(16095803) == "16\u00a0095\u00a0803\u00a0kr"
    assert formatting.date(dt.date(2020, 2, 28)) == "28 februari 2020"


def test_roles_accept_only_ids() -> None:
    assert myst.role("project", "a-b1") == "{handbook:project}`a-b1`"
    with pytest.raises(ValueError):
        myst.role("project", "x`} <script>")


def test_page_has_one_h1_and_no_skipped_levels(catalog) -> None:
    for project in catalog.projects.values():
        page = project_page(project, catalog.vocabulary, RenderOptions(), "d")
        levels = [len(m.group(1)) for m in re.finditer(r"^(#+) ", page, re.MULTILINE)]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in pairwise(levels)), project.id
