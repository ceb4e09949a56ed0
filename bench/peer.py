"""The peer in the benchmark: the same N projects as sphinx-needs would publish them.

Each project page is the benchmark's plain project page (``run.project_pages_src``: the
project pages alone, roles replaced by their labels) with one need at its top, carrying
the project's län, methods and funders as options, and each län has a page with a
``needtable`` of its projects. Built with the same theme and extensions, so its time over
those project pages is what sphinx-needs adds, as the handbook's time over its baseline
(``plain.py``) is what the handbook adds. sphinx-needs is an optional dependency (the
``bench`` extra); without it the benchmark prints "n/a" in its column.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

from servicehandbok.data.catalog import Catalog

NEEDS_CONF = """
extensions += ["sphinx_needs"]
needs_extra_options = ["lan", "methods", "funders"]
needs_id_regex = "^P_[0-9]+$"
suppress_warnings = ["needs.deprecated"]
"""

_HEADING = re.compile(r"^# .*$", re.MULTILINE)


def available() -> bool:
    """True when sphinx-needs is installed (``pip install .[bench]``)."""
    return importlib.util.find_spec("sphinx_needs") is not None


def need_id(number: int) -> str:
    return f"P_{number:05d}"


def _need(number: int, title: str, regions: list[str], methods: list[str], funders: list[str]) -> str:
    """A ``req`` need with the project's terms as options (ids, comma-separated)."""
    lines = [f"```{{req}} {title}", f":id: {need_id(number)}", f":lan: {', '.join(regions) or 'hela-landet'}"]
    if methods:
        lines.append(f":methods: {', '.join(methods)}")
    if funders:
        lines.append(f":funders: {', '.join(funders)}")
    return "\n".join([*lines, "```"])


def _table(region_id: str, label: str) -> str:
    return (
        "---\norphan: true\n---\n\n"
        f"# {label}\n\n"
        "```{needtable}\n"
        f':filter: search(r"(^|, ){region_id}(,|$)", lan)\n'
        ":columns: id;title;lan;methods;funders\n"
        ":style: table\n"
        "```\n"
    )


def needs_src(work: Path, baseline: Path, catalog: Catalog) -> Path:
    """A copy of the baseline sources with a need on every project page and a needtable page per län."""
    srcdir = work / "needs"
    shutil.copytree(baseline, srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + NEEDS_CONF, encoding="utf-8")
    for number, project in enumerate(catalog.projects.values(), start=1):
        page = srcdir / f"{project.docname}.md"
        text = page.read_text(encoding="utf-8")
        funders = [c.funder for c in project.budget.co_funders if c.funder]
        title = " ".join(project.title.replace("`", "").split())
        need = _need(number, title, list(project.regions), list(project.methods), funders)
        heading = _HEADING.search(text)
        assert heading is not None, page
        page.write_text(f"{text[: heading.end()]}\n\n{need}\n{text[heading.end() :]}", encoding="utf-8")
    (srcdir / "lan").mkdir()
    for region in catalog.vocabulary.sorted("region"):
        (srcdir / "lan" / f"{region.id}.md").write_text(_table(region.id, region.label), encoding="utf-8")
    return srcdir
