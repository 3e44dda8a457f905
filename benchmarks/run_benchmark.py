#!/usr/bin/env python3
"""Measure the site build at several corpus sizes: time per stage, memory, site size, search weight.

    .venv/bin/python benchmarks/run_benchmark.py                       # N = 500, 2000, 10000, then the serve test
    .venv/bin/python benchmarks/run_benchmark.py --sizes 100,500 --no-serve
    .venv/bin/python benchmarks/run_benchmark.py --reuse-corpus --repeat 3     # three builds per size, median

For each N: generate a corpus (benchmarks/generate_corpus.py) into benchmarks/out/corpus-N, then, in a fresh
worker process so that memory figures belong to that size alone:
  full build      `mkdocs build --site-dir benchmarks/out/site-N` in a subprocess with PLANSITE_CORPUS set, as a
                  maintainer runs it: validation, pages, theme and the Pagefind index (which runs alongside the
                  theme, see plansite/search/pagefind.py). Its stages are read from the build's own log: load+validate,
                  render (corpus pages generated), Markdown (MkDocs converts the pages), theme+write (MkDocs
                  applies the theme and writes the site), search tail (Pagefind's work left after the last page).
  components      load_valid_corpus, build_graph and render_site called in the worker process itself, for
                  their CPU time (they fork workers of their own; their CPU is counted).
  baseline        after each full build, plain Material for MkDocs + Pagefind on the same documents
                  (benchmarks/baseline.py), so that both see the same machine; `--no-baseline` skips it.
The whole build's memory is sampled from /proc over the build's process tree (render workers and Pagefind
included). Then the site is measured on disk, and the bytes a browser fetches for a two-word query are recorded by
Chromium (playwright) against `python -m http.server`, or estimated from the Pagefind bundle on disk when
Chromium is missing. Last, `mkdocs serve` runs on the largest corpus: time to first serve, and time from
editing one plan's YAML to the served page showing the edit.

Wall times are noisy on a shared machine, so CPU time (user+sys, own and waited-for children) is printed too;
CPU above wall means the stage used both cores (forked render workers, Pagefind's threads).
Results: a table on stdout, benchmarks/out/results.json and benchmarks/out/results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
CHROMIUM = Path("/usr/bin/chromium")

# The goals at the largest size (issue 17): CPU against the plain baseline, growth from the size before, memory of
# the whole build, the site on disk, the largest page, the first query.
TARGETS = {"cpu_vs_baseline": 1.2, "growth_ratio": 5.2, "peak_tree_mb": 4096, "site_mb": 1024, "html_largest_kb": 400,
           "query_kb": 300}


SITE_CODE = ("plansite", "overrides", "docs", "mkdocs.yml")


def code_state() -> str:
    """`HEAD@hash`: the commit, and a hash of the site code as it is on disk (plansite/, overrides/, docs/,
    mkdocs.yml), so that a run during which the code changed shows two hashes."""
    import hashlib

    digest = hashlib.sha1()
    for top in SITE_CODE:
        root = REPO / top
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in paths:
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        head = "?"
    return f"{head}@{digest.hexdigest()[:8]}"


def mb(kilobytes: float) -> float:
    return kilobytes / 1024


def cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop: how fast the shared machine is running right now (about 0.5 s
    when it is quiet). Builds measured when it is slower are slower for that reason alone."""
    started = time.perf_counter()
    sum(i * i for i in range(10**7))
    return round(time.perf_counter() - started, 3)


