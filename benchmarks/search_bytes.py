#!/usr/bin/env python3
"""Bytes a visitor's browser fetches for search: a first two-word query, then the next one.

    .venv/bin/python benchmarks/search_bytes.py                          # the real corpus
    .venv/bin/python benchmarks/search_bytes.py --corpus benchmarks/out/corpus-2000

Builds the site from the corpus (search index included) unless --site names a built one, serves it on
127.0.0.1, opens the search page in Chromium, types each query and sums the sizes of the responses that
the query caused (everything requested under /pagefind/, and the search page's module over it under
/assets/pagefind-text/, after the page had loaded). Prints a table.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(corpus: Path, site: Path) -> None:
    env = dict(os.environ, PLANSITE_CORPUS=str(corpus.resolve()), NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)], cwd=REPO, env=env, check=True)


def measure(site: Path, queries: list[str]) -> list[tuple[str, int, int]]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS)
            page = browser.new_page()
            fetched: list[tuple[str, int]] = []

            def record(response) -> None:  # Pagefind's files, and the search page's module over them
                if ("/pagefind/" in response.url or "/pagefind-text/" in response.url) and response.ok:
                    try:
                        fetched.append((response.url, len(response.body())))
                    except Exception:  # noqa: BLE001 - the browser closed while a late response was read
                        pass

            page.on("response", record)
            page.goto(base + "tim-kiem/")
            page.wait_for_load_state("networkidle")
            fetched.clear()  # the UI script itself is part of every page, not of a query
            box = page.locator("#search-page input.pagefind-ui__search-input")
            for query in queries:
                before = len(fetched)
                box.fill(query)
                page.wait_for_function(  # the message about this query, not the previous one
                    """(q) => { const m = document.querySelector('#search-page .pagefind-ui__message');
                               return m && m.textContent.includes(q) && !m.textContent.startsWith('Đang tìm'); }""",
                    arg=query, timeout=60000,
                )
                page.wait_for_function(  # every result of the first page drawn: their fragments are fetched
                    """() => { const m = document.querySelector('#search-page .pagefind-ui__message');
                               const count = parseInt(m.textContent, 10) || 0;
                               return document.querySelectorAll('#search-page li.pagefind-ui__result a.pagefind-ui__result-link').length
                                 >= Math.min(count, 10); }""",
                    timeout=60000,
                )
                page.wait_for_load_state("networkidle")
                new = fetched[before:]
                rows.append((query, len(new), sum(size for _, size in new)))
            browser.close()
    finally:
        server.shutdown()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--site", type=Path, help="an already built site (with its pagefind/ bundle)")
    parser.add_argument("--queries", default="trẻ em|sở y tế", help="queries separated by |")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site or Path(scratch) / "site"
        if not args.site:
            build(args.corpus, site)
        documents = len(list((args.corpus / "documents").glob("*.yaml"))) if not args.site else "?"
        rows = measure(site, args.queries.split("|"))
    print(f"corpus: {args.corpus if not args.site else args.site} ({documents} documents)")
    print("| query | order | requests | KB fetched |")
    print("|---|---|---:|---:|")
    for order, (query, requests, size) in enumerate(rows, start=1):
        print(f"| {query} | {'first' if order == 1 else 'next'} | {requests} | {size / 1024:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
