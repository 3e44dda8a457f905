"""Build the Pagefind index of a built site: a few hundred KB fetched per query, whatever the corpus size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Permalink symbols (#, ¶ and the printed markers that link to a paragraph) are navigation, not text.
EXCLUDE_SELECTORS = [".headerlink", "a.node-anchor"]


class SearchIndexError(RuntimeError):
    pass


def index_site(site_dir: Path) -> str:
    """Run Pagefind (the binary ships inside the `pagefind[extended]` wheel) over the built HTML."""
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "vi", "--quiet",
        "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS),
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind không lập được chỉ mục tìm kiếm:\n{result.stdout}\n{result.stderr}")
    return result.stdout

