"""Each page loads only the style and script files it uses, its styles as one file.

Furo, sphinx-design, sphinx-copybutton and the handbook each add their files to every page:
seven stylesheets that hold up the first paint (each one a request on a slow phone link,
Lighthouse's "render-blocking resources") and eight scripts. Most pages need far fewer:
copybutton's and the code colours only where there is a code block, sphinx-design's only
where one of its components is, its tab script only with tabs, and Sphinx's own helper
scripts only for copybutton (Sphinx's search, which they serve, is replaced by Pagefind).

The stylesheets a page keeps are joined, in their cascade order, into one file named by
its content (``_static/styles-<hash>.css``), written the first time a page asks for
that combination. Code colours stay a file of their own: furo rewrites ``pygments.css``
after the pages are written.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .completion import write_atomically
from .config import SITE_BUILDERS

STATIC = "_static/"
CODE_MARK = 'class="highlight'
DESIGN_MARK = re.compile(r'class="(?:[^"]* )?sd-')
TABS_MARK = "sd-tab-set"

CODE_STYLES = {"pygments.css", "copybutton.css"}
DESIGN_STYLES = {"sphinx-design.min.css"}
SEPARATE_STYLES = {"pygments.css"}
CODE_SCRIPTS = {
    "documentation_options.js",
    "doctools.js",
    "sphinx_highlight.js",
    "translations.js",
    "clipboard.min.js",
    "copybutton.js",
}
TAB_SCRIPTS = {"design-tabs.js"}
BUNDLE_PREFIX = "styles-"

_bundles: dict[tuple[str, ...], str] = {}
"""Member files → bundle file name, per process (each ``-j`` worker writes the same file)."""


def _name(asset: Any) -> str:
    """The file name of a local asset under ``_static/``, or "" for anything else."""
    filename = str(getattr(asset, "filename", "") or "")
    if not filename.startswith(STATIC) or "://" in filename or "?" in filename:
        return ""
    return filename.removeprefix(STATIC)


def unused(body: str) -> tuple[set[str], set[str]]:
    """(stylesheets, scripts) that a page with this body does not use."""
    styles: set[str] = set()
    scripts: set[str] = set()
    if CODE_MARK not in body:
        styles |= CODE_STYLES
        scripts |= CODE_SCRIPTS
    if not DESIGN_MARK.search(body):
        styles |= DESIGN_STYLES
    if TABS_MARK not in body:
        scripts |= TAB_SCRIPTS
    return styles, scripts


def bundle(outdir: Path, members: tuple[str, ...]) -> str:
    """The name under ``_static/`` of one file joining *members* in order, written if new."""
    if members not in _bundles:
        parts = []
        for member in members:
            text = (outdir / "_static" / member).read_text(encoding="utf-8")
            text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text)
            parts.append(f"/* {member} */\n{text.strip()}\n")
        data = "".join(parts).encode("utf-8")
        name = f"{BUNDLE_PREFIX}{hashlib.sha256(data).hexdigest()[:12]}.css"
        target = outdir / "_static" / name
        if not target.is_file() or target.read_bytes() != data:
            write_atomically(target, data)
        _bundles[members] = name
    return _bundles[members]


def trim_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Drop the style and script files this page does not use; join its stylesheets into one."""
    if app.builder.name not in SITE_BUILDERS or "css_files" not in context:
        return
    styles, scripts = unused(context.get("body", ""))
    context["script_files"] = [s for s in context.get("script_files", []) if _name(s) not in scripts]
    outdir = Path(app.outdir)
    kept, members, position = [], [], None
    for css in context["css_files"]:
        name = _name(css)
        if name in styles:
            continue
        joinable = (
            name
            and name not in SEPARATE_STYLES
            and set(css.attributes) <= {"rel", "type"}
            and css.attributes.get("rel") == "stylesheet"
            and (outdir / "_static" / name).is_file()
        )
        if joinable:
            position = len(kept) if position is None else position
            members.append(css)
        else:
            kept.append(css)
    if position is not None:
        first = members[0]
        if len(members) > 1:
            name = bundle(outdir, tuple(_name(m) for m in members))
            first = type(first)(STATIC + name, priority=first.priority, **first.attributes)
        kept.insert(position, first)
    context["css_files"] = kept
