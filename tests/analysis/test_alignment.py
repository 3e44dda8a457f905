"""The alignment of a plan with its parent, against the alignment made by hand (tests/alignment/234-vs-211.tsv).

Content tests run on the frozen corpus of tests/fixtures/corpus/, never on corpus/."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from plansite.analysis.alignment import Reader, Text, align, compare_targets, document_items, paragraph
from plansite.analysis.pairs import CorpusAlignments
from plansite.corpus.loader import load_corpus

HERE = Path(__file__).resolve().parent.parent
FROZEN = HERE / "fixtures" / "corpus"
HAND = HERE / "alignment" / "234-vs-211.tsv"
CHILD, PARENT = "kien-giang-234-kh-ubnd-2024", "kien-giang-211-kh-tu-2024"
KINDS = {"child": ("copied", "adapted", "added"), "parent": ("carried", "dropped")}


@pytest.fixture(scope="module")
def corpus():
    loaded = load_corpus(FROZEN, parallel_from=10**9)
    assert not loaded.problems
    return loaded.corpus


@pytest.fixture(scope="module")
def alignments(corpus):
    return CorpusAlignments(corpus)


def _hand() -> dict[tuple[str, str], tuple[str, list[str]]]:
    rows = {}
    for line in HAND.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        side, node, kind, *sources = line.split("\t")
        rows[(side, node)] = (kind, sources[0].split(";") if sources else [])
    return rows


def test_hand_alignment_covers_every_paragraph_of_both(corpus):
    hand = _hand()
    for side, doc_id in (("child", CHILD), ("parent", PARENT)):
        nodes = [node for node, _, _ in document_items(corpus.documents[doc_id])]
        assert sorted(node for s, node in hand if s == side) == sorted(nodes)
        assert {kind for (s, _), (kind, _) in hand.items() if s == side} <= set(KINDS[side])


def test_precision_and_recall_of_each_kind_against_the_hand_alignment(alignments, capsys):
    """A child paragraph counts as right when its kind is the hand's and, when copied or adapted, the parent
    paragraph it takes most from is one the hand names; a parent paragraph when its kind is the hand's."""
    hand = _hand()
    (pair,) = [p for p in alignments.by_child[CHILD] if p.parent.id == PARENT]
    got = {("child", c.node): (c.kind, list(c.sources)) for c in pair.alignment.children}
    got |= {("parent", p.node): (p.kind, []) for p in pair.alignment.parents}
    assert got.keys() == hand.keys()

    def right(key) -> bool:
        (kind, sources), (hand_kind, hand_sources) = got[key], hand[key]
        return kind == hand_kind and (not hand_sources or (sources and sources[0] in hand_sources))

    figures = {}
    for side, kinds in KINDS.items():
        for kind in kinds:
            predicted = [k for k in got if k[0] == side and got[k][0] == kind]
            actual = [k for k in hand if k[0] == side and hand[k][0] == kind]
            correct = [k for k in predicted if right(k)]
            figures[kind] = (len(correct) / len(predicted) if predicted else 0.0, len(correct) / len(actual), len(actual))
    with capsys.disabled():
        print("\n234/KH-UBND against 211-KH/TU, against the hand-made alignment:")
        for kind, (precision, recall, count) in figures.items():
            print(f"  {kind:8} precision {precision:.2f}  recall {recall:.2f}  ({count} by hand)")
    for kind, (precision, recall, _) in figures.items():
        assert precision >= 0.9 and recall >= 0.9, (kind, precision, recall)


def test_pairs_without_both_texts_are_kept_without_an_alignment(alignments, corpus):
    for pairs in alignments.by_child.values():
        for pair in pairs:
            assert (pair.alignment is None) == (not (pair.child.body and pair.parent.body))
    assert any(pair.alignment is None for pairs in alignments.by_child.values() for pair in pairs)


