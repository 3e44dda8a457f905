"""The options of the `plansite` plugin, as mkdocs.yml gives them:

    plugins:
      - plansite:
          corpus_dir: !ENV [PLANSITE_CORPUS, corpus]
          skip_search: !ENV [PLANSITE_SKIP_SEARCH, false]
          rows_per_page: !ENV PLANSITE_ROWS_PER_PAGE
          search_part_pages: !ENV PLANSITE_SEARCH_PART_PAGES
          memory_mb: !ENV PLANSITE_MEMORY_MB
          search_copies: !ENV PLANSITE_SEARCH_COPIES

`corpus_dir`     the corpus directory; a relative path is taken from the folder of mkdocs.yml. Default `corpus`.
`search`         build the Pagefind search index (default true); a site configuration turns it off here.
`skip_search`    the opposite switch, for the environment: `PLANSITE_SKIP_SEARCH=1` turns the index off for
                 one build. `!ENV` reads a variable's value as YAML, so `1` arrives as the number 1: this
                 option takes true/false and 0/1. The index is built when `search` is on and `skip_search` off.
`directive`      the id of the document the site is about (default: Directive 28-CT/TW's): the site draws its
                 implementation tree, and shows documents that carry out only other documents apart.
`rows_per_page`  how many rows a page of a listing holds at most before it is split (plansite/render/paging.py;
                 default ROWS_PER_PAGE there). `PLANSITE_ROWS_PER_PAGE=5` splits even a small corpus's listings,
                 as the tests do.
`search_part_pages`  the most pages one run of Pagefind indexes (plansite/search/pagefind.py; default
                 PART_PAGES there): more are indexed in shares, one run after another, and the bundles merged,
                 so that Pagefind's memory follows the share, not the corpus. `PLANSITE_SEARCH_PART_PAGES=40`
                 indexes even a small corpus in shares, as the tests do.
`parallel_from`  from this many items (corpus files, document pages) on, forked workers load and render them
                 (plansite/runtime/forking.py; default PARALLEL_FROM there).
`memory_mb`      the most memory the build should take, all its processes together (default MEMORY_MB there,
                 4,096): a forked worker soon holds a copy of what it shares with the build, so none is forked
                 where the copies would pass it, and the work stays in the build's process, slower. A machine
                 with memory to spare: `PLANSITE_MEMORY_MB=16000 make build`.
`search_copies`  a directory where the build also leaves what Pagefind read of each searchable page, at the
                 page's path: its search copy, which holds what only the index reads and the served page leaves
                 out (plansite/search/pagefind.py). Default none. To see what search sees of a page:
                 `PLANSITE_SEARCH_COPIES=/tmp/copies make build`.
`poll_corpus`    under `mkdocs serve`, look for changes to the corpus by reading its folders twice a second, as
                 MkDocs does for docs/ (default false: the system tells of each change, see plugin.py). For a
                 corpus on a file system that tells of none (some network and container mounts):
                 `PLANSITE_POLL_CORPUS=1 make serve`.

An unknown option is a warning (`mkdocs build --strict`: an error), a wrong type an error, as for any plugin.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from plansite.render.context import DIRECTIVE_ID
from plansite.render.paging import ROWS_PER_PAGE
from plansite.runtime.forking import MEMORY_MB, PARALLEL_FROM
from plansite.search.pagefind import PART_PAGES


class Switch(BaseConfigOption[bool]):
    """A yes/no option that also takes 0 and 1, as `!ENV` gives an environment variable set to `0` or `1`."""

    def __init__(self, default: bool = False) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if value is None:  # absent, or `!ENV` of an unset variable without a default
            return self.default
        if isinstance(value, bool):
            return value
        if type(value) is int and value in (0, 1):
            return bool(value)
        raise ValidationError(f"Expected true, false, 0 or 1, but received: {value!r}")


class Count(BaseConfigOption[int]):
    """A positive whole number; absent (or `!ENV` of an unset variable) is the default."""

    def __init__(self, default: int) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        if value is None:
            return self.default
        if type(value) is not int or value < 1:
            raise ValidationError(f"Expected a whole number from 1, but received: {value!r}")
        return value


class PlanSiteConfig(Config):
    # A missing directory is no configuration error: the corpus check reports it with the missing files.
    corpus_dir = c.Dir(exists=False, default="corpus")
    search = c.Type(bool, default=True)
    skip_search = Switch(default=False)
    directive = c.Type(str, default=DIRECTIVE_ID)
    parallel_from = c.Type(int, default=PARALLEL_FROM)
    rows_per_page = Count(default=ROWS_PER_PAGE)
    search_part_pages = Count(default=PART_PAGES)
    memory_mb = Count(default=MEMORY_MB)
    search_copies = c.Optional(c.Dir(exists=False))
    poll_corpus = Switch(default=False)
