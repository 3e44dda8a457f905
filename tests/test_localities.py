"""Locality and agency pages through the 2025 reorganisation, on the fixture corpus plus one merged province: what a unit
is today, links both ways, the plans of predecessors on their successors' pages, and no page for units with
nothing to say. One site build for every case."""

from __future__ import annotations

import html
import re
import shutil

import pytest
import yaml
from conftest import REPO, build_site, read_page

MERGED = """\
  - id: an-giang
    name: An Giang
    kind: tỉnh
    level: province
    code: "89"
    valid_to: "2025-06-30"
  - id: kien-giang
    name: Kiên Giang
    kind: tỉnh
    level: province
    code: "91"
    valid_to: "2025-06-30"
  - id: an-giang-2025
    name: An Giang
    kind: tỉnh
    level: province
    code: "91"
    schemes: [tu-2025]
    valid_from: "2025-07-01"
    predecessors:
      - {id: an-giang, relation: whole}
      - {id: kien-giang, relation: whole}
    basis: Nghị quyết số 202/2025/QH15
  - id: ha-tien
    name: Hà Tiên
    kind: thành phố thuộc tỉnh
    level: district
    code: "900"
    parent: kien-giang
    valid_to: "2025-06-30"
"""


DISSOLVED = """\
  - id: so-lao-dong-thuong-binh-va-xa-hoi
    name: Sở Lao động - Thương binh và Xã hội
    line: state
    level: province
    valid_to: "2025"
    successors:
      - id: so-y-te
        scope: part
        functions: bảo vệ, chăm sóc trẻ em
        inherits_tasks: true
        sources: [Nguồn ghi nhận việc chuyển giao]
"""
INHERITED_TASK = "Chủ trì công tác bảo vệ trẻ em."


