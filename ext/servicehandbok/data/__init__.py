"""Reading and checking: YAML reader, schema, rules, vocabularies, the typed model and the catalog. No Sphinx."""
