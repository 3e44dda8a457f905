"""Which known name a mistyped one was meant to be, if any: the one rule behind every "có phải '…'?" hint.

A hint is given only when it is close: a few typing slips apart (a letter missing, extra, wrong or two letters
swapped, counted on the names without diacritics and without case), or the mistyped name is a known one with
a suffix glued on (`signer_name` for `signer`). A far hint misleads more than none: `ha-noi-99-kh-ubnd-2024`
is not a slip of `lai-chau-9-kh-ubnd-2024`, although difflib finds them 78 % alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from plansite.text.folding import fold

GLUE = "_. "  # what joins a known name to a suffix glued onto it (not "-": in ids it marks a child, `i-1-p1`)


def slips_allowed(name: str) -> int:
    """How many slips a name of this length may hold and still be recognised: 1 up to 5 letters, then one
    more per 8 letters, at most 3 (an id of 24 letters with 3 slips is still recognisable; 4 is a guess)."""
    return min(3, 1 + max(0, len(name) - 5) // 8)


def slips(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of a and b (a swap of two neighbours is one slip), or limit + 1 as
    soon as it must exceed the limit: a row whose smallest value passes the limit ends the walk."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def closest(value: str, choices: Iterable[str], exclude: Iterable[str] = ()) -> str | None:
    """The known name `value` most likely stands for, or None when none is close (see the module's rule)."""
    wanted = fold(value).lower()
    limit = slips_allowed(wanted)
    skipped = set(exclude)
    best: tuple[int, bool, str] | None = None  # fewest slips, then a real slip before a glued suffix
    for choice in choices:
        if choice in skipped or choice == value:
            continue
        known = fold(choice).lower()
        glued = len(known) >= 3 and len(wanted) > len(known) and wanted.startswith(known) and wanted[len(known)] in GLUE
        distance = 1 if glued else slips(wanted, known, limit)
        if distance <= limit and (best is None or (distance, glued, choice) < best):
            best = (distance, glued, choice)
    return best[2] if best else None


def coded(value: str, choices: Iterable[str]) -> list[str]:
    """The ids that are `value` with a number after it: a commune's id ends with its statistics code
    (`xa-binh-lu-03390`), a province of 2025 with the year (`an-giang-2025`), which a maintainer typing its name
    does not know."""
    return sorted(choice for choice in choices if choice.startswith(value + "-") and choice[len(value) + 1:].isdigit())


def hint(value: str, choices: Iterable[str], exclude: Iterable[str] = ()) -> str:
    """` (có phải '…'?)` after a message about an unknown name, or nothing; an id typed without its code
    lists the ids that have it (at most five named)."""
    choices = list(choices)
    found = closest(value, choices, exclude)
    if found:
        return f" (có phải '{found}'?)"
    skipped = set(exclude)
    with_code = [choice for choice in coded(value, choices) if choice not in skipped]
    if not with_code:
        return ""
    if len(with_code) == 1:
        return f" (có phải '{with_code[0]}'?)"
    named = ", ".join(f"'{choice}'" for choice in with_code[:5]) + (f" và {len(with_code) - 5} id khác" if len(with_code) > 5 else "")
    return f" (có phải một trong: {named}?)"
