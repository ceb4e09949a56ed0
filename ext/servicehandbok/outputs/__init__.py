"""Outputs: pure functions from the catalog to files beside the site: open data, feeds, search records."""
