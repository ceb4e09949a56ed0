"""The English page "About this handbook" (issue 19): its content is marked lang="en", the theme around it stays Swedish."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from servicehandbok.sphinxext.core.pagebody import Page
from servicehandbok.sphinxext.site.pagelang import wrap_language


def fake_app(metadata: dict) -> SimpleNamespace:
    return SimpleNamespace(env=SimpleNamespace(metadata={"p": metadata}), config=SimpleNamespace(language="sv"))


@pytest.mark.parametrize(
    ("declared", "wrapped"),
    [
        ("en", True),
        ("en-GB", True),
        ("sv", False),  # the handbook's own language: nothing to mark
        ('en" onload="x', False),  # not a language tag: ignored, never written into the page
        ("", False),
    ],
)
def test_only_a_real_other_language_tag_wraps_the_body(declared: str, wrapped: bool) -> None:
    page = Page(fake_app({"lang": declared}), "p", {})  # type: ignore[arg-type]
    body = wrap_language(page, "<p>x</p>")
    assert body == (f'<div lang="{declared}"><p>x</p></div>' if wrapped else "<p>x</p>")


def test_the_english_page_is_english_inside_a_swedish_site(site: Path) -> None:
    page = (site / "about.html").read_text(encoding="utf-8")
    assert re.search(r'<html [^>]*lang="sv"', page)
    english = page.split('<div lang="en">', 1)[1]
    assert "<h1>About this handbook" in english and "How to download the data" in english
    for target in ("projects.json", "projects.csv", "project.schema.json", "feeds/projekt.atom"):
        assert f'href="{target}"' in english and (site / target).is_file(), target
    assert 'href="about.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_the_english_page_is_marked_in_the_epub_too(epub_book: Path) -> None:
    page = next(epub_book.rglob("about.xhtml")).read_text(encoding="utf-8")
    assert '<div lang="en">' in page and "About this handbook" in page
