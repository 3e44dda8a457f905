"""Who does what by when, on the frozen fixture corpus (tests/fixtures/valid/ with tests/fixtures/timed/ laid
over it: a district plan dated 10/06/2024 whose tasks and reports carry a date, a period and recurrences).
The site is built once for this module; each test reads what a user sees."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import icalendar
import pytest
from conftest import REPO, build_site, read_data, read_page, serve_directory
from dateutil.rrule import rrulestr

FIXTURES = REPO / "tests" / "fixtures"
PLAN = "tam-duong-5-kh-ubnd-2024"


def timed_corpus(target: Path) -> Path:
    shutil.copytree(FIXTURES / "valid", target)
    shutil.copytree(FIXTURES / "timed", target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="module")
def timed_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("timed")
    site = root / "site"
    result = build_site(site, timed_corpus(root / "corpus"), search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def words(cell: str) -> str:
    """A cell's words as a reader reads them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()


def rows_of(html: str, section: str) -> list[str]:
    """The rows of the table under a section heading of a document page, as text (without the rows that head a
    group: the agency above its tasks)."""
    start = html.index(f'id="{section}"')
    table = html[start:html.index("</table>", start)]
    body = table.split("</thead>", 1)[1]
    return [text_of(row).strip() for row in re.findall(r'<tr>(?!<th[^>]*scope="rowgroup")(.*?)</tr>', body, re.S)]


def test_the_task_table_says_by_when_as_printed_and_normalised(timed_site):
    rows = rows_of(read_page(timed_site, f"van-ban/{PLAN}"), "nhiem-vu")
    assert any("trước ngày 30/9/2024 (hạn 30/09/2024)" in row for row in rows), rows
    assert any("giai đoạn 2024 - 2030 (giai đoạn 2024–2030)" in row for row in rows), rows
    assert any("định kỳ hằng năm trước ngày 15/12 (hằng năm, hạn 15/12)" in row for row in rows), rows
    # The other plan gives no deadline: the table says so rather than leaving the cell empty.
    other = rows_of(read_page(timed_site, "van-ban/lai-chau-9-kh-ubnd-2024"), "nhiem-vu")
    assert other and all(row.count("không ghi") == 1 for row in other), other


def test_the_reporting_table_has_one_row_per_duty_with_its_recurrence(timed_site):
    rows = rows_of(read_page(timed_site, f"van-ban/{PLAN}"), "bao-cao")
    assert len(rows) == 2
    assert "định kỳ hằng năm trước ngày 15/12 (hằng năm, hạn 15/12)" in rows[0]
    assert "định kỳ 6 tháng (6 tháng một lần)" in rows[1]


def test_the_agency_page_says_by_when(timed_site):
    page = text_of(read_page(timed_site, "co-quan/ubnd-cap-xa"))
    assert "Thời hạn" in page
    assert "trước ngày 30/9/2024 (hạn 30/09/2024)" in page


def test_the_tasks_csv_has_the_normalised_columns_and_a_link_to_the_paragraph(timed_site):
    text = read_data(timed_site, "du-lieu/nhiem-vu.csv.zip")
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["document_id"] == PLAN]
    by_node: dict[str, dict] = {}
    for row in rows:
        by_node.setdefault(row["node"], row)  # i-1 has two rows: its first deadline, then a month
    assert (by_node["i-1"]["deadline"], by_node["i-1"]["deadline_kind"], by_node["i-1"]["deadline_date"]) == (
        "trước ngày 30/9/2024", "date", "2024-09-30")
    assert (by_node["i-2"]["deadline_kind"], by_node["i-2"]["period_from"], by_node["i-2"]["period_to"]) == ("period", "2024", "2030")
    assert (by_node["ii-p1"]["deadline_kind"], by_node["ii-p1"]["deadline_every"], by_node["ii-p1"]["deadline_by"]) == (
        "recurrence", "year", "12-15")
    assert by_node["i-1"]["url"] == f"van-ban/{PLAN}/#i-1"
    # The link leads to the paragraph: the page exists and has that anchor.
    assert 'id="i-1"' in read_page(timed_site, f"van-ban/{PLAN}")
    unknown = next(row for row in csv.DictReader(io.StringIO(text)) if row["document_id"] == "lai-chau-9-kh-ubnd-2024")
    assert (unknown["deadline"], unknown["deadline_kind"]) == ("", "unknown")


