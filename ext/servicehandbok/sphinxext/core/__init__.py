"""The floor every other Sphinx floor stands on: settings, the domain, the catalog's place, shared helpers."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import config
from .domain import HandbookDomain


def setup(app: Sphinx) -> None:
    config.register(app)
    app.add_domain(HandbookDomain)
    app.connect("config-inited", config.check)