def process_tree(root: int) -> set[int]:
    """The process `root` and all its descendants, as /proc shows them now."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return tree


class TreeMemory:
    """The largest resident memory of a process and all its descendants together, sampled every 0.25 s from
    /proc (ru_maxrss gives only the largest single process; the build forks render workers and runs Pagefind).

    Two sums: resident memory (RSS) counts a page shared by forked workers once per process that maps it, so
    it overstates what the tree uses; proportional memory (PSS, from smaps_rollup) splits each shared page
    between the processes sharing it, so the sum is the memory the tree actually holds."""

    def __init__(self, pid: int):
        self.pid, self.peak_kb, self.peak_pss_kb, self._stop = pid, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            rss, pss = self.sample()
            self.peak_kb, self.peak_pss_kb = max(self.peak_kb, rss), max(self.peak_pss_kb, pss)

    def sample(self) -> tuple[int, int]:
        rss = pss = 0
        for pid in process_tree(self.pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            rss += int(found.group(1)) if found else 0
            found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
            pss += int(found.group(1)) if found else 0
        return rss, pss

    def stop(self) -> tuple[float, float]:
        """The peaks, in MB: (RSS summed, PSS summed)."""
        self._stop.set()
        self._thread.join()
        return round(mb(self.peak_kb), 1), round(mb(self.peak_pss_kb), 1)


def build_env(corpus: Path, skip_search: bool) -> dict[str, str]:
    env = dict(os.environ, PLANSITE_CORPUS=str(corpus), NO_MKDOCS_2_WARNING="1")
    env.pop("PLANSITE_SKIP_SEARCH", None)
    if skip_search:
        env["PLANSITE_SKIP_SEARCH"] = "1"
    return env


# --- one size, in a worker process ---------------------------------------------------------------------

def worker(size: int, corpus: Path, site_dir: Path, repeat: int = 1, with_baseline: bool = True,
           components: bool = True) -> dict:
    from plansite.analysis.graph import build_graph
    from plansite.corpus.check import load_valid_corpus
    from plansite.render.site import render_site

    result: dict = {"size": size, "corpus": str(corpus), "site": str(site_dir), "stages": {}, "code": code_state()}

    def stage(name: str, wall: float, cpu: float) -> None:
        result["stages"][name] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3)}

    def cpu_all() -> float:  # own CPU plus that of waited-for children (the site code may fork workers)
        return cpu_self() + cpu_children()

    if not components:
        # `--no-components`: the full builds only (at 10,000 plans the components alone take a quarter of an hour
        # on this machine). A document's id is its file's name (the validator holds every corpus to that).
        document_ids = {path.stem for path in (corpus / "documents").rglob("*.yaml")}
        result["documents"] = len(document_ids)
        result["peak_rss_self_mb"] = float("nan")
        return _full_builds(result, stage, size, corpus, site_dir, repeat, with_baseline, document_ids)
    started, cpu = time.perf_counter(), cpu_all()
    loaded = load_valid_corpus(corpus)
    stage("load_validate", time.perf_counter() - started, cpu_all() - cpu)
    result["documents"] = len(loaded.corpus.documents)
    result["localities"] = len(loaded.corpus.localities)

    started, cpu = time.perf_counter(), cpu_all()
    graph = build_graph(loaded.corpus)
    stage("graph", time.perf_counter() - started, cpu_all() - cpu)
    result["cited_entries"] = len(graph.cited)

    try:  # as the MkDocs plugin (plansite/mkdocs_plugin) calls it, when the site code has deferred HTML blocks
        from plansite.render.blocks import HtmlBlocks
        render_args = (HtmlBlocks(defer=True),)
    except ImportError:
        render_args = ()
    started, cpu = time.perf_counter(), cpu_all()
    files = render_site(loaded.published(), *render_args)
    stage("render_site", time.perf_counter() - started, cpu_all() - cpu)
    result["generated_files"] = len(files)
    result["generated_mb"] = round(sum(
        c.stat().st_size if isinstance(c, Path) else len(c.encode() if isinstance(c, str) else c) for c in files.values()
    ) / 2**20, 2)
    result["peak_rss_self_mb"] = round(mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss), 1)
    del files, graph
    return _full_builds(result, stage, size, corpus, site_dir, repeat, with_baseline, set(loaded.corpus.documents))


def _full_builds(result: dict, stage, size: int, corpus: Path, site_dir: Path, repeat: int, with_baseline: bool,
                 document_ids: set[str]) -> dict:
    # The site's build and the plain baseline on the same documents, interleaved, so that both see the same
    # machine (its speed changes from minute to minute); with several builds, the median one of each counts.
    builds, baselines = [], []
    if with_baseline:
        sys.path.insert(0, str(HERE))
        import baseline

        project = site_dir.parent / f"baseline-{size}"
        baseline.write_project(corpus, project)
    for _ in range(repeat):
        builds.append(full_build(size, corpus, site_dir))
        if with_baseline:
            baselines.append(baseline.build(project, site_dir.parent / f"baseline-site-{size}"))
    builds.sort(key=lambda build: build["wall_s"])
    median = builds[len(builds) // 2]
    if baselines:
        baselines.sort(key=lambda build: build["cpu_s"])
        result["baseline"] = baselines[len(baselines) // 2]
        result["baseline_runs"] = baselines
    stage("full_build", median["wall_s"], median["cpu_s"])
    result["full_build_runs"] = builds
    result["cpu_reference_s"] = median["cpu_reference_s"]
    result["peak_rss_build_mb"] = max(build["peak_rss_mb"] for build in builds)
    result["peak_tree_mb"] = max(build["peak_tree_mb"] for build in builds)
    result["peak_tree_pss_mb"] = max(build["peak_tree_pss_mb"] for build in builds)
    result["mkdocs_warnings"] = median["warnings"]
    result["build_log_stages_s"] = median["stages"]
    result["site_stats"] = site_stats(site_dir, document_ids)
    return result


def full_build(size: int, corpus: Path, site_dir: Path) -> dict:
    """One `mkdocs build` from scratch, with the search index, as a maintainer runs it."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    # What was removed and written before (the previous site, the baseline's project) reaches the disk before
    # the clock starts: at 10,000 plans its write-back overlapped the load (54.6 s in a run, 36.8 s alone).
    os.sync()
    reference = cpu_reference()
    log_path = site_dir.with_suffix(".mkdocs.log")
    started = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)],
                                   cwd=REPO, env=build_env(corpus, skip_search=False), stdout=log, stderr=subprocess.STDOUT)
        memory = TreeMemory(process.pid)
        _, status, usage = os.wait4(process.pid, 0)  # usage includes the build's own children (Pagefind)
        peak_tree, peak_pss = memory.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    log_text = log_path.read_text(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"mkdocs build failed for N={size}; see {log_path}")
    return {"wall_s": round(wall, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3), "cpu_reference_s": reference,
            "peak_rss_mb": round(mb(usage.ru_maxrss), 1), "peak_tree_mb": peak_tree, "peak_tree_pss_mb": peak_pss, "warnings": log_text.count("WARNING"),
            "stages": build_log_stages(log_text)}