def feed(site: Path, path: str) -> icalendar.Calendar:
    """A published feed, read back by a standard iCalendar parser."""
    return icalendar.Calendar.from_ical((site / path).read_bytes())


def days_in(calendar: icalendar.Calendar, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Every (day, summary) the feed's events fall on between two days, recurrences expanded by their RRULE."""
    found = []
    for event in calendar.walk("VEVENT"):
        first = event.decoded("DTSTART")
        assert isinstance(first, dt.date) and not isinstance(first, dt.datetime)  # all-day events
        if "RRULE" in event:
            rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=dt.datetime.combine(first, dt.time()))
            days = [moment.date() for moment in rule.between(dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time()), inc=True)]
        else:
            days = [first] if start <= first <= end else []
        found += [(day, str(event["SUMMARY"])) for day in days]
    return sorted(found)


def test_each_feed_is_valid_icalendar_with_stable_unique_uids_and_a_stamp(timed_site):
    feeds = sorted((timed_site / "lich").rglob("*.ics"))
    assert [path.relative_to(timed_site / "lich").as_posix() for path in feeds] == [
        "co-quan/tat-ca-co-quan.ics", "co-quan/ubnd-cap-xa.ics", "dia-phuong/lai-chau.ics", "dia-phuong/tam-duong.ics"]
    uids = []
    for path in feeds:
        raw = path.read_bytes()
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), path  # folded (RFC 5545 3.1)
        calendar = icalendar.Calendar.from_ical(raw)
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
        for event in calendar.walk("VEVENT"):
            assert event["DTSTAMP"].dt == dt.datetime(2024, 6, 10, tzinfo=dt.UTC)
            uids.append((path.name, str(event["UID"])))
    per_feed = [uid for name, uid in uids if name == "tam-duong.ics"]
    assert len(per_feed) == len(set(per_feed)) == 4
    # The same entry has the same UID in every feed it is in, so a subscriber never sees it twice.
    assert set(per_feed) == {uid for name, uid in uids if name == "lai-chau.ics"}


