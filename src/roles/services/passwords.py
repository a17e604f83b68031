"""What makes a password acceptable: long enough, and not one of the 30 000 passwords people
pick most (the list `zxcvbn` ships, taken from leaked password sets), nor the user's name.

The list is bundled with the package: nothing is asked of the network.
"""

from functools import cache

from roles.domain import Problem

MIN_LENGTH = 12
MAX_LENGTH = 200
# Common Estonian ones the English-language list lacks.
_ESTONIAN = frozenset({"parool", "salasona", "salasõna", "parool123", "tallinn", "eesti"})


@cache
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-untyped]

    return frozenset(FREQUENCY_LISTS["passwords"]) | _ESTONIAN


def is_common(password: str) -> bool:
    return password.casefold() in _common()


def problems(password: str, name: str = "", path: str = "password") -> list[Problem]:
    """Why the password cannot be used; empty when it can."""
    if len(password) < MIN_LENGTH:
        return [Problem(path, f"a password has at least {MIN_LENGTH} characters")]
    if len(password) > MAX_LENGTH:
        return [Problem(path, f"a password has at most {MAX_LENGTH} characters")]
    if is_common(password) or (name and password.casefold() == name.casefold()):
        return [Problem(path, "this password is among the most common ones; choose another")]
    return []
