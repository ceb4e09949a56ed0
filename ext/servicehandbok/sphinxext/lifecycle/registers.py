"""The register pages (the handbook domain's indices) are written only when what they show changed.

Sphinx renders every domain index into HTML on every build, even when nothing changed: with
1,000 projects the six registers are 300 kB pages and most of what a build with no change
writes. A register shows its entries, the navigation and what config, templates, static files
and code put around them. So it is skipped when no document was read or removed in this build
(the navigation and every ``env`` setting are as last time), its stamp (entries, ``html``
settings, tags, versions, code, static files, templates) is the one recorded when it was last written, and
its file is still there.

Sphinx has no event to skip a page, so the builder's ``write_domain_indices`` is wrapped (on
this builder object only) to write the changed registers; the list of all registers, which
pages link in their relation bar, stays as Sphinx made it. Both are undocumented parts of
Sphinx, listed with the routes not taken in ``core/upstream.py``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...data.catalog import code_fingerprint
from ..core.config import SITE_BUILDERS

STAMPS = "servicehandbok-registers.json"
"""Stamp of each register as last written, in the doctree folder (beside the other stamps)."""

_STATE = "_servicehandbok_registers"


def _state(app: Sphinx) -> dict[str, Any]:
    state = getattr(app, _STATE, None)
    if state is None:
        state = {"read": None, "removed": None, "written": {}}
        setattr(app, _STATE, state)
    return state


def note_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """On ``env-get-outdated``: a removed document may change the navigation."""
    _state(app)["removed"] = len(removed)
    return []


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: the final list of documents this build reads."""
    _state(app)["read"] = len(docnames)


def _context_stamp(app: Sphinx) -> str:
    """Everything around a register's entries, computed once per build."""
    state = _state(app)
    if "context" not in state:
        import sphinx

        builder: Any = app.builder
        info = getattr(builder, "build_info", None)
        versions = sorted((name, str(getattr(ext, "version", ""))) for name, ext in app.extensions.items())
        parts = (
            sphinx.__version__,
            versions,
            # The config hash holds servicehandbok_style_stamp, the digest of the static files and
            # templates (site.setup): styles end up in the page's bundle, and a template
            # (templates/domainindex.html) writes the register itself.
            getattr(info, "config_hash", ""),
            getattr(info, "tags_hash", ""),
            code_fingerprint(),
            str(app.outdir),
        )
        state["context"] = hashlib.sha256(repr(parts).encode()).hexdigest()
    return str(state["context"])


def _recorded(app: Sphinx) -> dict[str, str]:
    state = _state(app)
    if "recorded" not in state:
        try:
            state["recorded"] = json.loads((Path(app.doctreedir) / STAMPS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state["recorded"] = {}
    return dict(state["recorded"])


def unchanged(app: Sphinx, name: str, content: Any, collapse: bool) -> bool:
    """True when register *name* (``handbook-region``) would be written exactly as it is on disk."""
    builder: Any = app.builder
    if builder.name not in SITE_BUILDERS or not hasattr(builder, "get_outfilename"):
        return False
    state = _state(app)
    stamp = hashlib.sha256(repr((_context_stamp(app), content, collapse)).encode()).hexdigest()
    state["written"][name] = stamp
    if state["read"] != 0 or state["removed"] != 0:
        return False
    return _recorded(app).get(name) == stamp and Path(builder.get_outfilename(name)).is_file()


def on_builder_inited(app: Sphinx) -> None:
    """Let the site builders write only the registers that changed."""
    builder: Any = app.builder
    if builder.name not in SITE_BUILDERS or not hasattr(builder, "write_domain_indices"):
        return
    write_all = builder.write_domain_indices

    def write_changed() -> None:
        everything = builder.domain_indices
        builder.domain_indices = [entry for entry in everything if not unchanged(app, entry[0], entry[2], entry[3])]
        try:
            write_all()
        finally:
            builder.domain_indices = everything

    builder.write_domain_indices = write_changed


def remember(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: record the stamps of the registers this build wrote or kept."""
    written = _state(app)["written"]
    if exception is not None or not written:
        return
    path = Path(app.doctreedir) / STAMPS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(written, sort_keys=True), encoding="utf-8")


def follow_shown_registers(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """On ``env-get-outdated``: a register without entries has no page (Sphinx leaves the one
    written when it had some), and when a register gains its first entry or loses its last,
    every page's relation bar gains or loses its link, so every page is written again."""
    domain = env.get_domain("handbook")
    names = {f"{domain.name}-{index.name}": bool(index(domain).generate()[0]) for index in domain.indices}
    shown = sorted(name for name, entries in names.items() if entries)
    if hasattr(app.builder, "get_outfilename"):
        for name in (names.keys() - set(shown)) | _gone_registers(app, f"{domain.name}-", names):
            page = Path(app.builder.get_outfilename(name))
            page.unlink(missing_ok=True)
            if page.parent != Path(app.outdir) and page.parent.is_dir() and not any(page.parent.iterdir()):
                page.parent.rmdir()  # dirhtml: handbook-x/index.html
    previous = getattr(env, "servicehandbok_registers_shown", None)
    env.servicehandbok_registers_shown = shown  # type: ignore[attr-defined]
    if previous in (None, shown):
        return []
    return sorted(env.found_docs - added - changed)


def _gone_registers(app: Sphinx, prefix: str, names: dict[str, bool]) -> set[str]:
    """Register pages in the output folder of kinds no longer declared (``handbook-x.html``,
    ``handbook-x/index.html`` with ``dirhtml``)."""
    builder: Any = app.builder
    found = set()
    suffix = getattr(builder, "out_suffix", ".html")
    for entry in Path(app.outdir).glob(f"{prefix}*"):
        name = entry.name if entry.is_dir() else entry.name.removesuffix(suffix)
        page = Path(builder.get_outfilename(name))
        if name not in names and page.is_file() and entry in (page, page.parent):
            found.add(name)
    return found
