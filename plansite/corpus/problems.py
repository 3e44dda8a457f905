"""A problem found in a corpus file, reported as `path:line:column: field: message`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def problem_path(path: Path) -> str:
    """A corpus file as its problems name it, for every command that reports them (mkdocs, the check, the
    scaffold): relative to the folder the command runs in when the file is under it, else absolute, so that it
    opens from that terminal wherever the corpus is (PLANSITE_CORPUS). A link is named as itself. A message
    names so every file or folder of the corpus it points to (a source file not found, the registry to add an
    id to, the folder to copy a file into): `corpus/…` would name no file from another folder, or another
    corpus's. Only what describes any corpus's layout (the schema's descriptions of fields, shown in its
    messages; help texts and prompts) says `corpus/…`."""
    file = path.parent.resolve() / path.name
    try:
        return str(file.relative_to(Path.cwd()))
    except ValueError:
        return str(file)


def problem_folder(path: Path) -> str:
    """A corpus folder as `problem_path` names a file, with the final '/' that says it is a folder."""
    return os.path.join(problem_path(path), "")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        # One problem, one line: a line break inside a quoted value is shown as an escape.
        return f"{self.path}:{self.line}:{self.column}: {where}{self.message}".translate(_ONE_LINE)


class CorpusError(Exception):
    """Raised when the corpus has problems; carries all of them, never just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
