"""The theme's templates without the indentation of their lines: the page frame around every article loses its
whitespace once, when a template is read, not page by page.

Material's templates indent their tags and Jinja keeps that indentation in every page: at 2,000 plans,
36 of the site's 555 MB of HTML were line breaks followed by spaces, 35.7 MB of them outside the article
(measured on the built site). Taking it out of each written page cost 4.6 s of CPU there; taking it out of
the template sources costs nothing per page.

A line break followed by spaces or tabs (never other Unicode spaces, which may mean something) becomes the line
break alone: HTML treats both as one space, except inside `<pre>` and `<textarea>`, left as they are, and
`<script>`, left too, since a script's strings may span lines.

A line that holds nothing but Jinja statements opening a scope or comments (`{% if … %}`, `{% for … %}`,
`{# … #}`) writes no text of its own, only its line break: the line break goes, as Jinja's `trim_blocks` would
take it, but only where the line break before it is sure to be written, so that no two words ever meet. The line break before it stays and still separates what
comes before from what comes after. At 2,000 plans the blank lines these left were 2.8 MB of the pages' frames
(measured on the built site).
"""

from __future__ import annotations

import re

import jinja2

# Kept as written: those elements, and a Jinja `{% raw %}` block, whose every character is text.
_KEPT = re.compile(r"<(pre|textarea|script)\b.*?</\1\s*>|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S | re.I)
_INDENT = re.compile(r"\n[ \t\r\n]+")
# A whole line of statements that open a scope (`if`, `for`, `with`) or write nothing (`set x = …`, `import`,
# `from`), and comments. Only after a line break that the page is sure to hold wherever the line is reached: the
# line break before an opening statement is outside what it opens, so it is written whenever the statement is.
# Hence never a template's first line (its line break is the caller's), never a closing or continuing statement
# (`endif`, `else`, `endfor`: the line break before one may be the last of a branch not taken), never a tag that
# takes the whitespace around it (`{%-`, or a line before ending in `-%}`, `-}}`, `-#}`), never what is written
# where it is called rather than where it stands (`macro`, `block`, `call`, `include`, `set x` … `endset`:
# Jinja drops their last line break, and the one after them may then be the only one). A tag holding `%` (a
# comment holding `#`) is left alone rather than parsed.
_TAGS_LINE = re.compile(r"(?<=\n)(?<!-%\}\n)(?<!-\}\}\n)(?<!-#\}\n)"
                        r"(?:\{%\s*(?:if|for|with|import|from)\b[^%\n]*%\}|\{%\s*set\b[^%\n=]*=[^%\n]*%\}"
                        r"|\{#(?!-)[^#\n]*#\})+\n")


def compact(html: str) -> str:
    """`html` with every line break's following blank lines and indentation taken out, and the line break after
    each line of Jinja statements alone, outside the kept elements."""
    out, position = [], 0
    for kept in _KEPT.finditer(html):
        out.append(_compact_part(html[position:kept.start()]))
        out.append(kept.group(0))
        position = kept.end()
    out.append(_compact_part(html[position:]))
    return "".join(out)


def _compact_part(html: str) -> str:
    return _TAGS_LINE.sub(lambda line: line.group(0)[:-1], _INDENT.sub("\n", html))


class CompactLoader(jinja2.BaseLoader):
    """Another loader's templates, compacted as they are read (Jinja caches the compiled template)."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = self.inner.get_source(environment, template)
        return compact(source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()