def test_reading_numbers_places_and_citations():
    reader = Reader(["Kiên Giang", "Tam Đường"])
    one = paragraph("a", "Kế hoạch của tỉnh Kiên Giang giai đoạn 2021 - 2030, ngày 25/4/2024.", reader.places)
    two = paragraph("b", "Kế hoạch của huyện Tam Đường giai đoạn 2024-2030, ngày 1/7/2024.", reader.places)
    assert one.words == two.words
    assert paragraph("c", "tình thương tỉnh", reader.places).words == ("tinh", "thuong", "@")  # tones tell tình from tỉnh


def test_copied_adapted_added_and_dropped_on_a_small_pair():
    parent = [("1", "Tăng cường kiểm tra, giám sát công tác chăm sóc, giáo dục và bảo vệ trẻ em ở các cấp, nhất là cấp cơ sở.", ""),
              ("2", "Phát huy vai trò của báo chí và các nền tảng truyền thông hiện đại trong tuyên truyền chủ trương.", ""),
              ("3", "Những năm qua, tỉnh đã tập trung lãnh đạo, chỉ đạo thực hiện nghiêm túc.", "")]
    child = [("a", "Phát huy vai trò của báo chí và các nền tảng truyền thông hiện đại trong tuyên truyền chủ trương.", ""),
             ("b", "Tăng cường thanh tra, kiểm tra, giám sát công tác chăm sóc, giáo dục và bảo vệ trẻ em ở các cấp, nhất là cấp cơ sở.", ""),
             ("c", "Sở Y tế chủ trì triển khai tiêm chủng mở rộng cho trẻ em dưới 5 tuổi.", "")]
    result = align(child, parent)
    kinds = {c.node: (c.kind, c.sources) for c in result.children}
    assert kinds == {"a": ("copied", ("2",)), "b": ("adapted", ("1",)), "c": ("added", ())}
    assert {p.node: p.kind for p in result.parents} == {"1": "carried", "2": "carried", "3": "dropped"}
    (link,) = result.children[1].links
    (mark,) = [child[1][1][s:e] for s, e in link.child_marks]  # one run of changed words, the rest the parent's
    assert mark.endswith("thanh tra") and len(mark.split()) <= 4


def test_sibling_plans_aligned_with_one_parent_text_each_get_their_own_alignment(corpus):
    """A parent's text is read once for all its children (pairs.py), and what a child paragraph takes from it is
    kept for the next sibling with the same compared words and citations: each sibling still gets what it gets
    aligned with nothing kept, its changed words marked on its own text, under its own paragraph ids."""
    parent = document_items(corpus.documents[PARENT])
    child = document_items(corpus.documents[CHILD])
    reader = Reader(["Kiên Giang", "Tam Đường"])
    # A sibling: the same paragraphs under other ids, with another place name and other numbers (read alike,
    # so the same compared words) of other lengths. Another cites, as its title would, the words of one of the
    # paragraphs the child adapts: it cannot take what the child was found to take there.
    sibling = [(f"s-{node}", text.replace("Kiên Giang", "Tam Đường").replace("2024", "24"), f"s-{up}" if up else "")
               for node, text, up in child]
    first = align(child, parent, reader)
    adapted = next(item.node for item in first.children if item.kind == "adapted")
    citing = frozenset(reader.shingles([dict((node, text) for node, text, _ in child)[adapted]]))
    pairs = [(child, frozenset()), (sibling, frozenset()), (sibling, citing)]
    unkept = [align(Text(items, reader), Text(parent, reader, remember=False), reader, cited) for items, cited in pairs]
    shared = Text(parent, reader)
    together, kept = [], []
    for items, cited in pairs:
        together.append(align(Text(items, reader), shared, reader, cited))
        kept.append(sum(map(len, shared.decisions.values())))
    assert together == unkept
    assert kept[0] > 0 and kept[1] == kept[0] < kept[2]  # the sibling's looked up, the citing one's not
    assert together[2].children != together[1].children  # what is cited is not taken
    texts = {node: text for node, text, _ in (*child, *sibling)}
    redrawn = [link for item in together[1].children for link in item.links
               if link.child_marks and texts[link.child] != texts[link.child[2:]]]
    assert redrawn  # some of them marked on a text of other lengths than the paragraph first aligned


