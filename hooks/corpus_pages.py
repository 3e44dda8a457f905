"""MkDocs hooks: validate the corpus, add its generated pages, build the search index alongside.

Kept thin on purpose: each hook calls one plain function of `plansite`, so moving off MkDocs is cheap.
The corpus directory is `corpus/` unless the PLANSITE_CORPUS environment variable names another.

The build is atomic: MkDocs writes the site into `.<site>.building` beside the site directory, and that
directory takes the site's place in one rename once everything, search index included, is written. A build
that fails or is interrupted (Ctrl+C, SIGTERM, SIGKILL) leaves the previous site as it was; what it left
beside it goes at the start of the next build.
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import gc
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plansite.corpus.check import DEFAULT_CORPUS, load_valid_corpus  # noqa: E402
from plansite.corpus.loader import Loaded  # noqa: E402
from plansite.corpus.problems import CorpusError  # noqa: E402
from plansite.render.blocks import HtmlBlocks  # noqa: E402
from plansite.render.outline import anchor_ids, toc_tokens  # noqa: E402
from plansite.render.site import render_site  # noqa: E402
from plansite.search.pagefind import BackgroundIndex, SearchIndexError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.corpus_pages")
_loaded: Loaded | None = None
_blocks = HtmlBlocks(defer=True)
_stage_started = 0.0  # when MkDocs' own work began: its stages are logged like ours
_search_index: BackgroundIndex | None = None
_indexed_pages: set[str] = set()  # the pages Pagefind was given (their paths in the docs tree)
_dirty = False  # `--dirty`: MkDocs updates the site where it is, so it is not built beside it


def _beside(site: Path, what: str) -> Path:
    """`.<site>.<what>` next to the site directory: on its file system, so one rename puts it in its place."""
    return site.parent / f".{site.name}.{what}"


@dataclass
class Staging:
    """A build written beside the site (`building`) and swapped into its place (`target`) when complete."""

    config: object  # MkDocs' configuration, whose `site_dir` points at `building` during the build
    target: Path

    @property
    def building(self) -> Path:
        return _beside(self.target, "building")

    @property
    def search_scratch(self) -> Path:
        return _beside(self.target, "search")  # the page bodies Pagefind reads


_staging: Staging | None = None


def corpus_dir() -> Path:
    return Path(os.environ.get("PLANSITE_CORPUS", DEFAULT_CORPUS)).resolve()


def on_startup(command, dirty: bool) -> None:
    global _dirty
    _dirty = dirty


def on_config(config):
    """The first event of a build: MkDocs is pointed at the directory beside the site."""
    global _staging
    _staging = None
    if _dirty:
        return config
    staging = Staging(config, Path(os.path.realpath(config.site_dir)))  # a symlinked site: its directory is swapped
    if os.path.ismount(staging.target):  # no rename moves a mount point
        log.info(f"Site: {staging.target} is a mount point; the site is rebuilt where it is")
        return config
    aside = _beside(staging.target, "previous")
    if os.path.lexists(aside) and not os.path.lexists(staging.target):
        os.rename(aside, staging.target)  # killed between the two renames of a swap (see _swap): put it back
    for leftover in (staging.building, staging.search_scratch, aside):  # what a killed build left
        _remove(leftover)
    try:
        staging.building.mkdir(parents=True)
    except OSError as error:
        log.info(f"Site: cannot write beside {staging.target} ({error}); the site is rebuilt where it is")
        return config
    _staging = staging
    config.site_dir = str(staging.building)
    return config


def on_pre_build(config) -> None:
    # A corpus with problems stops the build before MkDocs writes anything (and the previous site stays
    # anyway until a build is complete: see on_config).
    global _loaded
    started = time.perf_counter()
    try:
        _loaded = load_valid_corpus(corpus_dir())
    except CorpusError as error:
        raise PluginError(f"Kho văn bản có {len(error.problems)} lỗi:\n{error}") from None
    log.info(f"Corpus: {len(_loaded.corpus.documents)} documents loaded and validated in {time.perf_counter() - started:.1f} s")


def on_files(files: Files, config) -> Files:
    global _blocks, _search_index, _indexed_pages
    started = time.perf_counter()
    _blocks = HtmlBlocks(defer=True)
    generated = render_site(_loaded.published(), _blocks)
    log.info(f"Corpus: {len(generated)} files generated in {time.perf_counter() - started:.1f} s")
    added: dict[str, File] = {}
    for path, content in generated.items():
        if isinstance(content, Path):  # a corpus file published as it is: MkDocs copies it
            added[path] = File.generated(config, path, abs_src_path=str(content))
        else:
            added[path] = File.generated(config, path, content=content)
        files.append(added[path])
    if _search_wanted():
        # The pages written in HTML are final already: Pagefind starts on them now, on the other core,
        # while MkDocs converts and writes the site (on_env handles pages it could not see here).
        searchable = [path for path, held in _blocks.pages.items() if held.meta.get("search")]
        _indexed_pages = set(searchable)
        _search_index = BackgroundIndex(
            ((added[path].dest_uri, _blocks.pages[path].meta.get("title", ""), _blocks.page_html(path)) for path in searchable),
            Path(config.site_dir) / "pagefind", _search_scratch(),
        )
    # The corpus and the generated pages live until the build ends: keep the garbage collector from
    # re-scanning them while MkDocs builds every page (see plansite/runtime/gcpause.py for the measurement).
    gc.freeze()
    _start_stage()
    return files


def on_env(env, config, files):
    global _search_index
    log.info(f"MkDocs: pages converted from Markdown in {_start_stage():.1f} s")
    searchable = [file for file in files.documentation_pages() if file.page.meta.get("search")]
    if _search_index is not None and {file.src_uri for file in searchable} != _indexed_pages:
        # A page marked `search: true` that the corpus templates did not write (a hand-written one): its
        # content is only final now, so Pagefind starts again, from every page as MkDocs converted it.
        _search_index.close()
        _search_index = BackgroundIndex(
            ((file.dest_uri, file.page.meta.get("title", ""), file.page.content) for file in searchable),
            Path(config.site_dir) / "pagefind", _search_scratch(),
        )
    return env


def on_page_markdown(markdown: str, page, config, files) -> str:
    held = _blocks.pages.get(page.file.src_uri)
    if held is not None:
        page.meta = dict(held.meta)  # a page written in HTML has no front matter: see site._render_html_page
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    html = _blocks.restore(html)
    held = _blocks.pages.get(page.file.src_uri)
    if held is not None:
        # A page written in HTML: Python-Markdown saw no heading and no anchor, so give MkDocs both.
        page.toc = get_toc(toc_tokens(held.headings, max_level=_toc_depth(config)))
        page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(html)
    return html


def _toc_depth(config) -> int:
    depth = (config.mdx_configs.get("toc") or {}).get("toc_depth", 6)
    return int(str(depth).split("-")[-1])  # `toc_depth` is a number or a range such as "2-4"


def on_serve(server, config, builder):
    server.watch(str(corpus_dir()))
    return server


def on_post_build(config) -> None:
    global _search_index
    log.info(f"MkDocs: files copied and pages written in {_start_stage():.1f} s")
    if _search_index is not None:
        index = _search_index  # still there while Pagefind runs, for on_build_error (and Ctrl+C) to stop it
        try:
            index.wait()
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        _search_index = None
        log.info(f"Search: Pagefind finished {_start_stage():.1f} s after the pages ({len(index.pages)} pages indexed)")
        if not index.stable:
            log.info("Search: Pagefind's bundle has a format plansite/search/pagefind.py does not know; its filter files are left in Pagefind's order")
    _publish(config)


def on_build_error(error) -> None:
    global _search_index
    if _search_index is not None:
        _search_index.close()
        _search_index = None
    _discard()


@atexit.register
def _on_exit() -> None:
    # Ctrl+C in the middle of a build is no build error for MkDocs: stop Pagefind, remove the unfinished build.
    on_build_error(None)


def _publish(config) -> None:
    """The last event of a complete build: the new site takes the previous one's place."""
    global _staging
    staging, _staging = _staging, None
    if staging is None:
        return
    config.site_dir = str(staging.target)  # `mkdocs gh-deploy` publishes from there once the build returns
    if config.strict and _warnings_counted():
        # MkDocs raises its strict-mode Abort right after this event: the previous site stays.
        _remove(staging.building)
        return
    previous = _swap(staging.building, staging.target)
    if previous is not None:
        _remove(previous)
    log.info(f"Site: the new site is in place at {staging.target}")


