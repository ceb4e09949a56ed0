"""Where Sphinx code finds the build's catalog: on the handbook domain, set when the builder starts.

It reads the domain through the environment and does not import it, so the directives that the
domain registers can use it without an import loop.
"""

from __future__ import annotations

from typing import cast

from sphinx.environment import BuildEnvironment

from ..data.catalog import Catalog


def catalog_of(env: BuildEnvironment) -> Catalog:
    """The catalog loaded for this build."""
    return cast("Catalog", env.get_domain("handbook").catalog)  # type: ignore[attr-defined]
