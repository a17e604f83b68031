"""Position titles as documents inflect them: "spetsialisti", "asetäitjale", "juhti".

Estonian inflects the last word of a title (and attributes agree only in some cases), so a
title matches a phrase when the phrase, spaces and hyphens removed, is the title plus a case
ending. "osakonnajuhataja asetäitjale" thereby matches "osakonna juhataja asetäitja".
"""

import re

# genitive/partitive/allative/ablative/adessive/comitative/translative/elative/inessive, sg+pl
ENDINGS = (
    "",
    "i",
    "t",
    "d",
    "e",
    "id",
    "it",
    "de",
    "te",
    "le",
    "lt",
    "l",
    "ga",
    "ks",
    "na",
    "st",
    "s",
    "sse",
    "ni",
    "ile",
    "ilt",
    "il",
    "iga",
    "ist",
    "is",
    "ni",
    "ta",
    "ga",
)


def compact(text: str) -> str:
    return re.sub(r"[\s\-–]+", "", text.casefold())


def matches(phrase: str, title: str) -> bool:
    p, t = compact(phrase), compact(title)
    if not t or not p.startswith(_stem(t)):
        return False
    return p[len(t) :] in ENDINGS if p.startswith(t) else p[len(_stem(t)) :] in ENDINGS


def _stem(title: str) -> str:
    # "juhataja" and "juhatajat" share "juhataja"; a title ending in a parenthesis inflects
    # before it, which compact() keeps in place, so compare the whole
    return title


def nominative(phrase: str) -> str:
    """The phrase's base form, best effort: the inflected word is the last before a bracket."""
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,.;:")
    match = re.match(r"^(.*?)(\s*\(.*\))?$", phrase)
    assert match is not None
    head, tail = match[1], match[2] or ""
    words = head.split(" ")
    words[-1] = _base(words[-1])
    return (" ".join(words) + tail).strip()


def _base(word: str) -> str:
    for ending in ("le", "lt", "ga", "ks"):  # these attach to the genitive stem
        if word.endswith(ending) and len(word) > len(ending) + 4:
            word = word[: -len(ending)]
            if word.endswith("juhi"):
                return word[:-1] + "t"  # juhile → juht
            if re.search(r"[^aeiouõäöü]i$", word) and len(word) > 5:
                return word[:-1]  # direktorile → direktor, spetsialistile → spetsialist
            return word
    if re.search(r"(sti|hti|ti)$", word) or (re.search(r"[^aeiouõäöüj]i$", word) and len(word) > 6):
        return word[:-1]  # spetsialisti → spetsialist, juhti → juht, arhivaari → arhivaar
    if word.endswith("jat"):
        return word[:-1]  # juhatajat → juhataja
    return word


def slug(text: str) -> str:
    table = str.maketrans("õäöüšž", "oaousz")
    out = re.sub(r"[^a-z0-9]+", "-", text.casefold().translate(table)).strip("-")
    return out[:60].strip("-") or "x"
