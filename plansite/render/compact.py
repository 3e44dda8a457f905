"""The theme's templates without the indentation of their lines: the page frame around every article loses its
whitespace once, when a template is read, not page by page.

Material's templates indent their tags and Jinja keeps that indentation in every page: at 2,000 plans,
36 of the site's 555 MB of HTML were line breaks followed by spaces, 35.7 MB of them outside the article
(measured on the built site). Taking it out of each written page cost 4.6 s of CPU there; taking it out of
the template sources costs nothing per page.

A line break followed by spaces or tabs (never other Unicode spaces, which may mean something) becomes the line
break alone: HTML treats both as one space, except inside `<pre>` and `<textarea>`, left as they are, and
`<script>`, left too, since a script's strings may span lines.

A template's line that holds only tags of Jinja (`{% if … %}`, `{% endfor %}`, comments) writes nothing but its
line break, a blank line in every page: the loader takes that line break out. The one before the line stays
(a line whose first tag strips it, `{%-`, is left as it is), so no two words or tags come together. At 10,000
plans the site's pages held 4.1 MB of blank lines, 1.1 after (most of those the corpus templates' own).
"""

from __future__ import annotations

import re

import jinja2

_KEPT = re.compile(r"<(pre|textarea|script)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n[ \t\r\n]+")
# A line of tags only: each tag read to its own end, never across one; not one whose first tag strips the
# whitespace before it (`{%-`, `{#-`), which took that line's line break already.
_TAG = r"\{%(?:(?!%\}).)*%\}|\{#(?:(?!#\}).)*#\}"
_TAG_LINE = re.compile(rf"(?<=\n)((?![{{]%-|[{{]#-)(?:{_TAG})+)\n", re.S)


def compact(html: str, *, template: bool = False) -> str:
    """`html` with every line break's following blank lines and indentation taken out, outside the kept
    elements; in a `template`'s source, also the line break of each line holding only tags of Jinja."""
    def squeeze(text: str) -> str:
        text = _INDENT.sub("\n", text)
        return _TAG_LINE.sub(r"\1", text) if template else text

    out, position = [], 0
    for kept in _KEPT.finditer(html):
        out.append(squeeze(html[position:kept.start()]))
        out.append(kept.group(0))
        position = kept.end()
    out.append(squeeze(html[position:]))
    return "".join(out)


class CompactLoader(jinja2.BaseLoader):
    """Another loader's templates, compacted as they are read (Jinja caches the compiled template)."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = self.inner.get_source(environment, template)
        return compact(source, template=True), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()
