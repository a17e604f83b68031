"""Estonian forms the documents print: clause numbers, directive annexes (dates: domain.dates)."""

from __future__ import annotations


def numbered(ref: str | None, *, dot: bool = True) -> str:
    """A clause number as printed: "2.2.1" → "2.2.1."; "3)" stays "3)"; no number → ""."""
    if not ref:
        return ""
    if dot and ref[-1].isdigit():
        return f"{ref}."
    return ref


def with_annex(annex: str) -> str:
    """The directive's annex in the comitative the approval line needs: "Lisa 2" → "Lisaga 2"."""
    head, _, rest = annex.partition(" ")
    if head.lower() == "lisa" and rest:
        return f"{head}ga {rest}"
    return annex


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
