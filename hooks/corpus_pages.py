"""MkDocs hooks: validate the corpus, add its generated pages, build the search index alongside.

Kept thin on purpose: each hook calls one plain function of `plansite`, so moving off MkDocs is cheap.
The corpus directory is `corpus/` unless the PLANSITE_CORPUS environment variable names another.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plansite.check import DEFAULT_CORPUS, load_valid_corpus  # noqa: E402
from plansite.loader import Loaded  # noqa: E402
from plansite.outline import anchor_ids, toc_tokens  # noqa: E402
from plansite.problems import CorpusError  # noqa: E402
from plansite.search import BackgroundIndex, SearchIndexError  # noqa: E402
from plansite.site import HtmlBlocks, render_site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.corpus_pages")
_loaded: Loaded | None = None
_blocks = HtmlBlocks(defer=True)
_stage_started = 0.0  # when MkDocs' own work began: its stages are logged like ours
_search_index: BackgroundIndex | None = None
_indexed_pages: set[str] = set()  # the pages Pagefind was given (their paths in the docs tree)


def corpus_dir() -> Path:
    return Path(os.environ.get("PLANSITE_CORPUS", DEFAULT_CORPUS)).resolve()


def on_pre_build(config) -> None:
    # Runs before MkDocs cleans site/: a corpus with problems leaves the previous site untouched.
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
    generated = render_site(_loaded, _blocks)
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
            Path(config.site_dir) / "pagefind",
        )
    # The corpus and the generated pages live until the build ends: keep the garbage collector from
    # re-scanning them while MkDocs builds every page (see plansite/gcpause.py for the measurement).
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
            Path(config.site_dir) / "pagefind",
        )
    return env


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
    if _search_index is None:
        return
    index, _search_index = _search_index, None
    try:
        index.wait()
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.info(f"Search: Pagefind finished {_start_stage():.1f} s after the pages ({len(index.pages)} pages indexed)")


def on_build_error(error) -> None:
    global _search_index
    if _search_index is not None:
        _search_index.close()
        _search_index = None


def _search_wanted() -> bool:
    return os.environ.get("PLANSITE_SKIP_SEARCH") != "1"


def _start_stage() -> float:
    """Seconds since the previous stage began; a new stage begins now."""
    global _stage_started
    now = time.perf_counter()
    elapsed, _stage_started = now - _stage_started, now
    return elapsed
