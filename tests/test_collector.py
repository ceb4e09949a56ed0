"""The garbage collector's thresholds are raised for a build and restored after it."""

from __future__ import annotations

import gc
from types import SimpleNamespace

from servicehandbok.sphinxext.lifecycle import collector


def test_the_young_threshold_is_raised_during_a_build_and_restored_after() -> None:
    before = gc.get_threshold()
    app = SimpleNamespace()
    try:
        gc.set_threshold(700, 10, 10)
        collector.raise_threshold(app, None)  # type: ignore[arg-type]
        assert gc.get_threshold() == (collector.YOUNG_THRESHOLD, 10, 10)
        collector.restore_threshold(app, None)  # type: ignore[arg-type]
        assert gc.get_threshold() == (700, 10, 10)
        collector.restore_threshold(app, None)  # type: ignore[arg-type]  # a second call changes nothing
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_a_higher_threshold_set_by_the_process_is_kept() -> None:
    before = gc.get_threshold()
    app = SimpleNamespace()
    try:
        gc.set_threshold(collector.YOUNG_THRESHOLD * 2, 10, 10)
        collector.raise_threshold(app, None)  # type: ignore[arg-type]
        assert gc.get_threshold()[0] == collector.YOUNG_THRESHOLD * 2
    finally:
        gc.set_threshold(*before)
