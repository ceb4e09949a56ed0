"""Where Sphinx code finds the build's catalog: on the handbook domain, set when the builder starts."""

from __future__ import annotations

from typing import cast

from sphinx.environment import BuildEnvironment

from ...data.catalog import Catalog
from .domain import HandbookDomain


def set_catalog(env: BuildEnvironment, catalog: Catalog) -> None:
    """Hand the loaded (and redacted) catalog to the domain, which adds the kinds' roles and indices."""
    cast(HandbookDomain, env.get_domain("handbook")).set_catalog(catalog)


def catalog_of(env: BuildEnvironment) -> Catalog:
    """The catalog loaded for this build."""
    return cast(HandbookDomain, env.get_domain("handbook")).catalog
