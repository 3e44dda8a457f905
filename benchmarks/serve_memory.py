#!/usr/bin/env python3
"""Does `mkdocs serve` grow with every rebuild? N rebuilds in one process, as serve does them.

    .venv/bin/python benchmarks/serve_memory.py                   # 20 rebuilds of corpus/, search off
    .venv/bin/python benchmarks/serve_memory.py --rebuilds 50 --search --corpus benchmarks/out/corpus-100

MkDocs' serve command (mkdocs/commands/serve.py) loads the configuration and calls `on_startup` once, builds,
then for every change loads the configuration again and builds again, in the same process, into a temporary
site directory. This script does the same without the web server and the file watcher (and so without the
`on_serve` event), prints the resident memory (VmRSS, /proc/self/status) after each rebuild and the growth
from the first rebuild to the last, and exits with status 1 if that growth is over the limit (10 MB unless
--limit-mb says otherwise). Linux only (/proc).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVE_URL = "http://127.0.0.1:8000/"


def resident_mb() -> float:
    """This process's resident memory now, in MB (VmRSS of /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuilds", type=int, default=20, help="how many builds in the one process (default 20)")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus", help="the corpus directory (default corpus/)")
    parser.add_argument("--config-file", type=Path, default=REPO / "mkdocs.yml")
    parser.add_argument("--search", action="store_true", help="build the Pagefind index too (slower; off by default)")
    parser.add_argument("--limit-mb", type=float, default=10.0, help="the growth that fails the run (default 10 MB)")
    args = parser.parse_args(argv)

    os.environ["PLANSITE_CORPUS"] = str(args.corpus.resolve())
    if args.search:
        os.environ.pop("PLANSITE_SKIP_SEARCH", None)
    else:
        os.environ["PLANSITE_SKIP_SEARCH"] = "1"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)  # the build's INFO lines, 20 times over, say nothing here
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")  # as serve does
    figures: list[float] = []
    try:
        def get_config():
            config = load_config(config_file=str(args.config_file), site_dir=site_dir)
            config.site_url = SERVE_URL
            return config

        config = get_config()
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            for rebuild in range(1, args.rebuilds + 1):
                if rebuild > 1:
                    config = get_config()  # serve's builder: a fresh configuration for every rebuild
                build(config, serve_url=SERVE_URL, dirty=False)
                figures.append(resident_mb())
                print(f"rebuild {rebuild:3d}: VmRSS {figures[-1]:7.1f} MB", flush=True)
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)

    growth = figures[-1] - figures[0]
    per_rebuild = growth / (len(figures) - 1) if len(figures) > 1 else 0.0
    print(f"growth from rebuild 1 to rebuild {len(figures)}: {growth:+.1f} MB ({per_rebuild:+.2f} MB per rebuild)")
    if growth > args.limit_mb:
        print(f"FAIL: grew more than {args.limit_mb:g} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
