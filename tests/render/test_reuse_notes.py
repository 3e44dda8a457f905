"""The note under a paragraph of a plan others carry out (plansite/render/pages/alignment.py, takers_html): who
takes it up and how, how many more do and how many do not; nothing where none does."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

from plansite.render.pages.alignment import MAX_NAMED, takers_html

PARENT = SimpleNamespace(id="tinh-1-kh-tu-2024", short_title="Kế hoạch 1-KH/TU")
PAGE = "van-ban/tinh-1-kh-tu-2024.md"


def pair(number: int, kind: str) -> SimpleNamespace:
    """A plan carrying PARENT out that takes its paragraph `i-1` as `kind` ("copied", "adapted", "dropped")."""
    child = SimpleNamespace(id=f"huyen-{number}-kh-ubnd-2024", short_title=f"Kế hoạch {number}/KH-UBND")
    item = SimpleNamespace(kind=kind, takers=[] if kind == "dropped" else [(f"p{number}", kind)])
    return SimpleNamespace(child=child, parent=PARENT, alignment=SimpleNamespace(by_parent_node={"i-1": item}))


def note(*pairs) -> str:
    context = SimpleNamespace(alignments=SimpleNamespace(by_parent={PARENT.id: list(pairs)}),
                              node_label=lambda document, node: node.replace("p", "¶"))
    return str(takers_html(context, PARENT, "i-1", PAGE))


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_a_paragraph_no_plan_takes_up_has_no_note():
    assert note(pair(2, "dropped"), pair(3, "dropped")) == ""
    assert note() == ""


def test_the_plans_that_take_it_up_are_named_with_how_and_those_that_do_not_are_counted():
    said = note(pair(2, "copied"), pair(3, "dropped"), pair(4, "adapted"), pair(5, "dropped"))
    assert text(said) == ("Văn bản thực hiện (đối chiếu do trang web tính): Kế hoạch 2/KH-UBND chép nguyên (¶2); "
                          "Kế hoạch 4/KH-UBND sửa lại (¶4); 2 văn bản không lấy lại")
    assert 'href="../../doi-chieu/?vb=huyen-2-kh-ubnd-2024&amp;cap-tren=tinh-1-kh-tu-2024#c-p2"' in said


def test_beyond_the_named_plans_the_others_that_take_it_up_are_counted():
    said = text(note(*(pair(number, "copied") for number in range(MAX_NAMED + 3)), pair(99, "dropped")))
    assert said.count("chép nguyên") == MAX_NAMED
    assert said.endswith("; 3 văn bản khác cũng lấy lại; 1 văn bản không lấy lại")
