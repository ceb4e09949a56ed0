"""Command lines that run Sphinx: the quick-exit build (:mod:`.sphinxbuild`) and the live preview (:mod:`.live`)."""
