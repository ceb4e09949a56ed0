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
after the pages are written. Of sphinx-design's 55 kB of rules, a page gets those whose
``sd-`` classes it uses (the fact box uses five), which spares the browser matching
hundreds of selectors on a slow phone.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..core.config import SITE_BUILDERS
from ..core.files import write_atomically

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
PRUNED = {"sphinx-design.min.css": "sd-"}
"""Stylesheets whose rules name their own class prefix: a page keeps the rules it can match."""
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')

_bundles: dict[tuple[str, ...], str] = {}
"""Output folder, member files and pruning classes → bundle file name, per process (each ``-j`` worker writes the same file)."""


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


def _blocks(css: str) -> list[tuple[str, str]]:
    """Top-level ``(prelude, body)`` pairs of a stylesheet without comments; strings are skipped."""
    blocks, start, depth, index, quote = [], 0, 0, 0, ""
    prelude_end = 0
    while index < len(css):
        char = css[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "{":
            if depth == 0:
                prelude_end = index
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((css[start:prelude_end].strip(), css[prelude_end + 1 : index]))
                start = index + 1
        index += 1
    return blocks


def _selectors(prelude: str) -> list[str]:
    """The selectors of a rule's prelude, split at commas outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in prelude:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*parts, "".join(current)]


def prune(css: str, prefix: str, used: frozenset[str]) -> str:
    """The rules of *css* whose classes starting with *prefix* are all in *used*; other rules stay."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    pattern = re.compile(r"\.(" + re.escape(prefix) + r"[\w-]+)")
    kept = []
    for prelude, body in _blocks(css):
        if prelude.startswith(("@media", "@supports", "@layer", "@container")):
            inner = prune(body, prefix, used)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in _selectors(prelude) if set(pattern.findall(s)) <= used]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(kept)


def used_classes(body: str) -> frozenset[str]:
    """Every class name in the page's markup."""
    return frozenset(name for value in CLASS_ATTRIBUTE.findall(body) for name in value.split())


def bundle(outdir: Path, members: tuple[str, ...], used: frozenset[str] = frozenset(), stamp: str = "") -> str:
    """The name under ``_static/`` of one file joining *members* in order, written if new.

    Members in :data:`PRUNED` keep only the rules that *used* classes can match. *stamp* changes
    with the style files' content (``servicehandbok_style_stamp``), so a process that builds again
    after an edit (the live preview) joins the edited files instead of naming the old bundle.
    """
    pruning = sorted(c for c in used if any(c.startswith(p) for p in PRUNED.values()))
    key = (str(outdir), stamp, *members, *pruning)  # one process may build several sites (tests)
    if key not in _bundles:
        parts = []
        for member in members:
            text = (outdir / "_static" / member).read_text(encoding="utf-8")
            if member in PRUNED:
                text = prune(text, PRUNED[member], used)
            text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text)
            parts.append(f"/* {member} */\n{text.strip()}\n")
        data = "".join(parts).encode("utf-8")
        name = f"{BUNDLE_PREFIX}{hashlib.sha256(data).hexdigest()[:12]}.css"
        target = outdir / "_static" / name
        if not target.is_file() or target.read_bytes() != data:
            write_atomically(target, data)
        _bundles[key] = name
    return _bundles[key]


def trim_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Drop the style and script files this page does not use; join its stylesheets into one."""
    if app.builder.name not in SITE_BUILDERS or "css_files" not in context:
        return
    styles, scripts = unused(context.get("body", ""))
    if templatename == "search.html":  # Sphinx's own search page (the handbook's search off): its template
        scripts = scripts - CODE_SCRIPTS  # loads searchtools.js, which runs on Sphinx's base scripts
    context["script_files"] = [s for s in context.get("script_files", []) if _name(s) not in scripts]
    outdir = Path(app.outdir)
    # Sphinx's private _CascadingStyleSheet entries.
    kept: list[Any] = []
    members: list[Any] = []
    position: int | None = None
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
            used = used_classes(context.get("body", ""))
            name = bundle(outdir, tuple(_name(m) for m in members), used, app.config.servicehandbok_style_stamp)
            # Sphinx's private _CascadingStyleSheet, made as Sphinx makes it (listed in core/upstream.py).
            first = type(first)(STATIC + name, priority=first.priority, **first.attributes)
        kept.insert(position, first)
    context["css_files"] = kept
