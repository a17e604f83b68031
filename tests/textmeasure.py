"""How much of an original text a candidate text carries: the share of its word 5-grams.

Used to check that a registry file (or a rendered document) keeps the wording of the job
description it was made from. Both sides are normalised the same way:
- whitespace runs and words split across lines by a hyphen ("sisesta-\n\nmine");
- dates, to ISO (25.01.2024, 19/04/2023 and "9. mai 2022" all become 2024-01-25 …), so a date
  kept as data counts as the same words as the date printed;
- text-extraction artefacts of the originals, which are not their text: HTML and markdown
  table markup (003) and running page headers ("Ametijuhend. … 1 / 3", 004).
Nothing else of the original is left out.

    normalise(text) -> str           artefacts removed, line-break hyphens joined, dates in ISO,
                                     whitespace runs → one space
    words(text) -> list[str]         tokens: runs of word characters, case-folded
    ngrams(tokens, n=5) -> list      the token n-grams, in order, with repeats
    five_gram_share(original, candidate) -> float
                                     share of the original's 5-grams (counted with repeats)
                                     that occur anywhere in the candidate; 1.0 when the
                                     original has fewer than 5 words
    missing_five_grams(original, candidate) -> list[str]
                                     the original's 5-grams the candidate lacks, for messages
    runs(piece, original) -> int | None
                                     the fewest stretches of the original's words that, put
                                     together, give the piece's words (1 = verbatim); None
                                     when a word of the piece is not in the original at all
    registry_text(path) -> str       the text values of a registry file, in file order, joined
                                     with newlines: strings and dates, but not the values that
                                     are codes rather than text (ids and references, kinds,
                                     statuses, layouts, enum values)
"""

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "five_gram_share",
    "missing_five_grams",
    "ngrams",
    "normalise",
    "registry_text",
    "runs",
    "words",
]

# A hyphen at the end of a line (trailing blanks allowed) followed by a word on a later line:
# "sisesta-\n\nmine" → "sisestamine". A hyphen followed by a blank on the same line
# ("suhtlemis- ja") is real and stays.
_LINE_BREAK_HYPHEN = re.compile(r"(\w)-[ \t]*(?:\r?\n[ \t]*)+(?=\w)")
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_MARKUP = re.compile(r"<[^>]*>|\*\*|(?m:^#+ )|\|")
_PAGE_HEADER = re.compile(r"(?m)^Ametijuhend\. .*\b\d+ / \d+\s*$")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_MONTHS = [
    "jaanuar",
    "veebruar",
    "märts",
    "aprill",
    "mai",
    "juuni",
    "juuli",
    "august",
    "september",
    "oktoober",
    "november",
    "detsember",
]
_WORDED_DATE = re.compile(r"\b(\d{1,2})\.\s+(" + "|".join(_MONTHS) + r")\w*\s+(\d{4})\b", re.I)


def _iso(year: str, month: int, day: str) -> str:
    return f"{year}-{month:02d}-{int(day):02d}"


def normalise(text: str) -> str:
    """The text without extraction artefacts, with line-break hyphens joined, dates in ISO
    and every run of whitespace made one space."""
    text = _MARKUP.sub(" ", _PAGE_HEADER.sub(" ", text))
    text = _LINE_BREAK_HYPHEN.sub(r"\1", text)
    text = _NUMERIC_DATE.sub(lambda m: _iso(m[3], int(m[2]), m[1]), text)
    text = _WORDED_DATE.sub(lambda m: _iso(m[3], _MONTHS.index(m[2].lower()) + 1, m[1]), text)
    return _WHITESPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The normalised text's tokens: runs of word characters, case-folded."""
    return _WORD.findall(normalise(text).casefold())


def ngrams(tokens: list[str], n: int = 5) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def five_gram_share(original: str, candidate: str) -> float:
    """The share of the original's word 5-grams (with repeats) found in the candidate."""
    grams = ngrams(words(original))
    if not grams:
        return 1.0
    have = set(ngrams(words(candidate)))
    return sum(g in have for g in grams) / len(grams)


def missing_five_grams(original: str, candidate: str) -> list[str]:
    """The original's 5-grams the candidate lacks, in the original's order, each once."""
    have = set(ngrams(words(candidate)))
    missing = dict.fromkeys(g for g in ngrams(words(original)) if g not in have)
    return [" ".join(g) for g in missing]


def runs(piece: str, original: str) -> int | None:
    """How many stretches of the original's words make up the piece (greedy longest match).

    1 means the piece is verbatim; 2 means it joins two stretches (a table cell split across
    rows and joined again); None means some word of the piece is not in the original.
    """
    have, want = words(original), words(piece)
    count, i = 0, 0
    while i < len(want):
        starts = [s for s, w in enumerate(have) if w == want[i]]
        if not starts:
            return None
        k = 1
        while i + k < len(want):
            longer = [s for s in starts if s + k < len(have) and have[s + k] == want[i + k]]
            if not longer:
                break
            starts, k = longer, k + 1
        count, i = count + 1, i + k
    return count


# Registry keys whose values are codes, not text: ids and references, kinds and enum values.
CODE_KEYS = frozenset(
    [
        "format",
        "id",
        "kind",
        "status",
        "layout",
        "field",
        "role",
        "service",
        "position",
        "unit",
        "agency",
        "parent",
        "reports_to",
        "substitutes_for",
        "library",
        "language",
        "level",
        "education",
    ]
)


def registry_text(path: str | Path) -> str:
    """The text values of a registry file, in file order, joined with newlines."""
    path = Path(path)
    data = path.read_bytes()
    parsed = json.loads(data) if path.suffix == ".json" else yaml.safe_load(data)
    return "\n".join(_strings(parsed))


def _strings(value: Any, key: str | None = None) -> list[str]:
    if key == "control":  # a document-control block prints its status and language as text
        return [str(v) for v in value.values()] if isinstance(value, dict) else []
    if key in CODE_KEYS:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dt.date):
        return [value.isoformat()]
    if isinstance(value, dict):
        # A numbered task / result row reads "3.1 task … 3.1 result": the layouts print the
        # row's number in both cells, as Viimsi's original does.
        return [
            s
            for k, v in value.items()
            for s in (
                [*_strings(value["ref"], "ref"), *_strings(v, k)]
                if k == "result" and value.get("ref")
                else _strings(v, k)
            )
        ]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, key)]
    return []