BUILD_LOG_STAGES = {  # the MkDocs plugin (plansite/mkdocs_plugin) logs each stage of a build with its duration
    "load_validate": r"documents loaded and validated in ([\d.]+) s",
    "render": r"files generated in ([\d.]+) s",
    "markdown": r"pages converted from Markdown in ([\d.]+) s",
    "theme_write": r"files copied and pages written in ([\d.]+) s",
    "search_tail": r"Pagefind finished ([\d.]+) s after the pages",
}


def build_log_stages(log_text: str) -> dict[str, float | None]:
    found = {name: re.search(pattern, log_text) for name, pattern in BUILD_LOG_STAGES.items()}
    return {name: float(match.group(1)) if match else None for name, match in found.items()}


def site_stats(site_dir: Path, document_ids: set[str]) -> dict:
    total, count, html, documents, pagefind = 0, 0, [], [], 0
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        count += 1
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith("pagefind/"):
            pagefind += size
        if path.suffix == ".html":
            html.append((size, relative))
            parts = relative.split("/")
            if len(parts) == 3 and parts[0] == "van-ban" and parts[1] in document_ids:
                documents.append((size, relative))
    html.sort()
    documents.sort()
    return {
        "site_mb": round(total / 2**20, 1),
        "files": count,
        "pagefind_mb": round(pagefind / 2**20, 1),
        "html_pages": len(html),
        "html_median_kb": round(statistics.median(s for s, _ in html) / 1024, 1),
        "html_largest_kb": round(html[-1][0] / 1024, 1),
        "html_largest_page": html[-1][1],
        "html_top5": [(p, round(s / 1024, 1)) for s, p in html[-5:][::-1]],
        "doc_pages": len(documents),
        "doc_median_kb": round(statistics.median(s for s, _ in documents) / 1024, 1),
        "doc_largest_kb": round(documents[-1][0] / 1024, 1),
        "doc_largest_page": documents[-1][1],
    }


# --- search weight ----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float, process: subprocess.Popen | None = None) -> float:
    """Seconds until `url` answers 200; raises TimeoutError after `timeout`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """End a server started by this script (its own process group), politely first."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


RESULTS_SHOWN = 10  # docs/assets/search.js: pageSize 10 on the search page
PAGEFIND_UI_ASSETS = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-highlight.js")
# The site's own search module, which the interface loads in Pagefind's place (docs/assets/search.js): the
# query needs it as it needs Pagefind's pagefind.js. filter-pages.js is loaded only with the filters.
SEARCH_SCRIPTS = "/assets/pagefind-text/"
SEARCH_MODULES = ("pagefind.js", "passages.js")
FILTER_SCRIPT = "filter-pages.js"


def categorise(path: str) -> str:
    path = path.split("?", 1)[0]
    name = path.rsplit("/", 1)[-1]
    if path.startswith(SEARCH_SCRIPTS):
        return "filters" if name == FILTER_SCRIPT else "search-scripts"
    if "/pagefind/" not in path:
        return "page"
    if name in PAGEFIND_UI_ASSETS:
        return "ui-assets"
    if name == "pagefind-entry.json":
        return "entry"
    if name in ("pagefind.js", "pagefind-worker.js"):
        return "pagefind.js"
    if name.startswith("wasm."):
        return "wasm"
    if name.endswith(".pf_meta"):
        return "meta"
    if name.endswith(".pf_index"):
        return "index-chunks"
    if name.endswith(".pf_fragment"):
        return "fragments"
    if name.endswith(".pf_filter"):
        return "filters"
    return "other"


