"""From a numbered plain text to the body tree, keeping the document's own numbering."""

from plansite.authoring.textsplit import split_text

PLAN = """Thực hiện Chỉ thị số 28-CT/TW, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Triển khai kịp thời.
- Nâng cao nhận thức.
2. Yêu cầu
Bảo đảm thiết thực.
II. NHIỆM VỤ
1. Tuyên truyền
1.1. Hướng dẫn các cơ quan báo chí.
1.2. Tổ chức thông tin
a) Nội dung
- Tuyên truyền chủ trương.
+ Chi tiết một.
b) Hình thức
III. TỔ CHỨC THỰC HIỆN
1. Sở Y tế: chủ trì [[phối hợp]] với các sở.
"""


def ids(nodes):
    return [(node["id"], node.get("marker", "")) for node in nodes]


def test_sections_numbered_items_and_bullets_nest_as_printed():
    body = split_text(PLAN)
    assert ids(body) == [("p1", ""), ("i", "I."), ("ii", "II."), ("iii", "III.")]
    purpose, requirement = body[1]["children"]
    assert ids(purpose["children"]) == [("i-1-p1", "-"), ("i-1-p2", "-")]
    assert ids(requirement["children"]) == [("i-2-p1", "")]


def test_decimal_items_nest_under_their_number_and_letters_under_them():
    propaganda = split_text(PLAN)[2]["children"][0]
    assert ids(propaganda["children"]) == [("ii-1-1", "1.1."), ("ii-1-2", "1.2.")]
    letters = propaganda["children"][1]["children"]
    assert ids(letters) == [("ii-1-2-a", "a)"), ("ii-1-2-b", "b)")]
    bullet = letters[0]["children"][0]
    assert bullet["id"] == "ii-1-2-a-p1" and ids(bullet["children"]) == [("ii-1-2-a-p1-p1", "+")]


def test_uncertain_readings_are_unwrapped_and_listed():
    item = split_text(PLAN)[3]["children"][0]
    assert item["text"] == "Sở Y tế: chủ trì phối hợp với các sở."
    assert item["uncertain"] == ["phối hợp"]


def test_a_repeated_number_still_gets_a_unique_anchor():
    body = split_text("I. A\n1. x\n1. y\n")
    assert [child["id"] for child in body[0]["children"]] == ["i-1", "i-1-2"]


def test_a_text_saved_with_a_byte_order_mark_splits_as_without_it():
    """Notepad's "UTF-8 with BOM": the mark hid the first marker, and every anchor after it moved."""
    assert split_text("\ufeff" + PLAN) == split_text(PLAN)
