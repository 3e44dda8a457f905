"""Targets say what the plan says, on the frozen fixture corpus (tests/fixtures/valid/ with tests/fixtures/targets/
laid over it): a district plan whose targets are a matrix of cases (a yearly range, values per year, a baseline,
no year, a rate per 100.000 children, 20.000 households over a period, a dated target, "duy trì") and a province
plan sharing some of their indicators. The site is built once for the module; each test reads what a user sees.
The frozen and the real corpus get a property test: no target shows a year that its paragraph does not print."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from conftest import CHROMIUM, REPO, build_site, column_names, read_data, read_html, read_page, row_cells, serve_directory, table_rows

from plansite.corpus.model import NO_YEAR, ORIGIN_ANCHOR
from plansite.render.urls import Paths

FIXTURES = REPO / "tests" / "fixtures"
DISTRICT, PROVINCE = "tam-duong-6-kh-ubnd-2024", "lai-chau-12-kh-ubnd-2024"
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@pytest.fixture(scope="module")
def targets_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("targets")
    shutil.copytree(FIXTURES / "valid", root / "corpus")
    shutil.copytree(FIXTURES / "targets", root / "corpus", dirs_exist_ok=True)
    site = root / "site"
    result = build_site(site, root / "corpus", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def as_text(row: dict[str, str]) -> dict[str, str]:
    """A row's cells (tests/conftest.py, table_rows) as text."""
    return {name: text_of(cell) for name, cell in row.items()}


def target_rows(page: str) -> list[dict[str, str]]:
    """The rows of a document page's targets table ("Chỉ tiêu", anchor chi-tieu)."""
    start = page.index('id="chi-tieu"')
    return [as_text(row) for row in table_rows(page[start:page.index("</table>", start)])]


