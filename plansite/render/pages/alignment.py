"""A plan set against each document it carries out: one page, `doi-chieu/?vb=…&cap-tren=…`, that shows any pair
whose two texts are in the corpus, the summaries the documents' pages show, and the open data (one CSV row per
aligned paragraph pair).

A pair is not a page of its own: the theme's frame around it (header, tabs, navigation, table of contents) was
half of each such page, and at 2,000 plans 2,275 pairs were 52.6 MB of HTML, 27.1 MB of it frame. Each pair is
the part of the page that shows it, compressed (`Paths.alignment`, gzip: at 2,000 plans 25.5 MB of it became
6.6 MB), which docs/assets/alignment.js fetches, decompresses and puts in place. The address a pair's own page
had sends there: at first a file for each (0.7 KB a pair), now the site's page for an unknown address, by one
rule (`Paths.former_alignment_rule`, overrides/404.html): at 10,000 plans the files were 10,291 of the site's
68,045, 7.7 of its 1,059 MB. `doi-chieu/` went from 52.6 to 8.2 MB, the site from 385.4 to 341.2 MB at 2,000
plans (measured on the built site).

That part does not print the two plans' words again, nor its rows: both plans are on their own pages. Each
paragraph of the plan is an empty list item with its id and, as data, its kind, its label, the parent's
paragraphs it takes from and, for each paragraph, what to show of it (a window, an opening) and where the changed
words are (`Slot`). docs/assets/alignment.js builds the rows from that and draws the words from the two plans'
pages, with their links and uncertain readings as printed there. (At 2,000 plans the pairs' pages went from
160.0 MB of HTML with the words printed to 115.9 MB with the words drawn, then 58.2 MB with the rows built too.)
Without a script the page says what it would show and where the summaries are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from markupsafe import Markup, escape

from plansite.analysis.alignment import headings
from plansite.analysis.pairs import Pair
from plansite.render import opendata
from plansite.render.archive import gzipped
from plansite.render.context import RenderContext
from plansite.render.page import Download
from plansite.render.urls import Paths, alignment_link, alignment_url
from plansite.text import uncertain

KIND_LABELS = {"copied": "chép nguyên", "adapted": "sửa lại", "added": "bổ sung", "carried": "được lấy lại",
               "dropped": "không được lấy lại"}
VERDICT_LABELS = {"same": "như văn bản cấp trên", "stricter": "cao hơn (chặt hơn)", "looser": "thấp hơn (lỏng hơn)",
                  "new": "chỉ văn bản này có", "dropped": "văn bản này không đặt", "other": "không so được (cách so sánh hoặc đơn vị khác)"}
ROW_KINDS = {kind: KIND_LABELS[kind].capitalize() for kind in ("copied", "adapted", "added")}  # a row's kind, as its label says it
# Said wherever an alignment is shown: it is the site's reading, not the plans' words.
METHOD_NOTE = ("Đối chiếu do trang web tự tính từ chữ của hai văn bản, không phải nội dung của văn bản: mỗi đoạn được so "
               "sau khi bỏ dấu, coi mọi con số và mọi địa danh là như nhau, không tính tên văn bản được trích dẫn và tên cơ quan. "
               "Chép nguyên: đoạn trùng từng chữ với một đoạn (hoặc một phần liền của một đoạn) của văn bản cấp trên; "
               "sửa lại: đoạn lấy ít nhất một phần tư số chữ từ văn bản cấp trên, có thêm, bớt hoặc thay chữ; "
               "bổ sung: đoạn không lấy từ văn bản cấp trên. Một đoạn \u201ckhông được lấy lại\u201d chỉ có nghĩa là "
               "lời của nó không có trong văn bản này, không có nghĩa là văn bản này bỏ qua nội dung đó.")
_WORD = re.compile(r"\w")
# On a parent's page, each paragraph names at most this many documents that take it up; more are counted.
MAX_NAMED = 5


def summary(pair: Pair) -> str:
    """"29% số đoạn (23/80) lấy từ Kế hoạch 211-KH/TU (1 chép nguyên, 22 sửa lại), 57 đoạn bổ sung; 12/26 đoạn
    của … không được lấy lại (không tính đề mục)": paragraphs, headings aside (analysis/alignment.py)."""
    parent = pair.parent.short_title
    kinds = pair.alignment.paragraph_kinds(headings(pair.child), headings(pair.parent))
    taken = kinds["copied"] + kinds["adapted"]
    share = round(100 * taken / kinds["child"]) if kinds["child"] else 0
    return (f"{share}% số đoạn ({taken}/{kinds['child']}) lấy từ {parent} ({kinds['copied']} chép nguyên, "
            f"{kinds['adapted']} sửa lại), {kinds['added']} đoạn bổ sung; {kinds['dropped']}/{kinds['parent']} đoạn của "
            f"{parent} không được lấy lại (không tính đề mục)")


