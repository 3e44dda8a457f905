"""Who does what by when, on the frozen fixture corpus (tests/fixtures/valid/ with tests/fixtures/timed/ laid
over it: a district plan dated 10/06/2024 whose tasks and reports carry a date, a period and recurrences).
The site is built once for this module; each test reads what a user sees."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, build_site, read_page

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


def rows_of(html: str, section: str) -> list[str]:
    """The rows of the table under a section heading of a document page, as text."""
    start = html.index(f'id="{section}"')
    table = html[start:html.index("</table>", start)]
    return [text_of(row).strip() for row in table.split("<tr>")[2:]]


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
    text = (timed_site / "du-lieu" / "nhiem-vu.csv").read_text(encoding="utf-8-sig")
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["document_id"] == PLAN]
    by_node = {row["node"]: row for row in rows}
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
