"""The benchmark's baseline: every page the handbook generates, as plain MyST for plain Sphinx.

The issue measures the handbook against "the same pages pre-rendered to plain MyST". The pages
come from the extension's own generator (``sphinxext.lifecycle.generate.generate``) with the options the
handbook's ``conf.py`` gives, so the project pages are exactly the handbook's (related projects,
FA region, status row, form link) and the hub pages (län, kommun, metod, finansiär, projekttyp
and their overviews) are there too. Only what needs the extension is replaced:

- ``{handbook:<kind>}`id``` becomes a plain ``{doc}`` link to the page (``{doc}`/projekt/x``` for
  a project, whose heading is its title; ``{doc}`Dalarna </lan/dalarna>``` for a term), or the
  name as text where the term has no page, as the domain resolves it;
- ``{handbook:search}`` and ``{handbook:file}`` become plain HTML links to the same addresses;
- ``{ref}`` to a handbook register becomes its title as text (plain Sphinx has no such register);
- ``{handbook:map}`` becomes what the directive produces, pre-rendered: the SVG as raw HTML and
  its figures as a MyST table with plain links.

Hand-written pages that generated pages link to are stubs; the rest of the hand-written handbook
(about a dozen pages with the extension's directives) is not part of the baseline.
"""

from __future__ import annotations

import re
import runpy
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from docutils import nodes
from sphinx.addnodes import pending_xref

from servicehandbok.content import myst
from servicehandbok.content.render import RenderOptions
from servicehandbok.data.catalog import Catalog, load_catalog
from servicehandbok.outputs.search_records import facet_value
from servicehandbok.sphinxext.core.config import SETTINGS, HandbookConfig, from_config
from servicehandbok.sphinxext.core.domain import YearIndex, _index_class, domain_data
from servicehandbok.sphinxext.lifecycle.generate import generate
from servicehandbok.sphinxext.pages.figures import MapDirective

BASELINE_CONF = """
project = "Baseline"
language = "sv"
extensions = ["myst_parser", "sphinx_design", "sphinx_copybutton"]
myst_enable_extensions = ["fieldlist", "deflist", "attrs_block"]
myst_heading_anchors = 3
myst_url_schemes = ["http", "https", "mailto", "tel"]
html_theme = "furo"
html_copy_source = False
smartquotes = False
"""

ROLE = re.compile(r"\{(handbook:[a-z]+|doc|ref)\}`([^`]*)`")
MAP = re.compile(r"^```\{handbook:map\}(?: (?P<region>[a-z0-9-]+))?\n```$", re.MULTILINE)
EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
PLACEHOLDER = re.compile(r"@@sh-doc:([A-Za-z0-9_./-]+)@@")


def handbook_config(srcdir: Path) -> HandbookConfig:
    """The handbook's settings as its ``conf.py`` gives them, checked as the extension checks them."""
    namespace = runpy.run_path(str(srcdir / "conf.py"))
    values = {setting.name: namespace.get(setting.name, setting.default) for setting in SETTINGS}
    return from_config(SimpleNamespace(**values), srcdir)  # type: ignore[arg-type]


def handbook_catalog(settings: HandbookConfig) -> tuple[Catalog, RenderOptions]:
    """The catalog as the handbook's builder sees it (redacted for its contacts option), and its options."""
    options = settings.render_options()
    return load_catalog(settings.projects).redacted(options.contacts), options