def _utf16(text: str):
    """Offsets in `text` as the browser counts them (UTF-16 code units): the same for text without characters
    outside the Basic Multilingual Plane, as Vietnamese is. Told by the length of its UTF-16: `max(text)` made a
    string of each character, 20 times slower on a paragraph (2.4 s of the render at 2,000 plans, profiled)."""
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return int
    return list(accumulate((2 if ord(character) > 0xFFFF else 1 for character in text), initial=0)).__getitem__


@dataclass(frozen=True)
class Slot:
    """A paragraph quoted on a side-by-side page, to be drawn from the page its label links to (the link just
    before it): a text `length` long, shown from `window[0]` to `window[1]` (whole when None), with an ellipsis
    before or after where `cut` says so, and the spans `marks` marked (<ins> in the child's words, <del> in the
    parent's). Offsets in UTF-16 code units, as docs/assets/alignment.js counts them."""

    length: int
    window: tuple[int, int] | None = None
    marks: tuple[tuple[int, int], ...] = ()
    cut: tuple[bool, bool] = (False, False)

    @classmethod
    def of(cls, node, window: tuple[int, int] | None = None, marks=(), cut=(False, False)) -> Slot:
        """The slot of a corpus node, positions given in its text's characters."""
        at = _utf16(node.text)
        whole = window is None or window == (0, len(node.text))
        return cls(at(len(node.text)), None if whole else (at(window[0]), at(window[1])),
                   tuple((at(start), at(end)) for start, end in marks), cut)

    @classmethod
    def opening(cls, node) -> Slot:
        """A paragraph by its opening words (plansite/text/uncertain.py), whole a link away."""
        end = uncertain.opening_end(node.text, node.uncertain)
        return cls.of(node, (0, end), cut=(False, end < len(node.text)))

    def data(self) -> str:
        """The slot as the script reads it, in the attributes' own forms: "length;window;marks;cut" ("176",
        "239;99-238;148-152 160-163;10"), without the trailing fields that say nothing."""
        fields = [str(self.length), f"{self.window[0]}-{self.window[1]}" if self.window else "",
                  " ".join(f"{start}-{end}" for start, end in self.marks), f"{self.cut[0]:d}{self.cut[1]:d}" if any(self.cut) else ""]
        return ";".join(fields).rstrip(";")


class PairView:
    def __init__(self, context: RenderContext, pair: Pair) -> None:
        self.pair, self.child, self.parent = pair, pair.child, pair.parent
        self.alignment = pair.alignment
        self.page = Paths.alignment(self.child.id, self.parent.id)
        self.summary = summary(pair)
        self._label = context.node_label
        self.targets = pair.targets
        self.kind_labels, self.verdict_labels = KIND_LABELS, VERDICT_LABELS
        self.row_kinds = ROW_KINDS
        # The stamps of the two pages the words are drawn from: a copy of another build is not drawn from, since
        # its words may stand elsewhere than the slots say.
        self.stamps = context.alignments.text_stamp(self.child), context.alignments.text_stamp(self.parent)

    # The rows are worked out when the page is written, not when the view is made: under `mkdocs serve` most
    # pair pages are the previous build's (render/incremental.py) and the pair's CSV rows need no view (at
    # 2,000 plans, making every view took about a fifth of a rebuild).
    @cached_property
    def _nodes(self) -> tuple[dict, dict]:
        return ({node.id: node for node, _ in self.child.nodes()}, {node.id: node for node, _ in self.parent.nodes()})

    @cached_property
    def items(self) -> list[tuple[str, list]]:
        """Each paragraph of the plan, in order: (node, [kind, label, slot, then parent node, label and slot for
        each paragraph of the parent it takes from]), flat, as the script reads it.
        The script puts consecutive added paragraphs in one row, with one "no counterpart" (at 2,000 plans a page
        had 29.4 added paragraphs in 9.6 runs; a row of its own for each cost 5 KB of a 75 KB page)."""
        label = self._label
        child_nodes, parent_nodes = self._nodes
        items = []
        for item in self.alignment.children:
            node = child_nodes[item.node]
            links = []
            for link in item.links:
                source = parent_nodes[link.parent]
                before, after = source.text[:link.parent_window[0]], source.text[link.parent_window[1]:]
                cut = bool(_WORD.search(before)), bool(_WORD.search(after))
                links += [link.parent, label(self.parent, link.parent), Slot.of(source, link.parent_window, link.parent_marks, cut).data()]
            if item.links:
                slot = Slot.of(node, marks=item.links[0].child_marks)
            else:  # added: the plan's own words, by their opening; whole on its page, a link away
                slot = Slot.opening(node)
            items.append((item.node, [item.kind, label(self.child, item.node), slot.data(), *links]))
        return items

    @cached_property
    def dropped(self) -> list[tuple[str, list]]:
        """The parent's paragraphs the child does not take: (node, [label, slot of its opening words])."""
        parent_nodes = self._nodes[1]
        return [(item.node, [self._label(self.parent, item.node), Slot.opening(parent_nodes[item.node]).data()])
                for item in self.alignment.parents if item.kind == "dropped"]


