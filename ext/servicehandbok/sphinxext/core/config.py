"""The extension's configuration: registered with Sphinx, checked once, read as one typed object.

Every ``servicehandbok_*`` value is registered so a change rebuilds what it affects. At
``config-inited`` the values are checked and frozen into a :class:`HandbookConfig`; every
handler reads that object through :func:`handbook_config`, never ``app.config`` directly.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import string
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import quote, urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from ...content.render import RenderOptions
from ...data import formatting
from ...data.catalog import PROJECT_SCHEMA
from ...data.privacy import CONTACT_MODES
from ...data.status import EPOCH_VARIABLE, build_date
from ...data.validate import SCHEMA_DIR
from ...data.vocabulary import VOCABULARY_DIR
from .stop import BuildStopped, stop

SITE_BUILDERS = ("html", "dirhtml")
"""Builders whose output is the web site: search, open data, feeds and sitemap belong there, not in EPUB."""

ContactMode = Literal["full", "role", "hidden"]
Rebuild = Literal["", "env", "html"]
"""What Sphinx redoes when a setting changes (a subset of what ``add_config_value`` accepts)."""
PREFIX = "servicehandbok_"


@dataclass(frozen=True)
class Setting:
    """How one field of :class:`HandbookConfig` is set in ``conf.py``: its default, check and meaning."""

    name: str
    default: str | bool
    help: str
    """What the README's configuration table says (``tests/test_config.py`` compares them)."""
    check: Callable[[Any, Path], Any]
    """Turns the ``conf.py`` value into the field's value, or raises a ConfigError; gets the folder of conf.py."""
    rebuild: Rebuild = "env"
    """What Sphinx redoes when the value changes: ``env`` re-reads every page; "" (the preview) nothing."""


def setting(
    default: str | bool, check: Callable[[Any, Path], Any], help: str, *, rebuild: Rebuild = "env", value: Any = None
) -> Any:
    """A :class:`HandbookConfig` field that is a ``conf.py`` setting; *value* is the field's own
    default when it differs from the setting's (a folder, resolved)."""
    info = {"setting": (default, help, check, rebuild)}
    if value is MISSING_VALUE:
        return field(metadata=info)
    return field(default=default if value is None else value, metadata=info)


MISSING_VALUE = object()


@dataclass(frozen=True)
class HandbookConfig:
    """The checked configuration of one build; the only place handlers read settings from.

    Each field that is a ``conf.py`` setting says so in its metadata (:func:`setting`): the
    setting is registered, checked and documented from there (:data:`SETTINGS`).
    """

    projects: Path = setting(
        "../projects",
        lambda value, confdir: _projects(value, confdir),
        "folder of project files, relative to `conf.py`",
        value=MISSING_VALUE,
    )
    """Absolute folder of the project files, with ``_schema/`` and ``_vocabulary/`` in it."""
    contacts: ContactMode = setting(
        "full",
        lambda value, _: _contacts(value),
        "`full`, `role` (role and organisation only) or `hidden` (no contact data anywhere in the output); "
        "also `SERVICEHANDBOK_CONTACTS=hidden nox -s docs`",
    )
    edit_url: str = setting(
        "", lambda value, _: _template("servicehandbok_edit_url", value), '"Redigera den här sidan" link, with `{path}`'
    )
    issue_url: str = setting(
        "",
        lambda value, _: _template("servicehandbok_issue_url", value),
        '"Rapportera fel" link, with `{id}` and `{title}`',
    )
    search: bool = setting(
        True, lambda value, _: _boolean("servicehandbok_search", value), "build the Pagefind index and the search page"
    )
    preview: bool = setting(
        False,
        lambda value, _: _boolean("servicehandbok_preview", value),
        "live preview (`nox -s docs-live` sets it): build the Pagefind index only when the output folder has none, "
        "and say so on the search page",
        # Only the indexing step and the search page change, and that page is written on every build.
        rebuild="",
    )
    form_page: str = setting(
        "",
        lambda value, _: _form_page(value),
        'document name of the form page (`"lagg-till"`), linked where a page asks for a follow-up report',
    )
    publisher: str = setting(
        "",
        lambda value, _: _line("servicehandbok_publisher", value),
        "who publishes the handbook, named in every page's footer, on the form, the about page and in the open data",
    )
    publisher_contact: str = setting(
        "",
        lambda value, _: _contact("servicehandbok_publisher_contact", value),
        "how readers reach the publisher: an `https://` page or a `mailto:` address",
    )
    today: dt.date | None = None
    """The build date statuses are computed for: ``SOURCE_DATE_EPOCH`` if set, else the day of the build."""

    def publisher_record(self) -> dict[str, str]:
        """Who publishes the handbook and how to reach them, as the open data and the form state it."""
        found = {"name": self.publisher, "contact": self.publisher_contact}
        return {key: value for key, value in found.items() if value}

    def render_options(self) -> RenderOptions:
        """The content-level options of the pages, built here and nowhere else."""
        return RenderOptions(
            contacts=self.contacts,
            edit_url=self.edit_url,
            issue_url=self.issue_url,
            today=self.today,
            form_doc=self.form_page,
        )