def search_weight_browser(site_dir: Path, query: str, timeout: float = 120) -> dict:
    """Load tim-kiem/ in Chromium, run `query` as a visitor would, sum the bytes of every response."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site_dir)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    responses: list[dict] = []
    phase = {"name": "load"}
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/", 30, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            try:
                context = browser.new_context()
                page = context.new_page()

                def finished(request) -> None:
                    sizes = request.sizes()
                    path = request.url.removeprefix(base)
                    responses.append({"phase": phase["name"], "path": path, "category": categorise(path),
                                      "body": sizes["responseBodySize"], "headers": sizes["responseHeadersSize"]})

                page.on("requestfinished", finished)
                page.goto(base + "/tim-kiem/", wait_until="networkidle", timeout=timeout * 1000)
                phase["name"] = "query"
                box = page.locator("[data-search-page] input[type=search], [data-search-page] input[type=text], "
                                   "[data-search-page] input:not([type])")
                if box.count():
                    method = "the search page's own search box"
                    box.first.fill(query)
                    page.wait_for_timeout(500)
                    page.wait_for_load_state("networkidle", timeout=timeout * 1000)
                    try:
                        page.wait_for_selector(".pagefind-ui__result, [data-search-page] li, [data-search-page] article",
                                               timeout=timeout * 1000)
                    except Exception:  # noqa: BLE001 - no results is a result too
                        pass
                    page.wait_for_timeout(1500)
                    page.wait_for_load_state("networkidle", timeout=timeout * 1000)
                    shown = page.locator(".pagefind-ui__result").count()
                    outcome = {"results_shown": shown}
                else:
                    # The page has no search box (its script is missing): drive Pagefind's own API the way
                    # Pagefind UI does on a query: init, search, load the first ten results, load the filters.
                    method = "Pagefind JS API in the page (no search box on tim-kiem/)"
                    outcome = page.evaluate(
                        """async (query) => {
                            const pagefind = await import('/pagefind/pagefind.js');
                            await pagefind.init();
                            const search = await pagefind.search(query);
                            const first = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
                            const filters = await pagefind.filters();
                            return {results: search.results.length, titles: first.map(d => d.meta.title),
                                    filter_groups: Object.keys(filters).length};
                        }""",
                        query,
                    )
                    page.wait_for_load_state("networkidle", timeout=timeout * 1000)
            finally:
                browser.close()
    finally:
        stop(server)
    by_category: dict[str, int] = {}
    for item in responses:
        # The search's files whenever fetched (the page may load them first), and all a query fetches.
        if item["category"] != "page" or item["phase"] == "query":
            by_category[item["category"]] = by_category.get(item["category"], 0) + item["body"]
    query_bytes = sum(v for k, v in by_category.items() if k not in ("ui-assets",))
    return {
        "method": f"browser: Chromium {CHROMIUM} via playwright, {method}",
        "query": query,
        "outcome": outcome,
        "bytes_by_category": by_category,
        "query_bytes": query_bytes,
        "query_bytes_without_filters": query_bytes - by_category.get("filters", 0),
        "page_load_bytes": sum(item["body"] for item in responses if item["phase"] == "load"),
        "requests": len(responses),
        "largest": sorted(((item["body"], item["path"]) for item in responses), reverse=True)[:5],
    }


# A minimal CBOR reader, enough for Pagefind's meta and index files (gzip, then `pagefind_dcd`, then CBOR).
def _cbor(data: bytes, pos: int = 0):
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        width = 1 << (info - 24)
        value = int.from_bytes(data[pos:pos + width], "big")
        pos += width
    else:
        raise ValueError(f"unsupported CBOR head {head:#x}")
    if major == 0:
        return value, pos
    if major == 1:
        return -1 - value, pos
    if major in (2, 3):
        raw = data[pos:pos + value]
        return (raw if major == 2 else raw.decode("utf-8")), pos + value
    if major == 4:
        items = []
        for _ in range(value):
            item, pos = _cbor(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, pos = _cbor(data, pos)
            mapping[key], pos = _cbor(data, pos)
        return mapping, pos
    if major == 7:
        return None, pos
    raise ValueError(f"unsupported CBOR major type {major}")


def _pagefind_file(path: Path):
    raw = gzip.decompress(path.read_bytes())
    return _cbor(raw.removeprefix(b"pagefind_dcd"))[0]


def search_weight_disk(site_dir: Path, query: str) -> dict:
    """Estimate from the bundle: entry, pagefind.js, wasm, meta, the chunks whose word range holds each query
    word, the fragments of the first pages that contain every word (the search page shows ten), the filters."""
    from plansite.text.folding import fold

    bundle = site_dir / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    language = next(iter(entry["languages"].values()))
    wasm = bundle / f"wasm.{language['wasm'] or 'unknown'}.pagefind"
    meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = _pagefind_file(meta_path)
    pages, chunks = meta[1], meta[2]
    words = [w for w in query.lower().split() if w]
    chunk_files, page_sets = set(), []
    for word in words:
        key = fold(word)  # Pagefind keys words without tones and keeps the toned spellings as variants
        pages_with_word: set[int] = set()
        for low, high, chunk_hash in chunks:
            if low <= key <= high:
                chunk_files.add(chunk_hash)
                for item in _pagefind_file(bundle / "index" / f"{chunk_hash}.pf_index")[0]:
                    if item[0] != key:
                        continue
                    for postings in [item[1]] + [variant[1] for variant in item[2]]:
                        page = 0
                        for posting in postings:  # page numbers are delta-encoded
                            page += posting[0]
                            pages_with_word.add(page)
        page_sets.append(pages_with_word)
    matching = sorted(set.intersection(*page_sets)) if page_sets else []
    fragments = [bundle / "fragment" / f"{pages[i][0]}.pf_fragment" for i in matching[:RESULTS_SHOWN]]
    by_category = {
        "entry": (bundle / "pagefind-entry.json").stat().st_size,
        "pagefind.js": (bundle / "pagefind.js").stat().st_size,
        "search-scripts": sum((site_dir / SEARCH_SCRIPTS.strip("/") / name).stat().st_size for name in SEARCH_MODULES),
        "wasm": wasm.stat().st_size,
        "meta": meta_path.stat().st_size,
        "index-chunks": sum((bundle / "index" / f"{h}.pf_index").stat().st_size for h in chunk_files),
        "fragments": sum(f.stat().st_size for f in fragments),
    }
    filters = sum(p.stat().st_size for p in (bundle / "filter").glob("*.pf_filter"))
    filters += (site_dir / SEARCH_SCRIPTS.strip("/") / FILTER_SCRIPT).stat().st_size
    total = sum(by_category.values())
    return {
        "method": "on-disk estimate from the Pagefind bundle",
        "query": query,
        "outcome": {"results": len(matching), "index_chunks": len(chunk_files), "chunks_in_bundle": len(chunks)},
        "bytes_by_category": dict(by_category, filters=filters),
        "query_bytes": total + filters,
        "query_bytes_without_filters": total,
    }


def search_weight(site_dir: Path, query: str, mode: str) -> dict:
    result: dict = {}
    if mode != "off" and CHROMIUM.exists():
        try:
            result = search_weight_browser(site_dir, query)
        except Exception as error:  # noqa: BLE001 - fall back, and say why
            result = {"browser_error": f"{type(error).__name__}: {error}"}
    elif mode == "on":
        result = {"browser_error": f"{CHROMIUM} not found"}
    estimate = search_weight_disk(site_dir, query)
    if "query_bytes" not in result:
        return dict(estimate, **{k: v for k, v in result.items() if k == "browser_error"})
    result["disk_estimate"] = {k: estimate[k] for k in ("query_bytes", "query_bytes_without_filters", "bytes_by_category", "outcome")}
    return result


# --- mkdocs serve: rebuild after one edit -------------------------------------------------------------

SERVE_EDITS = 5  # edits timed under `mkdocs serve`, each to another plan's title; the median is reported
SERVE_BUILT = re.compile(r"Site: build \d+ written")  # the plugin's line: MkDocs drops its own when it repeats one
MKDOCS_BUILT = "Documentation built in"
SERVE_SETTLED = "Search: the index of the edited site is in place"  # the plugin's line once Pagefind caught up
SERVE_MAKING = "downloads of the edited site are made in the background"  # the plugin left the downloads for later
SERVE_MADE = "Files: the downloads of the edited site are in place"  # ... and they are in the served site


def serve_test(corpus: Path, skip_search: bool, timeout: float, edits: int = SERVE_EDITS) -> dict:
    """`mkdocs serve` on `corpus`: the first page, then `edits` edits, each to another full-text plan's title,
    one after the other: for each, the seconds until the served page shows it, and until the search index and
    the downloads of the edited site are in place (the plugin says so in the log). Every file edited is put back
    at the end."""
    from plansite.corpus.check import load_valid_corpus  # noqa: F401 - only to fail early if the repo is broken

    documents = sorted((corpus / "documents").glob("*.yaml"))
    targets = [p for p in reversed(documents) if "kh-ubnd" in p.name and "\nbody:" in p.read_text(encoding="utf-8")][:edits]
    originals = {target: target.read_text(encoding="utf-8") for target in targets}
    port = free_port()
    log_path = OUT / "serve.log"
    result: dict = {"documents": [t.stem for t in targets], "skip_search": skip_search, "code": code_state(),
                    "loadavg_before": os.getloadavg()}

    def log_text() -> str:
        return log_path.read_text(errors="replace")

    with log_path.open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=REPO, env=build_env(corpus, skip_search), stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            result["first_serve_s"] = round(wait_http(f"{base}/van-ban/{targets[0].stem}/", timeout, server), 2)
            result["edits"] = []
            for number, target in enumerate(targets):
                page_url = f"{base}/van-ban/{target.stem}/"
                token = f"benchedit{number}x{int(time.time())}"
                edited = originals[target].replace("\ntitle: ", f"\ntitle: {token} ", 1)
                assert edited != originals[target]
                time.sleep(1.0)  # let the watcher settle after the previous build
                text = log_text()
                built, settled = len(SERVE_BUILT.findall(text)), text.count(SERVE_SETTLED)
                making, made = text.count(SERVE_MAKING), text.count(SERVE_MADE)
                started = time.perf_counter()
                target.write_text(edited, encoding="utf-8")
                seen = False
                while time.perf_counter() - started < timeout:
                    if server.poll() is not None:
                        raise RuntimeError(f"mkdocs serve exited with code {server.returncode}; see {log_path}")
                    if "An error happened during the rebuild" in log_text():
                        raise RuntimeError(f"the rebuild after the edit failed; see {log_path}")
                    try:
                        # The dev server holds a request while a rebuild runs, then answers from the new build;
                        # a bounded wait per request so a failed rebuild is noticed.
                        with urllib.request.urlopen(page_url, timeout=30) as response:
                            seen = token in response.read().decode("utf-8", errors="replace")
                    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                        pass
                    if seen:
                        break
                    time.sleep(0.1)
                visible = round(time.perf_counter() - started, 2) if seen else None
                if not seen:
                    result["error"] = f"edit {number + 1} not visible within {timeout:.0f} s"
                    break
                # Before the next edit: the build finished, its downloads are in place (when it left them for
                # after the pages) and, with search, its index is.
                search_s = files_s = None
                while time.perf_counter() - started < timeout:
                    text = log_text()
                    if len(SERVE_BUILT.findall(text)) > built:
                        if search_s is None and (skip_search or text.count(SERVE_SETTLED) > settled):
                            search_s = round(time.perf_counter() - started, 2)
                        if files_s is None and (text.count(SERVE_MADE) > made or text.count(SERVE_MAKING) == making):
                            files_s = round(time.perf_counter() - started, 2)
                        if search_s is not None and files_s is not None:
                            break
                    time.sleep(0.1)
                result["edits"].append({"document": target.stem, "visible_s": visible,
                                        "search_settled_s": None if skip_search else search_s, "files_settled_s": files_s,
                                        "loadavg": os.getloadavg()[0]})
            visible = [edit["visible_s"] for edit in result["edits"]]
            result["rebuild_after_edit_s"] = statistics.median(visible) if visible else None
        finally:
            for target, text in originals.items():
                target.write_text(text, encoding="utf-8")
            stop(server)
    built = [float(line.rsplit(" in ", 1)[1].split()[0]) for line in log_text().splitlines() if MKDOCS_BUILT in line]
    result["mkdocs_reported_builds_s"] = built  # (a time equal to an earlier one is not logged again)
    result["plugin_reported_builds_s"] = [float(seconds) for seconds in re.findall(r"Site: build \d+ written, ([0-9.]+) s", log_text())]
    return result


# --- driver -------------------------------------------------------------------------------------------------

def machine() -> dict:
    def run(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return "?"

    return {"git_head": run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]),
            "git_dirty_files": run(["git", "-C", str(REPO), "status", "--short", "--untracked-files=no"]).splitlines(),
            "nproc": run(["nproc"]), "free_h": run(["free", "-h"]), "python": platform.python_version(),
            "platform": platform.platform(), "loadavg_at_start": os.getloadavg()}


def row(result: dict) -> list[str]:
    s, st, sw, log = result["stages"], result["site_stats"], result["search"], result["build_log_stages_s"]

    def logged(name: str) -> str:
        return f"{log[name]:.1f}" if log.get(name) is not None else "–"

    return [
        str(result["documents"]),
        logged("load_validate"), logged("render"), logged("markdown"), logged("theme_write"), logged("search_tail"),
        f"**{s['full_build']['wall_s']:.1f}** ({s['full_build']['cpu_s']:.1f})",
        baseline_cell(result),
        ", ".join(f"{build['wall_s']:.1f}" for build in result.get("full_build_runs", [])) or "–",
        " / ".join(f"{s[name]['cpu_s']:.1f}" if name in s else "–" for name in ("load_validate", "graph", "render_site")),
        f"{result['peak_rss_self_mb']:.0f} / {result['peak_rss_build_mb']:.0f} / {result.get('peak_tree_mb', float('nan')):.0f} (PSS {result.get('peak_tree_pss_mb', float('nan')):.0f})",
        f"{st['site_mb']:.1f} / {st['files']}",
        f"{st['html_median_kb']:.1f}",
        f"{st['html_largest_kb']:.0f} `{st['html_largest_page']}`",
        f"{st['doc_median_kb']:.1f} (max {st['doc_largest_kb']:.0f})",
        f"{sw['query_bytes'] / 1024:.0f} ({sw['query_bytes_without_filters'] / 1024:.0f})",
        f"{result.get('cpu_reference_s', float('nan')):.2f}",
    ]


def baseline_cell(result: dict) -> str:
    base = result.get("baseline")
    if not base:
        return "–"
    return f"{base['wall_s']:.1f} ({base['cpu_s']:.1f}), ×{result['stages']['full_build']['cpu_s'] / base['cpu_s']:.2f}"


HEADER = [
    "N", "load+validate s", "render s", "Markdown s", "theme+write s", "search tail s", "full build s (CPU)",
    "baseline s (CPU), CPU ratio", "every build s",
    "CPU s: load / graph / render", "peak RSS MB: components / largest build process / whole build (PSS)", "site MB / files", "HTML median KB",
    "largest HTML KB", "doc page median KB", "query KB (no filters)", "CPU ref s",
]


def markdown_table(results: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row(r)) + " |" for r in results]
    return "\n".join(lines)


def verdict(results: list[dict], serve: dict | None) -> list[str]:
    by_size = {r["documents"]: r for r in results}
    largest = max(results, key=lambda r: r["documents"])
    lines = []
    codes = [r.get("code", "?") for r in results] + ([serve["code"]] if serve and "code" in serve else [])
    hashes = {code.rsplit("@", 1)[-1] for code in codes}
    lines.append(f"site code measured (commit@hash of the site code): {', '.join(dict.fromkeys(codes))}"
                 + (" — MIXED: the site code changed during the run, sizes are not comparable" if len(hashes) > 1 else ""))
    n, build = largest["documents"], largest["stages"]["full_build"]

    def judged(text: str, value: float, target: float) -> str:
        return f"{text}: {'met' if value <= target else 'MISSED'}"

    lines.append(f"full build at N={n}: {build['wall_s']:.1f} s wall ({build['cpu_s']:.1f} s CPU)")
    if largest.get("baseline"):
        ratio = build["cpu_s"] / largest["baseline"]["cpu_s"]
        lines.append(judged(f"CPU against plain Material + Pagefind at N={n}: {build['cpu_s']:.1f} / "
                            f"{largest['baseline']['cpu_s']:.1f} s = {ratio:.2f}, target <= {TARGETS['cpu_vs_baseline']}",
                            ratio, TARGETS["cpu_vs_baseline"]))
    sizes = sorted(by_size)
    if len(sizes) >= 2:
        big, small = sizes[-1], sizes[-2]
        for key in ("wall_s", "cpu_s"):
            ratio = by_size[big]["stages"]["full_build"][key] / by_size[small]["stages"]["full_build"][key]
            lines.append(judged(f"full build time({big})/time({small}) by {key[:-2]}: {ratio:.2f} (size ratio "
                                f"{big / small:.1f}), target <= {TARGETS['growth_ratio']}", ratio, TARGETS["growth_ratio"]))
        for stage in ("load_validate", "graph", "render_site", "full_build"):
            if stage not in by_size[small]["stages"] or stage not in by_size[big]["stages"]:
                continue
            a, b = by_size[small]["stages"][stage]["cpu_s"], by_size[big]["stages"][stage]["cpu_s"]
            lines.append(f"  {stage}: CPU {a:.2f} s -> {b:.2f} s, x{b / a if a else float('nan'):.2f}")
    if largest.get("peak_tree_pss_mb") is not None:
        # Judged by PSS: the RSS sum counts the pages forked workers share with the build once per worker.
        lines.append(judged(f"peak memory of the whole build at N={n}: {largest['peak_tree_pss_mb']:.0f} MB PSS "
                            f"({largest['peak_tree_mb']:.0f} MB summing RSS), target <= {TARGETS['peak_tree_mb']} MB",
                            largest["peak_tree_pss_mb"], TARGETS["peak_tree_mb"]))
    stats = largest["site_stats"]
    lines.append(judged(f"site at N={n}: {stats['site_mb']:.0f} MB ({stats['site_mb'] * 1024 / n:.0f} KB per document), "
                        f"target <= {TARGETS['site_mb']} MB", stats["site_mb"], TARGETS["site_mb"]))
    lines.append(judged(f"largest HTML page at N={n}: {stats['html_largest_kb']:.0f} KB ({stats['html_largest_page']}), "
                        f"target <= {TARGETS['html_largest_kb']} KB", stats["html_largest_kb"], TARGETS["html_largest_kb"]))
    q = largest["search"]
    lines.append(judged(f"two-word query '{q['query']}' at N={n}: {q['query_bytes'] / 1024:.0f} KB "
                        f"({q['query_bytes_without_filters'] / 1024:.0f} KB without filter files) [{q['method']}], "
                        f"target <= {TARGETS['query_kb']} KB", q["query_bytes"] / 1024, TARGETS["query_kb"]))
    if serve and "error" in serve:
        lines.append(f"mkdocs serve at N={serve['size']}: FAILED ({serve['error']})")
    elif serve:
        each = ", ".join(f"{edit['visible_s']}" for edit in serve.get("edits", []))
        lines.append(f"mkdocs serve at N={serve['size']}: first page after {serve.get('first_serve_s')} s; "
                     f"an edit to one plan's title visible after {each} s, median {serve.get('rebuild_after_edit_s')} s "
                     f"(search index {'skipped' if serve['skip_search'] else 'included'}); downloads in place after "
                     f"{', '.join(str(edit.get('files_settled_s')) for edit in serve.get('edits', []))} s")
    return lines


def run_worker_process(size: int, corpus: Path, site_dir: Path, timeout: float, repeat: int, baseline: bool,
                       components: bool = True) -> dict:
    command = [sys.executable, __file__, "--worker", str(size), "--corpus", str(corpus), "--site", str(site_dir),
               "--repeat", str(repeat), *([] if baseline else ["--no-baseline"]), *([] if components else ["--no-components"])]
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if completed.returncode != 0:
        raise SystemExit(f"worker for N={size} failed:\n{completed.stdout}\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,10000", help="comma-separated corpus sizes (default 500,2000,10000)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the plain Material + Pagefind build of the same documents (benchmarks/baseline.py)")
    parser.add_argument("--no-components", action="store_true",
                        help="skip load_valid_corpus / build_graph / render_site in the worker: the full builds only")
    parser.add_argument("--seed", type=int, default=28)
    parser.add_argument("--query", default="trẻ em", help="the two-word search query (default 'trẻ em')")
    parser.add_argument("--browser", choices=("auto", "on", "off"), default="auto",
                        help="measure the query in Chromium (auto: if /usr/bin/chromium exists)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild test")
    parser.add_argument("--serve-skip-search", action="store_true", help="run mkdocs serve with PLANSITE_SKIP_SEARCH=1")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the mkdocs serve test, on the existing corpus of the largest size; updates results.json")
    parser.add_argument("--serve-corpus", type=Path,
                        help="the corpus the serve test runs on (default: out/corpus-N of the largest size); its files are edited and put back")
    parser.add_argument("--reuse-corpus", action="store_true", help="keep an already generated corpus-N")
    parser.add_argument("--timeout", type=float, default=1200, help="bound on each build step and wait, seconds")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per size; the median one is reported, every one is in results.json (default 1)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.corpus, args.site, args.repeat, not args.no_baseline, not args.no_components),
                         ensure_ascii=False))
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.serve_only:
        size = max(sizes)
        serve = dict(serve_test(args.serve_corpus or OUT / f"corpus-{size}", args.serve_skip_search, args.timeout), size=size)
        print(json.dumps(serve, ensure_ascii=False))
        results_path = OUT / "results.json"
        if results_path.exists():
            report = json.loads(results_path.read_text(encoding="utf-8"))
            report["serve"] = serve
            report["verdict"] = verdict(report["results"], serve)
            results_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
            text = "\n".join([markdown_table(report["results"]), "", *[f"- {line}" for line in report["verdict"]]]) + "\n"
            (OUT / "results.md").write_text(text, encoding="utf-8")
            print(text)
        return 0
    report = {"started": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(), "results": [], "serve": None}
    print(f"machine: nproc={report['machine']['nproc']}, python {report['machine']['python']}, "
          f"load average {report['machine']['loadavg_at_start']}", flush=True)
    for size in sizes:
        corpus = OUT / f"corpus-{size}"
        if not (args.reuse_corpus and (corpus / "documents").is_dir()):
            started = time.perf_counter()
            subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--out", str(corpus), "--count", str(size),
                            "--seed", str(args.seed)], cwd=REPO, check=True, timeout=args.timeout)
            print(f"N={size}: corpus generated in {time.perf_counter() - started:.1f} s", flush=True)
        result = run_worker_process(size, corpus, OUT / f"site-{size}", 2 * args.timeout * args.repeat, args.repeat,
                                    not args.no_baseline, not args.no_components)
        result["loadavg_after"] = os.getloadavg()
        result["search"] = search_weight(OUT / f"site-{size}", args.query, args.browser)
        report["results"].append(result)
        print(f"N={size}: " + " | ".join(row(result)), flush=True)
        (OUT / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.no_serve and sizes:
        size = max(sizes)
        try:
            report["serve"] = serve_test(args.serve_corpus or OUT / f"corpus-{size}", args.serve_skip_search, args.timeout)
        except Exception as error:  # noqa: BLE001 - keep the build figures, report the failure
            report["serve"] = {"error": f"{type(error).__name__}: {error}", "documents": [], "skip_search": args.serve_skip_search}
        report["serve"]["size"] = size
        print(f"serve: {report['serve']}", flush=True)
    report["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    table = markdown_table(report["results"])
    lines = verdict(report["results"], report["serve"])
    report["verdict"] = lines
    (OUT / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    text = "\n".join([table, "", *[f"- {line}" for line in lines]]) + "\n"
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
