"""Clause numbering as written at the start of a line: "2.2.1.", "1.1", "3)", "-", "•"."""

import re

from roles.importer.vocabulary import month_of

_DOTTED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(\.?)(?:\s+|$|(?<=\.)(?=[A-ZÕÄÖÜŠŽ]))")
ROMAN = re.compile(r"^(X{0,3}(?:IX|IV|V?I{0,3}))\.?\s+(?=\S)")
_PAREN = re.compile(r"^(\d{1,2}|[a-zõäöü])\)\s+")
_BULLET = re.compile(r"^[-–—•·▪●○◦*]\s*(?=\S)")


class Numbered:
    __slots__ = ("bullet", "dotted", "ref", "rest")

    def __init__(self, ref: str | None, rest: str, *, dotted: bool, bullet: bool) -> None:
        self.ref, self.rest, self.dotted, self.bullet = ref, rest, dotted, bullet

    @property
    def depth(self) -> int:
        return self.ref.count(".") + 1 if self.ref and self.dotted else 0


def split(text: str) -> Numbered | None:
    """The numbering at the start of a line and the rest; None when it has none.

    A bare number counts only with a dot ("1.") or several parts ("1.1"), or before a capital
    ("10 AMETIJUHENDI MUUTMINE"): "2 aastat" is text.
    """
    match = _DOTTED.match(text)
    if match:
        ref, dot = match[1], match[2]
        rest = text[match.end() :]
        first = rest.split(" ", 1)[0] if rest else ""
        month = month_of(first) is not None  # "9. mai 2022", "3. oktoobri": a date, not a ref
        if (dot or "." in ref or (rest[:1].isupper() and rest[:2].isupper())) and not month:
            return Numbered(ref, rest.strip(), dotted=True, bullet=False)
    match = _PAREN.match(text)
    if match:
        return Numbered(match[1] + ")", text[match.end() :].strip(), dotted=False, bullet=False)
    match = _BULLET.match(text)
    if match and not text.startswith("--"):
        return Numbered(None, text[match.end() :].strip(), dotted=False, bullet=True)
    return None


def is_child(ref: str, parent: str) -> bool:
    return ref.startswith(parent + ".")
