"""Time the search index's own steps on a built site's search copies: Pagefind's runs, one per share, then the
merge of their bundles into one (plansite/search/pagefind.py, `merge_bundles`) and its rewrite in order
(`stabilise_bundle`), each apart from the rest of the build.

    PLANSITE_SEARCH_COPIES=/tmp/copies PLANSITE_CORPUS=benchmarks/out/corpus-10000 .venv/bin/python -m mkdocs build --site-dir /tmp/site
    .venv/bin/python benchmarks/merge_shares.py --copies /tmp/copies --work /tmp/merge-work

The copies are linked (not copied) into one folder per share of `--part-pages`, in the order of their paths, as
the build gives them. `--merge-only` times the merge again on the bundles a previous run kept in `--work`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plansite.runtime.forking import chunks  # noqa: E402
from plansite.search import pagefind  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def index_shares(copies: Path, work: Path, part_pages: int) -> int:
    pages = sorted(path.relative_to(copies) for path in copies.rglob("*.html"))
    shutil.rmtree(work, ignore_errors=True)
    shares = chunks(pages, part_pages)
    for number, share in enumerate(shares):
        for relative in share:
            target = work / f"pages-{number}" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(copies / relative, target)
    started, cpu = time.perf_counter(), children_cpu()
    for number in range(len(shares)):
        command = pagefind._pagefind_command(work / f"pages-{number}", work / f"kept-{number}")
        subprocess.run(command, check=True, capture_output=True)
    print(f"{len(pages):,} pages in {len(shares)} shares: Pagefind's runs {time.perf_counter() - started:.1f} s "
          f"({children_cpu() - cpu:.1f} s of CPU)")
    return len(shares)


def merge(work: Path, shares: int) -> None:
    bundles = []
    for number in range(shares):  # the merge moves what it takes: it works on copies of the kept bundles
        bundle = work / f"bundle-{number}"
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.copytree(work / f"kept-{number}", bundle)
        bundles.append(bundle)
    output = work / "merged"
    shutil.rmtree(output, ignore_errors=True)
    started, cpu = time.perf_counter(), time.process_time()
    pagefind.merge_bundles(bundles, output)
    merged, merged_cpu = time.perf_counter(), time.process_time()
    pagefind.stabilise_bundle(output, words_compact=True)
    index = sum(path.stat().st_size for path in (output / "index").iterdir())
    print(f"merge {merged - started:.1f} s ({merged_cpu - cpu:.1f} s of CPU); rewrite in order "
          f"{time.perf_counter() - merged:.1f} s; word index {index / 2**20:.1f} MB in "
          f"{len(list((output / 'index').iterdir())):,} chunks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=Path, help="a build's search copies (PLANSITE_SEARCH_COPIES)")
    parser.add_argument("--work", type=Path, required=True, help="a scratch folder (emptied first)")
    parser.add_argument("--part-pages", type=int, default=pagefind.PART_PAGES)
    parser.add_argument("--merge-only", action="store_true", help="merge the bundles a previous run kept in --work")
    arguments = parser.parse_args()
    if arguments.merge_only:
        shares = len(list(arguments.work.glob("kept-*")))
    elif arguments.copies is None:
        parser.error("--copies is needed, unless --merge-only")
    else:
        shares = index_shares(arguments.copies, arguments.work, arguments.part_pages)
    merge(arguments.work, shares)


if __name__ == "__main__":
    main()
