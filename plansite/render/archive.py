"""Zip archives of the open data, and files compressed on their own (`gzipped`: the source texts, the parts of
the side-by-side page). A data file whose size grows with the text of the corpus (the whole corpus as JSON,
the tasks and the alignment as CSV) and the corpus files themselves are published zipped: each costs a
document's worth of bytes again per document otherwise, and the site must stay within a host's size limit at
10,000 plans (measured at 2,000 plans: per-document YAML and JSON downloads 80 KB per plan, corpus.json 38 KB,
nhiem-vu.csv and doi-chieu.csv 20 KB each; deflated, a fifth to a tenth of that).

The bytes are the same for the same input (fixed member times and modes, members in the given order): two builds
of one corpus stay byte-identical."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip member can carry: no build time leaks in
LEVEL = 6  # zlib's default; level 9 saved under 2 % more on the corpus's YAML for twice the time


def zipped(members: Iterable[tuple[str, str | bytes | Path]]) -> bytes:
    """A zip archive of (name inside it, content): text is written as UTF-8, a Path is read from disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16  # a regular file, readable by all, whatever the build's umask
            data = content.read_bytes() if isinstance(content, Path) else content.encode("utf-8") if isinstance(content, str) else content
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=LEVEL)
    return buffer.getvalue()


def gzipped(content: str | bytes | Path) -> bytes:
    """A file compressed on its own (gzip, at LEVEL), with no time in its header: the same bytes for the same
    content. Text is written as UTF-8, a Path is read from disk."""
    data = content.read_bytes() if isinstance(content, Path) else content.encode("utf-8") if isinstance(content, str) else content
    return gzip.compress(data, compresslevel=LEVEL, mtime=0)


def member_name(path: str) -> str:
    """The file a zipped download holds: `du-lieu/nhiem-vu.csv.zip` holds `nhiem-vu.csv`."""
    return path.rsplit("/", 1)[-1].removesuffix(".zip")


def corpus_members(root: Path) -> list[tuple[str, Path]]:
    """Every file of the corpus folder, named as in the repository (`corpus/documents/…`), in path order.
    Hidden files and links are left out: the archive holds the corpus's own files only."""
    members = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_symlink() or not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        members.append((f"corpus/{relative.as_posix()}", path))
    return members


def read_member(data: bytes, name: str | None = None) -> bytes:
    """One member of a zip archive (the only one when no name is given): for tests and readers of the data."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name or archive.namelist()[0])
