"""The Sphinx glue: configuration, events, the handbook domain, directives, the search page and publishing."""
