"""Tools for maintainers: the scaffold, text splitting, extraction suggestions, YAML writing, fidelity."""
