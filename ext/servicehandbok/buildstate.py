"""Where Sphinx code finds the build's catalog: on the handbook domain, set when the builder starts."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from sphinx.environment import BuildEnvironment

if TYPE_CHECKING:  # the domain imports the directives, which import this module
    from .catalog import Catalog
    from .domain import HandbookDomain


def handbook_domain(env: BuildEnvironment) -> HandbookDomain:
    return cast("HandbookDomain", env.get_domain("handbook"))


def catalog_of(env: BuildEnvironment) -> Catalog:
    """The catalog loaded for this build."""
    return handbook_domain(env).catalog
