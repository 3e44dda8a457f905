"""Quantities in targets read the Vietnamese way: dots group thousands, a comma marks decimals, a word unit
stands apart from its number and a sign does not."""

from __future__ import annotations

import pytest

from plansite.corpus.model import Target
from plansite.text.quantity import format_number, with_unit


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
