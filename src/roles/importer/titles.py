"""Position titles as documents write them, read with Estonian morphology.

A title is a noun phrase: attributes (genitive nouns, adjectives) before a head noun, perhaps a
bracket after it ("sotsiaaltööspetsialist (eakate hoolduse alal)"). Documents inflect the head
and the adjectives that agree with it ("osakonna juhatajale", "vanemale spetsialistile",
"valvurid"); the base form puts those back in the nominative singular through their lemmas, and
two phrases name the same position when their base forms agree, spaces and hyphens aside
("osakonnajuhataja asetäitjale" is "osakonna juhataja asetäitja").
"""

import functools
import re

from roles.importer import morphology
from roles.importer.morphology import Word

# Heads that name no position: organisations, documents, generic people.
_NOT_HEADS = {
    "osakond", "teenistus", "amet", "talitus", "büroo", "asutus", "valitsus", "linnavalitsus",
    "vallavalitsus", "kool", "lasteaed", "gümnaasium", "raamatukogu", "muuseum", "keskus",
    "ametijuhend", "juhend", "käskkiri", "korraldus", "lisa", "seadus", "määrus", "punkt",
    "kord", "ülesanne", "töö", "aeg", "isik", "ametnik", "töötaja", "teenistuja", "inimene",
    "keegi", "liige", "kolleeg", "vajadus", "äraolek", "puudumine", "puhkus", "haigus",
    "kantselei", "juhtkond", "nimetus", "liik", "tööleping", "eesmärk", "kohustus", "õigus",
    "vastutus", "nõue", "haridus", "küsimus", "valdkond", "tegevus", "pädevus", "piir",
    "linn", "vald", "omavalitsus", "volikogu", "riik", "ministeerium",
}  # fmt: skip
_AGREEING = frozenset("ACUON")  # adjectives, comparatives, superlatives, ordinals, numerals
_REDACTED = re.compile(r"[█■▇▆]|\*{3,}|\bX{3,}\b|\[(?:eemaldatud|kustutatud)\]", re.I)
_LABEL_WORDS = re.compile(
    r"\b(vahetu|otsene)\s+(juht|ülem)\b|\bkes\s+asendab|\bkeda\s+asendab|\basendaja|"
    r"\basendatav|\bstruktuuriüksus|\bnimetus\b|\bliik\b|\bametiasutus",
    re.I,
)


def compact(text: str) -> str:
    return re.sub(r"[\s\-–]+", "", text.casefold())


def _word_base(word: Word, case: str | None = None, plural: bool = False) -> str:
    """The word in the nominative singular (its lemma), keeping how it is written otherwise."""
    text = word.text
    readings = [r for r in word.readings if r.pos in "SACUONYG"] or list(word.readings)
    if case is not None:
        readings = [r for r in readings if r.case == case and r.plural == plural] or readings
    if any(r.form in ("sg n", "") and r.pos in "SY" for r in readings) and not plural:
        return text
    lemma = next((r.lemma for r in readings if r.pos == "S"), readings[0].lemma if readings else "")
    if not lemma or (lemma.endswith("ma") and readings and readings[0].pos == "V"):
        return text
    if "-" in text and "-" in lemma and plural:
        # "kassapidajad-administraatorid": Vabamorf lemmatises the last part only
        firsts = morphology.shared().words(text.split("-")[:-1])
        lemma = "-".join(
            [*(_word_base(w, "n", True).casefold() for w in firsts), lemma.split("-")[-1]]
        )
    if text.isupper() or text[:1].islower():
        return lemma.casefold()
    return lemma[:1].upper() + lemma[1:] if text[:1].isupper() else lemma


