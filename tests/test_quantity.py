"""Quantities in targets read the Vietnamese way: dots group thousands, a comma marks decimals, a word unit
stands apart from its number and a sign does not."""

from __future__ import annotations

import pytest

from plansite.corpus.model import Target
from plansite.text.quantity import format_number, format_range, machine_number, unit_problem, with_unit


@pytest.mark.parametrize(("value", "shown"), [
    (20000, "20.000"), (20000.0, "20.000"), (2.5, "2,5"), (1234.5, "1.234,5"), (1e6, "1.000.000"),
    (100, "100"), (0.1, "0,1"), (-3, "-3"), (95.25, "95,25"),
])
def test_numbers_are_grouped_by_dots_with_a_decimal_comma(value, shown):
    assert format_number(value) == shown


@pytest.mark.parametrize(("unit", "shown"), [
    ("%", "90%"), ("‰", "90‰"), ("/100.000 trẻ em", "90/100.000 trẻ em"), ("hộ gia đình", "90 hộ gia đình"), ("", "90"),
])
def test_a_word_unit_takes_a_space_and_a_sign_does_not(unit, shown):
    assert with_unit("90", unit) == shown


def test_a_target_reads_as_a_sentence_would_say_it():
    target = Target(indicator="Hộ gia đình được hỗ trợ", comparator=">=", value=20000, unit="hộ gia đình", year=2025, node="i-1")
    assert target.value_text == "từ 20.000 hộ gia đình trở lên"


@pytest.mark.parametrize(("low", "high", "shown"), [(5, 10, "5–10"), (2.5, 3, "2,5–3"), (10000, 20000, "10.000–20.000")])
def test_a_range_is_its_two_ends_joined_by_an_en_dash(low, high, shown):
    assert format_range(low, high) == shown


@pytest.mark.parametrize(("value", "data"), [(20000, "20000"), (20000.0, "20000"), (99.9, "99.9"), (1e6, "1000000"), (0.5, "0.5")])
def test_data_files_get_plain_decimal_numbers(value, data):
    assert machine_number(value) == data


@pytest.mark.parametrize(("unit", "problem"), [
    ("%", ""), ("‰", ""), ("", ""), ("hộ gia đình", ""), ("/100.000 trẻ em", ""), ("/1.000 trẻ đẻ sống", ""),
    ("/100000 trẻ em", "đơn vị '/100000 trẻ em': viết số theo kiểu Việt Nam, '/100.000 trẻ em'"),
    ("/100,000 trẻ em", "đơn vị '/100,000 trẻ em': viết số theo kiểu Việt Nam, '/100.000 trẻ em'"),
    ("trên 100.000 trẻ em", "đơn vị 'trên 100.000 trẻ em' là một tỷ suất: viết '/100.000 trẻ em'"),
    ("lượt 10000", "đơn vị 'lượt 10000': viết số theo kiểu Việt Nam, 'lượt 10.000'"),
    ("100.000 trẻ em", "đơn vị '100.000 trẻ em' không rõ dạng: viết '%', '‰', một đơn vị bằng chữ ('hộ gia đình') hoặc một tỷ suất ('/100.000 trẻ em')"),
    (" %", "đơn vị ' %' có khoảng trắng thừa: viết '%', '‰', một đơn vị bằng chữ ('hộ gia đình') hoặc một tỷ suất ('/100.000 trẻ em')"),
])
def test_a_unit_takes_one_of_the_known_forms_and_the_message_gives_the_form_to_write(unit, problem):
    assert unit_problem(unit) == problem


@pytest.mark.parametrize(("fields", "shown"), [
    ({"direction": "decrease", "comparator": "<", "value": 15}, "giảm xuống dưới 15%"),
    ({"direction": "increase", "comparator": ">=", "value": 90}, "tăng lên từ 90% trở lên"),
    ({"direction": "maintain", "comparator": ">", "value": 99.9}, "duy trì trên 99,9%"),
    ({"direction": "decrease", "measure": "change", "low": 5, "high": 10}, "giảm 5–10%"),
    ({"low": 5, "high": 10}, "5–10%"),
    ({"value": 60}, "60%"),
])
def test_direction_range_and_comparator_read_as_the_plan_says_them(fields, shown):
    assert Target(indicator="Tỷ lệ", node="i-1", unit="%", **fields).value_text == shown


def test_a_target_with_no_year_says_so_and_a_baseline_gives_its_year():
    target = Target.of({"indicator": "Tỷ suất tử vong", "value": 18, "unit": "‰", "node": "i-1", "baseline": {"value": 22, "year": 2020}})
    assert (target.time_summary, target.target_year, target.baseline_text) == ("không ghi năm", None, "22‰ (năm 2020)")
    short = Target.of({"indicator": "Tỷ lệ", "value": 1, "unit": "%", "node": "i-1", "year": 2030})
    assert (short.time_summary, short.target_year, short.when.text) == ("năm 2030", 2030, "")
