"""The `plansite` MkDocs plugin: validate the corpus, add its generated pages, build the search index alongside.

Kept thin on purpose: each event calls plain functions of `plansite`, so moving off MkDocs is cheap. The
options (corpus directory, search, worker threshold) are in config.py.

The build is atomic (plansite/runtime/staging.py): MkDocs writes the site into `.<site>.building` beside the
site directory, and that directory takes the site's place in one rename once everything, search index
included, is written. A build that fails or is interrupted (Ctrl+C, SIGTERM, SIGKILL) leaves the previous
site as it was; what it left beside it goes at the start of the next build.

MkDocs keeps one instance of the plugin for the whole process (`mkdocs serve` loads the configuration again
for every rebuild, and gets the same instance back): the state of a build lives on the instance, and every
build starts it afresh in on_config.

Under `mkdocs serve`, the instance also keeps what the next build needs to do only the edit's work: the
document files as read (plansite/corpus/loader.py, ReadCache: only changed files are read again), the render
and what each page read (plansite/render/incremental.py: only the pages that read what changed are rendered
again), and what each generated file was when written. After an edit to the corpus alone, the rebuild
updates the served directory in place: MkDocs runs with `dirty`, so it converts and writes only the files
whose content changed (`GeneratedFile`), the files no longer generated are removed, and Pagefind indexes the
site again in the background, its bundle replacing the served `pagefind/` in one rename when done (the page
shows the edit first; the search follows, as the log says). The downloads (calendar feeds, open data, the
corpus archive: files that are not pages) are made after the pages too, in a forked process
(plansite/runtime/background.py), each replacing the served file in one rename once all are made; the log
says when. A newer edit's build stops both. Any other change (mkdocs.yml, docs/, overrides/) rebuilds
everything beside the site, as `mkdocs build` does.
"""

from __future__ import annotations

import atexit
import functools
import gzip
import inspect
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from plansite.corpus.check import load_valid_corpus
from plansite.corpus.loader import Loaded, ReadCache
from plansite.corpus.problems import CorpusError
from plansite.mkdocs_plugin.config import PlanSiteConfig
from plansite.mkdocs_plugin.frame import SharedPartials, nav_targets, tabs_show_all, with_theme_templates
from plansite.mkdocs_plugin.icons import PALETTE_SCRIPT, SPRITE, FrameIcons, frame_icons
from plansite.render.assets import is_own_asset, served_asset
from plansite.render.blocks import HtmlBlocks
from plansite.render.compact import CompactLoader
from plansite.render.environment import CompiledTemplates
from plansite.render.incremental import RenderState, fingerprint, same
from plansite.render.outline import toc_tokens
from plansite.render.site import render_site
from plansite.render.urls import Paths
from plansite.runtime import staging as atomic
from plansite.runtime.background import BackgroundFiles, BackgroundFilesError, can_fork
from plansite.runtime.forking import held_when_refused, set_memory_mb
from plansite.runtime.gcpause import collect_soon, freeze_build_heap, paused_then_frozen, release_build_heap
from plansite.search.pagefind import BackgroundIndex, SearchIndexError, for_reading, foreign_copies, keep_openings
from plansite.search.scripts import PASSAGES_SCRIPT, passages_script

log = logging.getLogger("mkdocs.plugins.plansite")
# What `written` holds for a download made after the pages: the served file is whatever the last background
# make put there, so no content compares equal to it.
MADE_LATER = object()


