"""Every part of Sphinx, furo and Pagefind the handbook relies on that they do not offer as API.

Sphinx, furo and Pagefind promise to keep what they document; what the handbook reads or
patches beyond that can change in any release, without a deprecation. Each such reliance is
listed in :data:`INTERNALS`: the package, the names used, the modules of this package that use
them, why, and the supported route, or why it is not taken. ``tests/test_upstream.py`` holds
one test per entry that imports or inspects the upstream part and fails with the entry's
modules in its message, so an upgrade that moves one fails there first, not as a wrong site.

Kinds of reliance (:data:`KINDS`):

- ``private``: a name with a leading underscore, or an object of a private class;
- ``undocumented``: a public-looking name that is not in the package's documented API;
- ``markup``: HTML or template text matched as a string;
- ``protocol``: a wire format or a behaviour of a program the build talks to.

For maintainers: before raising a pin in ``pyproject.toml`` (furo is pinned to one release,
Pagefind below 1.6), run ``pytest tests/test_upstream.py`` with the new release; a failure names
the module to change. When a reliance is removed, remove its entry and test; when one is added,
add both (``tests/test_upstream.py`` fails for a private name used in code and missing here).
Routes already moved off internals: the live preview serves and watches on its own instead of
extending sphinx-autobuild's private parts (``run/live.py``), the first pass reads the command
line without ``sphinx.cmd.build._parse_*`` (``run/firstpass.py``), and the EPUB builder is a
subclass registered with ``app.add_builder(..., override=True)`` instead of a method replaced
on the builder object (``site/epub.py``).

This module is data only: it imports nothing, and no build reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("private", "undocumented", "markup", "protocol")


@dataclass(frozen=True)
class Internal:
    """One reliance on an upstream part that is not API."""

    key: str
    """Short name; the test for the entry is ``tests/test_upstream.py::test_internal[<key>]``."""
    package: str
    """The distribution (as ``pip`` names it) whose release can move it."""
    names: tuple[str, ...]
    """What is used: dotted names, file names or strings matched."""
    where: tuple[str, ...]
    """The modules and files that use it, relative to ``servicehandbok/``."""
    kind: str
    why: str
    alternative: str
    """The supported route, and why it is not taken; empty when upstream offers none."""


INTERNALS: tuple[Internal, ...] = (
    Internal(
        key="sphinx-asset-classes",
        package="sphinx",
        names=(
            "sphinx.builders.html._assets._CascadingStyleSheet",
            "sphinx.builders.html._assets._JavaScript",
        ),
        where=("sphinxext/site/assets.py", "sphinxext/site/publishing.py"),
        kind="private",
        why=(
            "A page's joined stylesheet takes its members' place in the context's css_files, and each "
            "script gets defer: both make a new object of the class of the page's own assets, with "
            "Sphinx's constructor (filename, priority=, **attributes) and its filename, priority and "
            "attributes fields. Sphinx's js_tag renders attributes only for a _JavaScript."
        ),
        alternative=(
            "Sphinx.add_css_file()/add_js_file() on html-page-context add a file to one page, but every "
            "call also appends to the application's registry for good (one entry per page), which the "
            "live preview's warm application (run/firstpass.py) then adds to every later page in "
            "prepare_writing; and they cannot replace or change a file already on the page."
        ),
    ),
    Internal(
        key="sphinx-doctree-cache",
        package="sphinx",
        names=("sphinx.environment.BuildEnvironment._write_doc_doctree_cache",),
        where=("sphinxext/lifecycle/doctreecache.py",),
        kind="private",
        why=(
            "Bounds the doctrees Sphinx keeps in memory between reading and writing (most of the peak "
            "memory at 10,000 projects). Without it the build is correct, only bigger: the module "
            "skips a cache that is not a dict."
        ),
        alternative="",
    ),
    Internal(
        key="sphinx-domain-indices",
        package="sphinx",
        names=(
            "sphinx.builders.html.StandaloneHTMLBuilder.write_domain_indices",
            "sphinx.builders.html.StandaloneHTMLBuilder.domain_indices",
        ),
        where=("sphinxext/lifecycle/registers.py",),
        kind="undocumented",
        why=(
            "A register page is written only when what it shows changed: the builder's "
            "write_domain_indices is wrapped on the builder object to write the changed entries of "
            "domain_indices; the full list, which every page links in its relation bar, stays as is."
        ),
        alternative=(
            "Registers as generated pages would change their template and markup; html_domain_indices "
            "plus html-collect-pages would drop the registers from every page's relation links "
            "(rellinks); a builder subclass would replace Sphinx's html and dirhtml builders for every "
            "other extension and still override the same method. Sphinx has no event to skip a page."
        ),
    ),
    Internal(
        key="sphinx-build-info",
        package="sphinx",
        names=(
            "sphinx.builders.html.StandaloneHTMLBuilder.build_info",
            "sphinx.builders.html._build_info.BuildInfo.config_hash",
            "sphinx.builders.html._build_info.BuildInfo.tags_hash",
        ),
        where=("sphinxext/lifecycle/registers.py",),
        kind="private",
        why=(
            "A register's stamp includes the hashes of the html settings and tags, so a settings change "
            "writes every register again. The module reads them with getattr and a default, so a move "
            "would keep old registers after a settings change: the test must catch it."
        ),
        alternative="",
    ),
    Internal(
        key="sphinx-epub-content",
        package="sphinx",
        names=("sphinx.builders._epub_base.EpubBuilder.build_content",),
        where=("sphinxext/site/epub.py",),
        kind="undocumented",
        why=(
            'content.opf needs properties="svg" on pages with inline SVG (EPUBCheck OPF-014) and '
            "Sphinx's template has no place for it: the handbook's epub builder, a subclass of "
            "Epub3Builder registered with app.add_builder(..., override=True), rewrites the file after "
            "build_content writes it and before the book is zipped."
        ),
        alternative=(
            "Taken: the subclass replaced a method swapped on the builder object. Left: the name of "
            "the method it extends, which Sphinx does not document."
        ),
    ),
    Internal(
        key="sphinx-search-flag",
        package="sphinx",
        names=("sphinx.builders.html.StandaloneHTMLBuilder.search",),
        where=("sphinxext/search/page.py",),
        kind="undocumented",
        why="Turns off Sphinx's own search index (a tenth of a full build); Pagefind serves the search.",
        alternative="Sphinx has no setting that turns its search index off for the html builders.",
    ),
    Internal(
        key="sphinx-outfilename",
        package="sphinx",
        names=(
            "sphinx.builders.html.StandaloneHTMLBuilder.get_outfilename",
            "sphinx.builders.html.StandaloneHTMLBuilder.out_suffix",
        ),
        where=(
            "sphinxext/run/firstpass.py",
            "sphinxext/lifecycle/registers.py",
            "sphinxext/lifecycle/stale.py",
            "sphinxext/search/page.py",
        ),
        kind="undocumented",
        why=(
            "Where a builder writes a page (x.html, x/index.html, x.xhtml): the first pass copies that "
            "file, the registers check it exists, stale pages are found by it and by the suffix."
        ),
        alternative=("Builder.get_target_uri() is documented but gives a link (x/ for dirhtml), not the file."),
    ),
    Internal(
        key="sphinx-env-internals",
        package="sphinx",
        names=(
            "sphinx.environment.BuildEnvironment.clear_doc",
            "sphinx.environment.BuildEnvironment.toctree_includes",
            "sphinx.environment.BuildEnvironment.settings",
        ),
        where=(
            "sphinxext/run/firstpass.py",
            "sphinxext/site/navigation.py",
            "sphinxext/lifecycle/load.py",
        ),
        kind="undocumented",
        why=(
            "clear_doc: the first pass forgets a page before reading it again, as Builder.read does. "
            "toctree_includes: the documents the global toctree can mark as current, so pages outside "
            "it share one rendering of the navigation. settings: raw and file-inclusion directives "
            "are turned off for every page (defence in depth behind escaping)."
        ),
        alternative=(
            "For settings, a docutils.conf beside conf.py, which each handbook's own folder would have "
            "to carry; the others have none."
        ),
    ),
    Internal(
        key="sphinx-std-labels",
        package="sphinx",
        names=(
            "sphinx.domains.std.StandardDomain.note_hyperlink_target",
            "sphinx.domains.std.StandardDomain.anonlabels",
        ),
        where=("sphinxext/core/domain.py",),
        kind="undocumented",
        why=(
            "Indices added to the handbook domain after start-up (declared kinds) get the labels "
            "Domain.setup() gives the ones known at start-up, so {ref} links to their registers "
            "resolve; glossary links look up the glossary page's term labels (anonlabels)."
        ),
        alternative="",
    ),
    Internal(
        key="sphinx-command-line",
        package="sphinx",
        names=("sphinx.cmd.build.get_parser", "sphinx.cmd.build.main"),
        where=("sphinxext/run/firstpass.py", "sphinxext/run/sphinxbuild.py"),
        kind="undocumented",
        why=(
            "The live loop reads sphinx-build's arguments as sphinx-build does (sources, output, "
            "doctrees, -D/-A/-n/-t, warnings file); sphinxbuild.py runs sphinx-build's own main(), "
            "the function its console script names, and only skips the interpreter's teardown."
        ),
        alternative=(
            "The first pass no longer calls sphinx.cmd.build._parse_confdir, _parse_doctreedir or "
            "_parse_confoverrides: it applies the documented meaning of the options itself "
            "(run/firstpass.py: overrides). Parsing all of sphinx-build's options again by hand would "
            "drift from them."
        ),
    ),
    Internal(
        key="sphinx-warm-application",
        package="sphinx",
        names=(
            "sphinx.application.ENV_PICKLE_FILENAME",
            "sphinx.util.docutils.docutils_namespace",
            "sphinx.util.docutils.patch_docutils",
        ),
        where=("sphinxext/run/firstpass.py",),
        kind="undocumented",
        why=(
            "The live preview's first pass keeps a Sphinx application loaded from the last build's "
            "environment file in a doctree folder of its own, inside the docutils set-up that "
            "sphinx-build makes around an application."
        ),
        alternative="",
    ),
    Internal(
        key="sphinx-split-title",
        package="sphinx",
        names=("sphinx.util.nodes.split_explicit_title",),
        where=("sphinxext/pages/datafiles.py",),
        kind="undocumented",
        why="The file role reads `text <target>` the way Sphinx's own roles do.",
        alternative="",
    ),
    Internal(
        key="sphinx-swedish-table-label",
        package="sphinx",
        names=('title="Länk till detta bord"',),
        where=("templates/page.html",),
        kind="markup",
        why=(
            'Sphinx\'s Swedish catalogue translates "Link to this table" as a piece of furniture; the '
            "page template replaces the rendered title."
        ),
        alternative="A fix of the Swedish translation upstream; then the replace does nothing and can go.",
    ),
    Internal(
        key="asset-file-names",
        package="sphinx, sphinx-design, sphinx-copybutton",
        names=(
            "documentation_options.js",
            "doctools.js",
            "sphinx_highlight.js",
            "clipboard.min.js",
            "copybutton.js",
            "copybutton.css",
            "sphinx-design.min.css",
            "design-tabs.js",
            "sd-",
        ),
        where=("sphinxext/site/assets.py",),
        kind="undocumented",
        why=(
            "A page drops the style and script files it does not use, found by their file names, and "
            "sphinx-design's rules are pruned by their sd- class prefix. A renamed file would quietly "
            "stay on every page."
        ),
        alternative="",
    ),
    Internal(
        key="furo-navigation-toctree",
        package="furo",
        names=("furo._compute_navigation_tree", 'context["toctree"]'),
        where=("sphinxext/site/navigation.py",),
        kind="private",
        why=(
            "Furo renders the sidebar by calling the page context's toctree(); navigation.py replaces "
            "that callable, before furo's handler, with one that renders once per place in the site."
        ),
        alternative="",
    ),
    Internal(
        key="furo-table-wrapper",
        package="furo",
        names=("furo.WrapTableAndMathInAContainerTransform", '<div class="table-wrapper'),
        where=("sphinxext/site/themefixes.py",),
        kind="markup",
        why=(
            "Furo wraps each table in a container with the table's ids copied (two equal ids), and the "
            "wrapper scrolls without taking focus: the ids are dropped and tabindex added by class name."
        ),
        alternative="A fix in furo; then the repairs find nothing to change and can go.",
    ),
    Internal(
        key="furo-domainindex-markup",
        package="furo",
        names=("collapse_index", '<code class="xref">', "&#160;&#160;&#160;"),
        where=("templates/domainindex.html",),
        kind="markup",
        why=(
            "The registers as the theme writes them, with the collapse (an inline script for scripts "
            "pages without code do not load), the code font of the names and the indent spaces filtered out."
        ),
        alternative="Registers written as generated pages of the handbook's own, without the theme's template.",
    ),
    Internal(
        key="furo-page-markup",
        package="furo",
        names=(
            'aria-label="Toggle site navigation sidebar"',
            'aria-label="Toggle table of contents sidebar"',
            'aria-label="Toggle Light / Dark / Auto color theme"',
            'aria-label="Toggle navigation of ',
            "Skip to content",
            "<title>Contents</title>",
            "<title>Menu</title>",
            "<title>Expand</title>",
            "<title>Light mode</title>",
            "<title>Dark mode</title>",
            "<title>Auto light/dark, in light mode</title>",
            "<title>Auto light/dark, in dark mode</title>",
            "{% block footer %}",
            '<div class="related-pages">',
            '<svg class="furo-related-icon"><use href="#svg-arrow-right"></use></svg>',
            '<div class="bottom-of-page',
            '<div class="left-details">',
        ),
        where=("templates/page.html",),
        kind="markup",
        why=(
            "The page in Swedish: the template replaces furo's English labels as text, and its footer "
            "block repeats furo's markup for the next and previous links with the publisher added. "
            "furo is pinned to the release these strings were taken from (pyproject.toml)."
        ),
        alternative="Furo has no translations of its own labels and no footer hook.",
    ),
    Internal(
        key="pagefind-service",
        package="pagefind",
        names=(
            "pagefind.service.get_executable",
            "--service",
            "NewIndex",
            "AddFile",
            "GetFiles",
        ),
        where=("sphinxext/search/pagefind.py",),
        kind="protocol",
        why=(
            "The index is built by speaking the indexing service's protocol (base64 JSON messages, "
            "each followed by a comma) with a window of open requests, and the service numbers pages "
            "in the order they are sent, which is the order a search without words lists them in."
        ),
        alternative=(
            "pagefind.index.PagefindIndex, Pagefind's documented Python API, reads at most one answer "
            "per 0.1 s: 1,000 s for 10,000 pages; its command line walks the folder in no set order."
        ),
    ),
    Internal(
        key="pagefind-filter-only-patch",
        package="pagefind",
        names=("this.backend.request_indexes(ptr,term)", "pagefind.js", "pagefind-worker.js"),
        where=("sphinxext/search/pagefind.py",),
        kind="markup",
        why=(
            "Pagefind 1.5 fetches every word index for a search without words (8.4 MB at 10,000 "
            "projects); the build patches its minified search code as text, and fails when the text "
            "is not there exactly once."
        ),
        alternative="A release with Pagefind PR 1317; then drop FILTER_ONLY_BUG and this entry.",
    ),
)
"""Every reliance on an upstream part that is not API, most fragile first within each package."""
