"""Compressed downloads, and files compressed on their own (`gzipped`: the source texts, the parts of the
side-by-side page, which the browser decompresses). A data file whose size grows with the text of the corpus
(the whole corpus as JSON, the tasks and the alignment as CSV) and the corpus files themselves are published
compressed: each costs a document's worth of bytes again per document otherwise, and the site must stay within
a host's size limit at 10,000 plans (measured at 2,000 plans: per-document YAML and JSON downloads 80 KB per
plan, corpus.json 38 KB, nhiem-vu.csv and doi-chieu.csv 20 KB each; deflated, a fifth to a tenth of that).

The two downloads of the whole corpus (its files, `tar_xz`; its JSON, `xz_compressed`) are xz, one stream
for all: a plan repeats much of the plan it carries out, and deflate, member by member in a zip and with a
window of 32 KB, cannot see that. Measured at 2,000 generated plans, where the repetition is heavier than in
the real corpus: the files 23.1 MB zipped, 2.3 MB as .tar.xz; the JSON 9.1 and 1.6 MB; on the repository's own
corpus the files 285 and 231 KB. At preset 2 this takes the CPU time deflate took (3.0 against 3.2 s for the
files, 1.3 against 1.9 s for the JSON); preset 3 saves a further 18 % for 25 % more time, preset 6 takes 7
times as long. The tables stay zip, the format a spreadsheet user's computer opens without another program.

The bytes are the same for the same input (fixed member times, owners and modes, members in the given order):
two builds of one corpus stay byte-identical."""

from __future__ import annotations

import gzip
import io
import lzma
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip member can carry: no build time leaks in
LEVEL = 6  # zlib's default; level 9 saved under 2 % more on the corpus's YAML for twice the time
XZ_PRESET = 2  # see above


def zipped(members: Iterable[tuple[str, str | bytes | Path | Iterable[str]]]) -> bytes:
    """A zip archive of (name inside it, content): text is written as UTF-8, a Path is read from disk, and
    pieces of text (any other iterable) are compressed as they come, never joined (see `xz_compressed`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16  # a regular file, readable by all, whatever the build's umask
            # What `writestr` sets for its level (public as `compress_level` from Python 3.13 on).
            info.compress_type, info._compresslevel = zipfile.ZIP_DEFLATED, LEVEL
            with archive.open(info, "w") as member:
                for piece in _pieces(content):
                    member.write(piece)
    return buffer.getvalue()


def gzipped(content: str | bytes | Path) -> bytes:
    """A file compressed on its own (gzip, at LEVEL), with no time in its header: the same bytes for the same
    content. Text is written as UTF-8, a Path is read from disk."""
    return gzip.compress(_bytes(content), compresslevel=LEVEL, mtime=0)


def xz_compressed(content: str | bytes | Iterable[str]) -> bytes:
    """One file compressed on its own, xz: text is written as UTF-8; pieces of text are compressed as they come.
    A download of the whole corpus is made of pieces: joined, the JSON of 10,000 plans took about 1 GB at once
    (as text, then as UTF-8), the build's peak (measured); compressed, it is a few MB."""
    compressor = lzma.LZMACompressor(preset=XZ_PRESET)
    return b"".join([*(compressor.compress(piece) for piece in _pieces(content)), compressor.flush()])


def tar_xz(members: Iterable[tuple[str, Path]]) -> bytes:
    """A tar archive of (name inside it, file on disk), xz-compressed as one stream, read one file at a time."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:xz", preset=XZ_PRESET, format=tarfile.PAX_FORMAT) as archive:
        for name, path in members:
            data = path.read_bytes()
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0  # no build time, umask or owner leaks in
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _pieces(content: str | bytes | Path | Iterable[str]) -> Iterator[bytes]:
    if isinstance(content, (str, bytes, Path)):
        yield _bytes(content)
    else:
        for piece in content:
            yield piece.encode("utf-8")


def _bytes(content: str | bytes | Path) -> bytes:
    """What a file holds: text as UTF-8, a Path's bytes read from disk."""
    return content.read_bytes() if isinstance(content, Path) else content.encode("utf-8") if isinstance(content, str) else content


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
    """One file of a download (of a zip archive or an xz-compressed tar, the only or first one when no name is
    given; the content of a file xz-compressed on its own): for tests and readers of the data."""
    if data.startswith(b"\xfd7zXZ\x00"):
        data = lzma.decompress(data)
        if data[257:262] != b"ustar":
            return data
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            found = archive.extractfile(archive.getmember(name) if name else archive.getmembers()[0])
            return found.read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name or archive.namelist()[0])