def _discard() -> None:
    global _staging
    staging, _staging = _staging, None
    if staging is not None:
        staging.config.site_dir = str(staging.target)
        for path in (staging.building, staging.search_scratch):
            shutil.rmtree(path, ignore_errors=True)  # never hides the error that stopped the build


def _warnings_counted() -> bool:
    """Whether MkDocs' strict-mode counter (attached to the `mkdocs` logger during a build) counted any."""
    return any(isinstance(handler, CountHandler) and handler.get_counts() for handler in logging.getLogger("mkdocs").handlers)


def _swap(building: Path, target: Path) -> Path | None:
    """Put `building` in the place of `target`; returns where the previous site now is, if there was one."""
    if not os.path.lexists(target):
        os.rename(building, target)
        return None
    if _exchange(building, target):  # one step: `target` is never missing
        return building
    aside = _beside(target, "previous")  # two steps: `target` is missing for the time of one rename
    os.rename(target, aside)
    os.rename(building, target)
    return aside


def _exchange(first: Path, second: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swaps two paths atomically. False where it is not available."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


@functools.cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _search_scratch() -> Path | None:
    return _staging.search_scratch if _staging is not None else None


def _search_wanted() -> bool:
    return os.environ.get("PLANSITE_SKIP_SEARCH") != "1"


def _start_stage() -> float:
    """Seconds since the previous stage began; a new stage begins now."""
    global _stage_started
    now = time.perf_counter()
    elapsed, _stage_started = now - _stage_started, now
    return elapsed
