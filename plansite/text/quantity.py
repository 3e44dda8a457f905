"""Quantities written the Vietnamese way: `20.000`, `2,5`, `5–10%`, `20.000 hộ gia đình`, `15/100.000 trẻ em`.

The dot groups thousands and the comma marks decimals; a unit that is a word takes a space before it, a sign
(`%`, `‰`, `/100.000 trẻ em`) does not; a range is its two ends joined by an en dash, the unit written once.
The forms a unit may take are checked here too (`unit_problem`), so that the same quantity is always written
the same way and targets in different plans line up.
"""

from __future__ import annotations

import re
from decimal import Decimal


def _plain(value: float | int) -> str:
    """The number in decimal digits, never an exponent: 1e6 -> '1000000', 2.5 -> '2.5'."""
    return format(Decimal(repr(float(value))).normalize(), "f") if isinstance(value, float) else str(value)


def format_number(value: float | int) -> str:
    """20000 -> '20.000'; 2.5 -> '2,5'; 1234.5 -> '1.234,5'; -3 -> '-3'. Never an exponent (1e6 -> '1.000.000')."""
    text = _plain(value)
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, decimals = text.partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    grouped = ".".join([whole, *groups])
    return sign + grouped + ("," + decimals if decimals else "")


def machine_number(value: float | int) -> str:
    """The number as data files give it to programs: a decimal point, no grouping, no exponent (20000, 99.9)."""
    text = _plain(value)
    return text.removesuffix(".0") if "." in text else text


def format_range(low: float | int, high: float | int) -> str:
    """5, 10 -> '5–10'; 2.5, 3 -> '2,5–3': the ends joined by an en dash, no space."""
    return f"{format_number(low)}–{format_number(high)}"


def with_unit(number: str, unit: str) -> str:
    """The number followed by its unit: glued to a sign, a space before a word."""
    if not unit:
        return number
    return number + (" " if unit[0].isalnum() else "") + unit


# A unit is a sign (`%`, `‰`), a rate per a number of something (`/100.000 trẻ em`, `/1.000 trẻ đẻ sống`) or
# words (`hộ gia đình`, `xã`); a number inside it is grouped the Vietnamese way.
_GROUPED = r"\d{1,3}(?:\.\d{3})*"
_RATE = re.compile(rf"/{_GROUPED} \w.*")
_WORDS = re.compile(r"[^\W\d_].*")
_NUMBER = re.compile(r"\d[\d.,]*")
_SPELLED_RATE = re.compile(r"(?:trên|per)\s+(\d[\d.,]*)\s+(.+)", re.IGNORECASE)


def unit_problem(unit: str) -> str:
    """Why `unit` is not a form the site knows, with the form to write instead; '' when it is one."""
    if unit in ("", "%", "‰"):
        return ""
    forms = "viết '%', '‰', một đơn vị bằng chữ ('hộ gia đình') hoặc một tỷ suất ('/100.000 trẻ em')"
    if unit != unit.strip() or "  " in unit:
        return f"đơn vị '{unit}' có khoảng trắng thừa: {forms}"
    spelled = _SPELLED_RATE.fullmatch(unit)
    if spelled:
        return f"đơn vị '{unit}' là một tỷ suất: viết '/{_grouped(spelled.group(1))} {spelled.group(2)}'"
    if _RATE.fullmatch(unit) or _WORDS.fullmatch(unit):
        ungrouped = [number for number in _NUMBER.findall(unit) if not re.fullmatch(_GROUPED, number)]
        if not ungrouped:
            return ""
        return f"đơn vị '{unit}': viết số theo kiểu Việt Nam, '{_NUMBER.sub(lambda m: _grouped(m.group(0)), unit)}'"
    if unit.startswith("/") and _NUMBER.match(unit[1:]):
        fixed = "/" + _NUMBER.sub(lambda m: _grouped(m.group(0)), unit[1:], count=1)
        if _RATE.fullmatch(fixed):
            return f"đơn vị '{unit}': viết số theo kiểu Việt Nam, '{fixed}'"
    return f"đơn vị '{unit}' không rõ dạng: {forms}"


def _grouped(number: str) -> str:
    """'100000' or '100,000' -> '100.000': a whole number written with any grouping, grouped by dots."""
    digits = re.sub(r"[.,]", "", number)
    return format_number(int(digits)) if digits.isdigit() else number
