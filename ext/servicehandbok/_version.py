"""The package version, in a module of its own so that the core and the CLI can read it without Sphinx."""

__version__ = "0.1.0"
