"""MkDocs hooks: validate the corpus, add its generated pages, index the built site for search.

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
    global _blocks
    started = time.perf_counter()
    _blocks = HtmlBlocks(defer=True)
    generated = render_site(_loaded, _blocks)
    log.info(f"Corpus: {len(generated)} files generated in {time.perf_counter() - started:.1f} s")
    for path, content in generated.items():
        if isinstance(content, Path):  # a corpus file published as it is: MkDocs copies it
            files.append(File.generated(config, path, abs_src_path=str(content)))
        else:
            files.append(File.generated(config, path, content=content))
    # The corpus and the generated pages live until the build ends: keep the garbage collector from
    # re-scanning them while MkDocs builds every page (see plansite/gcpause.py for the measurement).
    gc.freeze()
    _start_stage()
    return files


def on_env(env, config, files):
    # Every page's content is final now: Pagefind can index it on another core while MkDocs writes the site.
    global _search_index
    log.info(f"MkDocs: pages converted from Markdown in {_start_stage():.1f} s")
    if os.environ.get("PLANSITE_SKIP_SEARCH") != "1":
        searchable = (
            (file.dest_uri, file.page.meta.get("title", ""), file.page.content)
            for file in files.documentation_pages()
            if file.page.meta.get("search")  # the pages overrides/main.html marks data-pagefind-body
        )
        _search_index = BackgroundIndex(searchable, Path(config.site_dir) / "pagefind")
    return env


def on_page_content(html: str, page, config, files) -> str:
    html = _blocks.restore(html)
    headings = _blocks.outlines.get(page.file.src_uri)
    if headings is not None:
        # A page written in HTML: Python-Markdown saw no heading and no anchor, so give MkDocs both.
        page.toc = get_toc(toc_tokens(headings, max_level=_toc_depth(config)))
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
    log.info(f"Search: Pagefind finished {_start_stage():.1f} s after the pages ({index.pages} pages indexed)")


def on_build_error(error) -> None:
    global _search_index
    if _search_index is not None:
        _search_index.close()
        _search_index = None


def _start_stage() -> float:
    """Seconds since the previous stage began; a new stage begins now."""
    global _stage_started
    now = time.perf_counter()
    elapsed, _stage_started = now - _stage_started, now
    return elapsed
