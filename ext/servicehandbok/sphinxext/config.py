"""The extension's configuration values, each registered so a change rebuilds what it affects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..content.render import RenderOptions
from ..data.privacy import CONTACT_MODES

SITE_BUILDERS = ("html", "dirhtml")
"""Builders whose output is the web site: search, open data, feeds and sitemap belong there, not in EPUB."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | bool
    help: str


SETTINGS = (
    Setting("servicehandbok_projects", "../projects", "Folder of project files, relative to conf.py."),
    Setting("servicehandbok_contacts", "full", "full, role (role and organisation only) or hidden."),
    Setting(
        "servicehandbok_edit_url", "", "Edit link template with {path}, e.g. https://github.com/o/r/edit/main/{path}."
    ),
    Setting("servicehandbok_issue_url", "", "Report link template with {id} and {title}."),
    Setting("servicehandbok_search", True, "Build the Pagefind search index and search page."),
)


def register(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(
            setting.name, setting.default, "env", types=frozenset({type(setting.default)}), description=setting.help
        )


def check(app: Sphinx, config: Config) -> None:
    """Refuse a configuration that would publish something unintended."""
    if config.servicehandbok_contacts not in CONTACT_MODES:
        raise ConfigError(
            f"servicehandbok_contacts must be one of {', '.join(CONTACT_MODES)}, not {config.servicehandbok_contacts!r}"
        )
    for name in ("servicehandbok_edit_url", "servicehandbok_issue_url"):
        value = getattr(config, name)
        if value and not value.startswith("https://"):
            raise ConfigError(f"{name} must start with https://, not {value!r}")
    # Text from project files must appear exactly as written: no typographic quote changes.
    config.smartquotes = False
    # Contact links use tel:, which MyST does not treat as a URL unless told.
    schemes = config.myst_url_schemes
    if isinstance(schemes, dict):
        schemes.setdefault("tel", None)
    elif "tel" not in schemes:
        config.myst_url_schemes = [*schemes, "tel"]


def projects_dir(app: Sphinx) -> Path:
    return (Path(app.confdir) / app.config.servicehandbok_projects).resolve()


def render_options(app: Sphinx) -> RenderOptions:
    config = app.config
    return RenderOptions(
        contacts=config.servicehandbok_contacts,
        edit_url=config.servicehandbok_edit_url,
        issue_url=config.servicehandbok_issue_url,
    )
