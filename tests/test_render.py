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
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from conftest import PROJECTS, examples
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
    """Parse MyST as docutils would and return the visible text.

    Outside Sphinx the handbook's roles, ``{doc}`` and page-local targets are unknown; docutils
    reports them as system messages, which are not the page's text, so they are left out.
    """
    tree = doctree(markdown)
    for message in list(tree.findall(nodes.system_message)):
        message.parent.remove(message)
    return tree.astext()


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


@settings(max_examples=examples(300))
@given(ANY_TEXT)
def test_any_text_round_trips(text: str) -> None:
    """Whatever a contributor writes comes out as the same words, paragraph breaks aside."""
    text = "".join(c for c in text if c.isprintable() or c in "\n\t")
    assert normalised(to_text(myst.paragraphs(text))) == normalised(text)


def doctree(markdown: str):
    """Parse MyST as docutils would, with raw HTML and file inclusion off."""
    return publish_doctree(
        markdown,
        parser=Parser(),
        settings_overrides={
            "report_level": 5,
            "halt_level": 5,
            "raw_enabled": False,
            "file_insertion_enabled": False,
            "myst_enable_extensions": {"deflist", "fieldlist", "attrs_block"},
        },
    )


def node_types(markdown: str) -> set[str]:
    return {type(node).__name__ for node in doctree(markdown).findall()}


PARAGRAPH_NODES = {"document", "paragraph", "Text"}
BULLET_NODES = PARAGRAPH_NODES | {"bullet_list", "list_item"}
TABLE_NODES = PARAGRAPH_NODES | {"table", "tgroup", "colspec", "thead", "tbody", "row", "entry"}
FIELD_NODES = PARAGRAPH_NODES | {"field_list", "field", "field_name", "field_body"}


@settings(max_examples=examples(300))
@given(ANY_TEXT)
def test_escaped_text_makes_no_markup_where_pages_put_it(text: str) -> None:
    """Only the structure the page writes: the text adds no node, in each place pages put free text."""
    text = "".join(c for c in text if c.isprintable() or c in "\n\t")
    words = normalised(text)
    one = myst.inline(text)
    assert node_types(myst.paragraphs(text)) <= PARAGRAPH_NODES
    assert node_types(f"Före {one} efter") <= PARAGRAPH_NODES
    # Pages start with their front matter, so free text is never on line 0, where MyST's front
    # matter rule misreads "- x--" as a front matter opener (mdit-py-plugins checks only src[0]).
    listed = doctree("Lista:\n\n" + myst.bullets([text, text]) + "\n")
    assert {type(node).__name__ for node in listed.findall()} <= BULLET_NODES
    assert normalised(listed.astext()) == normalised(f"Lista: {words} {words}")
    table = f"| A | B |\n|---|---|\n| {one} | x{one}x |\n"
    assert node_types(table) <= TABLE_NODES
    assert len(list(doctree(table).findall(lambda n: type(n).__name__ == "entry"))) == 4
    assert node_types(f"Fakta:\n\n:Fält: {one}\n:Annat: {one}\n") <= FIELD_NODES
    # An address: each line of the text starts a continuation line of a list item (render.contact_block,
    # which also ends each line with a hard break; left out here, as it is the page's own markup).
    address = "\n  ".join(myst.inline(line) for line in text.splitlines() if line.strip())
    lines = doctree(f"Kontakt:\n\n- Adress: {address}\n")
    assert {type(node).__name__ for node in lines.findall()} <= BULLET_NODES
    assert normalised(lines.astext()) == normalised(f"Kontakt: Adress: {text}")
    if words:
        titled = doctree(f"# {one}\n")
        assert titled.get("title", titled.astext()) == words or normalised(titled.astext()) == words
        assert node_types(f"# {one}\n") <= {"document", "title", "Text", "section"}
        linked = doctree(myst.link(text, "https://example.org/") + "\n")
        assert {type(node).__name__ for node in linked.findall()} <= PARAGRAPH_NODES | {"reference"}
        assert normalised(linked.astext()) == words


def test_escaping_leaves_ordinary_punctuation_alone() -> None:
    """Commas, full stops, hyphens, colons and brackets in running text are not syntax; escaping them doubled the work."""
    assert myst.inline("Syfte: att pröva (t.ex. 2019-01-01), 100 % - klart!") == (
        "Syfte: att pröva (t.ex. 2019-01-01), 100 % - klart!"
    )
    assert myst.inline("1. steg") == "1\\. steg"
    assert myst.inline("- punkt") == "\\- punkt"
    assert myst.inline("a_b *c* <d> [e]") == "a\\_b \\*c\\* \\<d\\> \\[e\\]"


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
