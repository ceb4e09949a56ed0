"""What a published site needs besides pages: sitemap, share metadata, provenance in the footer."""

from __future__ import annotations

import datetime as dt
import html
import io
import subprocess
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from docutils import nodes
from sphinx.application import Sphinx

from ...data.formatting import absolute_url
from ...outputs.search_records import facet_values, place
from ..core.config import SITE_BUILDERS, handbook_config
from ..core.files import write_atomically
from ..core.pagebody import page_project
from ..core.state import catalog_of

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _git(folder: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def data_date(projects: Path) -> str:
    """The date of the latest change to the project files: from git in a checkout, else the newest file.

    Only the date: a commit hash in the footer says "developer project" to a reader (issue 30).
    """
    date = _git(projects, "log", "-1", "--format=%cs", "--", ".")
    if not date:
        newest = max((_modified(p) for p in projects.rglob("*.yaml")), default=0.0)
        date = dt.datetime.fromtimestamp(newest, dt.timezone.utc).date().isoformat() if newest else ""
    return date


def _modified(path: Path) -> float:
    """When a file was last changed; 0 for one that cannot be read (a link in a loop, no permission).

    Read when the settings are, before the project files are checked: a hostile file is reported
    by the check that follows, not here."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Footer provenance on every page; description and OpenGraph tags on project pages."""
    date = app.config.servicehandbok_data_date  # once per build (site.setup), so every page says the same
    if date:
        context["last_updated"] = date
    settings = handbook_config(app)
    context["servicehandbok_publisher"] = settings.publisher
    context["servicehandbok_publisher_contact"] = settings.publisher_contact
    project = page_project(app, pagename, context)
    if project is None:
        description = page_description(doctree) or DEFAULT_DESCRIPTION.get(pagename, SITE_DESCRIPTION)
        context["metatags"] = (
            context.get("metatags", "") + f'<meta name="description" content="{html.escape(description)}" />\n'
        )
        return
    catalog = catalog_of(app.env)
    facets = facet_values(project, catalog)
    where = ", ".join(place(facets, catalog))
    description = f"{project.title}. {where}. Metoder: {', '.join(facets[catalog.kinds['method'].facet])}."
    tags = {"description": description}
    properties = {
        "og:title": project.title,
        "og:description": description,
        "og:type": "article",
        "og:locale": "sv_SE",
        "og:site_name": app.config.project,
    }
    if app.config.html_baseurl:
        properties["og:url"] = absolute_url(app.config.html_baseurl, app.builder.get_target_uri(pagename))
    lines = [f'<meta name="{name}" content="{html.escape(value)}" />' for name, value in tags.items()]
    lines += [f'<meta property="{name}" content="{html.escape(value)}" />' for name, value in properties.items()]
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Load the theme's and extensions' script files with ``defer``: none is needed to show the
    page, and in ``<head>`` without it each one held up the first paint (Lighthouse)."""
    scripts = []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", None)
        if not getattr(script, "filename", "") or attributes is None or {"async", "defer", "type"} & set(attributes):
            scripts.append(script)
        else:  # Sphinx's _JavaScript is immutable: a copy with one attribute more (core/upstream.py)
            scripts.append(type(script)(script.filename, priority=script.priority, **attributes, defer="defer"))
    context["script_files"] = scripts


SITE_DESCRIPTION = "Servicehandboken: goda exempel på kommersiell och offentlig service på landsbygden i Sverige."
DEFAULT_DESCRIPTION = {"search": "Sök bland projekten i Servicehandboken efter ord, län, kommun, metod och finansiär."}
DESCRIPTION_LENGTH = 160


def page_description(doctree: nodes.document | None) -> str:
    """The page's first paragraph, cut at a word near :data:`DESCRIPTION_LENGTH` characters."""
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(paragraph.astext().split())
        if len(text) >= 40:
            if len(text) <= DESCRIPTION_LENGTH:
                return text
            return text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + " …"
    return ""


def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """``sitemap.xml`` listing every page, when the site's base URL is known (and none when it is not,
    also after a build that had one)."""
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    if not app.config.html_baseurl:
        (Path(app.outdir) / "sitemap.xml").unlink(missing_ok=True)
        return
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for docname in sorted(app.env.found_docs):
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        loc = absolute_url(app.config.html_baseurl, app.builder.get_target_uri(docname))
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
    tree = ET.ElementTree(root)
    ET.indent(tree)
    buffer = io.BytesIO()
    tree.write(buffer, encoding="utf-8", xml_declaration=True)
    write_atomically(Path(app.outdir) / "sitemap.xml", buffer.getvalue())
