"""Write corpus YAML the way a person would: block style, Unicode kept, long lines unwrapped."""

from __future__ import annotations

from typing import Any

import yaml

from plansite.corpus.yamlsource import TIMESTAMP, implicit_resolvers_without

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/document.schema.json\n"


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Indent list items under their key, as editors and yamllint expect.
        return super().increase_indent(flow, False)


# Without the timestamp resolver, dates are written bare (`date: 2024-08-13`), as maintainers type them.
_Dumper.yaml_implicit_resolvers = implicit_resolvers_without(yaml.SafeDumper.yaml_implicit_resolvers, TIMESTAMP)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=False)


def document_yaml(data: dict, header: str = "") -> str:
    """A whole document file: the schema line (so editors validate it), an optional comment, the data."""
    return SCHEMA_LINE + header + dump(data)
