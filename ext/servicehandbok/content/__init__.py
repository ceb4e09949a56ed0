"""Content: pure functions from the catalog to MyST pages, hub pages, related lists, statistics and maps."""
