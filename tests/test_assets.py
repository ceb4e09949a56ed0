"""Each page loads only the style and script files it uses, its stylesheets joined into one."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from conftest import copy_projects
from servicehandbok.sphinxext.site.assets import prune, unused, used_classes

STYLESHEET = re.compile(r'<link rel="stylesheet" type="text/css" href="([^"?]+)')
SCRIPT = re.compile(r'<script [^>]*src="([^"?]+)')
CODE_PAGE = """---
orphan: true
---
# Kod

```console
$ nox -s docs
```
"""


def test_a_page_without_code_or_components_needs_neither_their_styles_nor_their_scripts() -> None:
    styles, scripts = unused("<p>Bara text</p>")
    assert {"pygments.css", "copybutton.css", "sphinx-design.min.css"} <= styles
    assert {"copybutton.js", "doctools.js", "design-tabs.js"} <= scripts


def test_a_page_keeps_what_its_markup_uses() -> None:
    body = '<div class="highlight-console notranslate"><div class="highlight"><pre>x</pre></div></div>'
    body += '<div class="sd-card sd-mb-3 docutils"><div class="sd-tab-set">…</div></div>'
    assert unused(body) == (set(), set())


def test_a_pruned_stylesheet_keeps_the_rules_the_page_can_match() -> None:
    css = (
        ":root{--sd-x:1}/* note */.sd-card{display:flex}.sd-btn{color:red}"
        ".sd-card .sd-btn,.sd-card>p{margin:0}@media (min-width:5px){.sd-card{a:b}.sd-btn{c:d}}"
        '@keyframes sd-fade{0%{opacity:0}}.sd-card::after{content:"}{"}'
    )
    used = used_classes('<div class="sd-card docutils"><p class="x">')
    assert prune(css, "sd-", used) == (
        ":root{--sd-x:1}.sd-card{display:flex}.sd-card>p{margin:0}@media (min-width:5px){.sd-card{a:b}}"
        '@keyframes sd-fade{0%{opacity:0}}.sd-card::after{content:"}{"}'
    )


def test_pages_load_one_joined_stylesheet_and_only_the_scripts_they_use(handbook, tmp_path: Path) -> None:
    (handbook.srcdir / "kod.md").write_text(CODE_PAGE, encoding="utf-8")
    built = handbook(
        copy_projects(tmp_path / "projects", ["bjorbo-pakethantering", "uppsala-servicepunkter"]), html_theme="furo"
    )
    static = built.outdir / "_static"

    index = built.html("index")
    (joined,) = STYLESHEET.findall(index)
    assert re.fullmatch(r"_static/styles-[0-9a-f]{12}\.css", joined)
    text = (built.outdir / joined).read_text(encoding="utf-8")
    members = re.findall(r"^/\* (\S+) \*/$", text, re.MULTILINE)
    assert members == [
        "styles/furo.css",
        "servicehandbok.css",
        "servicehandbok-overview.css",
        "styles/furo-extensions.css",
    ]
    assert (static / "styles" / "furo.css").read_text(encoding="utf-8").split("/*# sourceMappingURL")[0].strip() in text
    assert "sourceMappingURL" not in text
    # a web server running as another user reads it
    assert stat.S_IMODE((built.outdir / joined).stat().st_mode) & 0o044 == 0o044
    assert [Path(s).name for s in SCRIPT.findall(index)] == ["furo.js"]

    project = built.html("projekt/bjorbo-pakethantering")
    (with_design,) = STYLESHEET.findall(project)
    design = (
        (built.outdir / "projekt" / with_design).read_text(encoding="utf-8").split("/* sphinx-design.min.css */")[1]
    )
    assert ".sd-card{" in design and ".sd-card-body{" in design and ".sd-btn" not in design

    code = built.html("kod")
    names = [Path(s).name for s in STYLESHEET.findall(code)]
    assert names[0] == "pygments.css" and len(names) == 2
    assert "/* copybutton.css */" in (built.outdir / STYLESHEET.findall(code)[1]).read_text(encoding="utf-8")
    scripts = [Path(s).name for s in SCRIPT.findall(code)]
    assert {"documentation_options.js", "clipboard.min.js", "copybutton.js", "furo.js"} <= set(scripts)
    assert "design-tabs.js" not in scripts


def test_a_second_site_built_in_the_same_process_gets_its_own_joined_stylesheet(handbook, tmp_path: Path) -> None:
    projects = copy_projects(tmp_path / "projects", ["uppsala-servicepunkter"])
    for builder in ("html", "dirhtml"):
        built = handbook(projects, html_theme="furo", buildername=builder)
        index = (built.outdir / "index.html").read_text(encoding="utf-8")
        (joined,) = STYLESHEET.findall(index)
        assert (built.outdir / joined).is_file(), builder


def test_sphinx_search_page_keeps_the_scripts_it_runs_on(handbook, tmp_path: Path) -> None:
    """With the handbook's search off, Sphinx's own search page runs searchtools.js, which needs
    doctools.js and documentation_options.js (once dropped: "_ready is not defined")."""
    built = handbook(copy_projects(tmp_path / "projects"), servicehandbok_search=False)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', built.html("search"))
    names = [Path(src.split("?")[0]).name for src in scripts]
    assert "searchtools.js" in names
    assert {"doctools.js", "documentation_options.js"} <= set(names)
    # and a page without code still goes without them
    assert "doctools.js" not in built.html("projekt/bjorbo-pakethantering")
