"""Sphinx configuration of Servicehandboken."""

from __future__ import annotations

import os

project = "Servicehandboken"
author = "Servicehandbokens bidragsgivare"
copyright = "2026, Servicehandbokens bidragsgivare"
language = "sv"

extensions = ["servicehandbok"]

# MyST: only the syntax the hand-written pages use. No raw-HTML-friendly extras.
myst_enable_extensions = ["fieldlist", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Servicehandboken"
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_baseurl = os.environ.get("SERVICEHANDBOK_BASEURL", "")

nitpicky = True
exclude_patterns = ["_build", "README.md"]

servicehandbok_projects = "../projects"
servicehandbok_contacts = os.environ.get("SERVICEHANDBOK_CONTACTS", "full")
servicehandbok_edit_url = "https://github.com/servicehandboken/servicehandboken/edit/main/{path}"
servicehandbok_issue_url = "https://github.com/servicehandboken/servicehandboken/issues/new?title=Fel+i+{id}"
