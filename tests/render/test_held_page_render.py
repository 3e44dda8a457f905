"""A page written wholly in HTML reaches MkDocs as the placeholder of its block (plansite/render/blocks.py), and
the plugin gives MkDocs what Python-Markdown would make of it without setting Python-Markdown up for the page
(plansite/mkdocs_plugin/plugin.py, `_render_placeholder`). What MkDocs then holds of the page must be what
Python-Markdown gives, with the site's own extensions."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from plansite.mkdocs_plugin.plugin import PlanSitePlugin, _render_placeholder
from plansite.render.outline import Heading

ROOT = Path(__file__).resolve().parents[2]


def _page(config, source: str) -> tuple[Page, Files]:
    file = File("van-ban/x/index.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    page = Page(None, file, config)
    page.markdown = source
    return page, Files([file])


def _rendered(page: Page) -> tuple:
    links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
    return page.content, [(item.title, item.id) for item in page.toc], page._title_from_render, page.present_anchor_ids, links


@pytest.mark.parametrize("source", [
    '\n\n<div data-plansite-block="b12"></div>\n\n',  # as HtmlBlocks writes it
    '<div data-plansite-block="w1-7"></div>',  # a worker's key, without the blank lines
    '# Tiêu đề\n\n<div data-plansite-block="b12"></div>\n\n',  # changed by another plugin: converted as usual
    'Đoạn có [liên kết](../y/#muc) và <span id="neo">neo</span>.\n\n<div data-plansite-block="b3"></div>',
    '\n\n    <div data-plansite-block="b12"></div>\n\n',  # indented: a block of code to Python-Markdown
], ids=["placeholder", "worker-key", "with-a-heading", "with-a-link-and-an-anchor", "indented"])
def test_a_page_held_whole_is_what_python_markdown_makes_of_its_markdown(source):
    config = load_config(str(ROOT / "mkdocs.yml"))
    fast, files = _page(config, source)
    _render_placeholder(fast, config, files)
    usual, files = _page(config, source)
    Page.render(usual, config, files)
    assert _rendered(fast) == _rendered(usual)
    assert "data-plansite-block" in fast.content


def test_a_page_written_in_html_is_not_given_to_python_markdown_and_a_hand_written_one_is(monkeypatch):
    """The plugin puts the shortcut in place for the pages the render held whole, and only for them."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = PlanSitePlugin()
    held, files = _page(config, "")
    held.markdown = str(plugin.blocks.hold_page(held.file.src_uri, '<h2 id="a">A</h2>', [Heading(2, "a", "A")], {"title": "T"}))
    written = Page(None, File("gioi-thieu.md", config.docs_dir, config.site_dir, config.use_directory_urls), config)
    written.markdown = "## Báo lỗi, đóng góp\n"
    converted = []
    real = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, source: converted.append(source) or real(self, source))
    for page in (held, written):
        page = plugin.on_pre_page(page, config=config, files=files)
        page.render(config, files)
        page.content = plugin.on_page_content(page.content, page=page, config=config, files=files)
    assert converted == ["## Báo lỗi, đóng góp\n"]
    assert [item.id for item in held.toc] == ["a"] and held.content == '<div data-plansite-block="b0"></div>'
    assert [item.id for item in written.toc] == ["bao-loi-dong-gop"]
