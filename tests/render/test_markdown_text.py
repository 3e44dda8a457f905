"""Corpus text written into Markdown pages (`escape_md`)."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from markupsafe import Markup

from plansite.render.markdown_text import escape_md

# Every character Markdown (with mkdocs.yml's extensions) or HTML could act on, and its entity.
ACTIVE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
          **{ch: f"&#{ord(ch)};" for ch in "\\`*_[]{}|#~^="}}
HOSTILE = [
    "*nghiêng* và **đậm**", "_gạch_ __dưới__", "`mã`", "[liên kết](https://example.org)", "![ảnh](x.png)",
    "<script>alert(1)</script>", "<b>đậm</b> & &amp;", "# không phải tiêu đề", "a | b | c", "{#id .class}",
    "==đánh dấu== ~~gạch~~ ^^chèn^^", "\\*", "1. không phải danh sách", "- không phải mục", "> không phải trích dẫn",
    "dòng một\ndòng hai", "hai dấu cách  \nngắt dòng", "a\tb\r\nc", "x = y", "Sở Lao động – Thương binh và Xã hội",
    "!!! note", "??? note", "<!-- chú thích -->", "&#42; thực thể", "https://example.org/a_b_c",
]


# --- escape_md ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("character", sorted(ACTIVE))
def test_escape_md_turns_every_markdown_active_character_into_an_entity(character):
    escaped = escape_md(f"a{character}b")
    assert escaped in (f"a{ACTIVE[character]}b", f"a&#{ord(character)};b")  # a named or a numeric entity
    assert html.unescape(escaped) == f"a{character}b"


def test_escape_md_writes_markdown_characters_as_numeric_entities():
    assert escape_md("*x* [y](z) #1 a|b") == "&#42;x&#42; &#91;y&#93;(z) &#35;1 a&#124;b"


def test_escape_md_leaves_vietnamese_text_and_ordinary_punctuation_alone():
    text = "Ủy ban nhân dân tỉnh Lai Châu: chăm sóc, giáo dục (trẻ em) - 95%; 1.2/3!?"
    assert escape_md(text) == text


def test_escape_md_returns_markup_so_autoescape_does_not_escape_it_again():
    assert isinstance(escape_md("a*b"), Markup) and isinstance(escape_md("ab"), Markup)
    assert Markup("{}").format(escape_md("a & b")) == "a &amp; b"


def test_escape_md_collapses_line_breaks_and_runs_of_whitespace_to_one_space():
    assert escape_md("dòng một\ndòng hai") == "dòng một dòng hai"
    assert escape_md("a\r\n\r\nb\tc") == "a b c"
    assert escape_md("hai dấu cách  \nkhông ngắt dòng") == "hai dấu cách không ngắt dòng"
    assert escape_md("a  b") == "a b"


def test_escape_md_keeps_one_space_at_the_edges_of_a_fragment():
    """Fragments are joined in templates: `a` + ` b` must stay two words."""
    assert escape_md("  a  ") == " a "
    assert escape_md("\nb") == " b"


def test_escape_md_passes_markup_through_unchanged():
    already = Markup("<a href=\"#x\">*x*</a>\n")
    assert escape_md(already) is already


def test_escape_md_accepts_values_that_are_not_strings():
    assert escape_md(2024) == "2024"
    assert escape_md(0.5) == "0.5"


def test_escape_md_escapes_everything_in_one_pass_never_twice():
    assert escape_md("&lt;") == "&amp;lt;"
    assert escape_md("&#42;") == "&amp;&#35;42;"
    assert html.unescape(escape_md("&amp; *")) == "&amp; *"


def rendered(converter: markdown.Markdown, source: str) -> str:
    converter.reset()
    return converter.convert(source)


def text_of(html_fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_fragment)).strip()


@pytest.fixture(scope="module")
def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml enables."""
    return markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "admonition", "pymdownx.details", "toc"])


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_exactly_as_typed_in_a_paragraph_a_heading_and_a_table_cell(site_markdown, text):
    expected = "Trước " + re.sub(r"\s+", " ", text) + " sau"
    escaped = escape_md(text)
    paragraph = rendered(site_markdown, f"Trước {escaped} sau")
    assert paragraph.startswith("<p>") and text_of(paragraph) == expected
    heading = rendered(site_markdown, f"## Trước {escaped} sau")
    assert heading.startswith("<h2") and text_of(heading) == expected
    cells = re.findall(r"<td>(.*?)</td>", rendered(site_markdown, f"| Cột |\n|---|\n| Trước {escaped} sau |\n"), re.S)
    assert [text_of(cell) for cell in cells] == [expected]