def test_alignment_is_deterministic_and_linear(corpus):
    """The same result every time; on a pair ten times longer it takes about ten times as long, not a hundred."""
    child, parent = (document_items(corpus.documents[i]) for i in (CHILD, PARENT))

    def longer(items, times):
        return [(f"{node}-{copy}", text, f"{up}-{copy}" if up else "") for copy in range(times) for node, text, up in items]

    def timed(c, p) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            result = align(c, p)
            best = min(best, time.process_time() - start)
        return best, result

    small, first = timed(child, parent)
    assert align(child, parent) == first
    large, _ = timed(longer(child, 10), longer(parent, 10))
    print(f"\nalignment of 234 against 211: {small * 1000:.1f} ms; ten times longer: {large * 1000:.1f} ms")
    assert large < 25 * small


def test_targets_compared_by_indicator_and_year():
    def target(indicator, comparator, value, year=2025, unit="%", time="", due=None):
        """`due`: the year of a deadline (`when`), with no `year` field: the form the plans' targets mostly take."""
        return SimpleNamespace(indicator=indicator, comparator=comparator, value=value, unit=unit, year=year,
                               target_year=year or due, time_summary=time or f"năm {year or due}")

    child = [target("Tỷ lệ xã của huyện Tam Đường đạt chuẩn", "=", 100), target("Tỷ lệ trẻ em suy dinh dưỡng", "<", 5),
             target("Tỷ lệ trường có nhà vệ sinh", "=", 90), target("Tỷ lệ hộ có nước sạch", "=", None),
             target("Số điểm vui chơi", ">=", 10, unit="điểm")]
    parent = [target("Tỷ lệ xã của tỉnh Lai Châu đạt chuẩn", "=", 90), target("Tỷ lệ trẻ em suy dinh dưỡng", "<", 4),
              target("Tỷ lệ trường có nhà vệ sinh", "=", 90), target("Tỷ lệ hộ có nước sạch", "=", 95),
              target("Tỷ lệ hộ nghèo", "<", 3)]
    # The same indicator for another year, or with no year and other words for its time, is not compared.
    child += [target("Tỷ lệ trẻ em đi học", "=", 95, year=None, due=2025),
              target("Tỷ lệ trẻ em được tiêm chủng", "=", 98, year=None, time="hằng năm")]
    parent += [target("Tỷ lệ trẻ em đi học", "=", 98, year=None, due=2030),
               target("Tỷ lệ trẻ em được tiêm chủng", "=", 99, year=None, time="không ghi năm")]
    compared = compare_targets(child, parent, Reader(["Tam Đường", "Lai Châu"]))
    verdicts = [(c.indicator, c.verdict) for c in compared]
    assert verdicts == [("Tỷ lệ xã của huyện Tam Đường đạt chuẩn", "stricter"), ("Tỷ lệ trẻ em suy dinh dưỡng", "looser"),
                        ("Tỷ lệ trường có nhà vệ sinh", "same"), ("Tỷ lệ hộ có nước sạch", "other"),  # a range: no single value
                        ("Số điểm vui chơi", "new"), ("Tỷ lệ trẻ em đi học", "new"), ("Tỷ lệ trẻ em được tiêm chủng", "new"),
                        ("Tỷ lệ hộ nghèo", "dropped"), ("Tỷ lệ trẻ em đi học", "dropped"), ("Tỷ lệ trẻ em được tiêm chủng", "dropped")]
    assert [c.year for c in compared][-3:] == [2025, 2030, None]


def test_a_second_build_reuses_the_alignments_of_unchanged_pairs(corpus, alignments):
    """`mkdocs serve` rebuilds after every edit: pairs whose texts did not change are not aligned again."""
    from plansite.analysis import pairs

    again = CorpusAlignments(corpus)
    first = {(p.child.id, p.parent.id): p.alignment for ps in alignments.by_child.values() for p in ps}
    second = {(p.child.id, p.parent.id): p.alignment for ps in again.by_child.values() for p in ps}
    assert first == second
    assert all(second[key] is first[key] for key in first if first[key] is not None)
    assert len(pairs._MEMO) == sum(1 for a in second.values() if a is not None)
