"""The MkDocs plugin `plansite`: validates the corpus, adds its generated pages, builds the search index
alongside and swaps the finished site into place (plugin.py); its typed options are in config.py.

Declared as the `mkdocs.plugins` entry point `plansite` in pyproject.toml and listed under `plugins:` in
mkdocs.yml. This package is the only part of plansite that imports MkDocs: every event calls plain
functions of plansite, so moving off MkDocs is cheap.
"""
