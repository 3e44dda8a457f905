"""A "có phải '…'?" hint names a known name only when the typed one is a slip of it."""

from __future__ import annotations

import pytest

from plansite.text.suggest import closest, hint

IDS = ["trung-uong-28-ct-tw-2023", "lai-chau-9-kh-ubnd-2024", "hai-phong-188-kh-ubnd-2024", "i-1", "i-1-p1"]
FIELDS = ["agency", "role", "task", "node", "signer", "signature", "responsibilities"]


@pytest.mark.parametrize(("typed", "meant"), [
    ("trung-uong-28-ct-tw-2032", "trung-uong-28-ct-tw-2023"),  # two digits swapped
    ("hai-phong-188-kh-ubdn-2024", "hai-phong-188-kh-ubnd-2024"),
    ("lai-chau-9-kh-ubnd-2025", "lai-chau-9-kh-ubnd-2024"),
    ("i-1-p2", "i-1-p1"),
    ("agnecy", "agency"),
    ("Agency", "agency"),  # case
    ("respnsibilities", "responsibilities"),
    ("signer_name", "signer"),  # a known field with a suffix glued on
    ("rôle", "role"),  # diacritics typed by a Vietnamese keyboard
])
def test_a_slip_of_a_known_name_is_named(typed, meant):
    assert closest(typed, IDS + FIELDS) == meant


@pytest.mark.parametrize("typed", [
    "ha-noi-99-kh-ubnd-2024",  # another locality and number: not a slip
    "i-1-p9-x",
    "deadline",
    "xyz",
    "ubnd",
])
def test_nothing_is_named_when_no_known_name_is_close(typed):
    assert closest(typed, IDS + FIELDS) is None


def test_a_name_is_never_its_own_hint_nor_an_excluded_one():
    assert closest("lai-chau-9-kh-ubnd-2024", IDS) is None
    assert closest("lai-chau-9-kh-ubnd-2025", IDS, exclude=["lai-chau-9-kh-ubnd-2024"]) is None


def test_an_id_typed_without_the_number_that_ends_it_is_answered_with_the_ids_that_have_it():
    # A commune's id ends with its statistics code, a 2025 province's with the year: neither is a slip away.
    ids = ["xa-binh-lu-03390", "xa-tan-phong-03970", "xa-tan-phong-25510", "an-giang", "an-giang-2025", "tam-duong"]
    assert hint("xa-binh-lu", ids) == " (có phải 'xa-binh-lu-03390'?)"
    assert hint("xa-tan-phong", ids) == " (có phải một trong: 'xa-tan-phong-03970', 'xa-tan-phong-25510'?)"
    assert hint("xa-tan", ids) == ""  # a part of a name is not the name
    assert hint("tam-duongg", ids) == " (có phải 'tam-duong'?)"  # a slip is still named first
    assert hint("xa-binh-lu", ids, exclude=["xa-binh-lu-03390"]) == ""  # a plan is never told to carry out itself
    many = [f"xa-an-{code:05d}" for code in range(7)]
    assert hint("xa-an", many).endswith("'xa-an-00004' và 2 id khác?)")