class PlanSitePlugin(BasePlugin[PlanSiteConfig]):
    def __init__(self) -> None:
        self.dirty = False  # `--dirty`: MkDocs updates the site where it is, so it is not built beside it
        self.loaded: Loaded | None = None
        self.blocks = HtmlBlocks(defer=True)
        self.stage_started = 0.0  # when MkDocs' own work began: its stages are logged like ours
        self.search_index: BackgroundIndex | None = None
        self.indexed_pages: set[str] = set()  # the pages Pagefind was given (their paths in the docs tree)
        self.staging: atomic.Staging | None = None
        self.mkdocs_config = None  # MkDocs' configuration during a build: its `site_dir` points at the staging
        # Under `mkdocs serve` only: what the next build reuses (see the module's docstring).
        self.serving = False
        self.in_place = False  # this build updates the served site where it is
        self.read_cache = ReadCache()
        self.render_state = RenderState()
        self.theme_templates = CompiledTemplates()
        self.written: dict[str, tuple[str, object]] = {}  # generated path -> (its file in the site, fingerprint) as served
        self.pending: dict[str, tuple[str, object]] = {}  # the same for the build under way
        self.served: Path | None = None  # the served site directory after the last complete build
        self.inputs: tuple[list[str], dict] | None = None  # the other inputs of the last complete build, and their stamps
        self.search_from_pages = False  # the index needed MkDocs' own pages (a hand-written searchable page)
        self.settling: BackgroundIndex | None = None  # Pagefind on the edited site, after the pages
        self.settle_pages: list[tuple[str, str, Callable[[], str]]] = []
        self.making: BackgroundFiles | None = None  # the edited site's downloads, made after the pages
        self.background_lock = threading.Lock()  # a newer build stops a job, or it is put in place: never both
        self.later: dict[str, object] = {}  # the downloads of the build under way that are made after its pages
        self.replacing = False  # whether the build under way has begun to replace the served site (on_files)
        self.builds = 0  # how many builds have begun (on_config)
        self.build_started = 0.0  # when the build under way began (on_config)
        self.placeholders: str | None = None  # the content of the page being written, as converted (see on_page_content)

    @property
    def corpus_dir(self) -> Path:
        return Path(self.config.corpus_dir).resolve()

    @property
    def search_wanted(self) -> bool:
        return self.config.search and not self.config.skip_search

    # --- events, in the order MkDocs runs them ----------------------------------------------------------

    def on_startup(self, *, command, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve" and not dirty  # `serve --clean` says "build"
        keep_openings(self.serving)  # the next edit's index takes the unchanged pages' openings (search/pagefind.py)

    def on_config(self, config):
        """The first event of a build: MkDocs is pointed at the directory beside the site."""
        self.staging = None
        self.mkdocs_config = config
        self.builds += 1
        self.build_started = time.perf_counter()
        self.pending = {}
        self.listed: set[str] = set()  # the URLs of the pages the navigation lists (on_nav)
        self.nav_targets: list[str] = []  # and every URL it links to
        self.drawer_from_tabs = False  # and whether the tabs show all of it (frame.tabs_show_all)
        self.replacing = False  # whether this build has begun to replace the served site (on_files)
        # Ctrl+C in the middle of a build is no build error for MkDocs: at exit, stop Pagefind and remove the
        # unfinished build (unregistered when the build ends).
        atexit.register(self._stop)
        if self.dirty or self.in_place:
            return config
        try:
            staging = atomic.begin(config.site_dir)
        except atomic.InPlace as reason:
            log.info(f"Site: {reason}")
            return config
        self.staging = staging
        config.site_dir = str(staging.building)
        return config

    def on_pre_build(self, *, config) -> None:
        # A corpus with problems stops the build before MkDocs writes anything (and the previous site stays
        # anyway until a build is complete: see on_config).
        started = time.perf_counter()
        set_memory_mb(self.config.memory_mb)
        self._check_search_copies(config)
        try:
            with paused_then_frozen():
                self.loaded = load_valid_corpus(self.corpus_dir, parallel_from=self.config.parallel_from,
                                                cache=self.read_cache if self.serving else None)
        except CorpusError as error:
            raise PluginError(f"Kho văn bản có {len(error.problems)} lỗi:\n{error}") from None
        if self.config.directive not in self.loaded.corpus.documents:
            raise PluginError(f"plansite: directive: không có văn bản '{self.config.directive}' trong kho: ghi id của "
                              "văn bản mà trang web trình bày cây thực hiện")
        again = f" ({len(self.read_cache.last_read)} files read again)" if self.serving else ""
        log.info(f"Corpus: {len(self.loaded.corpus.documents)} documents loaded and validated{again} in {time.perf_counter() - started:.1f} s")

    def on_files(self, files: Files, *, config) -> Files:
        started = time.perf_counter()
        with paused_then_frozen():
            generated = self._render(config)
        log.info(f"Corpus: {len(generated)} files generated in {time.perf_counter() - started:.1f} s")
        held = held_when_refused()
        if held is not None:  # slower, so said
            log.info(f"Corpus: no worker forked once this process held {held:,.0f} MB: the work stayed here, since the "
                     f"copies would have taken the build past {self.config.memory_mb:,} MB (memory_mb, PLANSITE_MEMORY_MB)")
        # From here this build replaces the served site: the search index and the downloads the previous edit
        # still makes in the background would land in it stale. Not sooner: an edit whose corpus fails its
        # checks leaves them to finish, and the served site stays the previous edit's, whole.
        self.replacing = True
        self._stop_settling()
        self._stop_making()
        added: dict[str, File] = {}
        self.pending = {}
        for path, content in generated.items():
            if isinstance(content, Path):  # a corpus file published as it is, or a download written in place: MkDocs copies it, or leaves it
                added[path] = GeneratedFile.generated(config, path, abs_src_path=str(content))
            else:
                added[path] = GeneratedFile.generated(config, path, content=content)
            files.append(added[path])
        # What the site's exclude_docs (or draft_docs) leaves out, MkDocs does not write: nor does this plugin,
        # which writes some downloads itself, in place as they are made (render/site.py, Spill) or, under `mkdocs
        # serve`, after the pages (`later`). MkDocs' own rule, which it would apply to these files after this hook.
        set_exclusions(added.values(), config)
        written = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
        for path, file in added.items():
            if not written(file.inclusion):
                if file.abs_src_path is not None and Path(file.abs_src_path) == Path(file.abs_dest_path):
                    os.remove(file.abs_src_path)
                self.later.pop(path, None)
                continue
            if self.serving:
                if path in self.later:  # given as served; made after the pages (on_post_build)
                    added[path].unchanged = True
                    self.pending[path] = (added[path].dest_uri, MADE_LATER)
                    continue
                stamp = fingerprint(path, generated[path], self.blocks)
                before = self.written.get(path)
                added[path].unchanged = self.in_place and before is not None and same(before[1], stamp)
                self.pending[path] = (added[path].dest_uri, stamp)
        # The frame's icons and colour-scheme script, from the theme's files (icons.py).
        try:
            self.icons = FrameIcons(_theme_dirs(config), frame_icons(config.theme))
        except (OSError, ValueError) as error:  # a theme without the files the frame draws from
            raise PluginError(f"Site: {error}") from None
        files.append(File.generated(config, SPRITE, content=self.icons.sprite))
        files.append(File.generated(config, PALETTE_SCRIPT, content=self.icons.palette_script))
        # The search page's script, with the tone placements of folding.py written in (search/scripts.py).
        script = files.get_file_from_path(PASSAGES_SCRIPT)
        if script is None:
            raise PluginError(f"Search: {config.docs_dir} has no {PASSAGES_SCRIPT}")
        try:
            script.content_string = passages_script(script.content_string)
        except ValueError as error:
            raise PluginError(f"Search: {error}") from None
        # The site's own scripts and style sheet without their comments (render/assets.py); the theme's come so.
        for file in files:
            if file.src_dir == config.docs_dir and is_own_asset(file.src_uri):
                file.content_string = served_asset(file.src_uri, file.content_string)
        if self.in_place:
            self._remove_gone(config)
            changed = sum(1 for file in added.values() if not file.unchanged)
            later = f"; {len(self.later)} downloads are made after the pages" if self.later else ""
            log.info(f"Site: {changed} of {len(added)} generated files changed; only they are converted and written, in place{later}")
            if self.search_wanted:
                # Each page's HTML is taken out of its compressed block only as Pagefind's thread writes it:
                # here, for every page, it took 0.9 s of an edit before its pages were written (profiled).
                self.settle_pages = [(added[path].dest_uri, held.meta.get("title", ""), self._held_html(path))
                                     for path, held in self.blocks.pages.items() if held.meta.get("search")]
        elif self.search_wanted:
            # The pages written in HTML are final already: Pagefind starts on them now, on the other core,
            # while MkDocs converts and writes the site (on_env handles pages it could not see here).
            searchable = [path for path, held in self.blocks.pages.items() if held.meta.get("search")]
            self.indexed_pages = set(searchable)
            self.search_index = self._background_index(
                ((added[path].dest_uri, self.blocks.pages[path].meta.get("title", ""), self._held_html(path)) for path in searchable),
                Path(config.site_dir) / "pagefind", self._search_scratch(),
            )
        # The corpus and the generated pages live until the build ends: keep the garbage collector from
        # re-scanning them while MkDocs builds every page (plansite/runtime/gcpause.py; released when the
        # build ends, in on_post_build or on_build_error).
        freeze_build_heap()
        self._start_stage()
        return files

    def _render(self, config) -> dict:
        if self.serving:
            generated, self.blocks = self.render_state.render(self.loaded.published(), parallel_from=self.config.parallel_from,
                                                              directive_id=self.config.directive, site_url=config.site_url or "",
                                                              rows_per_page=self.config.rows_per_page,
                                                              defer_files=self.in_place and can_fork())
            self.later, self.render_state.later = self.render_state.later, {}
            log.info(f"Corpus: {self.render_state.summary}")
            return generated
        # A build beside the site writes the downloads and the pages' blocks into it as they are made: it goes
        # whole if the build fails, and _publish removes the blocks before it takes the site's place. A build
        # into the site itself (`--dirty`, or where no directory can be made beside it) holds them until the end.
        staged = self.staging is not None
        self.blocks = HtmlBlocks(defer=True, spill=Path(config.site_dir) / ".plansite-blocks" if staged else None)
        return render_site(self.loaded.published(), self.blocks, parallel_from=self.config.parallel_from,
                           directive_id=self.config.directive, site_url=config.site_url or "",
                           rows_per_page=self.config.rows_per_page, site=Path(config.site_dir) if staged else None)

    def on_env(self, env, *, config, files):
        log.info(f"MkDocs: pages converted from Markdown in {self._start_stage():.1f} s")
        # The theme's indentation, out of every page (render/compact.py); its own partials under frame.THEME.
        env.loader = CompactLoader(with_theme_templates(env.loader, _theme_dirs(config)))
        if self.serving:  # MkDocs makes the theme's environment afresh for every build: its templates compiled once
            env.bytecode_cache = self.theme_templates
        # The navigation, rendered once for all the pages it does not list whose links come out the same (frame.py).
        targets = [*self.nav_targets, *(url for url in (config.extra.get("homepage"), config.theme.get("logo")) if url)]
        env.globals["shared_partial"] = SharedPartials(env, self.listed, targets, drawer_from_tabs=self.drawer_from_tabs)
        env.globals["frame_icon"], env.globals["frame_sprite"] = self.icons, SPRITE
        env.globals["former_pairs"] = Paths.former_alignment_rule()  # sent on by the 404 page
        # `tojson` (the JSON-LD, the theme's configuration) writes Vietnamese as UTF-8, not as \u escapes, which
        # took 6 bytes a letter: 2.5 KB of a document page's JSON-LD was 1.3 KB of text. Jinja still escapes
        # <, >, & and ' in it, so no value can close the script element. No space after a separator either.
        env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False,
                                             "separators": (",", ":")}
        searchable = [file for file in files.documentation_pages() if file.page.meta.get("search")]
        if self.search_index is not None and {file.src_uri for file in searchable} != self.indexed_pages:
            self.search_from_pages = True  # an in-place rebuild could not index this page: serve rebuilds whole
            # A page marked `search: true` that the corpus templates did not write (a hand-written one): its
            # content is only final now, so Pagefind starts again, from every page as MkDocs converted it.
            self.search_index.close()
            self.search_index = self._background_index(
                ((file.dest_uri, file.page.meta.get("title", ""), self.blocks.restore(file.page.content)) for file in searchable),
                Path(config.site_dir) / "pagefind", self._search_scratch(),
            )
        return env

    def on_pre_page(self, page, *, config, files):
        if page.file.src_uri in self.blocks.pages:
            # A page written in HTML is, to MkDocs, the placeholder of its block alone: Python-Markdown, set up
            # afresh for every page with the site's extensions, would give the placeholder back, and nothing else.
            page.render = functools.partial(_render_placeholder, page)  # this page's, not the class's
        return page

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        held = self.blocks.pages.get(page.file.src_uri)
        if held is not None:
            page.meta = dict(held.meta)  # a page written in HTML has no front matter: see plansite/render/blocks.py
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        held = self.blocks.pages.get(page.file.src_uri)
        if held is not None:
            # A page written in HTML: Python-Markdown saw no heading and no anchor, so give MkDocs both.
            page.toc = get_toc(toc_tokens(held.headings, max_level=_toc_depth(config)))
            page.present_anchor_ids = (page.present_anchor_ids or set()) | held.anchor_ids()
        # The held HTML stays out of the page until the page is written (on_page_context): MkDocs converts
        # every page before it writes the first, and all of them whole at once were most of a build's memory.
        return html

    def on_nav(self, nav, *, config, files):
        self.listed, self.nav_targets = {page.url for page in nav.pages}, nav_targets(nav)
        self.drawer_from_tabs = tabs_show_all(nav, config.theme.get("features") or [])
        return nav

    def on_page_context(self, context, *, page, config, nav):
        self.placeholders = page.content
        page.content = self.blocks.restore(page.content)
        if page.meta.get("search"):  # the index has its own copy, with what only it reads (search/pagefind.py)
            page.content = for_reading(page.content)
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        page.content, self.placeholders = self.placeholders, None  # the page is written: its HTML goes
        return output

    def on_serve(self, server, *, config, builder):
        if self.config.poll_corpus or not _watch_natively(server, self.corpus_dir):
            server.watch(str(self.corpus_dir))
        if self.serving:
            server.builder = self._rebuilder(builder)
        return server

    def _rebuilder(self, builder):
        """`mkdocs serve`'s rebuild, updating the served site in place when only the corpus changed."""
        # What serve's own builder works with: how it loads the configuration again, and the served address.
        names = inspect.getclosurevars(builder).nonlocals
        get_config, serve_url = names.get("get_config"), names.get("serve_url")
        if get_config is None or not serve_url:  # another MkDocs than 1.6: every rebuild is a whole one
            return builder

        def rebuild() -> None:
            if not self._can_update_in_place():
                builder()
                return
            log.info("Building documentation (the corpus changed: the site is updated where it is)...")
            config = get_config()
            config.site_url = serve_url
            self.in_place = True
            quiet = _DirtyWarning()
            logging.getLogger("mkdocs.commands.build").addFilter(quiet)
            try:
                mkdocs_build(config, serve_url=serve_url, dirty=True)
            finally:
                self.in_place = False
                logging.getLogger("mkdocs.commands.build").removeFilter(quiet)

        return rebuild

    def _can_update_in_place(self) -> bool:
        if not self.written or self.served is None or not self.served.is_dir() or self.inputs is None or self.search_from_pages:
            return False
        roots, stamps = self.inputs
        return _stamps(roots) == stamps

    def on_post_build(self, *, config) -> None:
        try:
            log.info(f"MkDocs: files copied and pages written in {self._start_stage():.1f} s")
            _sitemap_gz_without_date(Path(config.site_dir))
            if self.in_place:
                self.written = self.pending
                if self.later:
                    self._make_later(Path(config.site_dir))
                if self.search_wanted:
                    self._settle_search(Path(config.site_dir))
            else:
                self._finish_whole(config)
            # MkDocs drops a log line equal to one it logged before: a rebuild as long as the previous one to
            # the hundredth of a second ("Documentation built in 2.80 seconds") left no line of its end. This
            # one names the build: every build whose site is in place says so (not one strict mode aborts).
            if not (config.strict and _warnings_counted()):
                log.info(f"Site: build {self.builds} written, {time.perf_counter() - self.build_started:.2f} s after it began")
        finally:
            self._end_build()

    def _finish_whole(self, config) -> None:
        """A whole build's end: Pagefind's index complete, then the new site in place of the previous one."""
        if self.search_index is not None:
            index = self.search_index  # still there while Pagefind runs, for on_build_error (and Ctrl+C) to stop it
            try:
                index.wait()
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
            self.search_index = None
            log.info(f"Search: Pagefind finished {self._start_stage():.1f} s after the pages ({len(index.pages)} pages indexed"
                     f"{f', in {index.shares} shares merged' if index.shares > 1 else ''})")
            if not index.stable:
                log.info("Search: Pagefind's bundle has a format plansite/search/pagefind.py does not know; its filter files are left in Pagefind's order")
        self._publish(config)

    def on_build_error(self, *, error) -> None:
        if self.in_place and self.pending:
            # Some pages may be written already: the next build is a whole one, beside the site.
            self.written, self.served = {}, None
            self.render_state.forget()
        self._stop(background=self.replacing)
        self._end_build()

    # --- the search index of a site updated in place ------------------------------------------------------

    def _settle_search(self, site: Path) -> None:
        """Pagefind on every searchable page of the edited site, in the background; its bundle replaces the
        served one in one rename when it is done (until then, search answers from the site before the edit)."""
        pages, self.settle_pages = self.settle_pages, []
        bundle, scratch = atomic.beside(site, "pagefind"), atomic.beside(site, "search")
        atomic.remove(bundle)
        self.settling = self._background_index(pages, bundle, scratch)
        log.info(f"Search: the pages are in place; Pagefind indexes the edited site in the background ({len(pages)} pages)")

        def install() -> None:
            previous = atomic.swap(bundle, site / "pagefind")
            if previous is not None:
                atomic.remove(previous)

        self._when_done("settling", install, SearchIndexError, "Search: the index of the edited site is in place",
                        "Search: the index of the edited site failed, the previous one stays")

    # --- the downloads of a site updated in place --------------------------------------------------------

    def _make_later(self, site: Path) -> None:
        """The downloads this build left for after its pages, made in a forked process (it has this build's
        corpus and render as they are now); each replaces the served file in one rename when all are made."""
        makers = {self.pending[path][0]: make for path, make in self.later.items()}
        self.later = {}
        job = BackgroundFiles(makers, atomic.beside(site, "files"))
        self.making = job
        atexit.register(self._stop_making)  # the server stopped meanwhile: no process or scratch left behind
        log.info(f"Files: the pages are in place; {len(makers)} downloads of the edited site are made in the background")
        self._when_done("making", lambda: job.install(site), BackgroundFilesError, "Files: the downloads of the edited site are in place",
                        "Files: making the downloads of the edited site failed, the previous ones stay")

    # --- what an edit finishes in the background ---------------------------------------------------------

    def _when_done(self, slot: str, install, errors: type[Exception], placed: str, failed: str) -> None:
        """When the job in `self.<slot>` (the search index, the downloads) is done, `install` puts it in the
        served site, unless a newer edit's build stopped it meanwhile (`_stop_job`, under the same lock: a job
        is stopped or put in place, never both). The log says when (`placed`), or that it failed (`failed`)."""
        job, started = getattr(self, slot), time.perf_counter()

        def finish() -> None:
            try:
                job.wait()
            except errors as error:
                if getattr(self, slot) is job:
                    log.error(f"{failed}: {error}")
                return
            with self.background_lock:
                if getattr(self, slot) is not job:
                    return
                install()
                setattr(self, slot, None)
            log.info(f"{placed}, {time.perf_counter() - started:.1f} s after the pages")

        threading.Thread(target=finish, name=f"{slot}-in-place", daemon=True).start()

    def _stop_job(self, slot: str):
        """The job in `self.<slot>`, taken out so that it is not put in place; None if there is none."""
        with self.background_lock:
            job = getattr(self, slot)
            setattr(self, slot, None)
        if job is not None:
            job.close()
        return job

    def _stop_making(self) -> None:
        self._stop_job("making")
        atexit.unregister(self._stop_making)

    def _stop_settling(self) -> None:
        index = self._stop_job("settling")
        if index is not None:
            atomic.remove(index.output)  # what it wrote of its bundle beside the site

    # --- the end of a build ------------------------------------------------------------------------------

    def _publish(self, config) -> None:
        """The last event of a complete build: the new site takes the previous one's place."""
        self.blocks.release()  # every page and search copy is written
        staging, self.staging = self.staging, None
        if staging is None:
            return
        config.site_dir = str(staging.target)  # `mkdocs gh-deploy` publishes from there once the build returns
        if config.strict and _warnings_counted():
            # MkDocs raises its strict-mode Abort right after this event: the previous site stays.
            atomic.remove(staging.building)
            return
        atomic.publish(staging)
        log.info(f"Site: the new site is in place at {staging.target}")
        if self.serving:
            self.written, self.served = self.pending, staging.target
            roots = [config.docs_dir, config.config_file_path or "", *(config.theme.custom_dir and [config.theme.custom_dir] or [])]
            self.inputs = (roots, _stamps(roots))

    def _remove_gone(self, config) -> None:
        """Files the previous build generated and this one does not (a document removed): out of the site."""
        site = Path(config.site_dir)
        for path in self.written.keys() - self.pending.keys():
            target = site / self.written[path][0]
            atomic.remove(target)
            try:
                target.parent.rmdir()  # its folder, if nothing else is in it, as a fresh build would not have it
            except OSError:
                pass

    def _stop(self, background: bool = True) -> None:
        """A build that failed or was interrupted: stop Pagefind, remove what the build wrote beside the site;
        with `background`, stop what the previous edit still makes in the background too (the server stops)."""
        if background:
            self._stop_settling()
            self._stop_making()
        if self.search_index is not None:
            self.search_index.close()
            self.search_index = None
        self.blocks.release()
        staging, self.staging = self.staging, None
        if staging is not None:
            if self.mkdocs_config is not None:
                self.mkdocs_config.site_dir = str(staging.target)
            atomic.discard(staging)

    def _end_build(self) -> None:
        """Whatever way a build ends: the collector gets the build's heap back, the exit handler goes."""
        self.blocks.release()
        self.loaded, self.blocks, self.mkdocs_config = None, HtmlBlocks(defer=True), None  # collected with the rest
        self.later = {}
        if self.in_place:
            # MkDocs holds the requests for the served site until this build ends: collecting the heap here
            # held an edit back 2.7 s at 2,000 plans (profiled). It is collected a second later instead,
            # unless a newer build has begun by then.
            release_build_heap(collect=False)
            build = self.builds
            collect_soon(1.0, lambda: self.builds == build)
        else:
            release_build_heap(collect=self.serving)  # `mkdocs build` ends with the build
        atexit.unregister(self._stop)

    def _held_html(self, path: str) -> Callable[[], str]:
        """A held page's HTML, taken out of its compressed block when called: this build's blocks, even once a
        newer build has its own."""
        blocks = self.blocks
        return lambda: blocks.page_html(path)

    def _check_search_copies(self, config) -> None:
        """The search copies' directory is emptied by every build: never one that holds the site's sources or output."""
        if not self.config.search_copies:
            return
        copies = Path(os.path.realpath(self.config.search_copies))
        site = self.staging.target if self.staging is not None else config.site_dir
        for name, other in (("docs_dir", config.docs_dir), ("site_dir", site), ("corpus_dir", self.corpus_dir)):
            other = Path(os.path.realpath(other))
            if copies == other or other in copies.parents or copies in other.parents:
                raise PluginError(f"plansite: search_copies ({copies}) trùng hoặc lồng với {name} ({other}): mỗi lần "
                                  "dựng trang, thư mục này bị xóa để ghi lại; hãy chọn một thư mục riêng")
        if copies.exists() and not copies.is_dir():
            raise PluginError(f"plansite: search_copies ({copies}) là một tệp, không phải thư mục")
        if foreign_copies(copies):
            raise PluginError(f"plansite: search_copies ({copies}) có tệp không phải bản sao tìm kiếm do plansite ghi: "
                              "mỗi lần dựng trang, thư mục này bị xóa để ghi lại; hãy chọn một thư mục trống hoặc chưa có")
        if not self.search_wanted:
            log.info(f"Search: no search index is built, so no search copies are left in {copies}")

    def _background_index(self, pages, output: Path, scratch: Path | None) -> BackgroundIndex:
        copies = self.config.search_copies
        return BackgroundIndex(pages, output, scratch, self.config.search_part_pages, Path(copies) if copies else None)

    def _search_scratch(self) -> Path | None:
        return self.staging.search_scratch if self.staging is not None else None

    def _start_stage(self) -> float:
        """Seconds since the previous stage began; a new stage begins now."""
        now = time.perf_counter()
        elapsed, self.stage_started = now - self.stage_started, now
        return elapsed


