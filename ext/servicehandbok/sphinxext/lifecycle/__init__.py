"""A build's life: load and check the data, write the generated pages, and keep every rebuild equal to a clean one."""

from __future__ import annotations

from sphinx.application import Sphinx

from ..core.events import Order
from . import collector, compat, completion, dependents, doctreecache, load, registers, stale


def setup(app: Sphinx) -> None:
    app.connect("config-inited", completion.exclude_marker)
    app.connect("config-inited", collector.raise_threshold, priority=Order.AFTER_CHECKS)
    app.connect("builder-inited", completion.on_builder_inited, priority=Order.BEFORE_LOAD)
    app.connect("builder-inited", load.on_builder_inited)
    app.connect("builder-inited", registers.on_builder_inited)
    app.connect("env-get-outdated", completion.on_env_get_outdated)
    app.connect("env-get-outdated", dependents.on_env_get_outdated)
    app.connect("env-get-outdated", registers.note_removed)
    app.connect("env-get-outdated", registers.follow_shown_registers)
    app.connect("env-get-outdated", stale.note_removed_docs)
    app.connect("env-before-read-docs", registers.note_read)
    app.connect("env-before-read-docs", doctreecache.bound)
    app.connect("env-purge-doc", dependents.on_env_purge_doc)
    app.connect("env-merge-info", dependents.on_env_merge_info)
    app.connect("doctree-read", dependents.on_doctree_read)
    app.connect("env-updated", compat.write_root_page)
    app.connect("build-finished", stale.remove_stale_pages)
    app.connect("build-finished", registers.remember)
    app.connect("build-finished", collector.restore_threshold, priority=Order.LAST)
    app.connect("build-finished", completion.on_build_finished, priority=Order.LAST)
