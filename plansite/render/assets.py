"""The site's own scripts and style sheet as served: without their comments and the spaces that only lay them out.

The files of docs/assets/ say at length why each rule is as it is, with its measurement; a reader's phone need
not fetch that. rjsmin and rcssmin take out comments and layout and nothing else (no name is changed), so the
served file works as written: the browser tests run the served files. Measured on docs/assets/ as built: the
nine scripts, 72,198 bytes as written, are served in 40,808; the two of the search module, which a first
search fetches (pagefind-text/pagefind.js and passages.js, its tone table written in), in 15,700; the style
sheet, which every first page fetches, 26,297 bytes as written, in 17,184.
"""

from __future__ import annotations

import rcssmin
import rjsmin

ASSETS_FOLDER = "assets/"
_SERVED = {".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=False),
           ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=False)}


def is_own_asset(src_uri: str) -> bool:
    """Whether a file of the docs folder is one of the site's own scripts or style sheets."""
    return src_uri.startswith(ASSETS_FOLDER) and src_uri.endswith(tuple(_SERVED))


def served_asset(src_uri: str, text: str) -> str:
    """A script or style sheet of the docs folder as the site serves it."""
    return _SERVED[src_uri[src_uri.rindex("."):]](text)