@functools.lru_cache(maxsize=20_000)
def nominative(phrase: str) -> str:
    """The phrase's base form: its head (and agreeing adjectives) in the nominative singular."""
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,.;:")
    match = re.match(r"^(.*?)(\s*\(.*\))?$", phrase)
    assert match is not None
    head_text, tail = match[1], match[2] or ""
    parts = head_text.split(" ")
    if not parts or not parts[-1]:
        return phrase
    words = morphology.shared().words(parts)
    head = words[-1]
    readings = [r for r in head.readings if r.pos in "SY"] or list(head.readings)
    nominal = any(r.form == "sg n" for r in readings)
    reading = next((r for r in readings if r.form == "sg n"), readings[0] if readings else None)
    if reading is None:
        return phrase
    if not nominal:
        reading = next((r for r in readings if r.pos == "S"), reading)
    case, plural = reading.case or None, reading.plural
    out = list(parts)
    out[-1] = _word_base(head, case, plural)
    for i in range(len(words) - 2, -1, -1):  # adjectives agreeing with the head
        w = words[i]
        agrees = any(
            r.pos in _AGREEING and r.case == case and r.plural == plural for r in w.readings
        )
        if agrees and (not any(r.pos == "S" and r.case == "g" for r in w.readings) or plural):
            out[i] = _word_base(w, case, plural)
            continue
        break
    text = " ".join(out) + tail
    if text.isupper() or head_text.isupper():
        text = text.lower()
    elif text[:1].isupper() and not (len(out[0]) > 1 and out[0][1:2].isupper()):
        first = words[0]
        if not all(r.pos == "H" for r in first.readings) or len(out) > 1:
            text = text[:1].lower() + text[1:]
    return text


@functools.lru_cache(maxsize=20_000)
def key(phrase: str) -> str:
    """What two names of one position share: the base form without case, spaces or hyphens."""
    return compact(nominative(phrase))


def matches(phrase: str, title: str) -> bool:
    return bool(phrase.strip()) and key(phrase) == key(title)


def shortened(phrase: str, title: str) -> bool:
    """`phrase` names `title` by its last words ("juhataja" for "sotsiaalosakonna juhataja")."""
    short, full = nominative(phrase).casefold().split(), nominative(title).casefold().split()
    if not short or len(short) >= len(full):
        return False
    return compact(" ".join(full[-len(short) :])) == compact(" ".join(short)) or (
        compact(full[-1]).endswith(compact(short[-1]))
        and len(short) == 1
        and len(compact(short[-1])) >= 4
    )


def head_lemma(phrase: str) -> str:
    words = nominative(phrase).split(" (")[0].split()
    return words[-1].casefold() if words else ""


def reads_as_title(phrase: str) -> bool:
    """A noun phrase of plausible length naming a position: no verbs, labels or numbers."""
    text = re.sub(r"\s+", " ", phrase).strip(" ,.;:")
    if not text or len(text) > 80 or _REDACTED.search(text) or _LABEL_WORDS.search(text):
        return False
    if re.search(r"[\d:;?!/\"„“”=<>|]", text):
        return False
    core = re.sub(r"\s*\(.*\)\s*$", "", text)
    parts = re.sub(r"(\w)-\s+(ja|ning|või)\s+", r"\1-\2-", core).split()
    if not 1 <= len(parts) <= 6 or "(" in core or ")" in core:
        return False
    if any(p[:1].isupper() for p in parts[1:]) and not core.isupper():
        return False  # a capital inside: text running on into a label or a name
    words = morphology.shared().words([p.strip("-–") or p for p in parts])
    if any(w.verb for w in words):
        return False
    if any({r.pos for r in w.readings} <= set("DJKPIXZ") for w in words):
        return False  # adverbs, conjunctions, pronouns: a sentence, not a name
    head = words[-1]
    if not any(r.pos == "S" for r in head.readings):
        return False
    head_base = head_lemma(core)
    return (
        head_base not in _NOT_HEADS
        and not head_base.endswith(("mine", "us"))  # actions and abstractions: "alluvus"
        and not head_base.endswith(ORGANISATION_NOUNS)
    )


def slug(text: str) -> str:
    table = str.maketrans("õäöüšž", "oaousz")
    out = re.sub(r"[^a-z0-9]+", "-", text.casefold().translate(table)).strip("-")
    return out[:60].strip("-") or "x"


ORGANISATION_NOUNS = (
    "osakond", "teenistus", "talitus", "büroo", "sektor", "kantselei", "valitsus", "kool",
    "gümnaasium", "lasteaed", "raamatukogu", "muuseum", "keskus", "teater", "amet",
    "ministeerium", "inspektsioon", "kolledž", "maja", "asutus",
)  # fmt: skip


def qualified_by_organisation(phrase: str, title: str) -> bool:
    """`phrase` is `title` with the organisation in front ("noortekeskuse noorsootöötaja")."""
    extra = nominative(phrase).split()[: -len(nominative(title).split())]
    if not extra:
        return False
    word = morphology.shared().word(extra[-1])
    return any(lemma.casefold().endswith(ORGANISATION_NOUNS) for lemma in word.lemmas())
