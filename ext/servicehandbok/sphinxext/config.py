"""The extension's configuration values, each registered so a change rebuilds what it affects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from ..content.render import RenderOptions
from ..data.privacy import CONTACT_MODES
from .stop import BuildStopped, stop

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


class SettingError(BuildStopped):
    """A setting in conf.py has a value the handbook cannot publish."""


def register(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(
            setting.name, setting.default, "env", types=frozenset({type(setting.default)}), description=setting.help
        )


def check(app: Sphinx, config: Config) -> None:
    """Refuse a configuration that would publish something unintended."""
    problems: list[tuple[str, str]] = []
    if config.servicehandbok_contacts not in CONTACT_MODES:
        problems.append(
            (
                "servicehandbok_contacts",
                f"servicehandbok_contacts är {config.servicehandbok_contacts!r} — skriv en av {', '.join(CONTACT_MODES)}",
            )
        )
    for name in ("servicehandbok_edit_url", "servicehandbok_issue_url"):
        value = getattr(config, name)
        if value and not value.startswith("https://"):
            problems.append((name, f"{name} är {value!r} — skriv en adress som börjar med https://"))
    if problems:
        closing = f"Bygget stoppades: {len(problems)} fel i inställningarna (listan ovan)."
        stop(((setting_location(app, name), message) for name, message in problems), closing, SettingError)
    # Text from project files must appear exactly as written: no typographic quote changes.
    config.smartquotes = False
    # Contact links use tel:, which MyST does not treat as a URL unless told.
    schemes = config.myst_url_schemes
    if isinstance(schemes, dict):
        schemes.setdefault("tel", None)
    elif "tel" not in schemes:
        config.myst_url_schemes = [*schemes, "tel"]


def setting_location(app: Sphinx, name: str) -> str:
    """``conf.py:line:column`` where *name* is assigned, or "" when it is not (set with ``-D``)."""
    conf = Path(app.confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith(name) and line.split("=", 1)[0].strip() == name:
            return f"{conf}:{number}:{len(line) - len(line.lstrip()) + 1}"
    return ""


def projects_dir(app: Sphinx) -> Path:
    return (Path(app.confdir) / app.config.servicehandbok_projects).resolve()


def render_options(app: Sphinx) -> RenderOptions:
    config = app.config
    return RenderOptions(
        contacts=config.servicehandbok_contacts,
        edit_url=config.servicehandbok_edit_url,
        issue_url=config.servicehandbok_issue_url,
    )
