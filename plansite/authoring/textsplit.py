"""Split a plain, numbered plan text (one paragraph per line) into the body tree, keeping its numbering.

The nesting follows the order in which marker styles appear, as documents use them:
a style already open on the stack closes everything below it; a new style opens a level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plansite.text.folding import slugify

_ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
MARKERS = [
    ("roman", re.compile(rf"^(?P<marker>(?P<label>{_ROMAN})[.\-])\s*(?P<rest>.*)$")),
    ("decimal", re.compile(r"^(?P<marker>(?P<label>\d{1,2}(?:\.\d{1,2})+)\.?)\s+(?P<rest>.*)$")),
    ("number", re.compile(r"^(?P<marker>(?P<label>\d{1,2})[.)\-])\s+(?P<rest>.*)$")),
    ("letter", re.compile(r"^(?P<marker>(?P<label>[a-zđ])\))\s*(?P<rest>.*)$")),
    ("dash", re.compile(r"^(?P<marker>[-–—])\s*(?P<rest>.*)$")),
    ("plus", re.compile(r"^(?P<marker>\+)\s*(?P<rest>.*)$")),
    ("star", re.compile(r"^(?P<marker>\*)\s+(?P<rest>.*)$")),
]
BULLET_STYLES = {"dash", "plus", "star", "plain"}
UNCERTAIN = re.compile(r"\[\[(.+?)\]\]")


@dataclass
class _Draft:
    style: str
    depth: int  # for decimal markers: how many numbers, so 1.1. and 1.1.1. nest
    marker: str
    label: str
    text: str
    uncertain: list[str]
    children: list[_Draft] = field(default_factory=list)
    id: str = ""


def parse_line(line: str) -> _Draft:
    line = line.strip()
    for style, pattern in MARKERS:
        match = pattern.match(line)
        if match and match.group("rest") and (style != "roman" or match.group("label")):
            label = match.groupdict().get("label") or ""
            depth = label.count(".") + 1 if style == "decimal" else 0
            return _draft(style, depth, match.group("marker"), label, match.group("rest"))
    return _draft("plain", 0, "", "", line)


def _draft(style: str, depth: int, marker: str, label: str, text: str) -> _Draft:
    uncertain = UNCERTAIN.findall(text)
    return _Draft(style, depth, marker, label, UNCERTAIN.sub(r"\1", text).strip(), uncertain)


def split_text(text: str) -> list[dict]:
    """Plain text (one paragraph per line, blank lines ignored) -> body nodes as YAML-ready dicts."""
    root = _Draft("root", 0, "", "", "", [])
    stack = [root]
    # A byte order mark (a file saved as "UTF-8 with BOM") is no text: left in, it hid the first marker.
    for line in text.replace("\ufeff", "").splitlines():
        if not line.strip():
            continue
        draft = parse_line(line)
        if draft.style == "plain":
            # An unmarked paragraph continues the nearest numbered heading, beside any bullets.
            while len(stack) > 1 and stack[-1].style in BULLET_STYLES:
                stack.pop()
        else:
            open_index = next(
                (i for i in range(len(stack) - 1, 0, -1) if (stack[i].style, stack[i].depth) == (draft.style, draft.depth)),
                None,
            )
            if open_index is not None:
                del stack[open_index:]
            else:
                while len(stack) > 1 and stack[-1].style == "plain":
                    stack.pop()
        stack[-1].children.append(draft)
        stack.append(draft)
    _assign_ids(root.children, "")
    return [_to_dict(child) for child in root.children]


def _assign_ids(drafts: list[_Draft], prefix: str) -> None:
    used: set[str] = set()
    paragraph = 0
    for draft in drafts:
        if draft.label:
            own = slugify(draft.label.replace(".", " "))
            parent_tail = prefix.rsplit("-", own.count("-"))[-(own.count("-")):] if own.count("-") else []
            if draft.style == "decimal" and "-".join(parent_tail) == own.rsplit("-", 1)[0]:
                own = own.rsplit("-", 1)[1]  # 1.1. under 1. -> ...-1-1, not ...-1-1-1
        else:
            paragraph += 1
            own = f"p{paragraph}"
        candidate = f"{prefix}-{own}" if prefix else own
        suffix = 2
        while candidate in used:
            candidate = f"{prefix}-{own}-{suffix}" if prefix else f"{own}-{suffix}"
            suffix += 1
        used.add(candidate)
        draft.id = candidate
        _assign_ids(draft.children, candidate)


def _to_dict(draft: _Draft) -> dict:
    node: dict = {"id": draft.id}
    if draft.marker:
        node["marker"] = draft.marker
    node["text"] = draft.text
    if draft.uncertain:
        node["uncertain"] = draft.uncertain
    if draft.children:
        node["children"] = [_to_dict(child) for child in draft.children]
    return node
