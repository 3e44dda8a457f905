"""Headings of pages written in HTML (`Outline.heading`), the table of contents they make (`toc_tokens`), and
the anchors found in a piece of HTML (`anchor_ids`)."""

from __future__ import annotations

import itertools

import markdown
from conftest import REPO
from markdown.extensions.toc import nest_toc_tokens
from markupsafe import Markup

from plansite.render.outline import Heading, Outline, anchor_ids, toc_tokens


def site_toc_settings() -> dict:
    """The `toc` extension's settings, as MkDocs reads them from mkdocs.yml."""
    from mkdocs.config import load_config

    return load_config(config_file=str(REPO / "mkdocs.yml")).mdx_configs["toc"]


def headings(*levels: int) -> list[Heading]:
    return [Heading(level, f"h{index}", f"Mục {index}") for index, level in enumerate(levels)]


def shape(tokens: list[dict]) -> list:
    """A token tree as nested (id, children) pairs, to compare at a glance."""
    return [(token["id"], shape(token["children"])) for token in tokens]


# --- Outline.heading ---------------------------------------------------------------------------------------

def test_heading_writes_the_heading_with_its_permalink():
    html = Outline().heading(2, "thong-tin", "Thông tin văn bản")
    assert html == '<h2 id="thong-tin">Thông tin văn bản<a class="headerlink" href="#thong-tin">#</a></h2>'
    assert isinstance(html, Markup)


def test_heading_writes_the_same_html_as_python_markdowns_toc_extension():
    """Pages written in HTML and pages written in Markdown get the same headings (mkdocs.yml's toc settings)."""
    settings = {key: value for key, value in site_toc_settings().items() if key.startswith("permalink")}
    converter = markdown.Markdown(extensions=["attr_list", "toc"], extension_configs={"toc": settings})
    for level, anchor, text in [(1, "top", "Kế hoạch 188/KH-UBND"), (2, "toan-van", "Toàn văn"), (4, "iv-3-a", "a) Trẻ em < 6 tuổi & gia đình")]:
        converter.reset()
        expected = converter.convert(f"{'#' * level} {text} {{#{anchor}}}")
        assert Outline().heading(level, anchor, text) == expected


def test_heading_text_is_escaped_so_a_script_in_the_corpus_stays_text():
    outline = Outline()
    html = outline.heading(3, "i-1", '<script>alert("x")</script> & co')
    assert "<script>" not in html
    assert '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co' in html
    assert outline.headings[0].title == '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co'


def test_heading_anchor_is_escaped_too():
    html = Outline().heading(2, 'a"><b', "x")
    assert 'id="a&#34;&gt;&lt;b"' in html and "<b" not in html.replace("<a class", "")


def test_heading_text_already_markup_is_written_as_is():
    html = Outline().heading(2, "x", Markup("Mục <em>một</em>"))
    assert html.startswith('<h2 id="x">Mục <em>một</em><a ')


def test_heading_text_need_not_be_a_string():
    assert Outline().heading(2, "nam-2024", 2024).startswith('<h2 id="nam-2024">2024<a ')


def test_outline_remembers_every_heading_in_page_order():
    outline = Outline()
    outline.heading(1, "top", "Kế hoạch")
    outline.heading(2, "toan-van", "Toàn văn")
    outline.heading(3, "i", "I. Mục đích")
    assert outline.headings == [Heading(1, "top", "Kế hoạch"), Heading(2, "toan-van", "Toàn văn"), Heading(3, "i", "I. Mục đích")]


# --- toc_tokens --------------------------------------------------------------------------------------------

def test_toc_tokens_have_the_fields_mkdocs_reads():
    assert toc_tokens([Heading(2, "a", "A &amp; B")]) == [{"level": 2, "id": "a", "name": "A &amp; B", "children": []}]


def test_toc_tokens_nest_levels_one_to_four():
    assert shape(toc_tokens(headings(1, 2, 3, 4, 4, 3, 2))) == [
        ("h0", [("h1", [("h2", [("h3", []), ("h4", [])]), ("h5", [])]), ("h6", [])]),
    ]


def test_toc_tokens_keep_siblings_flat():
    assert shape(toc_tokens(headings(2, 2, 2))) == [("h0", []), ("h1", []), ("h2", [])]


def test_a_skipped_level_nests_under_the_nearest_higher_heading():
    """1, 3, 2: the level-3 heading is a child of the level-1 one, and so is the level-2 heading after it."""
    assert shape(toc_tokens(headings(1, 3, 2))) == [("h0", [("h1", []), ("h2", [])])]


def test_a_page_that_starts_below_level_one_nests_from_its_first_heading():
    assert shape(toc_tokens(headings(3, 4, 2, 3))) == [("h0", [("h1", [])]), ("h2", [("h3", [])])]


def test_max_level_cuts_deeper_headings_and_keeps_the_rest_nested():
    tokens = toc_tokens(headings(1, 2, 3, 4, 2, 3), max_level=2)
    assert shape(tokens) == [("h0", [("h1", []), ("h4", [])])]


def test_max_level_one_keeps_only_the_title():
    assert shape(toc_tokens(headings(1, 2, 3), max_level=1)) == [("h0", [])]


def test_no_headings_make_an_empty_table_of_contents():
    assert toc_tokens([]) == []


def test_toc_tokens_nest_exactly_as_python_markdown_over_every_sequence_of_levels():
    """Every sequence of up to five headings of levels 1 to 4, against Python-Markdown's own nesting."""
    count = 0
    for length in range(1, 6):
        for levels in itertools.product(range(1, 5), repeat=length):
            sequence = headings(*levels)
            expected = nest_toc_tokens([{"level": h.level, "id": h.id, "name": h.title} for h in sequence])
            assert toc_tokens(sequence) == expected, levels
            count += 1
    assert count == 4 + 4**2 + 4**3 + 4**4 + 4**5


def test_toc_tokens_cut_at_max_level_as_python_markdown_with_toc_depth():
    for levels in itertools.product(range(1, 5), repeat=4):
        sequence = headings(*levels)
        expected = nest_toc_tokens([{"level": h.level, "id": h.id, "name": h.title} for h in sequence if h.level <= 3])
        assert toc_tokens(sequence, max_level=3) == expected, levels


# --- anchor_ids --------------------------------------------------------------------------------------------

def test_anchor_ids_finds_every_id_in_a_piece_of_html():
    html = '<h2 id="toan-van">Toàn văn</h2>\n<p id="i-1-p1">x</p><li class="n" id="iv-3">y</li>'
    assert anchor_ids(html) == {"toan-van", "i-1-p1", "iv-3"}


def test_anchor_ids_of_headings_written_by_the_outline():
    outline = Outline()
    html = outline.heading(1, "top", "T") + outline.heading(2, "thong-tin", "Thông tin")
    assert anchor_ids(html) == {heading.id for heading in outline.headings} == {"top", "thong-tin"}


def test_anchor_ids_ignores_attributes_that_merely_end_in_id():
    assert anchor_ids('<div data-id="no" data-pagefind-id="no"><a href="#nope">x</a></div>') == set()


def test_anchor_ids_of_html_without_ids_is_empty():
    assert anchor_ids("<p>Không có neo.</p>") == set()
    assert anchor_ids("") == set()
