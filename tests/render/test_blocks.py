"""HTML blocks held back from Python-Markdown as placeholders, and put back into the page MkDocs produced."""

from __future__ import annotations

import os
import threading

import pytest
from markupsafe import Markup

from plansite.render.blocks import HeldPage, HtmlBlocks
from plansite.render.outline import Heading, Outline

TABLE = '<table class="nhiem-vu">\n<tr><td>Sở Y tế &amp; Sở Giáo dục</td></tr>\n</table>'


def placeholder(key: str) -> str:
    return f'\n\n<div data-plansite-block="{key}"></div>\n\n'


# --- defer off: blocks stay inline -------------------------------------------------------------------------

def test_with_defer_off_a_held_block_is_the_html_itself():
    blocks = HtmlBlocks(defer=False)
    held = blocks.hold(TABLE)
    assert held == TABLE and isinstance(held, Markup)
    assert blocks.blocks == {}


def test_with_defer_off_a_held_page_is_the_html_itself_and_nothing_is_recorded():
    blocks = HtmlBlocks(defer=False)
    assert blocks.hold_page("van-ban/x.md", TABLE, [Heading(1, "top", "X")], {"title": "X"}) == TABLE
    assert blocks.blocks == {} and blocks.pages == {}
    with pytest.raises(KeyError):
        blocks.page_html("van-ban/x.md")


def test_with_defer_off_restore_changes_nothing():
    blocks = HtmlBlocks(defer=False)
    page = f"<main>{blocks.hold(TABLE)}</main>"
    assert blocks.restore(page) == page == f"<main>{TABLE}</main>"


# --- defer on: a placeholder, then the HTML put back -------------------------------------------------------

def test_with_defer_on_a_held_block_becomes_an_empty_placeholder_in_a_paragraph_of_its_own():
    blocks = HtmlBlocks(defer=True)
    held = blocks.hold(TABLE)
    assert held == placeholder("b0") and isinstance(held, Markup)
    assert list(blocks.blocks) == ["b0"] and blocks.html("b0") == TABLE


def test_a_held_block_is_kept_compressed_until_it_is_put_back():
    """The held pages were most of a build's memory: each is kept in a quarter of its UTF-8 bytes or less."""
    blocks = HtmlBlocks(defer=True)
    html = "".join(f"<p id=\"p{n}\">Tăng cường công tác chăm sóc, giáo dục và bảo vệ trẻ em, đoạn {n}.</p>\n" for n in range(200))
    key = HtmlBlocks.PLACEHOLDER.search(blocks.hold(html)).group(1)
    assert len(blocks.blocks[key]) * 4 <= len(html.encode("utf-8"))
    assert blocks.restore(blocks.hold(html)).strip() == html.strip()


def test_keys_are_numbered_in_the_order_blocks_are_held():
    blocks = HtmlBlocks(defer=True)
    assert [blocks.hold(f"<p>{n}</p>") for n in range(3)] == [placeholder("b0"), placeholder("b1"), placeholder("b2")]


def test_restore_puts_each_block_back_where_its_placeholder_was():
    blocks = HtmlBlocks(defer=True)
    first, second = blocks.hold(TABLE), blocks.hold("<ol><li>một</li></ol>")
    page = f"<h1>Kế hoạch</h1>{first}<p>giữa</p>{second}<footer></footer>"
    assert blocks.restore(page) == (f"<h1>Kế hoạch</h1>\n\n{TABLE}\n\n<p>giữa</p>"
                                    "\n\n<ol><li>một</li></ol>\n\n<footer></footer>")


def test_round_trip_gives_the_same_page_with_defer_on_and_off():
    """What MkDocs shows is the same whether the blocks were held back or written inline (up to the blank
    lines that make a placeholder a block of its own)."""
    pieces = [TABLE, "<p>a &lt; b</p>", '<div id="toan-van"><p>x</p></div>']
    on, off = HtmlBlocks(defer=True), HtmlBlocks(defer=False)
    assert on.restore("".join(on.hold(p) for p in pieces)) == "".join(f"\n\n{p}\n\n" for p in pieces)
    assert off.restore("".join(off.hold(p) for p in pieces)) == "".join(pieces)


def test_a_held_block_is_stored_verbatim_not_escaped():
    blocks = HtmlBlocks(defer=True)
    html = '<script type="application/json">{"a": "<b>"}</script>'
    assert blocks.restore(blocks.hold(html)).strip() == html.strip()
    assert blocks.restore(blocks.hold(Markup("<em>x</em>"))).strip() == "<em>x</em>"


def test_restore_leaves_a_page_without_placeholders_unchanged():
    blocks = HtmlBlocks(defer=True)
    blocks.hold(TABLE)
    page = '<p>Không có khối nào.</p><div data-plansite-block-other="b0"></div>'
    assert blocks.restore(page) == page


def test_restore_only_replaces_the_exact_placeholder_element():
    """A placeholder changed on the way (an attribute added, content inside) is not one any more."""
    blocks = HtmlBlocks(defer=True)
    blocks.hold(TABLE)
    for changed in ['<div data-plansite-block="b0" class="x"></div>', '<div data-plansite-block="b0">x</div>',
                    "<div data-plansite-block='b0'></div>"]:
        assert blocks.restore(changed) == changed


def test_restore_fails_loudly_on_a_placeholder_whose_block_it_does_not_hold():
    """A placeholder whose block was never merged in (say, from a worker) is an error, not a silent gap."""
    blocks = HtmlBlocks(defer=True)
    with pytest.raises(KeyError, match="w9-0"):
        blocks.restore(placeholder("w9-0"))


