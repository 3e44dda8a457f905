"""Quantities written the Vietnamese way: `20.000`, `2,5`, `5–10%`, `20.000 hộ gia đình`.

The dot groups thousands and the comma marks decimals; a unit that is a word takes a space before it, a sign
(`%`, `‰`, `/100.000 trẻ em`) does not.
"""

from __future__ import annotations

from decimal import Decimal


def format_number(value: float | int) -> str:
    """20000 -> '20.000'; 2.5 -> '2,5'; 1234.5 -> '1.234,5'; -3 -> '-3'. Never an exponent (1e6 -> '1.000.000')."""
    text = format(Decimal(repr(float(value))).normalize(), "f") if isinstance(value, float) else str(value)
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, decimals = text.partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    grouped = ".".join([whole, *groups])
    return sign + grouped + ("," + decimals if decimals else "")


def with_unit(number: str, unit: str) -> str:
    """The number followed by its unit: glued to a sign, a space before a word."""
    if not unit:
        return number
    return number + (" " if unit[0].isalnum() else "") + unit