class GeneratedFile(File):
    """A generated file that knows whether it is the same as the one the previous build wrote: MkDocs' `dirty`
    build (an in-place rebuild under `mkdocs serve`) converts and writes only the modified ones."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged or not os.path.exists(self.abs_dest_path)


class _DirtyWarning(logging.Filter):
    """MkDocs warns on every `dirty` build that links may go stale; an in-place rebuild rewrites every page
    whose content changed, so the warning says nothing there (and would abort `serve --strict`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def _theme_dirs(config) -> list[str]:
    """The theme's template folders, without the site's overrides."""
    custom = os.path.abspath(config.theme.custom_dir) if config.theme.custom_dir else None
    return [folder for folder in config.theme.dirs if os.path.abspath(folder) != custom]


def _stamps(roots: list[str]) -> dict[str, tuple[int, int]]:
    """Every file under the given files and folders, with its modification time and size."""
    stamps = {}
    for root in roots:
        if not root:
            continue
        if os.path.isfile(root):
            status = os.stat(root)
            stamps[root] = (status.st_mtime_ns, status.st_size)
            continue
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                stamps[path] = (status.st_mtime_ns, status.st_size)
    return stamps


_CHANGES = {"created", "modified", "deleted", "moved", "closed"}  # watchdog's event types; "closed": after a write


def _watch_natively(server, folder: Path) -> bool:
    """Have the system tell `mkdocs serve` of every change under `folder` (inotify on Linux), as MkDocs' own
    watch does, rather than MkDocs' polling, which reads every folder it watches twice a second: on the
    corpus (4,000 files at 2,000 plans) that took 44% of a core while the server waited, and held Python's lock
    against the rebuild (profiled). MkDocs 1.6 has no option for it: the rebuild is asked for as its own watch
    does (`_want_rebuild` under `_rebuild_cond`). False, and nothing done, where that is not possible."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild") or not folder.is_dir():
        return False
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    def changed(event) -> None:
        # Not a file being opened or read (the build itself reads the corpus): that would rebuild for ever.
        if event.is_directory or event.event_type not in _CHANGES:
            return
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = changed
    observer = Observer()  # its threads are daemons: they end with the server
    try:
        observer.schedule(handler, str(folder), recursive=True)
        observer.start()
    except OSError as error:  # no watch left (inotify's limit), or the folder went meanwhile
        log.warning(f"plansite: the corpus is watched by polling: {error}")
        return False
    log.info(f"Watching the corpus for changes: '{folder}'")
    return True


def _toc_depth(config) -> int:
    depth = (config.mdx_configs.get("toc") or {}).get("toc_depth", 6)
    return int(str(depth).split("-")[-1])  # `toc_depth` is a number or a range such as "2-4"


def _warnings_counted() -> bool:
    """Whether MkDocs' strict-mode counter (attached to the `mkdocs` logger during a build) counted any."""
    return any(isinstance(handler, CountHandler) and handler.get_counts() for handler in logging.getLogger("mkdocs").handlers)


def _render_placeholder(page, config, files) -> None:
    """`Page.render` for a page whose Markdown is one held block's placeholder (`HtmlBlocks`): what
    Python-Markdown makes of it, the placeholder itself, with no heading, title, anchor or link, without setting
    up Python-Markdown for the page (its extensions' setup was 5.3 of the 11.4 s MkDocs spent converting the
    10,000-plan site's pages, profiled). Any other Markdown is converted as usual. The headings and anchors of
    the page are given in on_page_content, as for a page Python-Markdown converted."""
    # Only line breaks around it: indented by four spaces, Python-Markdown would make it a block of code.
    placeholder = HtmlBlocks.PLACEHOLDER.fullmatch(page.markdown.strip("\n")) if page.markdown is not None else None
    if placeholder is None:
        Page.render(page, config, files)
        return
    page.content = placeholder.group(0)
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def _sitemap_gz_without_date(site: Path) -> None:
    """MkDocs writes the day of the build into sitemap.xml.gz's header (overrides/sitemap.xml leaves it out of
    the sitemap): written again without it, a corpus built on any day gives the same bytes."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), mtime=0))
