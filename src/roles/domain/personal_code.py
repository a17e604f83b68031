"""Estonian personal identification code (isikukood): GYYMMDDSSSC.

G gives sex and century (1–2: 1800s, 3–4: 1900s, 5–6: 2000s), YYMMDD the birth date, SSS a
serial number and C the check digit (weights 1…9,1; if the remainder is 10, weights 3…9,1,2,3;
if that is 10 too, 0).
"""

import datetime as dt

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


def check_digit(first_ten: str) -> int:
    digits = [int(c) for c in first_ten]
    for weights in (_WEIGHTS_1, _WEIGHTS_2):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder < 10:
            return remainder
    return 0


def issue(code: str) -> tuple[str, str, dict[str, str]] | None:
    """What is wrong with a personal code as (problem code, English message, params), or None
    when it is valid."""
    if len(code) != 11 or not code.isdigit():
        return "person.code-form", f"personal code {code!r} must be 11 digits", {"value": code}
    century = _CENTURY.get(int(code[0]))
    if century is None:
        return (
            "person.code-century",
            f"personal code {code!r} starts with {code[0]}; the first digit must be 1–6",
            {"value": code, "digit": code[0]},
        )
    try:
        dt.date(century + int(code[1:3]), int(code[3:5]), int(code[5:7]))
    except ValueError:
        return (
            "person.code-date",
            f"personal code {code!r} holds no valid birth date ({code[1:7]})",
            {"value": code, "date": code[1:7]},
        )
    expected = check_digit(code[:10])
    if int(code[10]) != expected:
        return (
            "person.code-check-digit",
            f"personal code {code!r} has check digit {code[10]}; it should be {expected}",
            {"value": code, "digit": code[10], "expected": str(expected)},
        )
    return None


def problem(code: str) -> str | None:
    """What is wrong with a personal code, or None when it is valid."""
    found = issue(code)
    return None if found is None else found[1]


def make(birth: dt.date, serial: int, female: bool = False) -> str:
    """A valid code for a birth date and serial number (for sample data and tests)."""
    first = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + int(female)
    ten = f"{first}{birth:%y%m%d}{serial:03d}"
    return ten + str(check_digit(ten))