def pages(context: RenderContext):
    # The page first: it reads no pair, so an edit to a pair does not render it again (incremental.py).
    yield context.html_page(Paths.alignments, "alignments.html.j2", "Đối chiếu từng đoạn", search=False, note=METHOD_NOTE,
                            meta={"description": "Một kế hoạch đặt bên cạnh văn bản cấp trên mà nó thực hiện, từng đoạn."})
    aligned = [pair for pairs in context.alignments.by_child.values() for pair in pairs if pair.alignment is not None]
    for pair in aligned:
        child_id, parent_id = pair.child.id, pair.parent.id
        kept = context.reused(Paths.alignment(child_id, parent_id))
        if kept:  # most pairs under `mkdocs serve`: a view for each took 0.7 s of an edit's 7 s render (profiled, 2,000 plans)
            yield kept
            continue
        view = PairView(context, pair)
        yield Download(view.page, gzipped(context.html_part(Paths.alignments, "alignment.html.j2", view=view)))
    yield context.download(Paths.alignment_csv, lambda: _csv(aligned))


def _csv(aligned: list[Pair]) -> bytes:
    rows = (row for pair in aligned for row in _rows(pair))
    return opendata.zipped_csv(Paths.alignment_csv, opendata.ALIGNMENT_COLUMNS, rows)


def _rows(pair: Pair) -> list[dict]:
    base = {"child_id": pair.child.id, "child_number": pair.child.number_text, "parent_id": pair.parent.id,
            "parent_number": pair.parent.number_text}
    url = "/" + alignment_url(Paths.home, pair.child.id, pair.parent.id)
    child_headings, parent_headings = headings(pair.child), headings(pair.parent)
    rows = []
    for item in pair.alignment.children:
        for link in item.links or (None,):
            rows.append(dict(base, child_node=item.node, parent_node=link.parent if link else "", kind=item.kind,
                             heading="yes" if item.node in child_headings else "no",
                             similarity=f"{link.similarity:.2f}" if link else f"{item.similarity:.2f}", url=f"{url}#c-{item.node}"))
    for item in pair.alignment.parents:
        if item.kind == "dropped":
            rows.append(dict(base, child_node="", parent_node=item.node, kind="dropped", heading="yes" if item.node in parent_headings else "no",
                             similarity="0.00", url=f"{url}#p-{item.node}"))
    return rows


def takers_html(context: RenderContext, document, node_id: str, here: str) -> Markup:
    """On a parent's page, under a paragraph some documents carrying it out take up: which copy or adapt it
    (at most MAX_NAMED named), and how many do not. Nothing under a paragraph none takes up: the legend atop
    the text says so once (`reuse_legend`). At 2,000 plans, 34,379 of the 63,715 notes named only plans that
    did not take their paragraph up: without them and with those counted, 29,336 notes, 18.2 → 8.8 MB, the
    site 424.6 → 415.7 MB (measured on the built site)."""
    pairs = [p for p in context.alignments.by_parent.get(document.id, ()) if p.alignment is not None]
    named, dropped = [], 0
    for pair in pairs:
        item = pair.alignment.by_parent_node.get(node_id)
        if item is None:
            continue
        if item.kind == "dropped":
            dropped += 1
        else:
            named.append((pair, item.takers))
    if not named:
        return Markup("")
    parts = []
    for pair, takers in named[:MAX_NAMED]:
        target = alignment_link(here, pair.child.id, pair.parent.id, f"c-{takers[0][0]}")
        how = ", ".join(f"{KIND_LABELS[kind]} ({context.node_label(pair.child, node)})" for node, kind in takers[:MAX_NAMED])
        more = f" và {len(takers) - MAX_NAMED} đoạn khác" if len(takers) > MAX_NAMED else ""
        parts.append(Markup('<a href="%s">%s</a> %s') % (target, pair.child.short_title, how + more))
    if len(named) > MAX_NAMED:
        parts.append(escape(f"{len(named) - MAX_NAMED} văn bản khác cũng lấy lại"))
    if dropped:
        parts.append(escape(f"{dropped} văn bản không lấy lại"))
    return (Markup('<p class="reuse-note" data-pagefind-ignore="all">Văn bản thực hiện (đối chiếu do trang web tính): ')
            + Markup("; ").join(parts) + Markup("</p>"))


def reuse_legend(aligned_children: int) -> str:
    """Said once atop the text of a document others carry out, for the paragraphs without a note."""
    return (f"Dưới mỗi đoạn được lấy lại: văn bản thực hiện nào chép nguyên hoặc sửa lại đoạn đó (đối chiếu do trang "
            f"web tự tính từ chữ của các văn bản, không phải nội dung văn bản). Đoạn không có dòng đó: không văn bản nào "
            f"trong {aligned_children} văn bản thực hiện có toàn văn trong kho lấy lại lời của nó.")
