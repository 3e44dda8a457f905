#!/usr/bin/env python3
"""What an edit to one plan's title costs `mkdocs serve` before the page can be written, in one process.

    .venv/bin/python benchmarks/edit_render.py --corpus /tmp/copy-of-corpus-2000            # three edits
    .venv/bin/python benchmarks/edit_render.py --corpus /tmp/copy-of-corpus-2000 --profile /tmp/edit.prof

Loads and renders the corpus once (plansite/render/incremental.py `RenderState`, as the MkDocs plugin does under
`mkdocs serve`), then edits the titles of full-text plans one after the other, as run_benchmark.py's serve test
does, and for each prints the seconds of the load (only the edited file read again) and of the render, with the
downloads left for after the pages (`defer_files`, as an in-place rebuild does), then the seconds those
downloads take to make. MkDocs itself (about 2 s) and the file watcher are not counted. Every edited file is
put back. The corpus is edited: give it a copy.
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from plansite.corpus.check import load_valid_corpus  # noqa: E402
from plansite.corpus.loader import ReadCache  # noqa: E402
from plansite.render.incremental import RenderState  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a copy of a corpus: its files are edited and put back")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write cProfile's statistics of the second edit's render here")
    args = parser.parse_args()

    cache, state = ReadCache(), RenderState()
    started = time.perf_counter()
    loaded = load_valid_corpus(args.corpus, cache=cache)
    state.render(loaded.published(), site_url="http://127.0.0.1:8000/")
    print(f"first load and render: {time.perf_counter() - started:.1f} s", flush=True)
    documents = sorted((args.corpus / "documents").glob("*.yaml"))
    targets = [p for p in reversed(documents) if "kh-ubnd" in p.name and "\nbody:" in p.read_text(encoding="utf-8")][:args.edits]
    for number, target in enumerate(targets):
        original = target.read_text(encoding="utf-8")
        target.write_text(original.replace("\ntitle: ", f"\ntitle: edit{number} ", 1), encoding="utf-8")
        try:
            started = time.perf_counter()
            loaded = load_valid_corpus(args.corpus, cache=cache)
            load_s = time.perf_counter() - started
            profile = cProfile.Profile() if args.profile and number == 1 else None
            started = time.perf_counter()
            if profile:
                profile.enable()
            state.render(loaded.published(), site_url="http://127.0.0.1:8000/", defer_files=True)
            render_s = time.perf_counter() - started
            if profile:
                profile.disable()
                profile.dump_stats(args.profile)
            started = time.perf_counter()
            for make in state.later.values():
                make()
            print(f"edit {number + 1} ({target.stem}): load {load_s:.1f} s, render {render_s:.1f} s{' (profiled)' if profile else ''} "
                  f"[{state.summary}]; {len(state.later)} downloads made after the pages in {time.perf_counter() - started:.1f} s",
                  flush=True)
        finally:
            target.write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main()
