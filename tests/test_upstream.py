"""Each upstream part the handbook relies on beyond the API (``core/upstream.py``) is still there.

One test per entry of :data:`INTERNALS`: it imports or inspects the part, or builds a two-page
site with Sphinx, furo, sphinx-design and sphinx-copybutton and looks at what they did, and
fails with the entry's modules in the message. The last tests keep the table true: every entry
has its check, names code that uses it, and every private name the code uses is in it.
"""

from __future__ import annotations

import ast
import gettext
import inspect
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from servicehandbok.sphinxext.core.upstream import INTERNALS, KINDS, Internal

PACKAGE = Path(__file__).parents[1] / "ext" / "servicehandbok"

CONF = """
project = "Liten"
language = "sv"
html_theme = "furo"
extensions = ["sphinx_design", "sphinx_copybutton"]
"""
INDEX = """
Liten
=====

.. toctree::

   annan

.. table:: Tabell
   :name: tabellen

   =====  =====
   A      B
   =====  =====
   1      2
   =====  =====

.. raw:: html

   <p>rå</p>
"""


@dataclass
class Tiny:
    """A two-page site as Sphinx and the theme built it, with what the pages' contexts held."""

    app: Any
    warnings: str = ""
    assets: dict[str, list[Any]] = field(default_factory=dict)
    toctree_calls: list[dict[str, Any]] = field(default_factory=list)

    def html(self, name: str) -> str:
        return (Path(self.app.outdir) / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("tiny")
    srcdir = root / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.rst").write_text(INDEX, encoding="utf-8")
    (srcdir / "annan.rst").write_text("Annan\n=====\n\n.. toctree::\n\n   tredje\n", encoding="utf-8")
    (srcdir / "tredje.rst").write_text("Tredje\n======\n\nText.\n", encoding="utf-8")
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, builddir=root / "build", status=io.StringIO(), warning=warnings)
    built = Tiny(app)
    app.env.settings["raw_enabled"] = False  # as lifecycle/load.py does

    def record(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
        built.assets[pagename] = [*context["css_files"], *context["script_files"]]
        render = context["toctree"]

        def toctree(**kwargs: Any) -> Any:
            built.toctree_calls.append(kwargs)
            return render(**kwargs)

        context["toctree"] = toctree

    app.connect("html-page-context", record, priority=100)  # before furo's handler, as site/navigation.py
    try:
        app.build()
        built.warnings = warnings.getvalue()
        yield built
    finally:
        app.cleanup()


# --- Sphinx ------------------------------------------------------------------------------------


def sphinx_asset_classes(tiny: Tiny) -> None:
    from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

    kinds = {type(asset) for asset in tiny.assets["index"]}
    assert kinds == {_CascadingStyleSheet, _JavaScript}, kinds
    for asset in tiny.assets["index"]:
        copy = type(asset)(asset.filename, priority=asset.priority, **asset.attributes)
        assert copy == asset and copy.attributes == asset.attributes
    script = next(a for a in tiny.assets["index"] if isinstance(a, _JavaScript))
    deferred = type(script)(script.filename, priority=script.priority, **script.attributes, defer="defer")
    assert deferred.attributes["defer"] == "defer"
    css = _CascadingStyleSheet("_static/x.css", priority=300, rel="stylesheet", type="text/css")
    assert (css.filename, css.priority, css.attributes) == (
        "_static/x.css",
        300,
        {"rel": "stylesheet", "type": "text/css"},
    )


def sphinx_doctree_cache(tiny: Tiny) -> None:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    assert type(tiny.app.env._write_doc_doctree_cache) is dict
    assert "_write_doc_doctree_cache[docname] = " in inspect.getsource(Builder), "reading no longer fills it"
    assert "_write_doc_doctree_cache.pop(" in inspect.getsource(BuildEnvironment), "writing no longer takes from it"


def sphinx_domain_indices(tiny: Tiny) -> None:
    from sphinx.builders.html import StandaloneHTMLBuilder

    assert isinstance(tiny.app.builder.domain_indices, list)
    writer = inspect.getsource(StandaloneHTMLBuilder.write_domain_indices)
    assert "in self.domain_indices" in writer and "'domainindex.html'" in writer
    assert "self.write_domain_indices()" in inspect.getsource(StandaloneHTMLBuilder.gen_indices)
    assert "self.domain_indices" in inspect.getsource(StandaloneHTMLBuilder.prepare_writing), "relation links"


def sphinx_build_info(tiny: Tiny) -> None:
    info = tiny.app.builder.build_info
    assert re.fullmatch(r"[0-9a-f]{8,}", info.config_hash), info.config_hash
    assert re.fullmatch(r"[0-9a-f]{8,}", info.tags_hash), info.tags_hash


def sphinx_epub_content(tiny: Tiny) -> None:
    from sphinx.builders._epub_base import EpubBuilder
    from sphinx.builders.epub3 import Epub3Builder

    assert "content.opf" in inspect.getsource(EpubBuilder.build_content)
    finish = inspect.getsource(Epub3Builder.handle_finish)
    assert finish.index("self.build_content()") < finish.index("self.build_epub()")


def sphinx_search_flag(tiny: Tiny) -> None:
    from sphinx.builders.html import StandaloneHTMLBuilder

    assert tiny.app.builder.search is True
    assert "if self.search:" in inspect.getsource(StandaloneHTMLBuilder.prepare_writing), "the indexer"
    assert "if self.search:" in inspect.getsource(StandaloneHTMLBuilder.gen_additional_pages), "search.html"


def sphinx_outfilename(tiny: Tiny) -> None:
    from sphinx.builders.dirhtml import DirectoryHTMLBuilder
    from sphinx.builders.epub3 import Epub3Builder

    outdir = Path(tiny.app.outdir)
    assert Path(tiny.app.builder.get_outfilename("projekt/a")) == outdir / "projekt" / "a.html"
    assert (outdir / "annan.html") == Path(tiny.app.builder.get_outfilename("annan"))
    dirhtml = DirectoryHTMLBuilder(tiny.app, tiny.app.env)  # not initialised: only where it writes
    assert Path(dirhtml.get_outfilename("projekt/a")) == outdir / "projekt" / "a" / "index.html"
    assert tiny.app.builder.out_suffix == ".html"
    assert "self.out_suffix = '.xhtml'" in inspect.getsource(Epub3Builder.init)


def sphinx_env_internals(tiny: Tiny) -> None:
    env = tiny.app.env
    assert env.toctree_includes == {"index": ["annan"], "annan": ["tredje"]}
    assert '"raw" directive disabled' in tiny.warnings, "env.settings no longer reach docutils"
    assert "<p>rå</p>" not in tiny.html("index")
    assert list(inspect.signature(env.clear_doc).parameters) == ["docname"]


def sphinx_std_labels(tiny: Tiny) -> None:
    std = tiny.app.env.get_domain("std")
    std.note_hyperlink_target("liten-register", "liten-register", "", "Register")
    assert std.labels["liten-register"] == ("liten-register", "", "Register")
    assert std.anonlabels["liten-register"] == ("liten-register", "")
    assert std.anonlabels["tabellen"] == ("index", "tabellen")


def sphinx_command_line(tiny: Tiny) -> None:
    from sphinx.cmd import build

    from servicehandbok.sphinxext.run.firstpass import Target, overrides, sphinx_arguments

    argv = ["-b", "dirhtml", "-d", "dt", "-D", "a=b=c", "-A", "n=1", "-A", "t=x", "-n", "-t", "tagg", "-w", "w.txt"]
    args = sphinx_arguments([*argv, "src", "out"])
    assert (args.sourcedir, args.outputdir, args.doctreedir, args.builder) == ("src", "out", "dt", "dirhtml")
    assert (args.confdir, args.noconfig, args.warnfile, args.tags) == (None, False, "w.txt", ["tagg"])
    assert overrides(args) == {"a": "b=c", "html_context.n": 1, "html_context.t": "x", "nitpicky": True}
    if hasattr(build, "_parse_confoverrides"):  # the meaning the first pass copies, while Sphinx has it
        parser = build.get_parser()
        assert overrides(args) == build._parse_confoverrides(parser, args.define, args.htmldefine, args.nitpicky)
    target = Target.from_sphinx_args(["-b", "html", "src", "out"])
    assert target.doctreedir == Path("out", ".doctrees").resolve()
    (script,) = entry_points(group="console_scripts", name="sphinx-build")
    assert script.value == "sphinx.cmd.build:main"


def sphinx_warm_application(tiny: Tiny) -> None:
    from sphinx.application import ENV_PICKLE_FILENAME
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    assert (Path(tiny.app.doctreedir) / ENV_PICKLE_FILENAME).is_file()
    assert (Path(tiny.app.doctreedir) / "annan.doctree").is_file(), "the doctree folder's layout"
    with patch_docutils(tiny.app.confdir), docutils_namespace():
        pass


def sphinx_split_title(tiny: Tiny) -> None:
    from sphinx.util.nodes import split_explicit_title

    assert split_explicit_title("Tabellen <data/x.csv>") == (True, "Tabellen", "data/x.csv")
    assert split_explicit_title("data/x.csv") == (False, "data/x.csv", "data/x.csv")


def sphinx_swedish_table_label(tiny: Tiny) -> None:
    import sphinx

    catalogue = gettext.translation("sphinx", Path(sphinx.__file__).parent / "locale", languages=["sv"])
    assert catalogue.gettext("Link to this table") == "Länk till detta bord", "fixed upstream: drop the replace"
    assert 'title="Länk till detta bord"' in tiny.html("index")
    assert 'title="Länk till detta bord"' in (PACKAGE / "templates" / "page.html").read_text(encoding="utf-8")


def asset_file_names(tiny: Tiny) -> None:
    from servicehandbok.sphinxext.site import assets

    names = {str(asset.filename).removeprefix("_static/") for asset in tiny.assets["index"]}
    expected = assets.CODE_STYLES | assets.DESIGN_STYLES | assets.SEPARATE_STYLES | assets.CODE_SCRIPTS
    missing = (expected | assets.TAB_SCRIPTS) - names
    assert not missing, f"no longer on the page under these names: {sorted(missing)}"
    design = (Path(tiny.app.outdir) / "_static" / "sphinx-design.min.css").read_text(encoding="utf-8")
    assert len(re.findall(r"\.sd-[\w-]+", design)) > 100, "sphinx-design's classes no longer start with sd-"


# --- furo --------------------------------------------------------------------------------------


def _furo_templates() -> str:
    import furo

    root = Path(furo.__file__).parent
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.html")))


def furo_navigation_toctree(tiny: Tiny) -> None:
    import furo

    assert 'context["toctree"]' in inspect.getsource(furo._compute_navigation_tree)
    assert {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True} in tiny.toctree_calls
    assert re.search(r'connect\("html-page-context", _html_page_context\)\n', inspect.getsource(furo.setup)), (
        "furo's handler must run after navigation.py's (priority 100)"
    )


def furo_table_wrapper(tiny: Tiny) -> None:
    import furo

    transform = inspect.getsource(furo.WrapTableAndMathInAContainerTransform)
    assert 'classes=["table-wrapper"]' in transform and "update_all_atts(table_node)" in transform
    html = tiny.html("index")
    assert '<div class="table-wrapper docutils container" id="tabellen">' in html
    assert html.count('id="tabellen"') == 2, "furo no longer copies the table's id: drop the repair"


def furo_domainindex_markup(tiny: Tiny) -> None:
    """The theme's register template still holds what templates/domainindex.html sets or filters out."""
    import furo

    entry = next(e for e in INTERNALS if e.key == "furo-domainindex-markup")
    template = (Path(furo.__file__).parent / "theme" / "furo" / "domainindex.html").read_text(encoding="utf-8")
    gone = [text for text in entry.names if text not in template]
    assert not gone, f"furo's domainindex.html no longer has: {gone}"


def furo_page_markup(tiny: Tiny) -> None:
    """Each string is in the page furo writes (template text: in furo's templates), and in ours."""
    entry = next(e for e in INTERNALS if e.key == "furo-page-markup")
    written, templates = tiny.html("index"), _furo_templates()
    gone = [text for text in entry.names if text not in (templates if "{%" in text else written)]
    assert not gone, f"furo no longer writes: {gone}"
    unused = [text for text in entry.names if text not in (PACKAGE / "templates" / "page.html").read_text("utf-8")]
    assert not unused, f"templates/page.html no longer matches: {unused}"


# --- Pagefind ----------------------------------------------------------------------------------


def _site(root: Path, names: list[str]) -> list[str]:
    for name in names:
        page = root / f"{name}.html"
        page.write_text(f'<html lang="sv"><body><div data-pagefind-body><h1>{name}</h1></div></body></html>')
    return [f"{name}.html" for name in names]


def pagefind_service(tiny: Tiny, tmp_path: Path) -> None:
    from pagefind.service import get_executable

    from conftest import pagefind_order
    from servicehandbok.sphinxext.search.pagefind import build_index

    assert get_executable() is not None and Path(get_executable()).is_file()
    order = ["gamma", "alfa", "beta"]
    build_index(tmp_path, _site(tmp_path, order), tmp_path / "pagefind", [])
    assert pagefind_order(tmp_path) == [f"/{name}.html" for name in order]


def pagefind_filter_only_patch(tiny: Tiny, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from servicehandbok.sphinxext.search import pagefind

    monkeypatch.setattr(pagefind, "patch_filter_only_search", lambda index: None)
    pagefind.build_index(tmp_path, _site(tmp_path, ["alfa"]), tmp_path / "pagefind", [])
    for name in pagefind.PATCHED:
        code = (tmp_path / "pagefind" / name).read_text(encoding="utf-8")
        assert code.count(pagefind.FILTER_ONLY_BUG) == 1, name
        assert pagefind.FILTER_ONLY_FIX not in code, f"{name} has the fix: drop the patch"


CHECKS: dict[str, Callable[..., None]] = {
    "sphinx-asset-classes": sphinx_asset_classes,
    "sphinx-doctree-cache": sphinx_doctree_cache,
    "sphinx-domain-indices": sphinx_domain_indices,
    "sphinx-build-info": sphinx_build_info,
    "sphinx-epub-content": sphinx_epub_content,
    "sphinx-search-flag": sphinx_search_flag,
    "sphinx-outfilename": sphinx_outfilename,
    "sphinx-env-internals": sphinx_env_internals,
    "sphinx-std-labels": sphinx_std_labels,
    "sphinx-command-line": sphinx_command_line,
    "sphinx-warm-application": sphinx_warm_application,
    "sphinx-split-title": sphinx_split_title,
    "sphinx-swedish-table-label": sphinx_swedish_table_label,
    "asset-file-names": asset_file_names,
    "furo-navigation-toctree": furo_navigation_toctree,
    "furo-table-wrapper": furo_table_wrapper,
    "furo-domainindex-markup": furo_domainindex_markup,
    "furo-page-markup": furo_page_markup,
    "pagefind-service": pagefind_service,
    "pagefind-filter-only-patch": pagefind_filter_only_patch,
}


@pytest.mark.parametrize("entry", INTERNALS, ids=lambda entry: entry.key)
def test_internal(entry: Internal, tiny: Tiny, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check = CHECKS[entry.key]
    extra = {"tmp_path": tmp_path, "monkeypatch": monkeypatch}
    wanted = {name: value for name, value in extra.items() if name in inspect.signature(check).parameters}
    try:
        check(tiny, **wanted)
    except Exception as exc:
        problem = f"{type(exc).__name__}: {exc}"
    else:
        return
    names = ", ".join(entry.names[:3]) + (" …" if len(entry.names) > 3 else "")
    pytest.fail(
        f"{entry.package} changed {names}: change {', '.join(entry.where)} and the entry {entry.key!r} "
        f"in core/upstream.py\n{problem}",
        pytrace=False,
    )


# --- The table itself --------------------------------------------------------------------------


def test_every_entry_has_one_check_and_a_known_kind() -> None:
    keys = [entry.key for entry in INTERNALS]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(CHECKS)
    assert {entry.kind for entry in INTERNALS} <= set(KINDS)
    assert all(entry.why and entry.where and entry.names for entry in INTERNALS)


def _token(name: str) -> str:
    """What a module that relies on *name* spells: the last part of a dotted name, else the text."""
    return name.rsplit(".", 1)[-1] if re.fullmatch(r"[\w.]+", name) else name


@pytest.mark.parametrize("entry", INTERNALS, ids=lambda entry: entry.key)
def test_each_listed_module_uses_the_entry(entry: Internal) -> None:
    """A module in ``where`` names at least one of the parts (code, comment or the string matched)."""
    for where in entry.where:
        path = PACKAGE / where
        assert path.is_file(), f"{entry.key}: {where} does not exist"
        text = path.read_text(encoding="utf-8")
        assert any(_token(name) in text for name in entry.names), f"{entry.key}: {where} uses none of {entry.names}"


UPSTREAM = ("sphinx", "docutils", "furo", "pagefind", "myst_parser", "sphinx_design", "sphinx_copybutton")
UPSTREAM += ("notfound", "sphinx_autobuild", "watchfiles")
ATTRIBUTE_FUNCTIONS = {"getattr", "setattr", "hasattr", "delattr"}
STANDARD = {"os", "sys"}
"""Modules whose underscore names are documented API (``os._exit``)."""


def _private_names(path: Path) -> set[str]:
    """Private upstream names *path* uses: imported, read as an attribute, or named in getattr & co."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in UPSTREAM:
            found.update(alias.name for alias in node.names if alias.name.startswith("_"))
            found.update(part for part in (node.module or "").split(".") if part.startswith("_"))
        elif isinstance(node, ast.Attribute) and re.fullmatch(r"_[a-zA-Z]\w*", node.attr):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if owner not in {"self", "cls", *STANDARD}:
                found.add(node.attr)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ATTRIBUTE_FUNCTIONS and len(node.args) > 1:
            name = node.args[1]
            value = name.value if isinstance(name, ast.Constant) else constants.get(getattr(name, "id", ""), "")
            if isinstance(value, str) and value.startswith("_") and not value.startswith("_servicehandbok"):
                found.add(value)
    return found


def test_every_private_upstream_name_in_the_code_is_listed() -> None:
    listed = {part for entry in INTERNALS for name in entry.names for part in name.split(".")}
    used = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in _private_names(path)
        if name not in listed
    }
    assert not used, f"private names used but not in core/upstream.py: {sorted(used)}"
