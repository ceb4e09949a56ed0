"""The sidebar's navigation tree, rendered once per place in the site instead of once per page.

Themes (furo) render the global toctree into every page. For a page that is not in the
toctree itself (every project and hub page), nothing in that tree is marked as current, so
the rendered tree depends only on the links from the page to the documents in the tree. Pages
whose links are the same (all pages of one folder) share one rendering; with 1,000
projects this took a fifth of the build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_CACHE = "_servicehandbok_navigation"


def tree_documents(env: BuildEnvironment) -> frozenset[str]:
    """Every document the global toctree can mark as current: the root and each toctree's entries."""
    documents = {env.config.root_doc, *env.toctree_includes}
    for included in env.toctree_includes.values():
        documents.update(included)
    return frozenset(documents)


def _state(app: Sphinx) -> dict[str, Any]:
    """This build's tree documents and rendered trees, kept on the builder (a new one each build)."""
    builder: Any = app.builder
    state = getattr(builder, _CACHE, None)
    if state is None:
        state = {"tree": tree_documents(app.env), "rendered": {}}
        setattr(builder, _CACHE, state)
    return state


def share_navigation(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """On ``html-page-context``, before the theme: let pages outside the toctree share its rendering."""
    render: Callable[..., str] | None = context.get("toctree")
    if render is None:
        return
    state = _state(app)
    tree: frozenset[str] = state["tree"]
    if pagename in tree:
        return
    builder = app.builder
    # The rendered tree is a function of these links alone when no entry is the current page.
    place = tuple(builder.get_relative_uri(pagename, docname) for docname in sorted(tree))
    rendered: dict[tuple[Any, ...], str] = state["rendered"]

    def toctree(**kwargs: Any) -> str:
        key = (place, tuple(sorted(kwargs.items())))
        if key not in rendered:
            rendered[key] = render(**kwargs)
        return rendered[key]

    context["toctree"] = toctree
