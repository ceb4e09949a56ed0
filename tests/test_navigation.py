"""The sidebar: hub pages stay out of the global toctree, and pages outside it share one rendering."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_projects
from servicehandbok.data.kinds import BUILTIN
from servicehandbok.sphinxext.site import navigation

PROJECT_IDS = ["bjorbo-pakethantering", "stocke-motesplats", "uppsala-servicepunkter"]
_SIDEBAR = re.compile(r'<div class="sidebar-tree">.*?</div>\s*</div>', re.DOTALL)


def sidebars(outdir: Path, suffix: str = ".html") -> dict[str, str]:
    """The navigation tree of every page, by output path."""
    found = {}
    for page in sorted(outdir.rglob(f"*{suffix}")):
        match = _SIDEBAR.search(page.read_text(encoding="utf-8"))
        if match:
            found[page.relative_to(outdir).as_posix()] = match.group()
    return found


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_shared_navigation_is_what_each_page_would_render(
    handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, buildername: str
) -> None:
    folder = copy_projects(tmp_path / "projects", PROJECT_IDS)
    built = handbook(folder, buildername=buildername, html_theme="furo", fresh=True)
    shared = sidebars(built.outdir)
    rendered = built.app.builder._servicehandbok_navigation["rendered"]  # type: ignore[attr-defined]
    outside = [name for name in shared if name.startswith(("projekt/", "metod/", "lan/"))]
    assert len(outside) > len(rendered) > 0, "pages outside the toctree should share renderings"

    # Every page counted as in the tree: each renders its own navigation, as Sphinx does.
    monkeypatch.setattr(navigation, "tree_documents", lambda env: frozenset(env.found_docs))
    own = sidebars(handbook(buildername=buildername, html_theme="furo", fresh=True).outdir)
    assert shared.keys() == own.keys()
    assert [name for name in shared if shared[name] != own[name]] == []


def test_hub_pages_are_outside_the_global_toctree(handbook, tmp_path: Path) -> None:
    built = handbook(copy_projects(tmp_path / "projects", PROJECT_IDS))
    tree = navigation.tree_documents(built.app.env)
    folders = tuple(kind.folder for kind in BUILTIN.values())
    assert {f"{folder}/index" for folder in folders} <= tree
    hubs = [d for d in built.app.env.found_docs if d.startswith(tuple(f"{f}/" for f in folders))]
    assert "metod/lea" in hubs and "lan/dalarna" in hubs
    assert [d for d in hubs if d in tree and not d.endswith("/index")] == []
    # Still reachable: the overview page links to every method's hub.
    assert 'href="lea.html"' in built.html("metod/index")
