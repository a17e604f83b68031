"""The title of the position a document describes, and nothing that merely stands near it.

In order: a "position" header field; a title the front matter states ("Ametijuhend. X", a
document-control line); the heading lines around "AMETIJUHEND", without the agency, institution
and unit written before the title ("KOHTLA-JÄRVE LINNAVALITSUSE SOTSIAALTEENISTUSE
SOTSIAALTÖÖ PEASPETSIALISTI AMETIJUHEND"); and when none of those reads as a title, the
position the general clauses talk about ("Arendusnõunik on …", "Arendusnõunikku asendab …").
Each candidate must read as a title (`titles.reads_as_title`); when none does, there is no title.
Heading lines count only when the document calls itself a job description ("AMETIJUHEND",
"Teenistuskoha kirjeldus"): a stray line of a text that is not one is no title.
"""

import re
from collections import Counter

from roles.domain import ClauseField
from roles.importer import morphology, relations, titles
from roles.importer.body import ClauseB
from roles.importer.document import ParsedDocument

_UNIT_NOUNS = ("osakond", "teenistus", "talitus", "büroo", "sektor", "kantselei", "osakonna")
_INSTITUTIONS = (
    "valitsus", "kool", "gümnaasium", "lasteaed", "raamatukogu", "muuseum", "keskus", "teater",
    "amet", "ministeerium", "inspektsioon", "kolledž", "maja", "asutus",
)  # fmt: skip
_LEADERS = {"juhataja", "juht", "ülem", "asetäitja", "direktor"}


def find(doc: ParsedDocument, fields: dict[ClauseField, ClauseB]) -> tuple[str, str] | None:
    """(title, where it came from: "field" | "front" | "heading" | "sentences"), or None."""
    if ClauseField.POSITION in fields:
        title = _clean(fields[ClauseField.POSITION].joined())
        if title:
            return title, "field"
    if doc.front.position:
        title = _clean(doc.front.position)
        if title:
            return title, "front"
    named = any(re.search(r"ametijuhend|kirjeldus", ln, re.I) for ln in doc.front.title)
    title = from_heading(doc.front.title, _sentence_keys(doc)) if named else None
    if title:
        return title, "heading"
    title = from_sentences(doc)
    if title:
        return title, "sentences"
    return None


def _clean(phrase: str) -> str | None:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,.;:")
    if not phrase:
        return None
    base = titles.nominative(phrase)
    return base if titles.reads_as_title(base) else None


def from_heading(lines: list[str], used: set[str] | None = None) -> str | None:
    """The title in the heading lines: the line with "ametijuhend" first, then the nearest
    lines above it; lines naming only an agency, institution or unit are passed over."""
    at = next((i for i, ln in enumerate(lines) if "ametijuhend" in ln.casefold()), len(lines))
    order = [at, *range(at - 1, -1, -1), *range(at + 1, len(lines))]
    for i in order:
        if i >= len(lines):
            continue
        text = re.sub(r"\bametijuhend\w*\b\.?", " ", lines[i], flags=re.I)
        text = re.sub(r"\s+", " ", text).strip(" .")
        if not text:
            continue
        words = text.split(" ")
        cut = _prefix_end(words)
        if cut >= len(words):
            continue
        for start in range(cut):  # a fuller form the document's own sentences use wins
            fuller = _clean(" ".join(words[start:]))
            if fuller and used and titles.key(fuller) in used:
                return fuller
        candidate = _clean(" ".join(words[cut:]))
        if candidate:
            return candidate
    return None


def _prefix_end(words: list[str]) -> int:
    """How many words in front name the agency, institution or unit, not the position."""
    analysed = morphology.shared().words([w.strip(",.") for w in words])
    upper = all(w.isupper() for w in words if w[:1].isalpha())
    cut = 0
    for i, (text, word) in enumerate(zip(words, analysed, strict=True)):
        lemmas = {lemma.casefold() for lemma in word.lemmas()} | {text.casefold()}
        rest = words[i + 1 :]
        rest_head = titles.head_lemma(" ".join(rest)) if rest else ""
        if any(lm.endswith(_UNIT_NOUNS) for lm in lemmas):
            if not rest or rest_head not in _LEADERS or len(rest) > 1:
                cut = i + 1
            continue
        if any(lm.endswith(_INSTITUTIONS) for lm in lemmas):
            named = i > 0 and any(
                (not upper and words[j][:1].isupper())
                or (
                    any(r.pos == "H" for r in analysed[j].readings)
                    and not any(r.pos == "S" for r in analysed[j].readings)
                )
                for j in range(i)
            )
            if named or not rest or any(lm.endswith("valitsus") for lm in lemmas):
                cut = i + 1
    return cut


def _sentence_keys(doc: ParsedDocument) -> set[str]:
    """The base forms of the positions the first sections' sentences are about."""
    keys: set[str] = set()
    for section in doc.body.sections[:3]:
        for clause in _walk(section.clauses):
            for sentence in re.split(r"(?<=[.;])\s+", clause.joined()):
                keys.update(titles.key(p) for p in _subjects(sentence))
    return keys


def from_sentences(doc: ParsedDocument) -> str | None:
    """The position the document's first sections keep naming as their sentences' subject."""
    counts: Counter[str] = Counter()
    firsts: dict[str, str] = {}
    for section in doc.body.sections[:3]:
        for clause in _walk(section.clauses):
            for sentence in re.split(r"(?<=[.;])\s+", clause.joined()):
                for phrase in _subjects(sentence):
                    base = titles.nominative(phrase)
                    if titles.reads_as_title(base):
                        k = titles.key(base)
                        counts[k] += 1
                        firsts.setdefault(k, base)
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    return firsts[best] if n >= 2 else None


def _subjects(sentence: str) -> list[str]:
    subs, reports = relations.read(sentence)
    out = [s.absent.phrase for s in subs if s.absent.phrase]
    out += [r.subordinate for r in reports if r.subordinate]
    match = re.match(
        r"^([A-ZÕÄÖÜ][\w-]+(?:\s+[a-zõäöü][\w-]+)?)\s+(on|allub|juhindub|vastutab|"
        r"nimetatakse|täidab|kuulub|lähtub|asendab)\b",
        sentence,
    )
    if match:
        out.append(match[1])
    return out


def _walk(clauses: list[ClauseB]) -> list[ClauseB]:
    out: list[ClauseB] = []
    for c in clauses:
        out.append(c)
        out.extend(_walk(c.children))
    return out
