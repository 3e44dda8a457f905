"""Turns the corpus of plans carrying out Directive 28-CT/TW into a static site.

The pipeline, one module per step:
corpus YAML -> loader (positions + schema) -> model -> validate -> graph -> pages -> MkDocs -> search.
"""