def test_restore_does_not_look_for_placeholders_inside_the_blocks_it_puts_back():
    """One pass: a block that itself holds a placeholder keeps it as text (blocks are never nested)."""
    blocks = HtmlBlocks(defer=True)
    inner = blocks.hold("<p>inner</p>")
    outer = blocks.hold(f"<section>{inner}</section>")
    assert blocks.restore(outer) == f"\n\n<section>{inner}</section>\n\n"


# --- hold_page: pages written wholly in HTML ---------------------------------------------------------------

def test_hold_page_records_the_pages_headings_and_front_matter():
    blocks = HtmlBlocks(defer=True)
    outline = Outline()
    html = outline.heading(1, "top", "Kế hoạch 9/KH-UBND") + outline.heading(2, "toan-van", "Toàn văn")
    meta = {"title": "Kế hoạch 9/KH-UBND", "search": True}
    held = blocks.hold_page("van-ban/x.md", html, outline.headings, meta)
    assert held == placeholder("b0")
    assert blocks.pages == {"van-ban/x.md": HeldPage("b0", outline.headings, meta, "toan-van\0top")}
    assert blocks.pages["van-ban/x.md"].anchor_ids() == {"top", "toan-van"}
    assert blocks.page_html("van-ban/x.md") == html
    assert blocks.restore(held).strip() == html


def test_hold_page_keeps_a_copy_of_the_headings_list():
    blocks = HtmlBlocks(defer=True)
    outline = Outline()
    outline.heading(1, "top", "A")
    blocks.hold_page("van-ban/a.md", "<h1>A</h1>", outline.headings, {})
    outline.heading(2, "later", "Written after the page was held")
    assert blocks.pages["van-ban/a.md"].headings == [Heading(1, "top", "A")]


def test_hold_page_accepts_any_iterable_of_headings():
    blocks = HtmlBlocks(defer=True)
    blocks.hold_page("van-ban/a.md", "<h1>A</h1>", (h for h in [Heading(1, "top", "A")]), {})
    assert blocks.pages["van-ban/a.md"].headings == [Heading(1, "top", "A")]


def test_pages_and_blocks_share_one_numbering():
    blocks = HtmlBlocks(defer=True)
    blocks.hold("<p>block</p>")
    blocks.hold_page("van-ban/a.md", "<h1>A</h1>", [], {})
    blocks.hold("<p>after</p>")
    assert list(blocks.blocks) == ["b0", "b1", "b2"]
    assert blocks.pages["van-ban/a.md"].block == "b1"


# --- prefixes: blocks rendered by several workers, merged into one --------------------------------------

def test_key_prefixes_keep_the_blocks_of_two_workers_apart_when_merged():
    """As render_site merges them: each worker's blocks and pages go into the main process's HtmlBlocks."""
    main = HtmlBlocks(defer=True)
    workers = [HtmlBlocks(defer=True, prefix=f"w{number}-") for number in range(2)]
    pages = []
    for number, worker in enumerate(workers):
        pages.append(worker.hold_page(f"van-ban/d{number}.md", f"<h1>Văn bản {number}</h1>", [], {"title": str(number)}))
        pages.append(worker.hold(f"<table>{number}</table>"))
    assert set(workers[0].blocks).isdisjoint(workers[1].blocks)
    assert list(workers[0].blocks) == ["w0-0", "w0-1"]
    for worker in workers:
        main.blocks.update(worker.blocks)
        main.pages.update(worker.pages)
    assert len(main.blocks) == 4
    assert main.page_html("van-ban/d1.md") == "<h1>Văn bản 1</h1>"
    restored = main.restore("".join(pages))
    assert restored.split() == ["<h1>Văn", "bản", "0</h1>", "<table>0</table>", "<h1>Văn", "bản", "1</h1>", "<table>1</table>"]


def test_prefixed_keys_still_match_the_placeholder_pattern():
    blocks = HtmlBlocks(defer=True, prefix="p12-")
    held = blocks.hold("<p>x</p>")
    assert HtmlBlocks.PLACEHOLDER.search(held).group(1) == "p12-0"
    assert blocks.restore(held).strip() == "<p>x</p>"


def test_prefixes_ending_in_a_separator_never_give_two_workers_the_same_key():
    """`w1` + `0` and `w` + `10` would both be `w10`: the chunk prefixes render_site uses end in `-`."""
    keys: set[str] = set()
    for number in range(12):
        worker = HtmlBlocks(defer=True, prefix=f"w{number}-")
        for _ in range(12):
            worker.hold("<p></p>")
        assert keys.isdisjoint(worker.blocks)
        keys.update(worker.blocks)
    assert len(keys) == 144


# --- spill: blocks written to a file as they are made -----------------------------------------------------

def test_blocks_written_to_a_file_read_back_as_held_from_any_thread_and_go_with_release(tmp_path):
    spilled, held = HtmlBlocks(defer=True, spill=tmp_path / "blocks"), HtmlBlocks(defer=True)
    pages = [f"<p>Đoạn {number}: trẻ em &amp; gia đình</p>" * number for number in range(1, 40)]
    keys = [(spilled.hold(page), held.hold(page)) for page in pages]
    assert all(isinstance(block, bytes) for block in held.blocks.values())
    assert not any(isinstance(block, bytes) for block in spilled.blocks.values())
    read: list[str] = []
    reader = threading.Thread(target=lambda: read.extend(spilled.restore(key) for key, _ in keys))
    reader.start()
    mine = [spilled.restore(key) for key, _ in keys]
    reader.join()
    assert mine == read == [held.restore(key) for _, key in keys]
    assert [path.name for path in (tmp_path / "blocks").iterdir()] == [str(os.getpid())]  # one file a process
    spilled.release()
    assert not (tmp_path / "blocks").exists()
    spilled.release()  # twice: nothing more to do
