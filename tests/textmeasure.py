"""How much of an original text a candidate text carries: the share of its word 5-grams.

Used to check that a registry file (or a rendered document) keeps the wording of the job
description it was made from. The original is measured as it is: only whitespace and words
split across lines by a hyphen are normalised, nothing of the original is left out.

    normalise(text) -> str           line-break hyphens joined, whitespace runs → one space
    words(text) -> list[str]         tokens: runs of word characters, case-folded
    ngrams(tokens, n=5) -> list      the token n-grams, in order, with repeats
    five_gram_share(original, candidate) -> float
                                     share of the original's 5-grams (counted with repeats)
                                     that occur anywhere in the candidate; 1.0 when the
                                     original has fewer than 5 words
    missing_five_grams(original, candidate) -> list[str]
                                     the original's 5-grams the candidate lacks, for messages
    registry_text(path) -> str       every string value of a YAML or JSON file, in file order,
                                     joined with newlines (keys, numbers, dates and booleans
                                     are not text)
"""

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
    "words",
]

# A hyphen at the end of a line (trailing blanks allowed) followed by a word on a later line:
# "sisesta-\n\nmine" → "sisestamine". A hyphen followed by a blank on the same line
# ("suhtlemis- ja") is real and stays.
_LINE_BREAK_HYPHEN = re.compile(r"(\w)-[ \t]*(?:\r?\n[ \t]*)+(?=\w)")
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """The text with line-break hyphens joined and every run of whitespace made one space."""
    return _WHITESPACE.sub(" ", _LINE_BREAK_HYPHEN.sub(r"\1", text)).strip()


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


def registry_text(path: str | Path) -> str:
    """Every string value of a YAML or JSON file, in file order, joined with newlines."""
    path = Path(path)
    data = path.read_bytes()
    parsed = json.loads(data) if path.suffix == ".json" else yaml.safe_load(data)
    return "\n".join(_strings(parsed))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
