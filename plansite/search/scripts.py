"""What the search page's script takes from the site's Python rules, written into it by the build.

docs/assets/pagefind-text/passages.js compares the words of a query and of a page as plansite/text/folding.py
does, tone placements included: the table is written into the script as the build copies it (`passages_script`),
so that it lives in Python alone. It rides in the script every search loads anyway: no request of its own, no
byte in any page.
"""

from __future__ import annotations

import json

from plansite.text.folding import browser_tone_placements

PASSAGES_SCRIPT = "assets/pagefind-text/passages.js"
# The line of the script the build replaces, empty as written (see there).
_TONE_SLOT = "var ONE_TONE_PLACEMENT = {};"


def passages_script(source: str) -> str:
    """The search page's passages script (`PASSAGES_SCRIPT`) as served: with folding's tone placements."""
    if source.count(_TONE_SLOT) != 1:
        raise ValueError(f"{PASSAGES_SCRIPT} must hold the line `{_TONE_SLOT}` once: the build writes folding's table there")
    table = json.dumps(browser_tone_placements(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return source.replace(_TONE_SLOT, f"var ONE_TONE_PLACEMENT = {table};")