class _Env:
    """What :class:`MapDirective` asks of the build environment, outside a build."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.serial = 0
        self.docname = ""

    def get_domain(self, name: str) -> Any:
        return SimpleNamespace(catalog=self.catalog)

    def note_dependency(self, path: str) -> None:
        """Nothing to note: the baseline is written once."""

    def new_serialno(self, category: str = "") -> int:
        self.serial += 1
        return self.serial - 1


class Plain:
    """Turns the handbook's generated MyST into plain MyST, for one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.data = domain_data(catalog)
        self.env = _Env(catalog)
        indices = [YearIndex, *(_index_class(kind) for kind in catalog.kinds.values())]
        self.registers = {f"handbook-{index.name}": index.localname for index in indices}

    def page(self, docname: str, text: str) -> str:
        """The plain MyST of the generated page *docname*."""
        text = MAP.sub(lambda match: self.map(docname, match["region"]), text)
        return ROLE.sub(lambda match: self.role(docname, *match.groups()), text)

    def role(self, docname: str, name: str, content: str) -> str:
        explicit = EXPLICIT.match(content)
        title, target = (explicit["title"], explicit["target"]) if explicit else (None, content)
        if name == "doc":
            return f"{{doc}}`{content}`"
        if name == "ref":
            return myst.inline(self.registers.get(target, target))
        if name == "handbook:search":
            kind, _, term_id = target.partition(":")
            query = urlencode(dict([facet_value(self.catalog, kind, term_id)]))
            return _html_link(title or target, f"{_up(docname)}search.html?{query}")
        if name == "handbook:file":
            return _html_link(title or target, f"{_up(docname)}{target}")
        kind = name.partition(":")[2]
        found = self.data["objects"].get(kind, {}).get(target)
        if found is None:
            return myst.inline(title or self.data["unlinked"].get(kind, {}).get(target, target))
        return _doc_link(*found, title, kind == "project")

    def map(self, docname: str, region: str | None) -> str:
        """What ``{handbook:map}`` puts on the page: the SVG as raw HTML and the figures as a table."""
        self.env.docname = docname
        directive = MapDirective.__new__(MapDirective)
        directive.arguments = [region] if region else []
        directive.state = SimpleNamespace(document=SimpleNamespace(settings=SimpleNamespace(env=self.env)))
        (container,) = directive.run()
        parts = []
        for child in container.children:
            if isinstance(child, nodes.raw):
                svg = PLACEHOLDER.sub(lambda m: f"{_up(docname)}{m.group(1)}.html", child.astext())
                parts.append(f"```{{raw}} html\n{svg}\n```")
            else:
                parts.append(self.table(child))
        classes = " ".join(container["classes"])
        return "````{container} " + classes + "\n" + "\n\n".join(parts) + "\n````"

    def table(self, table: nodes.Element) -> str:
        """A figures table (``overview.figures_table``) as a MyST table under its title."""
        title = table.next_node(nodes.title).astext()
        lines = []
        for number, row in enumerate(table.findall(nodes.row)):
            cells = [self.cell(entry) for entry in row.findall(nodes.entry)]
            lines.append("| " + " | ".join(cells) + " |")
            if number == 0:
                lines.append("|" + "---|" * len(cells))
        return f"```{{table}} {myst.inline(title)}\n:class: sh-figures\n\n" + "\n".join(lines) + "\n```"

    def cell(self, entry: nodes.Element) -> str:
        xref = entry.next_node(pending_xref)
        if xref is not None:
            found = self.data["objects"][xref["reftype"]].get(xref["reftarget"])
            if found is not None:
                return _doc_link(*found, None, xref["reftype"] == "project")
        text = myst.inline(entry.astext())
        return f"**{text}**" if entry.next_node(nodes.strong) is not None else text


def _doc_link(docname: str, label: str, title: str | None, titled_page: bool) -> str:
    """Plain Sphinx's cheapest link to a page: ``{doc}`` with the page's own title where it is the
    label (a project page's heading is its title), else with the label as explicit title."""
    text = title or label
    if titled_page and title is None:
        return f"{{doc}}`/{docname}`"
    if re.search(r"[<>`\\]", text):  # not literal inside a role: a MyST link, whose text is escaped
        return f"[{myst.inline(text)}](/{docname}.md)"
    return f"{{doc}}`{text} </{docname}>`"


def _up(docname: str) -> str:
    """The way from *docname*'s HTML page up to the output root."""
    return "../" * docname.count("/")


def _html_link(text: str, href: str) -> str:
    return f'<a class="reference internal" href="{href}">{myst.inline(text)}</a>'


def baseline_src(work: Path, handbook: Path) -> Path:
    """The baseline's sources: the handbook's generated pages as plain MyST, and stubs for what they link."""
    srcdir = work / "baseline"
    srcdir.mkdir(parents=True)
    (srcdir / "conf.py").write_text(BASELINE_CONF, encoding="utf-8")
    catalog, options = handbook_catalog(handbook_config(handbook))
    plain = Plain(catalog)
    pages = generate(catalog, options)
    linked: set[str] = set()
    for relative, text in pages.items():
        docname = relative.removesuffix(".md")
        page = plain.page(docname, text)
        linked.update(target.lstrip("/") for target in re.findall(r"\{doc\}`(?:[^`<]*<)?([^`<>]+)>?`", page))
        (srcdir / relative).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / relative).write_text(page, encoding="utf-8")
    overviews = sorted(f"{kind.folder}/index" for kind in catalog.kinds.values())
    index = "# Baseline\n\n```{toctree}\n:hidden:\n\n" + "\n".join(overviews) + "\n```\n"
    (srcdir / "index.md").write_text(index, encoding="utf-8")
    for docname in sorted(linked - {r.removesuffix(".md") for r in pages} - {"index"}):
        (srcdir / f"{docname}.md").parent.mkdir(parents=True, exist_ok=True)
        (srcdir / f"{docname}.md").write_text(f"---\norphan: true\n---\n\n# {docname}\n", encoding="utf-8")
    return srcdir


def refresh_baseline(srcdir: Path, handbook: Path) -> int:
    """After an edit of the handbook's projects, write the baseline pages whose text changed and
    remove those that went, as the handbook's generator does with its own pages, so that plain
    Sphinx rebuilds the same pages the handbook does; the number of files written or removed."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = baseline_src(Path(scratch), handbook)
        wanted = {page.relative_to(fresh) for page in fresh.rglob("*.md")}
        touched = 0
        for relative in sorted(wanted):
            page, target = fresh / relative, srcdir / relative
            if not target.is_file() or target.read_bytes() != page.read_bytes():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(page, target)
                touched += 1
        for old in sorted(srcdir.rglob("*.md")):
            if old.relative_to(srcdir) not in wanted:
                old.unlink()
                touched += 1
    return touched