def _settings() -> tuple[tuple[str, Setting], ...]:
    found = []
    for item in fields(HandbookConfig):
        if "setting" in item.metadata:
            default, help_text, check, rebuild = item.metadata["setting"]
            found.append((item.name, Setting(PREFIX + item.name, default, help_text, check, rebuild)))
    return tuple(found)


FIELDS = _settings()
"""``(HandbookConfig field, Setting)`` for every setting, in the dataclass's order."""
SETTINGS = tuple(setting for _, setting in FIELDS)

SPHINX_CHECKS: dict[str, tuple[Any, Callable[[Any], Any]]] = {
    "html_baseurl": ("", lambda value: _base_url(value)),
}
"""Sphinx's own settings the handbook's output depends on, with their default and check: checked
with the handbook's at ``config-inited`` (before Sphinx or another extension reads them), never
registered again and not in the README's table."""

TEMPLATE_FIELDS = {"servicehandbok_edit_url": ("path", "id"), "servicehandbok_issue_url": ("id", "title")}
"""The placeholders each link template may use; :func:`..content.render.source_block` fills them."""


def readme_table() -> str:
    """The README's configuration table, written from :data:`SETTINGS` (a test keeps the README equal)."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    rows += [
        f"| `{s.name}` | `{json.dumps(s.default)}` | {s.help} |".replace("`true`", "`True`").replace(
            "`false`", "`False`"
        )
        for s in SETTINGS
    ]
    return "\n".join(rows)


_CHECKED: weakref.WeakKeyDictionary[Config, HandbookConfig] = weakref.WeakKeyDictionary()
"""The checked settings per Sphinx ``Config``: found from the application or from the environment
(whose ``config`` is the application's), without the deprecated ``env.app``."""


class SettingProblems(ConfigError):
    """The settings that :func:`from_config` refused, as ``(setting, message)`` pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("\n".join(message for _, message in problems))
        self.problems = problems


class SettingError(BuildStopped):
    """A setting in conf.py has a value the handbook cannot publish.

    Sphinx prints its crash report for every ``Exception``, ``ConfigError`` included, so at
    ``config-inited`` the :class:`SettingProblems` become this :class:`BuildStopped`: the
    list, one closing line, exit status 1.
    """


def register(app: Sphinx) -> None:
    for setting in SETTINGS:
        types = {type(setting.default)} | ({Path} if setting.name == "servicehandbok_projects" else set())
        app.add_config_value(
            setting.name, setting.default, setting.rebuild, types=frozenset(types), description=setting.help
        )


def check(app: Sphinx, config: Config) -> None:
    """Check every setting once and keep the result where handlers find it (``config-inited``)."""
    try:
        _CHECKED[config] = from_config(config, Path(app.confdir))
    except SettingProblems as refused:
        closing = f"Bygget stoppades: {len(refused.problems)} fel i inställningarna (listan ovan)."
        stop(((setting_location(app, name), message) for name, message in refused.problems), closing, SettingError)
    # Text from project files must appear exactly as written: no typographic quote changes.
    config.smartquotes = False
    # Generated pages mark sections for the search with block attributes ({.sh-unindexed} before a heading).
    if "attrs_block" not in config.myst_enable_extensions:
        config.myst_enable_extensions = [*config.myst_enable_extensions, "attrs_block"]
    # Contact links use tel:, which MyST does not treat as a URL unless told.
    schemes = config.myst_url_schemes
    if isinstance(schemes, dict):
        schemes.setdefault("tel", None)
    elif "tel" not in schemes:
        config.myst_url_schemes = [*schemes, "tel"]


def handbook_config(holder: Sphinx | BuildEnvironment) -> HandbookConfig:
    """The configuration checked at ``config-inited``, from the application or its environment."""
    return _CHECKED[holder.config]


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


def from_config(config: Config, confdir: Path) -> HandbookConfig:
    """Refuse a configuration that would fail later or publish something unintended.

    Every setting is checked, so one run lists all mistakes; each names the setting, the
    value and what is allowed. Any mistake raises :class:`SettingProblems` with the list.
    """
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for name, setting in FIELDS:
        try:
            values[name] = setting.check(getattr(config, setting.name), confdir)
        except ConfigError as exc:
            problems.append((setting.name, str(exc)))
    for name, (default, check_value) in SPHINX_CHECKS.items():
        try:
            check_value(getattr(config, name, default))
        except ConfigError as exc:
            problems.append((name, str(exc)))
    try:
        values["today"] = build_date()
    except ValueError as exc:
        problems.append((EPOCH_VARIABLE, str(exc)))
    if problems:
        raise SettingProblems(problems)
    return HandbookConfig(**values)


def _contacts(value: object) -> ContactMode:
    if value not in CONTACT_MODES:
        raise ConfigError(
            f"servicehandbok_contacts = {value!r} går inte: tillåtna värden är "
            f"{', '.join(repr(mode) for mode in CONTACT_MODES)}."
        )
    return cast(ContactMode, value)


def _form_page(value: object) -> str:
    """A document name (``lagg-till``), or "" for no form link."""
    if not isinstance(value, str) or (value and not re.fullmatch(r"[a-z0-9_-]+(/[a-z0-9_-]+)*", value)):
        raise ConfigError(
            f"servicehandbok_form_page = {value!r} går inte: skriv sidans namn utan .md, till exempel 'lagg-till', eller ''."
        )
    return value


def _line(name: str, value: object) -> str:
    """One line of plain text (a name), or ""."""
    if not isinstance(value, str) or "\n" in value or (value and not value.strip()):
        raise ConfigError(f"{name} = {value!r} går inte: skriv ett namn på en rad, eller ''.")
    return value.strip()


def _contact(name: str, value: object) -> str:
    """An https:// page or a mailto: address, or ""."""
    if not isinstance(value, str) or (value and not re.fullmatch(r"(https://|mailto:)[^\s<>\"']+", value)):
        raise ConfigError(
            f"{name} = {value!r} går inte: skriv en adress som börjar med https:// eller mailto:, eller ''."
        )
    return value


_BASE_URL = re.compile(
    r"(?i:https?)://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?/(?:(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+/)*"
)
"""A base URL every writer can put into HTML, XML, CSV and the 404 page's paths as it is: http(s), a
host, an optional port and a folder path of plain characters and %-escapes, ending in ``/``."""
BASE_URL_EXAMPLE = "https://exempel.se/servicehandboken/"


def _base_url(value: object) -> str:
    """``html_baseurl``: "" (no address), or the site's address as :data:`_BASE_URL` allows.

    Nothing is normalised: ``docs/conf.py`` derives the 404 page's path from the value as written
    before any check runs, so a value is either used exactly or refused with the form to write.
    """
    name = "html_baseurl"
    if isinstance(value, str) and not value:
        return value
    if isinstance(value, str) and _BASE_URL.fullmatch(value) and not re.search(r"/\.\.?/", value):
        try:
            if (urlsplit(value).port or 0) <= 65535:
                return value
        except ValueError:
            pass
    problem, suggestion = _base_url_problem(value)
    shown = repr(value[:80]) + ("…" if len(value) > 80 else "") if isinstance(value, str) else repr(value)
    raise ConfigError(
        f"{name} = {shown} går inte: {problem}. Skriv {suggestion or repr(BASE_URL_EXAMPLE)}, "
        "eller '' om webbplatsen inte har någon fast adress."
    )


def _base_url_problem(value: object) -> tuple[str, str]:
    """What is wrong with a refused base URL, and the value to write instead when there is one."""
    if not isinstance(value, str):
        return "adressen ska vara en text", ""
    if any(char.isspace() for char in value):
        return "adressen innehåller mellanslag eller radbrytningar", ""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return "adressen går inte att läsa som en webbadress (porten eller värden har fel form)", ""
    if parts.scheme.lower() not in ("http", "https") or not value.lower().startswith(f"{parts.scheme.lower()}://"):
        return "adressen måste vara fullständig och börja med https:// (eller http://)", ""
    if parts.username is not None or parts.password is not None:
        return "adressen får inte innehålla ett användarnamn (det som står före @)", ""
    if "?" in value or "#" in value:
        return "adressen får inte innehålla ? eller # (skriv bara webbplatsens adress)", ""
    if re.search(r"/\.\.?(/|$)", parts.path) or "//" in parts.path:
        return "sökvägen får inte innehålla // eller mapparna '.' och '..'", ""
    suggestion = ""
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except UnicodeError:
        host = ""
    if host:
        path = quote(parts.path, safe="/%") or "/"
        written = f"{parts.scheme.lower()}://{host}{f':{port}' if port is not None else ''}{path.rstrip('/')}/"
        if _BASE_URL.fullmatch(written):
            suggestion = repr(written)
    if not value.endswith("/") and suggestion and quote(parts.path, safe="/%") == parts.path:
        return (
            "adressen måste sluta med / (webbplatsen är en mapp, och sidornas adresser läggs till efter den)",
            suggestion,
        )
    return (
        "adressen får bara innehålla a–z, 0–9, - . _ ~ och / och %-koder för andra tecken (å, mellanslag, citattecken), "
        "och ska sluta med /",
        suggestion,
    )


def _boolean(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{name} = {value!r} går inte: skriv True eller False.")
    return value


def _template(name: str, value: object) -> str:
    """A link template: empty, or an https:// address whose placeholders the pages can fill."""
    allowed = TEMPLATE_FIELDS[name]
    names = formatting.listing([f"{{{field}}}" for field in allowed])
    if not isinstance(value, str):
        raise ConfigError(f"{name} = {value!r} går inte: skriv en text, en https://-adress med {names}, eller ''.")
    if not value:
        return value
    if not value.startswith("https://"):
        raise ConfigError(f"{name} = {value!r} går inte: adressen måste börja med https://.")
    try:
        parts = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(value)]
    except ValueError as exc:
        raise ConfigError(
            f"{name} = {value!r} går inte: {exc}. Skriv platshållare som {names}; en klammer som ska synas skrivs {{{{ eller }}}}."
        ) from exc
    for placeholder, spec, conversion in parts:
        if placeholder is not None and (placeholder not in allowed or spec or conversion):
            shown = "{" + placeholder + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ConfigError(f"{name} = {value!r} går inte: {shown} känns inte igen. Tillåtna platshållare: {names}.")
    return value


def _projects(value: object, confdir: Path) -> Path:
    """The folder of project files, which must exist and hold the schema and vocabularies."""
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise ConfigError(
            f"servicehandbok_projects = {value!r} går inte: skriv mappen med projektfilerna, relativt till conf.py."
        )
    folder = (confdir / value).resolve()
    needed = (folder / SCHEMA_DIR / PROJECT_SCHEMA, folder / VOCABULARY_DIR)
    if not folder.is_dir():
        problem = "mappen finns inte"
    elif not all(path.exists() for path in needed):
        problem = f"mappen saknar {SCHEMA_DIR}/{PROJECT_SCHEMA} eller {VOCABULARY_DIR}/, så den är inte en mapp med projektfiler"
    else:
        return folder
    raise ConfigError(
        f"servicehandbok_projects = {str(value)!r} går inte: {folder} — {problem}. "
        "Ange mappen med projektfilerna (den med _schema/ och _vocabulary/), relativt till conf.py."
    )