def target_groups(page: str) -> list[list[dict[str, str]]]:
    """The targets page's table: one list of rows per group (tbody)."""
    table = page[page.index('<div class="stack-table targets"'):]
    table = table[:table.index("</table>")]
    names = column_names(table)
    return [[as_text(row_cells(names, row)) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
            for body in re.findall(r"<tbody[^>]*>(.*?)</tbody>", table, re.S)]


def shown(row: dict[str, str], *columns: str) -> tuple[str, ...]:
    return tuple(row.get(column, "") for column in columns)


# What the district plan's page says of each target, in its order: the number the Vietnamese way, a space
# before a word unit, the range with an en dash, the direction, the time as printed then normalised, the
# baseline with its year, and "không ghi năm" where the plan gives none.
DISTRICT_ROWS = [
    ("Tỷ lệ trẻ em bị tai nạn thương tích", "giảm 5–10%", "mỗi năm (hằng năm)", "—", "I.1"),
    ("Tỷ lệ xã, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "60%", "vào năm 2025 (năm 2025)", "—", "I.2"),
    ("Tỷ lệ xã, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "95%", "vào năm 2030 (năm 2030)", "—", "I.2"),
    ("Tỷ suất tử vong trẻ em dưới 5 tuổi", "giảm xuống dưới 18‰", "vào năm 2025 (năm 2025)", "22‰ (năm 2020)", "I.3"),
    ("Tỷ lệ trẻ em bị xâm hại được can thiệp, hỗ trợ kịp thời", "100%", "không ghi năm", "—", "I.4"),
    ("Tỷ lệ trẻ em bị xâm hại", "giảm xuống dưới 15/100.000 trẻ em", "vào năm 2030 (năm 2030)", "—", "I.5"),
    ("Số hộ gia đình có trẻ em có hoàn cảnh khó khăn được hỗ trợ", "từ 20.000 hộ gia đình trở lên",
     "giai đoạn 2024 - 2030 (giai đoạn 2024–2030)", "—", "I.6"),
    ("Tỷ lệ trường học có dịch vụ hỗ trợ tâm lý trẻ em", "100%", "Trước ngày 31/12/2025 (hạn 31/12/2025)", "—", "I.7"),
    ("Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo", "duy trì trên 99%", "vào những năm tiếp theo (thường xuyên)", "—", "I.8"),
]
COLUMNS = ("Chỉ tiêu", "Mức", "Thời gian", "Mốc so sánh", "Đoạn")


def test_the_document_page_says_each_target_as_the_plan_prints_it(targets_site):
    rows = target_rows(read_page(targets_site, f"van-ban/{DISTRICT}"))
    assert [shown(row, *COLUMNS) for row in rows] == DISTRICT_ROWS
    # A plan with no baseline has no baseline column; the short form `year: 2030` reads as the year.
    province = target_rows(read_page(targets_site, f"van-ban/{PROVINCE}"))
    assert [shown(row, "Mức", "Thời gian") for row in province] == [
        ("80%", "vào năm 2025 (năm 2025)"), ("dưới 0,5%", "vào năm 2030 (năm 2030)"), ("99,5%", "năm 2030")]
    assert all("Mốc so sánh" not in row for row in province)


# A district the 2025 reorganisation ended is named with its end, as its page's title names it.
TD = "Tam Đường (đến 30/06/2025)"


def test_the_targets_page_puts_the_same_indicator_in_the_same_unit_together_by_year(targets_site):
    groups = target_groups(read_page(targets_site, "chi-tieu"))
    seen = [[shown(row, "Chỉ tiêu", "Mức", "Thời gian", "Mốc so sánh", "Kế hoạch", "Địa phương", "Đoạn") for row in group]
            for group in groups]
    assert seen == [
        [("Số hộ gia đình có trẻ em có hoàn cảnh khó khăn được hỗ trợ", "từ 20.000 hộ gia đình trở lên",
          "giai đoạn 2024 - 2030 (giai đoạn 2024–2030)", "—", "Kế hoạch 6/KH-UBND", TD, "I.6")],
        # A year before what has none ("những năm tiếp theo"); the short form `year:` is a year like the others.
        [("Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo", "99,5%", "năm 2030", "—", "Kế hoạch 12/KH-UBND", "Lai Châu", "I.3"),
         ("Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo", "duy trì trên 99%", "vào những năm tiếp theo (thường xuyên)", "—",
          "Kế hoạch 6/KH-UBND", TD, "I.8")],
        [("Tỷ lệ trẻ em bị tai nạn thương tích", "giảm 5–10%", "mỗi năm (hằng năm)", "—", "Kế hoạch 6/KH-UBND", TD, "I.1")],
        # The same indicator in two units: two groups, side by side, never one.
        [("Tỷ lệ trẻ em bị xâm hại", "dưới 0,5%", "vào năm 2030 (năm 2030)", "—", "Kế hoạch 12/KH-UBND", "Lai Châu", "I.2")],
        [("Tỷ lệ trẻ em bị xâm hại", "giảm xuống dưới 15/100.000 trẻ em", "vào năm 2030 (năm 2030)", "—",
          "Kế hoạch 6/KH-UBND", TD, "I.5")],
        [("Tỷ lệ trẻ em bị xâm hại được can thiệp, hỗ trợ kịp thời", "100%", "không ghi năm", "—", "Kế hoạch 6/KH-UBND", TD, "I.4")],
        [("Tỷ lệ trường học có dịch vụ hỗ trợ tâm lý trẻ em", "100%", "Trước ngày 31/12/2025 (hạn 31/12/2025)", "—",
          "Kế hoạch 6/KH-UBND", TD, "I.7")],
        # Two plans' values for one indicator line up, by year.
        [("Tỷ lệ xã, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "80%", "vào năm 2025 (năm 2025)", "—", "Kế hoạch 12/KH-UBND", "Lai Châu", "I.1"),
         ("Tỷ lệ xã, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "60%", "vào năm 2025 (năm 2025)", "—", "Kế hoạch 6/KH-UBND", TD, "I.2"),
         ("Tỷ lệ xã, thị trấn đạt tiêu chuẩn phù hợp với trẻ em", "95%", "vào năm 2030 (năm 2030)", "—", "Kế hoạch 6/KH-UBND", TD, "I.2")],
        [("Tỷ suất tử vong trẻ em dưới 5 tuổi", "giảm xuống dưới 18‰", "vào năm 2025 (năm 2025)", "22‰ (năm 2020)",
          "Kế hoạch 6/KH-UBND", TD, "I.3")],
    ]


def csv_rows(site: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_data(site, "du-lieu/chi-tieu.csv.zip"))))


def test_the_targets_csv_gives_each_part_as_data_in_the_pages_order(targets_site):
    rows = csv_rows(targets_site)
    page = [row["Chỉ tiêu"] + "|" + row["Mức"] for group in target_groups(read_page(targets_site, "chi-tieu")) for row in group]
    assert [row["indicator"] + "|" + row["target"] for row in rows] == page
    by_target = {(row["document_id"], row["node"], row["target"]): row for row in rows}
    columns = ("direction", "measure", "value", "value_min", "value_max", "unit", "baseline_value", "baseline_year",
               "year", "time", "time_kind", "time_date", "time_every", "period_from", "period_to")
    expected = {
        (DISTRICT, "i-1", "giảm 5–10%"): ("decrease", "change", "", "5", "10", "%", "", "", "", "mỗi năm", "recurrence", "", "year", "", ""),
        (DISTRICT, "i-2", "60%"): ("", "level", "60", "", "", "%", "", "", "2025", "vào năm 2025", "date", "2025", "", "", ""),
        (DISTRICT, "i-3", "giảm xuống dưới 18‰"): ("decrease", "level", "18", "", "", "‰", "22", "2020", "2025", "vào năm 2025", "date", "2025", "", "", ""),
        (DISTRICT, "i-4", "100%"): ("", "level", "100", "", "", "%", "", "", "", "", "unknown", "", "", "", ""),
        (DISTRICT, "i-5", "giảm xuống dưới 15/100.000 trẻ em"): ("decrease", "level", "15", "", "", "/100.000 trẻ em", "", "", "2030",
                                                              "vào năm 2030", "date", "2030", "", "", ""),
        (DISTRICT, "i-6", "từ 20.000 hộ gia đình trở lên"): ("", "level", "20000", "", "", "hộ gia đình", "", "", "",
                                                             "giai đoạn 2024 - 2030", "period", "", "", "2024", "2030"),
        (DISTRICT, "i-8", "duy trì trên 99%"): ("maintain", "level", "99", "", "", "%", "", "", "", "vào những năm tiếp theo", "ongoing", "", "", "", ""),
        (PROVINCE, "i-2", "dưới 0,5%"): ("", "level", "0.5", "", "", "%", "", "", "2030", "vào năm 2030", "date", "2030", "", "", ""),
        (PROVINCE, "i-3", "99,5%"): ("", "level", "99.5", "", "", "%", "", "", "2030", "", "date", "2030", "", "", ""),
    }
    assert {key: tuple(by_target[key][column] for column in columns) for key in expected} == expected
    assert by_target[(DISTRICT, "i-1", "giảm 5–10%")]["url"] == f"van-ban/{DISTRICT}/#i-1"
    # Each row says whether its place still exists: the district ended with the 2025 reorganisation, the province stands.
    assert {(row["locality"], row["locality_valid_to"]) for row in rows} == {("Tam Đường", "2025-06-30"), ("Lai Châu", "")}


def test_a_dated_target_is_in_the_calendar_and_a_target_without_a_year_is_not(targets_site):
    december = read_page(targets_site, "lich/2025-12")
    assert "Chỉ tiêu: Tỷ lệ trường học có dịch vụ hỗ trợ tâm lý trẻ em — 100%" in text_of(december)
    assert f'href="../../van-ban/{DISTRICT}/#i-7"' in december
    index = text_of(read_page(targets_site, "lich"))
    # The district of the plan ended on 30/06/2025, before the year's end, when the target falls due: the row says so.
    assert ("2025 Chỉ tiêu: Tỷ suất tử vong trẻ em dưới 5 tuổi — giảm xuống dưới 18‰ — Kế hoạch 6/KH-UBND ( Huyện Tam Đường tồn tại"
            " đến 30/06/2025 ; từ 01/07/2025 địa bàn thuộc tỉnh Lai Châu ) vào năm 2025") in index
    assert "2030 Chỉ tiêu: Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo — 99,5% — Kế hoạch 12/KH-UBND —" in index
    for absent in ("can thiệp, hỗ trợ kịp thời", "tai nạn thương tích", "20.000 hộ gia đình", "duy trì"):
        assert absent not in index
    feed = icalendar.Calendar.from_ical((targets_site / "lich" / "dia-phuong" / "tam-duong.ics").read_bytes())
    events = {str(event["SUMMARY"]): (event.decoded("DTSTART"), event.decoded("DTEND")) for event in feed.walk("VEVENT")}
    assert events["Kế hoạch 6/KH-UBND: Chỉ tiêu — Trước ngày 31/12/2025"] == (dt.date(2025, 12, 31), dt.date(2026, 1, 1))
    # A year is the whole year, never a day picked in it.
    assert (dt.date(2025, 1, 1), dt.date(2026, 1, 1)) in events.values()
    assert not any("kịp thời" in str(event["DESCRIPTION"]) for event in feed.walk("VEVENT"))


def shown_years(site: Path) -> list[str]:
    """Every year a target shows (its level, time and baseline, on its document's page, on the targets page and in
    the CSV) that the paragraph it links to does not print; each entry says where. A target taken from a source
    (a news item, for a document without its text) links to that source and has no paragraph to hold it to."""
    pages: dict[str, str] = {}

    def paragraph(url_path: str, node: str) -> str:
        """The text of the body paragraph or heading that carries the anchor `node`."""
        page = pages.setdefault(url_path, read_page(site, url_path.strip("/")))
        found = re.search(rf'<(p|h[1-6])\b[^>]*\bid="{re.escape(node)}"[^>]*>.*?</\1>', page, re.S)
        return text_of(found.group(0)) if found else ""

    wrong, seen = [], 0

    def check(where: str, url_path: str, node: str, values: list[str]) -> None:
        nonlocal seen
        if node.startswith(ORIGIN_ANCHOR):  # from a source, not a paragraph (a document without its text)
            return
        seen += 1
        printed = paragraph(url_path, node)
        wrong.extend(f"{where}: {year} not in {url_path}#{node}" for value in values for year in YEAR.findall(value)
                     if year not in printed)

    for page in sorted((site / "van-ban").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        if 'id="chi-tieu"' not in text:
            continue
        url_path = f"van-ban/{page.parent.name}/"
        start = text.index('id="chi-tieu"')
        for row in table_rows(text[start:text.index("</table>", start)]):
            node = re.search(r'href="#([^"]+)"', "".join(row.values())).group(1)
            check(url_path, url_path, node, [value for label, value in as_text(row).items() if label != "Chỉ tiêu"])
    targets = read_page(site, "chi-tieu")
    for table in re.findall(r"<table>.*?</table>", targets, re.S):
        for row in table_rows(table):
            link = urlsplit(re.findall(r'href="([^"]+#[^"]+)"', "".join(row.values()))[-1])
            url_path = "van-ban/" + link.path.split("van-ban/", 1)[1]
            # The place's column says when a former unit ended (TD): the site's words, not the target's.
            check("chi-tieu/", url_path, link.fragment, [value for label, value in as_text(row).items() if label not in ("Chỉ tiêu", "Địa phương")])
    for row in csv_rows(site):
        link = urlsplit(row["url"])
        check("chi-tieu.csv", link.path, link.fragment, [row["target"], row["year"], row["baseline_year"], row["time_date"]])
    return wrong if seen else ["no target seen"]


def test_no_target_of_the_fixture_site_shows_a_year_its_paragraph_does_not_print(targets_site):
    assert shown_years(targets_site) == []


def test_no_target_of_the_frozen_corpus_shows_a_year_its_paragraph_does_not_print(site_dir):
    """The plans as they were (tests/fixtures/corpus/): two of 273-KH/HU's targets once showed 2025, never printed.
    The real corpus gets the same check in tests/test_growth.py."""
    assert shown_years(site_dir) == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_on_a_phone_each_compared_target_is_a_card_with_its_columns_named_after_the_plans(browser, targets_site):
    """The side-by-side table's columns are named after the two plans (corpus text, written as CSS strings on the
    table: plansite/render/templates/_macros.j2, card_table): a phone shows each cell after its column's name."""
    with serve_directory(targets_site) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url + f"doi-chieu/?vb={DISTRICT}&cap-tren=lai-chau-9-kh-ubnd-2024")
        page.wait_for_function("document.documentElement.dataset.alignment")
        shown = page.evaluate("""() => [...document.querySelectorAll('#chi-tieu ~ .stack-table tbody tr')].map(row =>
            [...row.cells].map(td => getComputedStyle(td, '::before').content))""")
        page.close()
    named = [json.dumps(f"{name}: ", ensure_ascii=False) for name in
             ("Chỉ tiêu", "Thời gian", "Kế hoạch 6/KH-UBND", "Kế hoạch 9/KH-UBND", "So với cấp trên")]
    assert shown and all(row == named for row in shown), shown[:2]


def test_the_side_by_side_page_gives_each_compared_target_the_time_its_plan_prints(targets_site):
    """Every row once said "None" where a target had no `year` field, even for a deadline in 2025."""
    page = read_html(targets_site / Paths.alignment(DISTRICT, "lai-chau-9-kh-ubnd-2024"))
    start = page.index('id="chi-tieu"')
    rows = {row["Chỉ tiêu"] + " " + row["Kế hoạch 6/KH-UBND"]: row["Thời gian"]
            for row in map(as_text, table_rows(page[start:page.index("</table>", start)]))}
    assert rows["Tỷ suất tử vong trẻ em dưới 5 tuổi giảm xuống dưới 18‰"] == "năm 2025"  # its deadline's year
    assert rows["Tỷ lệ trẻ em bị tai nạn thương tích giảm 5–10%"] == "hằng năm"
    assert rows["Tỷ lệ trẻ em bị xâm hại được can thiệp, hỗ trợ kịp thời 100%"] == NO_YEAR
    assert all(time and "None" not in time for time in rows.values()), rows
