"""Reading the corpus: YAML with positions, the schema, the typed model, validation."""
