"""A table that a phone shows as cards names its columns once, on the table (plansite/render/templates/_macros.j2,
card_table): each name a CSS string (plansite/render/environment.py, css_string) that docs/assets/site.css puts
before the cells of its column. A name may be corpus text (a plan's title): it says what it says and closes
nothing, neither the string, the declaration nor the attribute."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from conftest import read_css_string

from plansite.render.environment import css_string, environment

HOSTILE = ["Kế hoạch 12/KH-UBND (suy luận)", "'; color: red; --c2: 'x", "\"><script>alert(1)</script>", "a\\27 b", "dòng\nmới", "}{"]
DECOMPOSED = unicodedata.normalize("NFD", "Cơ quan chủ trì")  # letters and their combining marks, as typed


@pytest.mark.parametrize("name", ["Cơ quan", "Trích yếu (như được ghi khi viện dẫn)", DECOMPOSED, *HOSTILE])
def test_a_column_name_is_one_css_string_that_says_the_name(name):
    written = str(css_string(name))
    assert read_css_string(written) == name
    assert not re.search(r"[;{}<>&\n]", written)  # nothing that ends a declaration, a rule or the attribute


def test_letters_and_their_marks_are_written_as_they_are():
    assert str(css_string(DECOMPOSED)) == f"'{DECOMPOSED}'"


def test_a_card_table_names_its_columns_in_its_header_and_once_on_the_table():
    env = environment(markdown=False)
    env.filters["html_block"] = str  # as the pages' context sets it (plansite/render/context.py)
    template = env.from_string(
        '{% from "_macros.j2" import card_table %}{{ card_table(columns, "targets", ignored=True, numeric=["Mức"]) }}</table></div>')
    written = template.render(columns=["Chỉ tiêu", "Mức", *HOSTILE])
    (style,) = re.findall(r'<div class="stack-table targets" data-pagefind-ignore="all" style="([^"]*)"><table>', written)
    given = [read_css_string(value) for value in re.findall(r"--c\d+:('[^']*')", html.unescape(style))]
    assert given == ["Chỉ tiêu", "Mức", *HOSTILE]
    assert re.findall(r"--c(\d+):", style) == [str(n) for n in range(1, len(given) + 1)]
    header = [html.unescape(name) for name in re.findall(r"<th(?: [^>]*)?>(.*?)</th>", written, re.S)]
    assert header == given and '<th class="num">Mức</th>' in written
    assert "<script>" not in written