def _plan(corpus, doc_id: str, number: str, issuer: str, level: str, locality: str, date: str, tasks=None) -> None:
    base = yaml.safe_load((corpus / "documents" / "lai-chau-9-kh-ubnd-2024.yaml").read_text(encoding="utf-8"))
    base.update(id=doc_id, number=number, date=date)
    if tasks is not None:
        base["responsibilities"] = tasks
        # Each task quotes its paragraph: the paragraph says them all.
        paragraph = base["body"][0]["children"][0]["children"][0]
        assert paragraph["id"] == "i-1-p1"
        paragraph["text"] = " ".join(dict.fromkeys(task["task"] for task in tasks if task["node"] == "i-1-p1"))
    base["issuer"].update(name=issuer, level=level, locality=locality)
    (corpus / "documents" / f"{doc_id}.yaml").write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("localities")
    corpus = root / "corpus"
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", corpus)
    with (corpus / "localities.yaml").open("a", encoding="utf-8") as registry:
        registry.write(MERGED)
    with (corpus / "agencies.yaml").open("a", encoding="utf-8") as registry:
        registry.write(DISSOLVED)
    _plan(corpus, "kien-giang-5-kh-ubnd-2024", "5/KH-UBND", "Ủy ban nhân dân tỉnh Kiên Giang", "province", "kien-giang", "2024-06-01",
          [{"agency": "so-lao-dong-thuong-binh-va-xa-hoi", "role": "lead", "task": INHERITED_TASK, "node": "i-1-p1"},
           # The successor's own lesser part in the same paragraph: the lead it inherited there is still listed.
           {"agency": "so-y-te", "role": "support", "task": "Phối hợp bảo vệ trẻ em.", "node": "i-1-p1"}])
    _plan(corpus, "tam-duong-6-kh-ubnd-2024", "6/KH-UBND", "Ủy ban nhân dân huyện Tam Đường", "district", "tam-duong", "2024-06-02")
    result = build_site(root / "site", corpus, search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_merged_province_says_what_it_is_today_and_links_to_it(site):
    page = read_page(site, "dia-phuong/kien-giang")
    assert "Đơn vị này tồn tại đến 30/06/2025." in text(page)
    assert re.search(r'Từ 01/07/2025 thuộc <a href="../an-giang-2025/">tỉnh An Giang</a> \(nhập toàn bộ\)', page)
    assert "91 (mã trước 01/7/2025)" in text(page)


def test_the_new_province_lists_its_predecessors_and_their_plans_under_their_names(site):
    page = read_page(site, "dia-phuong/an-giang-2025")
    assert "91 (mã từ 01/7/2025)" in text(page)
    assert 'href="../kien-giang/"' in page and 'href="../an-giang/"' in page
    earlier = page.split('id="van-ban-don-vi-truoc"', 1)[1]
    assert "Tỉnh Kiên Giang" in text(earlier) and "(đến 30/06/2025)" in text(earlier)
    assert 'href="../../van-ban/kien-giang-5-kh-ubnd-2024/"' in earlier
    assert "Căn cứ: Nghị quyết số 202/2025/QH15" in text(page)


def test_the_localities_index_says_what_each_count_counts(site):
    """Today's An Giang holds Kiên Giang's plan, and issued none itself: the two tables count differently,
    and each says how."""
    page = read_page(site, "dia-phuong")
    today, own = page.split('id="co-trang"', 1)
    assert "<th>Văn bản (kể cả của đơn vị trước đây)</th>" in today.replace(' style="text-align: right;"', "")
    assert re.search(r'href="an-giang-2025/">Tỉnh An Giang</a></td>\s*<td>.*?</td>\s*<td>91</td>\s*<td[^>]*>1</td>', today, re.S)
    assert "Văn bản của đơn vị và cấp dưới" in own
    assert re.search(r'href="an-giang-2025/">Tỉnh An Giang</a>.*?<td class="num">(\d+)</td>', own, re.S).group(1) == "0"


def test_a_unit_merged_beside_one_with_plans_has_a_page_pointing_to_the_new_unit(site):
    page = read_page(site, "dia-phuong/an-giang")  # no plan of its own: Hải Dương beside Hải Phòng
    assert 'Từ 01/07/2025 thuộc <a href="../an-giang-2025/">tỉnh An Giang</a>' in page


def test_a_former_district_names_its_successor_communes_and_they_name_it(site):
    page = read_page(site, "dia-phuong/tam-duong")
    assert "Từ 01/07/2025 địa bàn thuộc" in text(page) and 'href="../lai-chau/"' in page
    for commune in ("xa-binh-lu-03390", "phuong-tan-phong-03408"):
        assert f'href="../{commune}/"' in page
        successor = read_page(site, f"dia-phuong/{commune}")
        assert "Thành lập từ 01/07/2025" in text(successor) and 'href="../tam-duong/"' in successor
        assert 'href="../../van-ban/tam-duong-6-kh-ubnd-2024/"' in successor.split('id="van-ban-don-vi-truoc"', 1)[1]
    assert "Xã Bình Lư (mã 03412, nhập toàn bộ)" in text(read_page(site, "dia-phuong/xa-binh-lu-03390"))


def test_a_document_keeps_its_unit_and_says_what_it_is_today(site):
    page = read_page(site, "van-ban/kien-giang-5-kh-ubnd-2024")
    assert 'href="../../dia-phuong/kien-giang/"' in page
    assert 'Từ 01/07/2025 thuộc <a href="../../dia-phuong/an-giang-2025/">tỉnh An Giang</a>' in page
    assert "Từ 01/07/2025" not in text(read_page(site, "van-ban/lai-chau-9-kh-ubnd-2024"))  # not merged


def test_units_with_nothing_to_say_get_no_page(site):
    assert not (site / "dia-phuong" / "ha-tien").exists()  # a district of Kiên Giang without plans
    pages = sorted(path.name for path in (site / "dia-phuong").iterdir() if path.is_dir())
    assert pages == ["an-giang", "an-giang-2025", "kien-giang", "lai-chau", "phuong-tan-phong-03408", "tam-duong", "xa-binh-lu-03390"]
    lai_chau = text(read_page(site, "dia-phuong/lai-chau"))
    assert "Không sáp nhập khi sắp xếp đơn vị hành chính cấp tỉnh từ 01/07/2025 (giữ nguyên)" in lai_chau


def test_a_dissolved_agency_kind_says_who_carries_its_functions_with_the_source(site):
    page = read_page(site, "co-quan/so-lao-dong-thuong-binh-va-xa-hoi")
    fate = text(page.split('class="agency-fate"', 1)[1].split("</div>", 1)[0])
    assert "Loại cơ quan này không còn (tồn tại đến năm 2025)" in fate
    assert "Sở Y tế (một phần: bảo vệ, chăm sóc trẻ em)" in fate and "Nguồn: Nguồn ghi nhận việc chuyển giao" in fate
    assert 'href="../so-y-te/"' in page


def test_a_paragraph_that_gives_the_successor_a_task_of_its_own_is_not_listed_again_as_inherited(site_dir):
    """188/KH-UBND IV.3 ¶4 gives Sở Y tế the lead and Sở Lao động - Thương binh và Xã hội, whose tasks passed to
    Sở Y tế, a part: the paragraph is Sở Y tế's own task, listed once, and the inherited section says why."""
    page = read_page(site_dir, "co-quan/so-y-te")
    own, inherited = page.split('id="nhiem-vu-ke-thua"', 1)
    paragraph = 'href="../../van-ban/hai-phong-188-kh-ubnd-2024/#iv-3-p4"'
    assert own.count(paragraph) == 1 and paragraph not in inherited
    assert "hai-phong-188-kh-ubnd-2024/#iv-1-p1" in inherited  # a task Sở Y tế holds only through its predecessor
    assert "Không kể 1 nhiệm vụ ở đoạn văn bản cũng giao cho chính Sở Y tế cùng vai trò hoặc vai trò chủ trì" in text(inherited)


def test_the_successor_shows_the_inherited_tasks_marked_as_inherited(site):
    page = read_page(site, "co-quan/so-y-te")
    own, inherited = page.split('id="nhiem-vu-ke-thua"', 1)
    assert INHERITED_TASK not in own and INHERITED_TASK in inherited
    assert "kế thừa từ Sở Lao động - Thương binh và Xã hội" in text(inherited)
    assert 'class="stack-table agency-tasks inherited"' in inherited
    assert "Nguồn: Nguồn ghi nhận việc chuyển giao" in text(inherited)
    assert 'href="../so-lao-dong-thuong-binh-va-xa-hoi/"' in own  # the link back, in the list of predecessors


def test_a_former_and_a_current_unit_of_one_name_are_told_apart_by_their_pages_titles(site_dir, search_copies):
    """The 2025 reorganisation left units of one name on both sides of it: each page's title, which search results
    and browser tabs show, says which; a unit the reorganisation did not touch keeps its name alone."""
    def titles(unit: str) -> tuple[str, str, str]:
        page = read_page(site_dir, f"dia-phuong/{unit}")
        h1 = html.unescape(re.search(r'<h1 id="top">([^<]*)', page).group(1)).strip()
        title = html.unescape(re.search(r"<title>([^<]*)</title>", page).group(1))
        copy = read_page(search_copies, f"dia-phuong/{unit}")  # what the search index reads: its result's title
        search = html.unescape(re.search(r'data-pagefind-meta="title:([^"]*)"', copy).group(1))
        return h1, title, search

    former, current = titles("an-giang"), titles("an-giang-2025")
    assert former[0] == "Tỉnh An Giang (đến 30/06/2025)" and current[0] == "Tỉnh An Giang (từ 01/07/2025)"
    assert former[1].startswith(former[0]) and current[1].startswith(current[0])
    assert former[2] == former[0] and current[2] == current[0]
    assert titles("lai-chau")[0] == "Tỉnh Lai Châu"


def test_an_agency_kind_that_no_longer_exists_says_so_in_its_title_and_in_the_list_of_kinds(site_dir, search_copies):
    """Plans name agencies as they were when issued; the page of a kind that is gone is titled with its end, as a
    former locality's is, in the browser tab, its heading, its search result and the list of kinds."""
    page = read_page(site_dir, "co-quan/so-lao-dong-thuong-binh-va-xa-hoi")
    h1 = html.unescape(re.search(r'<h1 id="top">([^<]*)', page).group(1)).strip()
    title = html.unescape(re.search(r"<title>([^<]*)</title>", page).group(1))
    copy = read_page(search_copies, "co-quan/so-lao-dong-thuong-binh-va-xa-hoi")
    search = html.unescape(re.search(r'data-pagefind-meta="title:([^"]*)"', copy).group(1))
    assert h1 == search == "Sở Lao động - Thương binh và Xã hội (đến năm 2025)" and title.startswith(h1)
    kinds = text(read_page(site_dir, "co-quan"))
    assert "Sở Lao động - Thương binh và Xã hội (đến năm 2025) Cấp tỉnh" in kinds
    assert "Ủy ban nhân dân cấp huyện (đến 30/06/2025)" in kinds
    assert re.search(r'<h1 id="top">Sở Y tế\s*<', read_page(site_dir, "co-quan/so-y-te"))  # a kind that stands: its name alone
    # The calendar's lists of kinds and feeds say it too, as its search filter value does.
    calendar = text(read_page(site_dir, "lich"))
    assert "Sở Lao động - Thương binh và Xã hội (đến năm 2025) (" in calendar
    copy = read_page(search_copies, "van-ban/hai-phong-188-kh-ubnd-2024")
    assert '<span data-pagefind-filter="Cơ quan">Sở Lao động - Thương binh và Xã hội (đến năm 2025)</span>' in copy
