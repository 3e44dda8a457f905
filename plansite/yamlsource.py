"""Read YAML while remembering where every value stands, so errors can name line and column.

Dates stay strings (the schema checks their form); duplicate keys are problems, not silent overwrites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

FieldPath = tuple[str | int, ...]


# libyaml parses about 15 times faster than pure Python; the pure-Python loader is the fallback.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):
    """The safe loader without the implicit timestamp type: `2024-08-13` stays the string a maintainer typed."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SCALARS = yaml.SafeLoader("")  # one constructor for every scalar value, rather than one per value


@dataclass
class SourceFile:
    """A parsed YAML file: its data and the (line, column) of every value, 1-based."""

    path: str
    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: FieldPath) -> tuple[int, int]:
        """Position of the value at `path`, or of its closest existing parent."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def problem(self, path: FieldPath, message: str) -> Problem:
        line, column = self.position(path)
        return Problem(self.path, line, column, format_field(path), message)


def format_field(path: FieldPath) -> str:
    """`('body', 3, 'children', 0, 'id')` -> `body[3].children[0].id`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(path: Path, display_path: str) -> tuple[SourceFile | None, list[Problem]]:
    """Parse one file; on failure return the problems (bad UTF-8, bad YAML, duplicate keys)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(display_path, line, column, "", "tệp không phải UTF-8: hãy lưu lại tệp với bảng mã UTF-8")]
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "cú pháp sai"
        return None, [Problem(display_path, line, column, "", f"YAML không hợp lệ ({reason}): kiểm tra thụt lề, dấu ':' và dấu ngoặc kép")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(display_path, 1, 1, "", "tệp rỗng")]
    source = SourceFile(display_path, None)
    problems: list[Problem] = []
    source.data = _construct(node, (), source, problems)
    return source, problems


def _construct(node: yaml.Node, path: FieldPath, source: SourceFile, problems: list[Problem]) -> Any:
    source.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node))
            if key in result:
                problems.append(
                    Problem(source.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                            format_field(path + (key,)), "khóa bị lặp lại trong cùng một khối: xóa một trong hai")
                )
            result[key] = _construct(value_node, path + (key,), source, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (index,), source, problems) for index, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    # Called directly (not construct_object) so the constructor keeps no per-node cache between files.
    return _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
