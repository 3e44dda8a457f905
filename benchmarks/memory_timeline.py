"""The memory of one `mkdocs build`, process by process, once a second: which process holds the peak.

    .venv/bin/python benchmarks/memory_timeline.py --corpus benchmarks/out/corpus-2000 --site /tmp/site-2000

Prints a line a second (seconds since the start, the PSS of the whole process tree, then each process: pid,
command, RSS and PSS in MB) and, at the end, the line of the peak. PSS (from /proc/<pid>/smaps_rollup) splits
each page shared by several processes between them, so the sum is what the tree holds; run_benchmark.py's
TreeMemory gives the same peak without the breakdown. Linux only.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from run_benchmark import REPO, process_tree  # a script beside this one (benchmarks/ is not a package)


def sample(root: int) -> tuple[int, str]:
    rows = []
    for pid in sorted(process_tree(root)):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ").strip()
        except OSError:
            continue
        rss = int(re.search(r"^Rss:\s+(\d+)", rollup, re.M).group(1)) // 1024
        pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1)) // 1024
        name = "pagefind" if "pagefind" in command.split(" ")[0] or "pagefind_extended" in command else Path(command.split(" ")[0]).name
        rows.append((pid, name, rss, pss))
    total = sum(row[3] for row in rows)
    return total, f"total PSS {total:6d} MB | " + " ; ".join(f"{pid} {name} RSS {rss} PSS {pss}" for pid, name, rss, pss in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--site", type=Path, required=True)
    args = parser.parse_args(argv)
    env = dict(os.environ, PLANSITE_CORPUS=str(args.corpus.resolve()), NO_MKDOCS_2_WARNING="1")
    with open(args.site.with_suffix(".mkdocs.log"), "w") as log:
        build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(args.site)], cwd=REPO, env=env,
                                 stdout=log, stderr=subprocess.STDOUT)
        started, peak = time.perf_counter(), (0, "")
        while build.poll() is None:
            time.sleep(1)
            total, line = sample(build.pid)
            line = f"{time.perf_counter() - started:6.0f} s {line}"
            print(line, flush=True)
            if total > peak[0]:
                peak = (total, line)
    print("peak:", peak[1])
    return build.returncode


if __name__ == "__main__":
    sys.exit(main())
