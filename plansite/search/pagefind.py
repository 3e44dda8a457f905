"""The Pagefind search index: a few hundred KB fetched per query, whatever the corpus size.

Pagefind indexes the content of the pages marked `search: true`, and nothing of the theme around it. That
content is known before the theme is applied: for the pages written in HTML by the corpus templates, as soon
as they are rendered; for any other page, once MkDocs has converted it. So `BackgroundIndex` writes each
searchable page's search copy (`search_body_page`: its body, marked for Pagefind, with what only the index
reads) into a scratch directory and runs Pagefind on it then, on another core, while MkDocs writes the site.
The served page is the same body without what only the index reads (`for_reading`). The index is the one
Pagefind makes from the search copies in one run, and every served page holds its copy's body as
`for_reading` leaves it (tests/test_site.py checks both).
`index_site` runs Pagefind over a directory of pages.

Pagefind writes its filter indexes in the order of a Rust hash map seeded at random in every run, so the
same pages give other filter files (and file names) from run to run (Pagefind's own TODO in
`pagefind/src/index/mod.rs`). `stabilise_bundle` rewrites those few files in sorted order, named as
Pagefind names them: two builds of the same corpus are then identical byte for byte. It also makes what the
first query fetches lighter: the word index's chunks and the names of the pages' fragments.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import heapq
import html
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import cbor2
from markupsafe import Markup, escape

from plansite.runtime.gcpause import gc_paused
from plansite.text.folding import other_tone_placements, search_forms

LANGUAGE = "vi"
# Permalink symbols (#, ¶ and the printed markers that link to a paragraph) are navigation, not text.
EXCLUDE_SELECTORS = [".headerlink", "a.node-anchor"]


class SearchIndexError(RuntimeError):
    pass


# Pagefind holds the index of every page it is given until it writes the bundle: 7,586 MB for the 10,000-plan
# site's pages in one process (the build's largest), about 0.55 MB a page at 2,000 and at 10,000 plans. So the
# pages go to Pagefind in shares of at most PART_PAGES, one run after the other, and the bundles are merged
# into the one a single run writes. Pagefind indexes each page on its own (its words' places, its word count,
# its fragment, named by a hash of it) and numbers the pages in the order of their paths, which is the order
# of the shares: the merged bundle numbers each share's pages on from the previous share's, puts together each
# word's pages (and each spelling's, a spelling new to a later share after the others, as Pagefind orders them
# by the page they first appear on) and each filter value's pages. tests/test_search_parts.py reads the merged
# bundle back, page by page address, against the bundle of a single run over the same pages.
# At 2,000 plans a share of 1,323 document pages took 1,101 MB; two shares, the CPU time of one run. At 10,000
# plans, shares of 2,000 pages took Pagefind up to 1,708 MB, beside a build of about 2,900 MB; of 1,000, 864 MB,
# and the index was written 188 s after the pages instead of 221 s, as large within 0.1 % (measured).
PART_PAGES = 1_000


# Runs `python -m pagefind` so that Pagefind dies with the process that started it (Linux: the parent-death
# signal survives exec): a build stopped by SIGTERM or SIGKILL leaves no Pagefind writing into its files.
_DIE_WITH_PARENT = """import os, runpy, sys
parent = int(sys.argv.pop(1))
if sys.platform.startswith("linux"):
    import ctypes, signal
    ctypes.CDLL(None).prctl(1, ctypes.c_ulong(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the build died before prctl: nobody is waiting for an index
        sys.exit(1)
runpy.run_module("pagefind", run_name="__main__", alter_sys=True)
"""


def _pagefind_command(site: Path, output: Path | None = None, *, die_with_parent: bool = False) -> list[str]:
    options = [
        "--site", str(site), "--force-language", LANGUAGE, "--quiet", "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS),
        *(["--output-path", str(output)] if output else []),
    ]
    if die_with_parent:
        return [sys.executable, "-c", _DIE_WITH_PARENT, str(os.getpid()), *options]
    return [sys.executable, "-m", "pagefind", *options]


def _failure(stdout: str, stderr: str) -> SearchIndexError:
    return SearchIndexError(f"Pagefind không lập được chỉ mục tìm kiếm:\n{stdout}\n{stderr}")


def index_site(site_dir: Path, output: Path | None = None) -> str:
    """Run Pagefind (the binary ships inside the `pagefind[extended]` wheel) over a directory of search copies
    (`search_body_page`; the plugin option `search_copies` leaves a build's)."""
    result = subprocess.run(_pagefind_command(site_dir, output), capture_output=True, text=True)
    if result.returncode != 0:
        raise _failure(result.stdout, result.stderr)
    stabilise_bundle(output or site_dir / "pagefind")
    return result.stdout


# Where a page keeps its extra spellings (below). Those of its title and of the words the page weighs (numbers,
# names, aliases) are words of the page, hidden, at the weight of a heading, in an element whose id tells the
# search page to show them never (docs/assets/pagefind-text/passages.js); the others are in a metadata field,
# which Pagefind searches but no excerpt shows.
SPELLINGS_ID = "pf-spellings"
SPELLINGS_FIELD = "spellings"
SPELLINGS_WEIGHT = 5
_TAG = re.compile(r"<[^>]*>")
_WEIGHTY = re.compile(r"<(h1)\b[^>]*>(.*?)</h1>|<(\w+)\b[^>]*\bdata-pagefind-weight=\"[1-9][^\"]*\"[^>]*>(.*?)</\3>", re.S)


def _spellings(html_text: str) -> list[str]:
    # Pagefind's search with diacritics (`exactDiacritics`, which the site uses for a word typed with them) takes
    # the two tone placements of a final oa, oe or uy (`hòa`/`hoà`, `ủy`/`uỷ`: folding.other_tone_placements) for
    # two words: `uỷ ban` found 1 page, `ủy ban` 19. Each page gives the index both placements of such words, so
    # that one search finds both (searching each placement instead costs a search a word and their merging by
    # page): both now find 66 pages of the real corpus, as the index had also missed `ủy` before a comma (`Thành
    # ủy,`). The index grew 3.2 KB (0.4 %); the first query fetches what it did (benchmarks/search_bytes.py).
    text = html.unescape(_TAG.sub(" ", html_text))
    return list(dict.fromkeys([form.lower() for form in search_forms(text)] + other_tone_placements(text)))


def extra_spellings(content: str) -> tuple[list[str], list[str]]:
    """The spellings a page's words need in the index beyond Pagefind's own folding (folding.search_forms:
    words with đ without it, the parts of document numbers) and the other tone placement of its oa, oe and uy
    words (`other_tone_placements`), once each, lower-cased: those of the title and of the weighted elements,
    then the others."""
    strong = _spellings(" ".join(match.group(2) or match.group(4) or "" for match in _WEIGHTY.finditer(content)))
    taken = set(strong)
    return strong, [form for form in _spellings(content) if form not in taken]


class _Openings:
    """Each searchable page's opening, kept under `mkdocs serve` from one edit to the next (`keep_openings`):
    an edit's index asks again for every page, most of them unchanged (11 s of an edit's background work at
    2,000 plans, profiled). A build asks once a page: it keeps none. Bounded: the least recently asked for goes
    once `KEPT` are held."""

    KEPT = 50_000

    def __init__(self) -> None:
        self.made: dict[bytes, Markup] = {}
        self.lock = threading.Lock()
        self.keeping = False

    def get(self, title: str, content: str) -> Markup:
        key = hashlib.blake2b(f"{title}\0{content}".encode(), digest_size=16).digest()
        with self.lock:
            opening = self.made.pop(key, None)
            if opening is not None:
                self.made[key] = opening  # now the most recently asked for
                return opening
        opening = _make_opening(title, content)
        with self.lock:
            self.made[key] = opening
            if len(self.made) > self.KEPT:
                del self.made[next(iter(self.made))]  # the least recently asked for
        return opening

    def clear(self) -> None:
        with self.lock:
            self.made.clear()


_OPENINGS = _Openings()


def keep_openings(keep: bool) -> None:
    """Whether the openings made are kept for the next build (under `mkdocs serve`); not keeping drops those kept."""
    _OPENINGS.keeping = keep
    if not keep:
        _OPENINGS.clear()


def body_opening(title: str, content: str = "") -> Markup:
    """The element that marks what Pagefind indexes in a page's search copy (`search_body_page`), with the page's
    title and, hidden, the extra spellings of the page's words (`content`). The served page has none of it."""
    return _OPENINGS.get(title, content) if _OPENINGS.keeping else _make_opening(title, content)


def _make_opening(title: str, content: str) -> Markup:
    opening = Markup('<div data-pagefind-body data-pagefind-meta="title:%s">') % title
    strong, other = extra_spellings(content)
    if strong:
        opening += Markup('<span hidden id="%s" data-pagefind-weight="%d">%s</span>') % (SPELLINGS_ID, SPELLINGS_WEIGHT, " ".join(strong))
    if other:  # a metadata value ends at a comma: the spellings have none
        opening += Markup('<span hidden data-pagefind-meta="%s:%s"></span>') % (SPELLINGS_FIELD, " ".join(other))
    return opening


# What only the index reads of a page's body: each paragraph's label (document.html.j2: a hidden span, read by no
# one and seen by no one, whose id and words Pagefind records so that the search page cuts the page into passages
# and titles them), the page's filter values and the weights of its parts. The search copy of a page keeps them (`search_body_page`); the
# page a reader is served leaves them out (`for_reading`), the label's id going to its paragraph, so that a
# result's link still lands on it. At 10,000 plans they were 58.7 MB of the site's 1,292 (measured on the
# built site); taking them out costs 0.4 s of CPU for 2,000 plans' pages (measured). Corpus text reaches the page
# escaped, so no `<` in it can start a match.
# Each note under a paragraph of a plan others carry out (which of them take it up: pages/alignment.py,
# takers_html) is out of the index, and of the words a result's page marks (passages.js, highlightPage, which
# knows the class): the served page leaves the attribute out, 3.7 MB at 10,000 plans' 145,457 notes.
_REUSE_NOTE_SEARCH, _REUSE_NOTE = '<p class="reuse-note" data-pagefind-ignore="all">', '<p class="reuse-note">'
_SEARCH_LABEL = re.compile(r'(<p\b[^<>]*)><span class="node-label" (id="[^"]*") aria-hidden="true" data-pagefind-weight="0">[^<]*</span>')
_SEARCH_FILTERS = re.compile(r'<div class="pagefind-filters" hidden data-pagefind-ignore>.*?</div>\n?', re.S)
# How much the index weighs a part (a document's number, its title): 0.76 MB of the served pages at 10,000 plans,
# measured apart from the 58.7 MB above. Corpus text reaches the page with its quotes escaped: no `"` in it.
_SEARCH_WEIGHT = re.compile(r' data-pagefind-weight="[^"]*"')


def for_reading(content: str) -> str:
    """A searchable page's body as the site serves it: its search copy without what only the index reads."""
    content = _SEARCH_WEIGHT.sub("", _SEARCH_LABEL.sub(r"\1 \2>", content))
    return _SEARCH_FILTERS.sub("", content, count=1).replace(_REUSE_NOTE_SEARCH, _REUSE_NOTE)


def search_body_page(title: str, content: str) -> str:
    """A page's search copy, what Pagefind reads of it: the language, and the body marked for Pagefind with
    the page's title and extra spellings (`body_opening`)."""
    return (
        f'<!doctype html>\n<html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f'<body>{body_opening(title, content)}\n{content}\n</div></body></html>\n'
    )


class BackgroundIndex:
    """Pagefind running on the searchable pages' bodies while the rest of the build goes on.

    A thread writes the bodies into a scratch directory, runs Pagefind on it and removes it: file writes
    and waiting on a process leave Python's lock free, so the build itself is hardly slowed. More pages than
    `part_pages` are indexed in shares, one run of Pagefind each, and the bundles merged (`merge_bundles`).
    """

    def __init__(self, pages: Iterable[tuple[str, str, str | Callable[[], str]]], output: Path, scratch: Path | None = None,
                 part_pages: int = PART_PAGES, copies: Path | None = None) -> None:
        """`pages`: (path in the site such as `van-ban/x/index.html`, title, body HTML) of every page to index;
        the body may be a function that gives it, called as the page is written for Pagefind, so that the
        bodies are never all held at once. `scratch`: where to write them (what is there goes first), rather
        than a new temporary directory. `part_pages`: the most pages one run of Pagefind is given (below).
        `copies`: a directory where each page's search copy is also left, at its path (what is there goes
        first)."""
        self.output = output
        self.copies = copies
        if copies is not None:
            _fresh_copies(copies)
        self.part_pages = max(1, part_pages)
        self.shares = 1  # how many runs of Pagefind the pages took
        # Written in the order of their paths: Pagefind numbers pages in the order it walks the directory,
        # which on some file systems (tmpfs) is the order the files were made.
        self.pages = sorted(pages, key=lambda page: page[0])
        if scratch is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="plansite-search-"))
        else:
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            self.scratch = scratch
        self.stable = False  # whether stabilise_bundle could rewrite Pagefind's filter files in order
        self._processes: list[subprocess.Popen] = []
        # Pagefind stopped and the scratch directory removed when done, and also if the build is interrupted
        # (Ctrl+C under `mkdocs serve`): the finalizer runs at exit too.
        self._cleanup = weakref.finalize(self, _stop_and_remove, self._processes, self.scratch)
        self._process: subprocess.Popen | None = None
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._error: SearchIndexError | None = None
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            shares = [self.pages[start:start + self.part_pages] for start in range(0, len(self.pages), self.part_pages)]
            self.shares = max(1, len(shares))
            if len(shares) <= 1:
                if not (self._write(self.pages, self.scratch) and self._finish(self._start(self.scratch, self.output))):
                    return
            else:
                bundles = self._index_shares(shares)
                if bundles is None:
                    return
                shutil.rmtree(self.output, ignore_errors=True)
                merge_bundles(bundles, self.output, self._cancelled.is_set)
            if self._cancelled.is_set():
                return
            self.stable = stabilise_bundle(self.output, words_compact=len(shares) > 1)
        except Stopped:
            return
        except Exception as error:  # noqa: BLE001 - handed to the build by wait()
            self._error = SearchIndexError(str(error))
        finally:
            self._cleanup()

    def _index_shares(self, shares: list[list[tuple[str, str, str | Callable[[], str]]]]) -> list[Path] | None:
        """One run of Pagefind per share, one after the other (one share's memory at a time), each share's pages
        written while Pagefind indexes the one before, rather than after it: the bundles, or None if stopped or
        failed. At 10,000 plans the 14 runs alone took 79.4 s (114.6 s of CPU), on 13,927 pages (measured)."""
        bundles: list[Path] = []
        running: tuple[subprocess.Popen | None, Path] | None = None
        for number, share in enumerate(shares):
            site, bundle = self.scratch / f"pages-{number}", self.scratch / f"bundle-{number}"
            if not self._write(share, site) or (running is not None and not self._finish(*running)):
                return None
            running = (self._start(site, bundle), site)
            bundles.append(bundle)
        if running is not None and not self._finish(*running):
            return None
        return bundles

    def _write(self, pages: list[tuple[str, str, str | Callable[[], str]]], site: Path) -> bool:
        """Write the pages' search copies under `site`: False if stopped."""
        for path, title, content in pages:
            if self._cancelled.is_set():
                return False
            target = site / path  # the same path as in the site: Pagefind derives the same URL
            target.parent.mkdir(parents=True, exist_ok=True)
            body = content() if callable(content) else content
            copy = search_body_page(title, body)
            target.write_text(copy, encoding="utf-8")
            if self.copies is not None:
                kept = self.copies / path
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_text(copy, encoding="utf-8")
        return True

    def _start(self, site: Path, output: Path) -> subprocess.Popen | None:
        """Pagefind started on `site`, writing into `output`; None if stopped."""
        with self._lock:  # close() either sees the process or stops it from starting
            if self._cancelled.is_set():
                return None
            self._process = subprocess.Popen(
                _pagefind_command(site, output, die_with_parent=True),
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            self._processes.append(self._process)
            return self._process

    def _finish(self, process: subprocess.Popen | None, read: Path | None = None) -> bool:
        """Wait for a run of Pagefind, then remove the pages it `read` (a share's): False if stopped or failed
        (the error is kept for wait())."""
        if process is None:
            return False
        stdout, stderr = process.communicate()
        if self._cancelled.is_set():
            return False
        if process.returncode != 0:
            self._error = _failure(stdout, stderr)
            return False
        if read is not None:
            shutil.rmtree(read)
        return True

    def wait(self) -> None:
        """Wait for Pagefind to finish writing the index into `output`."""
        self._thread.join()
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Stop: the build failed, or the index is not wanted any more."""
        with self._lock:
            self._cancelled.set()
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._thread.join()


COPIES_MARK = ".plansite-search-copies"


def foreign_copies(copies: Path) -> bool:
    """Whether `copies` holds files other than a build's search copies: those a build never deletes."""
    return copies.is_dir() and any(copies.iterdir()) and not (copies / COPIES_MARK).is_file()


def _fresh_copies(copies: Path) -> None:
    """An empty directory for a build's search copies: a previous build's copies go, never anything else."""
    if foreign_copies(copies):
        raise SearchIndexError(f"search_copies: {copies} có tệp không phải bản sao tìm kiếm do plansite ghi")
    shutil.rmtree(copies, ignore_errors=True)
    copies.mkdir(parents=True, exist_ok=True)
    (copies / COPIES_MARK).write_text("Các bản sao tìm kiếm do plansite ghi (search_copies); xóa được.\n", encoding="utf-8")


def _stop_and_remove(processes: list[subprocess.Popen], scratch: Path) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()
    shutil.rmtree(scratch, ignore_errors=True)


# --- A stable bundle -----------------------------------------------------------------------------------
# Pagefind 1.x bundle files are gzip'd `pagefind_dcd` + CBOR (minicbor: definite lengths, shortest integers).
# `pagefind-entry.json` names the language's `pagefind.<hash>.pf_meta`; that metadata lists every filter
# with the name of its `filter/<hash>.pf_filter`: [version, pages, index chunks, [[filter, hash]…], [[sort
# key, pages]…], …]; a filter file is [filter, [[value, [page number…]]…]]. Names are SHA-1 prefixes of the
# CBOR (pagefind/src/index/mod.rs; `full_hash` prints bytes as unpadded hex).

_SIGNATURE = b"pagefind_dcd"


class _UnknownFormat(ValueError):
    """A bundle this code does not recognise (another Pagefind version): left as Pagefind wrote it."""


def stabilise_bundle(bundle: Path, words_compact: bool = False) -> bool:
    """Rewrite the filter indexes of a Pagefind bundle with filters and values in sorted order, and its word
    index in light chunks (`_compact_words`).

    Pagefind collects filters in a hash map whose seed is random in every run, so the same site gives other
    filter files, other file names and another metadata file from one run to the next. The content is the
    same, in another order, so the search works the same. Returns False, changing nothing, for a bundle
    whose format is not the one described above. `words_compact`: the word index is in light chunks already
    (merge_bundles writes it so)."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry_text = entry_path.read_text(encoding="utf-8")
        languages = json.loads(entry_text)["languages"]
        plans = {language: _stable_language(bundle, language, info["hash"], words_compact) for language, info in languages.items()}
    except (_UnknownFormat, OSError, KeyError, TypeError, ValueError, IndexError):
        return False
    # Every file is written again, even one whose order was right by chance: its gzip bytes are then ours too.
    written: set[Path] = set()
    obsolete: list[Path] = []
    for language, (meta_hash, meta, filters, chunks, fragments) in plans.items():
        for old, new in fragments.items():
            os.replace(bundle / "fragment" / f"{old}.pf_fragment", bundle / "fragment" / f"{new}.pf_fragment")
        for old, (new, payload) in filters.items():
            _write_bundle_file(bundle / "filter" / f"{new}.pf_filter", payload)
            written.add(bundle / "filter" / f"{new}.pf_filter")
            obsolete.append(bundle / "filter" / f"{old}.pf_filter")
        old_chunks, new_chunks = chunks
        for name, payload in new_chunks.items():
            _write_bundle_file(bundle / "index" / f"{name}.pf_index", payload)
            written.add(bundle / "index" / f"{name}.pf_index")
        obsolete += [bundle / "index" / f"{name}.pf_index" for name in old_chunks]
        old_meta = languages[language]["hash"]
        _write_bundle_file(bundle / f"pagefind.{meta_hash}.pf_meta", meta)
        written.add(bundle / f"pagefind.{meta_hash}.pf_meta")
        obsolete.append(bundle / f"pagefind.{old_meta}.pf_meta")
        entry_text = entry_text.replace(f'"{old_meta}"', f'"{meta_hash}"')
    entry_path.write_text(entry_text, encoding="utf-8")
    for path in obsolete:
        if path not in written:
            path.unlink(missing_ok=True)
    return True


def _stable_language(bundle: Path, language: str, meta_hash: str, words_compact: bool = False):
    """The metadata's new name and CBOR, for every filter file: old name -> (new name, CBOR), and the word
    index: (old chunk names, {new chunk name: CBOR})."""
    meta = _cbor_loads(_read_bundle_file(bundle / f"pagefind.{meta_hash}.pf_meta"))
    if not (isinstance(meta, list) and len(meta) >= 5 and all(_is_pairs(meta[i]) for i in (3, 4))):
        raise _UnknownFormat("pf_meta")
    chunks = ([], {}) if words_compact else _compact_words(bundle, language, meta)
    filters: dict[str, tuple[str, bytes]] = {}
    taken: set[str] = set()
    meta[3] = sorted(meta[3], key=lambda pair: pair[0])
    for pair in meta[3]:
        name, old = pair
        index = _cbor_loads(_read_bundle_file(bundle / "filter" / f"{old}.pf_filter"))
        if not (isinstance(index, list) and len(index) == 2 and index[0] == name and _is_pairs(index[1])):
            raise _UnknownFormat("pf_filter")
        index[1] = sorted(index[1], key=lambda pair: pair[0])
        payload = _cbor_dumps(index)
        pair[1] = _bundle_name(language, payload, taken)
        filters[old] = (pair[1], payload)
    meta[4] = sorted(meta[4], key=lambda pair: pair[0])  # sort keys: also from a hash map
    fragments = _fragment_names(meta)
    payload = _cbor_dumps(meta)
    return _meta_name(language, payload), payload, filters, chunks, fragments


# The metadata, fetched before a query's first result, lists every indexed page by the name of its fragment
# file: Pagefind names it by a hash of the page (`vi_` and 7 hex digits), which gzip cannot shrink. At 2,000
# plans the metadata was 33.4 KB fetched, 24.5 of them the list of pages; named by a number instead, in base
# 36 after a prefix common to the bundle, the whole is 23.7 KB (measured on the built bundle). The prefix is
# a hash of the metadata as Pagefind wrote it, page hashes included: a page changed anywhere gives every
# fragment a new name, so a browser never takes an earlier build's fragment, kept in its cache, for a page.
FRAGMENT_PREFIX = 6  # hex digits: the chance that two builds share a prefix is one in 16 million
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _fragment_names(meta: list) -> dict[str, str]:
    """Each page's fragment renamed `<prefix><page number in base 36>`, in the metadata: old name -> new."""
    pages = meta[1]
    if not (isinstance(pages, list) and all(isinstance(p, list) and p and isinstance(p[0], str) for p in pages)):
        raise _UnknownFormat("pages")
    prefix = _full_hash(_cbor_dumps(meta))[:FRAGMENT_PREFIX]
    names: dict[str, str] = {}
    for number, page in enumerate(pages):
        new = names.setdefault(page[0], prefix + _base36(number))
        page[0] = new
    if set(names.values()) & set(names):  # a bundle renamed already: renaming again would overwrite fragments
        raise _UnknownFormat("fragment names")
    return names


def _base36(number: int) -> str:
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = _DIGITS[digit] + out
        if not number:
            return out


# The word index. Pagefind keeps every place of every word: `trẻ` and `em`, about a hundred times in each plan,
# made index chunks of 250 KB each at 2,000 plans, for nothing the site uses: the passages and excerpts are cut
# from each result's text (docs/assets/pagefind-text/passages.js), and the ranking saturates long before.
# So each word keeps its first place on each page, at each weight (two places made the chunk of `tre` 11.6 KB
# fetched at 2,000 plans, one 6.0 KB; the first query `trẻ em`, with the fragments' names below, 228 → 174 KB,
# benchmarks/search_bytes.py); and the chunks, which Pagefind 1.5 cuts by
# counting only the places of words without diacritics (every Vietnamese word with a tone weighed nothing: one
# chunk held `bảo` to `các`, 700 KB), are cut again by their size.
# A chunk file is [[[word, [[page, places, meta places]…], [[spelling, [[page, places, meta places]…]]…]]…]],
# page numbers as the difference from the previous one, places as runs: a weight (-1 - weight) then the
# differences from the previous place. The metadata lists the chunks as [first word, last word, name].
# This runs over every place of the index (26 MB of CBOR at 2,000 plans): it is read by cbor2's decoder in C
# (`_words`) and written by the writer below, which joins each page's places from `_ENCODED`.
PLACES_KEPT = 1
CHUNK_BYTES = 10_000  # of CBOR before gzip: a chunk of small words is about 4 KB fetched


class _Encoded(dict):
    """The CBOR of an integer, by its value: places are positions within a page, so few values recur."""

    def __missing__(self, value: int) -> bytes:
        if len(self) >= 1 << 18:
            self.clear()
        out = bytearray()
        _cbor_write(value, out)
        encoded = self[value] = bytes(out)
        return encoded


_ENCODED = _Encoded()


_INTEGER = {int}


def _capped(places: list[int]) -> list[int]:
    """A page's places of a word, each run of a weight cut to its first PLACES_KEPT. They are written again from
    `_ENCODED`, where 1.0 or True would find the bytes of 1: anything but integers is refused here."""
    if type(places) is not list or not _INTEGER.issuperset(map(type, places)):
        raise _UnknownFormat("places")
    if len(places) <= PLACES_KEPT:
        return places
    out, kept = [], 0
    for value in places:
        if value < 0:
            out.append(value)
            kept = 0
        elif kept < PLACES_KEPT:
            out.append(value)
            kept += 1
    return out


class _Word(NamedTuple):
    key: str
    pages: list  # [[page number as the difference from the previous one, places, meta places]…]
    variants: list  # [[spelling, pages]…]


def _refused_tag(decoder: object, tag: object = None) -> None:
    raise _UnknownFormat("CBOR tag")


# The tags cbor2 decodes itself, some into an integer, a text or a list that a check of types would let through
# (big numbers, string references, shared references: one list in two places, renumbered twice by the merge).
# Pagefind writes no tag; `tag_hook` refuses every other.
_NO_TAGS = dict.fromkeys((*range(0, 6), *range(21, 38), 52, 54, 100, 256, 258, 260, 261, 1004, 55799), _refused_tag)


def _is_pages(pages: object) -> bool:
    """[[page number, places, meta places…]…]: the places are checked by `_capped`, the meta places when written."""
    return type(pages) is list and all(type(page) is list and len(page) >= 2 and type(page[0]) is int for page in pages)


def _is_word(word: object) -> bool:
    return (type(word) is list and len(word) == 3 and type(word[0]) is str and _is_pages(word[1]) and type(word[2]) is list
            and all(type(pair) is list and len(pair) == 2 and type(pair[0]) is str and _is_pages(pair[1]) for pair in word[2]))


def _words(bundle: Path, meta: list) -> Iterator[_Word]:
    """Every word of a bundle's index, in the order of its keys, one chunk read at a time.

    A chunk is decoded by cbor2, in C: the reader written here in Python took 27 of the 54 s of the merge of the
    10,000-plan site's 14 shares, cbor2 7.7 s (`benchmarks/merge_shares.py --merge-only`, profiled; the merged
    bundle the same byte for byte). cbor2 reads any CBOR: no indefinite length and no tag is taken, every word
    must have the shape and types of `_is_word`, its places pass `_capped` and it is written again by
    `_word_cbor`, which takes only integers, text and arrays."""
    chunks = meta[2]
    if not (isinstance(chunks, list) and all(isinstance(c, list) and len(c) == 3 and all(isinstance(x, str) for x in c) for c in chunks)):
        raise _UnknownFormat("index chunks")
    previous = None
    for _, _, name in chunks:
        data = _read_bundle_file(bundle / "index" / f"{name}.pf_index", check=False)
        stream = io.BytesIO(data)
        try:
            outer = cbor2.CBORDecoder(stream, tag_hook=_refused_tag, semantic_decoders=_NO_TAGS, allow_indefinite=False).decode()
        except cbor2.CBORError as error:
            raise _UnknownFormat(f"pf_index: {error}") from error
        if stream.tell() != len(data):
            raise _UnknownFormat("trailing bytes")
        if not (type(outer) is list and len(outer) == 1 and type(outer[0]) is list):
            raise _UnknownFormat("pf_index")
        for word in outer[0]:
            if not _is_word(word):
                raise _UnknownFormat("word")
            if previous is not None and not previous < word[0]:  # merge_bundles relies on the order
                raise _UnknownFormat("words out of order")
            previous = word[0]
            yield _Word(*word)


def _compact_words(bundle: Path, language: str, meta: list) -> tuple[list[str], dict[str, bytes]]:
    old = [name for _, _, name in meta[2]]
    payloads: dict[str, bytes] = {}
    meta[2] = _write_chunks(((word.key, _capped_word(word)) for word in _words(bundle, meta)), language, payloads.__setitem__)
    return old, payloads


def _capped_word(word: _Word) -> bytes:
    """A word's CBOR, each run of places cut to PLACES_KEPT."""
    for page in word.pages + [page for _, spelling_pages in word.variants for page in spelling_pages]:
        page[1] = _capped(page[1])
    return _word_cbor(word.key, word.pages, word.variants)


def _word_cbor(key: str, pages: list, variants: list) -> bytes:
    """`_cbor_dumps([key, pages, variants])`, each array of places joined from `_ENCODED`: the generic writer took
    21.6 s of the merge of the 10,000-plan site's shares, this one 13.1 s (profiled)."""
    out = bytearray(b"\x83")
    _cbor_write(key, out)
    _pages_cbor(pages, out)
    _cbor_head(4, len(variants), out)
    for spelling, spelling_pages in variants:
        out.append(0x82)
        _cbor_write(spelling, out)
        _pages_cbor(spelling_pages, out)
    return bytes(out)


def _pages_cbor(pages: list, out: bytearray) -> None:
    _cbor_head(4, len(pages), out)
    for page in pages:
        _cbor_head(4, len(page), out)
        _cbor_write(page[0], out)
        places = page[1]
        _cbor_head(4, len(places), out)
        out += b"".join(map(_ENCODED.__getitem__, places))
        for extra in page[2:]:
            _cbor_write(extra, out)


def _write_chunks(words: Iterable[tuple[str, bytes]], language: str, write: Callable[[str, bytes], None]) -> list[list[str]]:
    """The words, (key, CBOR) in order, as chunks of about CHUNK_BYTES, each given to `write` (name, CBOR) as
    it is full; the chunks as the metadata lists them."""
    listed: list[list[str]] = []
    taken: set[str] = set()
    group: list[tuple[str, bytes]] = []
    size = 0

    def flush() -> None:
        head = bytearray()
        _cbor_head(4, 1, head)
        _cbor_head(4, len(group), head)
        payload = bytes(head) + b"".join(encoded for _, encoded in group)
        name = _bundle_name(language, payload, taken)
        write(name, payload)
        listed.append([group[0][0], group[-1][0], name])

    for word in words:
        if group and size + len(word[1]) > CHUNK_BYTES:
            flush()
            group, size = [], 0
        group.append(word)
        size += len(word[1])
    if group:
        flush()
    for first, second in zip(listed, listed[1:], strict=False):  # bounds as Pagefind writes them: shortest telling prefixes
        first[1], second[0] = _prefixes(first[1], second[0])
    return listed


class Stopped(Exception):
    """The merge was stopped from outside (BackgroundIndex.close): its output is incomplete."""


def merge_bundles(parts: list[Path], output: Path, stop: Callable[[], bool] = lambda: False) -> None:
    """One Pagefind bundle in `output` (new) from the bundles of consecutive shares of the pages, moved out of
    `parts`. Raises SearchIndexError for a bundle this code does not read, Stopped as soon as `stop()` is true.
    The merge makes millions of lists and no reference cycle: with the collector on, a build (whose pages it
    re-scanned at each full collection) spent half of its merge in it at 10,000 plans (profiled). So it is
    paused meanwhile: in the whole process, so pages MkDocs may still be writing meanwhile leave their cycles
    to the first collection after the merge."""
    try:
        with gc_paused():
            _merge_bundles(parts, output, stop)
    except (_UnknownFormat, OSError, KeyError, TypeError, ValueError, IndexError) as error:
        raise SearchIndexError(f"Pagefind: không ghép được các phần của chỉ mục tìm kiếm ({error!r})") from error


def _merge_bundles(parts: list[Path], output: Path, stop: Callable[[], bool]) -> None:
    entries = [json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8")) for part in parts]
    first = entries[0]
    if any(entry.get("version") != first.get("version") or entry["languages"].keys() != first["languages"].keys() for entry in entries):
        raise _UnknownFormat("entries")
    for directory in ("index", "filter", "fragment"):
        (output / directory).mkdir(parents=True, exist_ok=True)
    for item in parts[0].iterdir():  # Pagefind's scripts, styles and wasm: the same in every share
        if item.is_file() and item.name != "pagefind-entry.json" and not item.name.endswith(".pf_meta"):
            shutil.copyfile(item, output / item.name)
    merged_entry = copy.deepcopy(first)
    taken: set[str] = set()
    for language in first["languages"]:
        metas = [_cbor_loads(_read_bundle_file(part / f"pagefind.{entry['languages'][language]['hash']}.pf_meta"))
                 for part, entry in zip(parts, entries, strict=True)]
        if not all(isinstance(meta, list) and len(meta) == 6 and meta[0] == metas[0][0] and meta[4] == []
                   and _is_pairs(meta[3]) and isinstance(meta[5], list) for meta in metas):
            raise _UnknownFormat("pf_meta")  # sort orders (meta[4]) cannot be merged without their values: none here
        offsets = [0]
        for part, meta in zip(parts, metas, strict=True):
            offsets.append(offsets[-1] + len(meta[1]))
            _move_fragments(part, meta[1], output, taken)
        # The metadata fields (meta[5]) a word's meta places name by position (-1 - position): a share whose
        # pages lack a field the others have lists fewer, or in another order. The merged list is every field in
        # the order the shares first list it; a later share's places are numbered again into it.
        fields = list(dict.fromkeys(field for meta in metas for field in meta[5]))
        renumbered = [{-1 - old: -1 - new for old, field in enumerate(meta[5]) if (new := fields.index(field)) != old} for meta in metas]
        pages = [page for meta in metas for page in meta[1]]
        filters = _merged_filters(parts, metas, offsets, language, output)
        chunks = _write_chunks(_merged_words(parts, metas, offsets, renumbered, stop), language,
                               lambda name, payload: _write_bundle_file(output / "index" / f"{name}.pf_index", payload))
        payload = _cbor_dumps([metas[0][0], pages, chunks, filters, [], fields])
        meta_hash = _meta_name(language, payload)
        _write_bundle_file(output / f"pagefind.{meta_hash}.pf_meta", payload)
        merged_entry["languages"][language].update(hash=meta_hash, page_count=len(pages))
    (output / "pagefind-entry.json").write_text(json.dumps(merged_entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for part in parts:
        shutil.rmtree(part, ignore_errors=True)


def _move_fragments(part: Path, pages: list, output: Path, taken: set[str]) -> None:
    """A share's fragments into the merged bundle. Pagefind names a fragment by 28 bits of its hash and makes a
    name longer only against the other names of its own run: across shares two pages can share a name (about
    one build in four at 14,000 pages), so a later share's fragment whose name is taken gets a longer one, from
    the hash of its bytes, and the metadata its new name."""
    for page in pages:
        source = part / "fragment" / f"{page[0]}.pf_fragment"
        name = page[0]
        if name in taken:
            digest = _full_hash(source.read_bytes())
            length = 1
            while f"{name}{digest[:length]}" in taken:
                length += 1
            name = f"{name}{digest[:length]}"
        os.replace(source, output / "fragment" / f"{name}.pf_fragment")
        taken.add(name)
        page[0] = name


def _merged_filters(parts: list[Path], metas: list[list], offsets: list[int], language: str, output: Path) -> list[list[str]]:
    """Each filter's values with their pages from every share, numbered on: [[filter, file name]…]."""
    values: dict[str, dict[str, list[int]]] = {}
    for part, meta, offset in zip(parts, metas, offsets, strict=False):
        for name, file_hash in meta[3]:
            index = _cbor_loads(_read_bundle_file(part / "filter" / f"{file_hash}.pf_filter"))
            if not (isinstance(index, list) and len(index) == 2 and index[0] == name and _is_pairs(index[1])):
                raise _UnknownFormat("pf_filter")
            for value, numbers in index[1]:
                values.setdefault(name, {}).setdefault(value, []).extend(number + offset for number in numbers)
    listed, taken = [], set()
    for name, pages_of in values.items():
        payload = _cbor_dumps([name, [[value, numbers] for value, numbers in pages_of.items()]])
        file_hash = _bundle_name(language, payload, taken)
        _write_bundle_file(output / "filter" / f"{file_hash}.pf_filter", payload)
        listed.append([name, file_hash])
    return listed


def _merged_words(parts: list[Path], metas: list[list], offsets: list[int], renumbered: list[dict[int, int]],
                  stop: Callable[[], bool]) -> Iterator[tuple[str, bytes]]:
    """Every word of the shares' indexes, in key order, with its pages from every share: (key, CBOR)."""
    def stream(number: int) -> Iterator[tuple[str, int, _Word]]:
        return ((word.key, number, word) for word in _words(parts[number], metas[number]))

    streams = [stream(number) for number in range(len(parts))]
    for count, (key, group) in enumerate(itertools.groupby(heapq.merge(*streams, key=lambda item: item[:2]), key=lambda item: item[0])):
        if count % 1024 == 0 and stop():
            raise Stopped
        found = [(number, word) for _, number, word in group]
        if len(found) == 1 and found[0][0] == 0:
            yield key, _capped_word(found[0][1])  # numbered as in the merged bundle already (its fields first too)
            continue
        pages: list = []
        spellings: dict[str, list] = {}
        for number, word in found:
            if renumbered[number]:
                _renumber_fields(word, renumbered[number])
            pages += _absolute(word.pages, offsets[number])
            for spelling, spelling_pages in word.variants:
                spellings.setdefault(spelling, []).extend(_absolute(spelling_pages, offsets[number]))
        # Cut to PLACES_KEPT here, not in stabilise_bundle: encoding every place again took most of a merge (62 s
        # of 2,000 plans' index, profiled), and the merged words are then final (`words_compact`).
        for page in pages + [page for numbers in spellings.values() for page in numbers]:
            page[1] = _capped(page[1])
        yield key, _word_cbor(key, _relative(pages), [[spelling, _relative(numbers)] for spelling, numbers in spellings.items()])


def _renumber_fields(word: _Word, fields: dict[int, int]) -> None:
    """A word's meta places (a field as -1 - its position, then places) with the fields' merged positions."""
    for page in word.pages + [page for _, spelling_pages in word.variants for page in spelling_pages]:
        for extra in page[2:]:
            if isinstance(extra, list):
                extra[:] = [fields.get(value, value) if isinstance(value, int) and value < 0 else value for value in extra]


def _absolute(pages: list, offset: int) -> list:
    number = offset
    for page in pages:
        number += page[0]
        page[0] = number
    return pages


def _relative(pages: list) -> list:
    previous = 0
    for page in pages:
        page[0], previous = page[0] - previous, page[0]
    return pages


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


def _is_pairs(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) for item in value)


def _full_hash(payload: bytes) -> str:
    return "".join(f"{byte:x}" for byte in hashlib.sha1(payload).digest())


def _bundle_name(language: str, payload: bytes, taken: set[str]) -> str:
    """Pagefind's name for a filter file or an index chunk of a language: a prefix of the hash of its CBOR
    after the language, made longer while it collides with a name in `taken`."""
    return _short_hash(f"{language}_{_full_hash(payload)}", len(language) + 8, taken)


def _meta_name(language: str, payload: bytes) -> str:
    """Pagefind's name for a language's metadata file, as the entry names it."""
    return f"{language}_{_full_hash(payload)[:len(language) + 8]}"


def _short_hash(full: str, length: int, taken: set[str]) -> str:
    """Pagefind's name for a filter file: a prefix of the hash, made longer while it collides."""
    short = full[:length]
    while short in taken and len(short) < len(full):
        short = full[:len(short) + 2]
    taken.add(short)
    return short


def _read_bundle_file(path: Path, check: bool = True) -> bytes:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise _UnknownFormat(path.name)
    payload = raw[len(_SIGNATURE):]
    if check and _cbor_dumps(_cbor_loads(payload)) != payload:  # the rewrite must not change what it does not sort
        raise _UnknownFormat(path.name)
    return payload


# The level of gzip for the files written here. The word index of the 10,000-plan site, 67 MB of CBOR, took 31.6 s
# to compress at level 9 and 4.6 s at level 6, 20.5 and 21.2 MB (measured): a third of the merge's time for 3 %.
GZIP_LEVEL = 6


def _write_bundle_file(path: Path, payload: bytes) -> None:
    path.write_bytes(gzip.compress(_SIGNATURE + payload, compresslevel=GZIP_LEVEL, mtime=0))


def _cbor_loads(data: bytes) -> object:
    value, end = _cbor_item(data, 0)
    if end != len(data):
        raise _UnknownFormat("trailing bytes")
    return value


def _cbor_item(data: bytes, pos: int) -> tuple[object, int]:
    """One CBOR item of the kinds Pagefind writes here: integers, text, arrays."""
    major, info = data[pos] >> 5, data[pos] & 0x1F
    pos += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument, pos = int.from_bytes(data[pos:pos + size], "big"), pos + size
    else:
        raise _UnknownFormat("indefinite length or special value")
    if major == 0:
        return argument, pos
    if major == 1:
        return -1 - argument, pos
    if major == 3:
        return data[pos:pos + argument].decode("utf-8"), pos + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, pos = _cbor_item(data, pos)
            items.append(item)
        return items, pos
    raise _UnknownFormat(f"CBOR major type {major}")


def _cbor_dumps(value: object) -> bytes:
    out = bytearray()
    _cbor_write(value, out)
    return bytes(out)


def _cbor_head(major: int, argument: int, out: bytearray) -> None:
    if argument < 24:
        out.append(major << 5 | argument)
        return
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            out.append(major << 5 | info)
            out += argument.to_bytes(size, "big")
            return
    raise _UnknownFormat("integer too large")


def _cbor_write(value: object, out: bytearray) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise _UnknownFormat(type(value).__name__)
    if isinstance(value, int):
        if value < 0:
            _cbor_head(1, -1 - value, out)
        else:
            _cbor_head(0, value, out)
    elif isinstance(value, str):
        encoded = value.encode("utf-8")
        _cbor_head(3, len(encoded), out)
        out += encoded
    else:
        _cbor_head(4, len(value), out)
        for item in value:
            _cbor_write(item, out)