def test_the_events_land_on_the_right_days(timed_site):
    communes = feed(timed_site, "lich/co-quan/ubnd-cap-xa.ics")
    assert days_in(communes, dt.date(2024, 1, 1), dt.date(2031, 1, 1)) == [
        (dt.date(2024, 9, 30), "Kế hoạch 5/KH-UBND: Ủy ban nhân dân cấp xã — trước ngày 30/9/2024"),
        (dt.date(2024, 12, 1), "Kế hoạch 5/KH-UBND: Ủy ban nhân dân cấp xã — trong tháng 12/2024")]
    # A deadline printed as a month spans the month, never a day picked in it; a day is one day.
    spans = sorted((event.decoded("DTSTART"), event.decoded("DTEND")) for event in communes.walk("VEVENT"))
    assert spans == [(dt.date(2024, 9, 30), dt.date(2024, 10, 1)), (dt.date(2024, 12, 1), dt.date(2025, 1, 1))]
    everyone = feed(timed_site, "lich/co-quan/tat-ca-co-quan.ics")
    days = [day for day, _ in days_in(everyone, dt.date(2024, 1, 1), dt.date(2025, 12, 31))]
    # Yearly before 15/12 (a report, which is also everyone's task in that paragraph: listed once), and every
    # six months counted from the plan's date, 10/06/2024.
    assert days == [dt.date(2024, 12, 10), dt.date(2024, 12, 15), dt.date(2025, 6, 10), dt.date(2025, 12, 10), dt.date(2025, 12, 15)]
    # A province's feed holds its districts' plans.
    province = days_in(feed(timed_site, "lich/dia-phuong/lai-chau.ics"), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert [day for day, _ in province] == [
        dt.date(2024, 9, 30), dt.date(2024, 12, 1), dt.date(2024, 12, 10), dt.date(2024, 12, 15)]


def test_the_calendar_lists_what_falls_due_month_by_month_with_links_to_the_paragraph(timed_site):
    index = read_page(timed_site, "lich")
    assert 'href="2024-09/"' in index and 'href="2030-12/"' in index and 'href="2031-01/"' not in index
    assert 'href="co-quan/tat-ca-co-quan.ics"' in index and 'href="dia-phuong/lai-chau.ics"' in index
    september = read_page(timed_site, "lich/2024-09")
    assert f'href="../../van-ban/{PLAN}/#i-1"' in september
    assert "30/09/2024" in text_of(september) and "trước ngày 30/9/2024" in text_of(september)
    december = text_of(read_page(timed_site, "lich/2024-12"))
    assert "10/12/2024 (ngày tính ra từ ngày ban hành văn bản, văn bản không ghi ngày)" in december
    assert december.count("15/12/2024") == 1
    assert "trong tháng 12/2024" in december
    # Periods and ongoing tasks have no day: they are not in the calendar.
    assert "giai đoạn 2024 - 2030" not in text_of(index) + december


def test_a_day_counted_from_an_inferred_issue_date_says_the_issue_date_is_inferred(site_dir):
    # 211-KH/TU's date is inferred (the source lost its head): its "định kỳ hằng năm" duties are counted from it.
    april = text_of(read_page(site_dir, "lich/2025-04"))
    assert "25/04/2025 (ngày tính ra từ ngày ban hành văn bản (suy luận), văn bản không ghi ngày)" in april
    notes = [str(event["DESCRIPTION"]) for event in feed(site_dir, "lich/dia-phuong/kien-giang.ics").walk("VEVENT")
             if event.decoded("DTSTART") == dt.date(2025, 4, 25)]
    assert notes and all("ngày được tính từ ngày ban hành văn bản (suy luận: Suy ra cùng với số hiệu" in note for note in notes)


def test_the_calendar_filters_by_agency_kind_and_locality(timed_site, browser):
    with serve_directory(timed_site) as base_url:
        page = browser.new_page()
        page.goto(f"{base_url}/lich/2024-12/")
        visible = page.locator("tr[data-agency]:visible")
        assert visible.count() == 3
        page.select_option("select[name=agency]", "tat-ca-co-quan")
        assert visible.count() == 2
        page.select_option("select[name=agency]", "ubnd-cap-xa")
        assert visible.count() == 1 and "trong tháng 12/2024" in visible.first.inner_text()
        assert page.locator("[data-calendar-count]").inner_text() == "1/3 mục"
        page.select_option("select[name=agency]", "")
        page.select_option("select[name=locality]", "lai-chau")  # the province: its district's plans included
        assert visible.count() == 3
        page.close()


def test_every_feed_of_the_real_site_parses_and_each_month_page_links_back(site_dir):
    """A property of whatever the corpus holds: the feeds parse, their UIDs are unique, their events are all-day."""
    feeds = sorted((site_dir / "lich").rglob("*.ics"))
    assert feeds
    for path in feeds:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        events = calendar.walk("VEVENT")
        assert events, path
        uids = [str(event["UID"]) for event in events]
        assert len(uids) == len(set(uids)), path
        assert all(not isinstance(event.decoded("DTSTART"), dt.datetime) for event in events), path
    index = read_page(site_dir, "lich")
    for month in re.findall(r'href="(\d{4}-\d{2})/"', index):
        assert (site_dir / "lich" / month / "index.html").exists()


def test_a_duty_printed_with_two_periods_is_one_row_and_one_event_on_the_days_they_share(site_dir):
    """273-KH/HU IV.2 reports "định kỳ 6 tháng, 01 năm", counted from 27/05/2024: every 27/05 is a day of both
    periods, and the duty is due once that day."""
    may = read_page(site_dir, "lich/2025-05")
    rows = [text_of(row) for row in re.findall(r"<tr data-agency.*?</tr>", may, re.S) if "273-KH/HU" in row]
    assert len(rows) == 1 and "(6 tháng một lần; hằng năm)" in rows[0], rows
    assert 'href="2025-05/">tháng 05</a> (1)' in read_page(site_dir, "lich")
    # The month between shows the half-yearly period alone.
    november = [text_of(row) for row in re.findall(r"<tr data-agency.*?</tr>", read_page(site_dir, "lich/2025-11"), re.S)
                if "273-KH/HU" in row]
    assert len(november) == 1 and "(6 tháng một lần)" in november[0], november
    district = feed(site_dir, "lich/dia-phuong/tam-duong.ics")
    reports = [(day, summary) for day, summary in days_in(district, dt.date(2024, 1, 1), dt.date(2027, 12, 31))
               if "273-KH/HU" in summary and "6 tháng" in summary]
    assert [day for day, _ in reports] == [dt.date(2024, 11, 27), dt.date(2025, 5, 27), dt.date(2025, 11, 27),
                                           dt.date(2026, 5, 27), dt.date(2026, 11, 27), dt.date(2027, 5, 27), dt.date(2027, 11, 27)]
    described = [str(event["DESCRIPTION"]) for event in district.walk("VEVENT") if "6 tháng" in str(event["SUMMARY"])]
    assert len(described) == 1 and "(6 tháng một lần; hằng năm)" in described[0], described
    # The calendar's index counts what each feed holds, its events: the duty once, not a period.
    index = read_page(site_dir, "lich")
    counted = re.findall(r'<a href="((?:co-quan|dia-phuong)/[^"]+\.ics)">[^<]*</a> \((\d+) mục\)', index)
    assert ("dia-phuong/lai-chau.ics", str(len(feed(site_dir, "lich/dia-phuong/lai-chau.ics").walk("VEVENT")))) in counted
    assert counted and all(int(count) == len(feed(site_dir, f"lich/{path}").walk("VEVENT")) for path, count in counted), counted


def test_past_the_2025_reorganisation_the_calendar_says_what_each_agency_and_place_is_today(site_dir):
    """The text stays as issued; beside a name whose agency kind or locality ended before the day, a note says
    what the registries record of it today, leading to the page that tells it, in the feeds too."""
    def rows(month: str, plan: str) -> list[list[str]]:
        found = [row for row in re.findall(r"<tr data-agency.*?</tr>", read_page(site_dir, f"lich/{month}"), re.S) if plan in row]
        return [re.findall(r"<td>(.*?)</td>", row, re.S) for row in found]

    assert "today-note" not in "".join(rows("2025-05", "273-KH/HU")[0])  # the district still existed on 27/05/2025
    (cells,) = rows("2025-11", "273-KH/HU")
    assert words(cells[1]) == "Báo cáo: Ủy ban nhân dân huyện → Ban Thường vụ Huyện ủy"  # as printed, no kind of it ended
    assert 'href="../../co-quan/ubnd-cap-huyen/">Ủy ban nhân dân cấp huyện không còn, tồn tại đến 30/06/2025</a>' in cells[2]
    assert words(cells[2]) == ("Ủy ban nhân dân cấp huyện (Ủy ban nhân dân cấp huyện không còn, tồn tại đến 30/06/2025; chức năng"
                               " nay do Ủy ban nhân dân tỉnh, thành phố (một phần), Ủy ban nhân dân cấp xã (một phần))")
    assert 'href="../../dia-phuong/tam-duong/">Huyện Tam Đường tồn tại đến 30/06/2025</a>' in cells[3]
    # The fixture corpus has no communes: no unit took the district over, and none is named.
    assert words(cells[3]).endswith("(Huyện Tam Đường) (Huyện Tam Đường tồn tại đến 30/06/2025)")
    (province,) = rows("2025-11", "234/KH-UBND")
    assert words(province[3]).endswith("(Tỉnh Kiên Giang) (Tỉnh Kiên Giang tồn tại đến 30/06/2025; từ 01/07/2025 thuộc tỉnh An Giang (nhập toàn bộ))")
    # A report's recipient, named in its words: the kind the registry gives successors for. It ended "in 2025"
    # (the registry knows the year): a report due in 2025 is told it may have had no one to go to, one due
    # after it that it had none.
    (in_2025,) = rows("2025-12", "188/KH-UBND")
    assert words(in_2025[1]).endswith("(Sở Lao động - Thương binh và Xã hội có thể đã không còn vào hạn này, tồn tại đến"
                                      " năm 2025 (chưa rõ ngày); chức năng nay do Sở Y tế (một phần), Sở Nội vụ (một phần))")
    (report,) = rows("2026-12", "188/KH-UBND")
    assert words(report[1]) == ("Báo cáo: Các Sở, ban, ngành, đơn vị, địa phương → Sở Lao động - Thương binh và Xã hội (tổng hợp,"
                                " báo cáo các cấp có thẩm quyền) (Sở Lao động - Thương binh và Xã hội không còn, tồn tại đến năm"
                                " 2025; chức năng nay do Sở Y tế (một phần), Sở Nội vụ (một phần))")
    described = [str(event["DESCRIPTION"]) for event in feed(site_dir, "lich/dia-phuong/tam-duong.ics").walk("VEVENT")
                 if "273-KH/HU" in str(event["SUMMARY"]) and "6 tháng" in str(event["SUMMARY"])]  # runs past 30/06/2025
    assert len(described) == 1 and all("\nHuyện Tam Đường tồn tại đến 30/06/2025.\n" in each for each in described), described


@pytest.fixture(scope="module")
def phong_site(tmp_path_factory) -> Path:
    """The frozen corpus with tests/fixtures/district-phong/ laid over it: a plan of Tam Đường of 20/06/2024
    whose tasks go to the district's Phòng Y tế (yearly before 31/10) and Phòng Giáo dục và Đào tạo (in 2024,
    and in 2025, that one recorded twice), phòng the registry ends on 30/06/2025 with no successor."""
    from conftest import FROZEN

    root = tmp_path_factory.mktemp("phong")
    corpus = root / "corpus"
    shutil.copytree(FROZEN, corpus)
    shutil.copytree(FIXTURES / "district-phong", corpus, dirs_exist_ok=True)
    site = root / "site"
    result = build_site(site, corpus, search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def cells_of(html: str, plan: str, marker: str = "<tr data-agency") -> list[list[str]]:
    """The cells of each calendar row of a plan (a month's rows, or with `marker` '<tr>' the years' rows)."""
    found = [row for row in re.findall(rf"{re.escape(marker)}.*?</tr>", html, re.S) if plan in row]
    return [re.findall(r"<td>(.*?)</td>", row, re.S) for row in found]


def test_a_district_phong_is_told_gone_after_30_06_2025_and_no_successor_is_named(phong_site):
    """A district's phòng ended with the district people's committee on 30/06/2025 and the registry names no
    one who took its work: its rows after that day say it is gone, and say nothing of who does it now, on the
    month's page, in its feed and on its own page, which says that no successor is recorded and on what record
    the end is."""
    (before,) = cells_of(read_page(phong_site, "lich/2024-10"), "12/KH-UBND")
    assert "today-note" not in "".join(before)
    (after,) = cells_of(read_page(phong_site, "lich/2025-10"), "12/KH-UBND")
    assert words(after[2]) == "Phòng Y tế (Phòng Y tế không còn, tồn tại đến 30/06/2025)"
    assert '<a href="../../co-quan/phong-y-te/">Phòng Y tế không còn, tồn tại đến 30/06/2025</a>)' in after[2]
    assert "today-note" not in after[1]  # its words name no other kind that ended
    (event,) = feed(phong_site, "lich/co-quan/phong-y-te.ics").walk("VEVENT")
    assert "\nPhòng Y tế không còn, tồn tại đến 30/06/2025.\n" in str(event["DESCRIPTION"])
    assert "nay do" not in str(event["DESCRIPTION"])
    page = words(read_page(phong_site, "co-quan/phong-y-te"))
    assert ("Loại cơ quan này không còn (tồn tại đến 30/06/2025). Danh mục chưa ghi cơ quan nào nhận chức năng của nó."
            " Nguồn: Luật Tổ chức chính quyền địa phương số 72/2025/QH15") in page
    assert "nay do" not in page


def test_a_school_sick_room_in_lower_case_is_not_the_district_phong(phong_site):
    """A name's capitals after its first letter are part of it: 'phòng y tế' of a kindergarten is its sick room,
    not the district's Phòng Y tế, so a duty that names it after 30/06/2025 is not told the office is gone."""
    (row,) = cells_of(read_page(phong_site, "lich/2025-11"), "12/KH-UBND")
    assert "phòng y tế" in row[1] and "today-note" not in row[1]
    assert words(row[2]) == "Các cơ sở giáo dục"


def test_a_deadline_known_only_by_its_year_is_one_row_a_duty_told_what_ended_before_that_year_is_out(phong_site):
    """The deadlines known only by a year are listed as the months' are: one row a duty and year (a duty
    recorded twice is one row), and the notes of what its row names that ended before the end of that year,
    when the duty falls due: a task for 2024 of a phòng that ended on 30/06/2025 is told nothing, one for 2025 is,
    in the list and in the feeds."""
    rows = cells_of(read_page(phong_site, "lich"), "12/KH-UBND", marker="<tr>")
    assert [cells[0] for cells in rows] == ["2024", "2025"]
    (in_2024, in_2025) = rows
    assert "today-note" not in "".join(in_2024)
    assert words(in_2025[2]) == "Phòng Giáo dục và Đào tạo (Phòng Giáo dục và Đào tạo không còn, tồn tại đến 30/06/2025)"
    assert words(in_2025[3]) == "Kế hoạch 12/KH-UBND (Huyện Tam Đường tồn tại đến 30/06/2025)"
    assert "today-note" not in in_2025[1]
    events = {str(event["SUMMARY"]): str(event["DESCRIPTION"]) for event in feed(phong_site, "lich/co-quan/phong-giao-duc-va-dao-tao.ics").walk("VEVENT")}
    assert "tồn tại" not in events["Kế hoạch 12/KH-UBND: Phòng Giáo dục và Đào tạo — trong năm 2024"]
    assert "\nPhòng Giáo dục và Đào tạo không còn, tồn tại đến 30/06/2025.\nHuyện Tam Đường tồn tại đến 30/06/2025.\n" in (
        events["Kế hoạch 12/KH-UBND: Phòng Giáo dục và Đào tạo — trong năm 2025"])


def test_a_feed_names_the_paragraph_as_the_current_build_numbers_it(tmp_path):
    """`mkdocs serve` renders again in the same process after an edit: a renumbered paragraph is named anew in
    the calendar feeds, never as the previous build numbered it."""
    from conftest import FROZEN

    from plansite.corpus.check import load_valid_corpus
    from plansite.render.site import render_site
    from plansite.render.urls import Paths

    def feed_text(corpus: Path) -> str:
        files = render_site(load_valid_corpus(corpus).published())
        return "".join(content for path, content in files.items() if path == Paths.agency_feed("cac-so-ban-nganh")).replace("\r\n ", "")

    corpus = tmp_path / "corpus"
    shutil.copytree(FROZEN, corpus)
    assert "đoạn III.2" in feed_text(corpus)
    plan = corpus / "documents" / "hai-phong-188-kh-ubnd-2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("    marker: III.\n", "    marker: VIII.\n", 1), encoding="utf-8")
    renumbered = feed_text(corpus)
    assert "đoạn VIII.2" in renumbered and "đoạn III.2" not in renumbered
