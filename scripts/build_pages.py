#!/usr/bin/env python3
"""Validate the corpus (--check) or render it into Markdown pages (--out DIR).

`mkdocs build` and `mkdocs serve` run the same code through the plansite plugin (plansite/mkdocs_plugin);
this script is for checking a corpus by hand, in CI and in pre-commit.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from plansite.corpus.check import DEFAULT_CORPUS, load_valid_corpus
from plansite.corpus.problems import CorpusError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra kho văn bản, không tạo trang")
    # The folder `mkdocs build` and `serve` read (mkdocs.yml: PLANSITE_CORPUS, else corpus/): a check of one
    # folder must never pass for another.
    default = Path(os.environ.get("PLANSITE_CORPUS") or DEFAULT_CORPUS)
    parser.add_argument("--corpus", type=Path, default=default,
                        help="thư mục kho (mặc định: biến môi trường PLANSITE_CORPUS như khi dựng trang, nếu không có thì corpus/)")
    parser.add_argument("--out", type=Path, help="thư mục ghi các trang Markdown được tạo")
    args = parser.parse_args(argv)
    if not args.check and not args.out:
        parser.error("cần --check hoặc --out DIR")
    started = time.perf_counter()
    try:
        loaded = load_valid_corpus(args.corpus)
    except CorpusError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"\n{len(error.problems)} lỗi trong kho văn bản {args.corpus}. Sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return 1
    corpus = loaded.corpus
    summary = f"{len(corpus.documents)} văn bản, {len(corpus.localities)} địa phương, {len(corpus.agencies)} loại cơ quan, {len(corpus.laws)} luật"
    if args.check:
        print(f"Kho văn bản hợp lệ ({args.corpus}): {summary} ({time.perf_counter() - started:.1f} s).")
        return 0
    from plansite.render.site import write_site_files

    count = write_site_files(loaded.published(), args.out)
    print(f"Đã tạo {count} tệp trong {args.out} từ {summary} ({time.perf_counter() - started:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
