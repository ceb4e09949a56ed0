"""Servicehandboken: a Sphinx extension that turns one YAML file per project into a handbook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the contributor CLI imports this package without Sphinx installed
    from sphinx.application import Sphinx

from ._version import __version__


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extensions the handbook builds on, then the handbook's own floors (:mod:`.sphinxext`)."""
    from .sphinxext import setup as setup_floors

    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinx_copybutton")
    setup_floors(app)
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
