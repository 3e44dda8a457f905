"""The Jinja2 environment of the page templates: escaping, filters and labels, in one place."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from plansite.corpus.model import (
    CONTENT_LABELS,
    FIELD_LABELS,
    LEVEL_LABELS,
    LINE_LABELS,
    METHOD_LABELS,
    ROLE_LABELS,
    TYPE_LABELS,
    format_date,
    from_source,
)
from plansite.render.markdown_text import escape_md
from plansite.text.quantity import format_number
from plansite.text.uncertain import marked_html, opening_html

TEMPLATES = Path(__file__).resolve().parent / "templates"


def template_environment(folder: Path, **options) -> jinja2.Environment:
    """What every template of the project shares (the pages', the scaffold's): whitespace, strict variables, and
    comments written `{## ... ##}`, since `{#anchor}` is Markdown heading syntax."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        comment_start_string="{##",
        comment_end_string="##}",
        **options,
    )


class CompiledTemplates(jinja2.BytecodeCache):
    """The templates as compiled, in memory, from one build to the next: every build makes its environments
    afresh (their filters hold the build's blocks), and compiling the templates again took 0.5 s of an edit's
    7 s render under `mkdocs serve` (profiled, 2,000 plans); the theme's, 0.12 s of a 2.2 s rebuild. Jinja
    checks each template's source against its checksum before using what is kept here. One per kind of
    environment: its options (`finalize`, say) are compiled into the templates."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


_COMPILED = {True: CompiledTemplates(), False: CompiledTemplates()}  # Markdown pages', HTML pages'.


def css_string(value: object) -> Markup:
    """`value` as a CSS string in single quotes, for a `style` attribute in double quotes: every character but
    letters (with their combining marks), digits, spaces and a few signs is written as a CSS escape (`\\22 `), so the value can close no
    string, declaration or attribute (a column's name may be corpus text: a plan's title)."""
    return Markup("'" + "".join(
        character if unicodedata.category(character)[0] in "LMN" or character in _CSS_PLAIN else f"\\{ord(character):x} "
        for character in str(value)
    ) + "'")


_CSS_PLAIN = frozenset(" ,.-–()/")


def environment(markdown: bool) -> jinja2.Environment:
    """The pages' environment. Every expression is escaped: for HTML by autoescape, and, in Markdown
    templates (`markdown`), for Markdown too, by `finalize` (autoescape then only keeps macros' output,
    already escaped, from being escaped twice)."""
    env = template_environment(TEMPLATES, autoescape=True, finalize=escape_md if markdown else None, bytecode_cache=_COMPILED[markdown])
    env.filters.update(
        date=format_date,
        type_label=lambda t: TYPE_LABELS[t],
        level_label=lambda v: LEVEL_LABELS[v],
        line_label=lambda v: LINE_LABELS[v],
        role_label=lambda v: ROLE_LABELS[v],
        method_label=lambda v: METHOD_LABELS[v],
        md=escape_md,
        count_text=format_number,  # a count the Vietnamese way: 1.234
        marked=marked_html,  # a text with its uncertain readings marked at the word (plansite/text/uncertain.py)
        opening=opening_html,  # its opening words, marked the same way, "…" where cut
        # A document's title where a list has no room for it whole: its opening words, marked as the whole
        # title is when inferred (Document.marked: the mark follows what is shown).
        title_opening=lambda document: escape(document.marked("title", "{}")).format(opening_html(document.title)),
        anchor=lambda value: Markup(value),  # ids and slugs are pattern-checked by the schema
        # Pagefind decodes the entities of a filter's text a second time after the HTML parser did (`&lt;`
        # typed in a name would become `<`): a filter value is escaped twice (tests/test_hostile.py).
        filter_value=lambda value: escape(str(escape(value))),
        css_string=css_string,
    )
    # `tojson`, for data a script reads from an attribute in single quotes (it escapes <, >, & and '): UTF-8 and
    # no spaces, not \u escapes of 6 bytes a letter.
    env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False, "separators": (",", ":")}
    env.globals.update(
        levels=tuple(LEVEL_LABELS),
        field_labels=FIELD_LABELS,  # a field named by provenance.inferred, as a reader knows it
        content_labels=CONTENT_LABELS,  # the search filter "Toàn văn" takes these values, on every page that has it
        lines=tuple(LINE_LABELS),
        indent=lambda depth: Markup("    " * depth),
        from_source=from_source,  # an item's anchor leads to its source: its words are the source's
        # A cited document the corpus holds: found by its number, which may itself be inferred; "in the corpus"
        # alone would say its text is there, so what the corpus holds of it is said when that is not its text.
        held_text=lambda target: "có trong kho" + ("" if target.has_full_text else ", " + target.content_label.lower())
        + (", nhận ra qua số hiệu suy luận" if target.is_inferred("number") else ""),
    )
    return env
