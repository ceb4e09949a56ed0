"""Servicehandboken: a Sphinx extension that turns one YAML file per project into a handbook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the contributor CLI imports this package without Sphinx installed
    from sphinx.application import Sphinx

from ._version import __version__

STATIC = Path(__file__).parent / "static"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register configuration, the domain, the directives and the build events."""
    from .sphinxext import (
        build,
        collector,
        compare,
        compat,
        completion,
        config,
        doctreecache,
        epub,
        form,
        links,
        overview,
        pagelang,
        preview,
        publishing,
        registers,
        search,
        themefixes,
    )
    from .sphinxext.assets import trim_assets
    from .sphinxext.domain import HandbookDomain
    from .sphinxext.navigation import share_navigation

    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinx_copybutton")
    config.register(app)
    preview.register(app)
    app.add_domain(HandbookDomain)
    app.connect("config-inited", config.check)
    app.connect("config-inited", _add_static)
    app.connect("config-inited", completion.exclude_marker)
    app.connect("config-inited", collector.raise_threshold, priority=900)  # after the checks
    app.connect("build-finished", collector.restore_threshold, priority=1000)
    app.connect("builder-inited", completion.on_builder_inited, priority=400)
    app.connect("builder-inited", build.on_builder_inited)
    app.connect("env-get-outdated", completion.on_env_get_outdated)
    app.connect("env-get-outdated", build.on_env_get_outdated)
    app.connect("env-purge-doc", build.on_env_purge_doc)
    app.connect("env-merge-info", build.on_env_merge_info)
    app.connect("doctree-read", build.on_doctree_read)
    app.connect("build-finished", build.on_build_finished)
    app.connect("html-page-context", build.guard_generated_page, priority=900)
    app.connect("html-page-context", share_navigation, priority=100)  # before the theme renders the sidebar
    app.connect("html-page-context", publishing.on_html_page_context)
    app.connect("html-page-context", publishing.defer_scripts)
    app.connect("html-page-context", trim_assets, priority=800)
    app.connect("html-page-context", themefixes.focusable_table_wrappers)
    app.connect("build-finished", publishing.write_sitemap)
    app.connect("builder-inited", search.replace_sphinx_search)
    app.connect("html-collect-pages", search.collect_search_page)
    app.connect("build-finished", preview.write_index)  # search.write_index, unless the live preview defers it
    app.connect("html-page-context", search.on_html_page_context)
    app.connect("html-page-context", preview.on_html_page_context, priority=600)
    app.connect("doctree-resolved", search.mark_unindexed_sections)
    app.connect("html-collect-pages", compare.collect_compare_page)
    app.connect("html-page-context", compare.on_html_page_context)
    app.connect("doctree-resolved", compare.add_compare_link)
    app.add_node(overview.output_file)
    app.connect("doctree-resolved", overview.resolve_output_files)
    app.connect("doctree-resolved", links.resolve_raw_links)
    app.connect("doctree-resolved", themefixes.drop_duplicate_wrapper_ids)
    app.connect("doctree-resolved", form.resolve_form)
    app.connect("builder-inited", epub.declare_svg_pages)
    app.connect("build-finished", overview.write_open_data)
    app.connect("html-page-context", overview.on_html_page_context)
    app.connect("html-page-context", pagelang.on_html_page_context)
    app.connect("builder-inited", registers.on_builder_inited)
    app.connect("env-get-outdated", registers.note_removed)
    app.connect("env-get-outdated", registers.follow_shown_registers)
    app.connect("env-updated", compat.write_root_page)
    app.connect("env-before-read-docs", registers.note_read)
    app.connect("env-before-read-docs", doctreecache.bound)
    app.connect("build-finished", registers.remember)
    app.connect("build-finished", completion.on_build_finished, priority=1000)
    app.add_css_file("servicehandbok.css")
    app.add_css_file("servicehandbok-overview.css")
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}


def _add_static(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC))
