"""Sphinx configuration of Servicehandboken."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from servicehandbok import __version__

project = "Servicehandboken"
author = "Servicehandbokens redaktion"
copyright = "2026, Servicehandbokens redaktion"
language = "sv"
version = release = __version__

extensions = ["servicehandbok", "notfound.extension"]

# MyST: only the syntax the hand-written pages use. No raw-HTML-friendly extras.
myst_enable_extensions = ["fieldlist", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Servicehandboken"
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
# No page uses Sphinx's general index (the registers are the handbook domain's indices), so
# it would be an empty page; leaving it out also saves about half a second on every build.
html_use_index = False
html_last_updated_fmt = None
# The published address, e.g. https://example.github.io/servicehandboken/ — gives canonical
# links, og:url and sitemap.xml. The 404 page needs the path part to find its styles.
html_baseurl = os.environ.get("SERVICEHANDBOK_BASEURL", "")
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"
NOTFOUND_BODY = """<h1>Sidan finns inte</h1>
<p>Sidan du letar efter finns inte, eller har flyttat. Sök bland projekten eller börja på startsidan.</p>
<form action="{search}" method="get" role="search">
<label for="nf-q">Sökord</label> <input id="nf-q" name="q" type="search">
<button type="submit">Sök</button></form>
<p><a href="{home}">Till startsidan</a></p>"""
notfound_context = {"title": "Sidan finns inte", "body": NOTFOUND_BODY}


def _notfound_links(app):
    """The 404 page's links, in the builder's own page names (search.html or search/)."""
    uri = app.builder.get_target_uri
    app.config.notfound_context["body"] = NOTFOUND_BODY.format(
        search=notfound_urls_prefix + uri("search"), home=notfound_urls_prefix + uri("index")
    )


def setup(app):
    app.connect("builder-inited", _notfound_links)


epub_title = "Servicehandboken"
epub_publisher = author
epub_show_urls = "no"

nitpicky = True
exclude_patterns = ["_build", "README.md"]

servicehandbok_projects = "../projects"
servicehandbok_contacts = os.environ.get("SERVICEHANDBOK_CONTACTS", "full")
servicehandbok_edit_url = "https://github.com/servicehandboken/servicehandboken/edit/main/{path}"
servicehandbok_form_page = "lagg-till"
servicehandbok_issue_url = "https://github.com/servicehandboken/servicehandboken/issues/new?title=Fel+i+{id}"
# Who stands behind the handbook: named in the footer, on the form, the about page and in the open data.
servicehandbok_publisher = "Servicehandbokens redaktion"
servicehandbok_publisher_contact = "https://github.com/servicehandboken/servicehandboken/issues"
