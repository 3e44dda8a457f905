"""The theme's templates as the site reads them (`compact`): less whitespace, the same words in the same places.

Each case renders a template as written and as compacted, and compares what a browser would show: the two
outputs with every run of whitespace made one space must be equal, and no two words may meet."""

from __future__ import annotations

import re

import jinja2
import pytest

from plansite.render.compact import compact

INCLUDED = {"inline.html": "<b>đậm</b>", "opens.html": "{% if flag %}\nhai\n{% endif %}\nba\n{% for i in [1] %}\nbốn\n{% endfor %}"}


def rendered(source: str, compacted: bool, **values) -> str:
    """`source` rendered, with the templates it includes, all as written or all compacted."""
    templates = {**INCLUDED, "page.html": source}
    env = jinja2.Environment(loader=jinja2.DictLoader({name: compact(text) if compacted else text for name, text in templates.items()}))
    return env.get_template("page.html").render(**values)


def shown(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


CASES = {
    "statements on lines of their own": "<p>\n  Một\n  {% if flag %}\n    hai\n  {% else %}\n    ba\n  {% endif %}\n  bốn\n</p>",
    "a loop and a set": "<ul>\n{% set n = 2 %}\n{% for i in range(n) %}\n<li>{{ i }}</li>\n{% endfor %}\n</ul>",
    "a comment line": "chữ\n{# ghi chú #}\nchữ khác",
    "an include ends without a space": "<a>\n{% include 'inline.html' %}\n{% if flag %}\nsau\n{% endif %}\n</a>chữ",
    "an include then a word": "x\n{% include 'inline.html' %}\ny",
    "a tag taking the space before it": "một\n{%- if flag %}\nhai\n{% endif %}\nba",
    "a comment taking the space before it": "một\n{#- ghi chú #}\nhai",
    "a statement and a word on one line": "một\n{% if flag %}hai{% endif %}\nba",
    "a raw block": "<p>\n{% raw %}\n{% if x %}\n{% endraw %}\nchữ</p>",
    "a template opening with a statement, included after a word": "một{% include 'opens.html' %}năm",
    "a line before taking the space after it": "một{% set y = 1 -%}\n{% if flag %}\nhai\n{% endif %}\nba",
    "a macro": "{% macro m() %}\n{% if flag %}\n<b>hai</b>\n{% endif %}\n{% endmacro %}\nmột{{ m() }}ba",
    "a captured set": "{% set s %}\n{% if flag %}\nhai\n{% endif %}\n{% endset %}\nmột{{ s }}ba",
    "a closing statement after a branch not taken": "một\n{% if flag %}\nhai\n{% else %}\n{% endif %}\nba",
    "a preformatted block": "<pre>\n  {% if flag %}\n  thụt vào\n  {% endif %}\n</pre>",
}


@pytest.mark.parametrize("flag", [True, False])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_compacted_template_shows_the_same_words_with_the_same_spaces_between_them(name, flag):
    source = CASES[name]
    assert shown(rendered(source, compacted=True, flag=flag)) == shown(rendered(source, compacted=False, flag=flag))


def test_a_line_opening_a_scope_or_writing_nothing_loses_its_line_break_and_nothing_else_does():
    assert compact("a\n  {% if x %}\n  b\n  {% endif %}\n{# c #}\n{% set n = 1 %}{% for i in l %}\nd") == (
        "a\n{% if x %}b\n{% endif %}\n{# c #}{% set n = 1 %}{% for i in l %}d")
    kept = ["a\n{% include 'inline.html' %}\nb", "a\n{% block x %}{% endblock %}\nb", "a\n{%- if x %}\nb",
            "{% if x %}\nb", "a\n{% if x %}b{% endif %}\nc", "a\n{% set s = '%' %}\nb", "a\n{% endif %}\nb",
            "a\n{% else %}\nb", "a\n{% macro m() %}\nb", "a\n{% set s %}\nb", "a -%}\n{% if x %}\nb"]
    for source in kept:
        assert compact(source) == source, source


def test_preformatted_text_scripts_and_raw_blocks_are_kept_as_written():
    source = "<pre>\n    {% if x %}\n    a</pre>\n<script>\n  {% if x %}\n  f()\n</script>\n{% raw %}\n  {% if x %}\n{% endraw %}"
    assert compact(source) == source
