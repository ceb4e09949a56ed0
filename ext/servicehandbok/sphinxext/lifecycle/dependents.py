"""Hand-written pages that show handbook data are read again when that data changes.

A page with a ``{handbook:…}`` role or directive (the start page's figures, a method guide's
projects) depends on every project file, which Sphinx does not know: it is noted while
reading, kept in the environment, and listed as outdated when the catalog's digest changes.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.names import generated_folders, is_generated
from ..core.state import catalog_of


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read hand-written pages that show handbook data when that data changed."""
    digest = catalog_of(env).digest
    previous = getattr(env, "servicehandbok_digest", None)
    env.servicehandbok_digest = digest  # type: ignore[attr-defined]
    if previous in (None, digest):
        return []
    dependents: set[str] = getattr(env, "servicehandbok_dependents", set())
    return sorted(d for d in dependents if d in env.found_docs and d not in added | changed)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Remember which hand-written pages refer to handbook data."""
    env = app.env
    if is_generated(env.docname, generated_folders(catalog_of(env).kinds)):
        return
    uses = any(node.get("refdomain") == "handbook" for node in doctree.findall(pending_xref))
    uses = uses or any("handbook-data" in node.get("classes", ()) for node in doctree.findall(nodes.Element))
    if uses:
        _dependents(env).add(env.docname)


def _dependents(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "servicehandbok_dependents"):
        env.servicehandbok_dependents = set()  # type: ignore[attr-defined]
    return env.servicehandbok_dependents  # type: ignore[attr-defined]


def on_env_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _dependents(env).discard(docname)


def on_env_merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _dependents(env).update(_dependents(other))
