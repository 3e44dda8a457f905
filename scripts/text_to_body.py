#!/usr/bin/env python3
"""Turn a numbered plain text (one paragraph per line) into the YAML `body` of a corpus document.

Usage: python scripts/text_to_body.py plan.txt > body.yaml
Each line keeps its printed marker (`I.`, `II-`, `1.`, `1.1.`, `a)`, `-`, `+`); nesting follows the markers,
and every node gets a stable anchor id (`ii-1-2`, `iv-3-p1`). Wrap an uncertain reading in [[double brackets]].
Paste the output under `body:` in the document file, then run `python scripts/build_pages.py --check`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plansite.authoring.textsplit import split_text
from plansite.authoring.yamlwrite import dump


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", type=Path, help="tệp văn bản thuần, mỗi đoạn một dòng ('-' để đọc từ stdin)")
    args = parser.parse_args(argv)
    text = sys.stdin.read() if str(args.text) == "-" else args.text.read_text(encoding="utf-8")
    sys.stdout.write(dump({"body": split_text(text)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
