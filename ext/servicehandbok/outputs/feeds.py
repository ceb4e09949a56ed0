"""Atom feeds of projects: all of them, and one per län and per method. Pure.

Built with ElementTree, so no data is ever pasted into markup, and byte-for-byte the same
for the same data. Without a base URL the links are relative to the feed file and ids are
``tag:`` URIs; with one, links are absolute. Ids are ``tag:`` URIs in both cases, so a
feed reader keeps its read marks when the site moves.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Callable

from ..data import characters
from ..data.catalog import Catalog
from ..data.formatting import absolute_url
from ..data.kinds import Kind
from ..data.model import Project

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAG = "tag:servicehandboken,2026:"
FOLDER = "feeds"
ALL_PROJECTS = f"{FOLDER}/projekt.atom"
DATA_DATE = dt.date(2020, 12, 31)
"""Last day of Landsbygdsprogrammet 2014–2020: the date of a project the source gives no date for."""
AUTHOR = "Servicehandboken"


def feed_kinds(kinds: dict[str, Kind]) -> list[Kind]:
    """The kinds whose terms each get a feed (the registry marks them: län and method)."""
    return [kind for kind in kinds.values() if kind.feed]


def feed_path(kind: Kind, term_id: str) -> str:
    """Where the feed of one län or method lives in the output: ``feeds/lan/dalarna.atom``."""
    if not kind.feed:
        raise KeyError(kind.name)
    return f"{FOLDER}/{kind.folder}/{term_id}.atom"


def feed_paths(catalog: Catalog) -> list[str]:
    """Every feed the catalog produces."""
    kinds = feed_kinds(catalog.kinds)
    return [ALL_PROJECTS] + [feed_path(k, t.id) for k in kinds for t in catalog.vocabulary.sorted(k.name)]


def updated(project: Project) -> dt.date:
    """The date an entry carries: when its follow-up was last searched for (a feed reader then sees what
    happened), else the project's end, else when its source was read, else its start."""
    base = project.end or project.source.retrieved or project.start or DATA_DATE
    searched = project.outcome.searched
    return max(base, searched) if searched and project.outcome.reported else base


def follow_up_text(project: Project) -> str:
    """The follow-up as plain text for a feed entry: results and lessons, each with its sources' titles."""
    outcome = project.outcome
    lines = []
    for heading, facts in (
        ("Vad projektet gjorde", outcome.results),
        ("Det här fungerade", outcome.worked),
        ("Det här var svårt", outcome.hard),
    ):
        if facts:
            lines.append(f"{heading}:")
            for fact in facts:
                titles = "; ".join(s.title for i in fact.sources if (s := project.cited_source(i)) is not None)
                lines.append(f"- {fact.text} (Källa: {titles})")
    return "\n".join(lines)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _url(target: str, feed: str, baseurl: str) -> str:
    """*target* (a path in the output root) as seen from the feed file at *feed*."""
    if baseurl:
        return absolute_url(baseurl, target)
    relative = posixpath.relpath(target or ".", posixpath.dirname(feed) or ".")
    return relative + "/" if target.endswith("/") or not target else relative


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, name, attributes)
    element.text = None if text is None else characters.clean(text)
    return element


def feed(
    path: str,
    title: str,
    alternate: str,
    projects: list[Project],
    page_uri: Callable[[str], str],
    baseurl: str = "",
    contacts: str = "full",
) -> bytes:
    """One Atom feed at *path*: newest end date first, then in the given (title) order."""
    order = {project.id: position for position, project in enumerate(projects)}
    entries = sorted(projects, key=lambda p: (-updated(p).toordinal(), order[p.id]))
    # Plain names under an explicit xmlns: ElementTree's namespace option refuses plain attributes.
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "sv"})
    _add(root, "id", TAG + path.removesuffix(".atom"))
    _add(root, "title", title)
    _add(root, "updated", _timestamp(max((updated(p) for p in projects), default=DATA_DATE)))
    _add(root, "link", rel="self", type="application/atom+xml", href=_url(path, path, baseurl))
    _add(root, "link", rel="alternate", type="text/html", href=_url(alternate, path, baseurl))
    _add(_add(root, "author"), "name", AUTHOR)
    for project in entries:
        entry = _add(root, "entry")
        _add(entry, "id", f"{TAG}projekt/{project.id}")
        _add(entry, "title", project.title, type="text")
        _add(entry, "updated", _timestamp(updated(project)))
        _add(entry, "link", rel="alternate", type="text/html", href=_url(page_uri(project.docname), path, baseurl))
        _add(entry, "summary", project.purpose, type="text")
        follow_up = follow_up_text(project)
        if follow_up:
            _add(entry, "content", follow_up, type="text")
        for source in project.sources:
            _add(entry, "link", rel="related", type="text/html", href=source.url, title=source.title)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def feeds(
    catalog: Catalog, page_uri: Callable[[str], str], baseurl: str = "", contacts: str = "full"
) -> dict[str, bytes]:
    """Every feed by its path in the output root; *page_uri* maps a docname to its output path."""
    result = {
        ALL_PROJECTS: feed(
            ALL_PROJECTS,
            "Servicehandboken: alla projekt",
            page_uri("index"),
            list(catalog.projects.values()),
            page_uri,
            baseurl,
            contacts,
        )
    }
    for kind in feed_kinds(catalog.kinds):
        for term in catalog.vocabulary.sorted(kind.name):
            path = feed_path(kind, term.id)
            title = f"Servicehandboken: {term.name}"
            projects = catalog.projects_with(kind.name, term.id)
            result[path] = feed(path, title, page_uri(term.docname), projects, page_uri, baseurl, contacts)
    return result
