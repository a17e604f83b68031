"""The words job descriptions use for their parts, in the spellings met so far.

Matching is on lower-cased text with the heading's number and trailing colon removed. Order
matters: the first entry whose stem occurs wins, so the longer, more specific stems come first
("teenistuskohustus" is a duty, "kohustus" alone an obligation).
"""

import re

from roles.domain import ClauseField, SectionKind, dates

SECTION_STEMS: list[tuple[str, SectionKind]] = [
    ("tutvunud", SectionKind.ACKNOWLEDGEMENT),
    ("muutmi", SectionKind.AMENDMENT),
    ("üldsät", SectionKind.GENERAL),
    ("üldosa", SectionKind.GENERAL),
    ("üldandmed", SectionKind.GENERAL),
    ("üldinfo", SectionKind.GENERAL),
    ("üldosa", SectionKind.GENERAL),
    ("eesmärk", SectionKind.PURPOSE),
    ("teenistuskohustus", SectionKind.DUTIES),
    ("tööülesan", SectionKind.DUTIES),
    ("teenistusülesan", SectionKind.DUTIES),
    ("ülesanded", SectionKind.DUTIES),
    ("kooskõlastus", SectionKind.COORDINATION),
    ("informatsioon", SectionKind.INFORMATION),
    ("ettepanek", SectionKind.PROPOSALS),
    ("aktiivsus", SectionKind.PROPOSALS),
    ("õigused", SectionKind.RIGHTS),
    ("piirangud", SectionKind.RESTRICTIONS),
    ("keelud", SectionKind.RESTRICTIONS),
    ("vastutus", SectionKind.RESPONSIBILITIES),
    ("kohustus", SectionKind.OBLIGATIONS),
    ("töövahend", SectionKind.TOOLS),
    ("infosüsteem", SectionKind.SYSTEMS),
    ("nõuded", SectionKind.QUALIFICATIONS),
    ("põhinõud", SectionKind.QUALIFICATIONS),
    ("kvalifikatsioon", SectionKind.QUALIFICATIONS),
    ("haridus", SectionKind.QUALIFICATIONS),
    ("töökogemus", SectionKind.QUALIFICATIONS),
    ("keeleoskus", SectionKind.QUALIFICATIONS),
    ("teadmised", SectionKind.QUALIFICATIONS),
    ("isikuomadus", SectionKind.QUALIFICATIONS),
    ("isiksuseomadus", SectionKind.QUALIFICATIONS),
    ("asendamine", SectionKind.OTHER),
    ("alluvus", SectionKind.OTHER),
    ("valveaeg", SectionKind.OTHER),
    ("tööaeg", SectionKind.OTHER),
    ("lisad", SectionKind.OTHER),
]

# Stems that are headings only when they are the whole heading (they also start sentences).
_WHOLE_ONLY = {
    "ülesanded", "informatsioon", "haridus", "töökogemus", "kohustus", "asendamine", "alluvus",
}  # fmt: skip


def section_kind(heading: str) -> SectionKind | None:
    # The stem met first in the heading names it: "Õigused ja piirangud teenistuskohustuse
    # täitmisel" is about rights.
    text = heading.casefold().strip().rstrip(":").strip()
    best: tuple[int, int, SectionKind] | None = None
    for order, (stem, kind) in enumerate(SECTION_STEMS):
        if stem in _WHOLE_ONLY:
            found = 0 if re.fullmatch(rf"\w*{stem}\w*", text) else -1
        else:
            found = text.find(stem)
        if found >= 0 and (best is None or (found, order) < best[:2]):
            best = (found, order, kind)
    return best[2] if best else None


FIELD_LABELS: list[tuple[str, ClauseField]] = [
    ("ametikoha nimetus", ClauseField.POSITION),
    ("ametikoha nimi", ClauseField.POSITION),
    ("ameti nimetus", ClauseField.POSITION),
    ("töökoha nimetus", ClauseField.POSITION),
    ("töökoht", ClauseField.POSITION),
    ("teenistuskoha nimetus", ClauseField.POSITION),
    ("ametinimetus", ClauseField.POSITION),
    ("teenistuskoht", ClauseField.POSITION),
    ("ametikoht", ClauseField.POSITION),
    ("ametiasutus", ClauseField.AGENCY),
    ("asutus", ClauseField.AGENCY),
    ("tööandja", ClauseField.AGENCY),
    ("struktuuriüksus", ClauseField.UNIT),
    ("asend struktuuris", ClauseField.UNIT),
    ("osakond", ClauseField.UNIT),
    ("allüksus", ClauseField.UNIT),
    ("talitus", ClauseField.UNIT),
    ("teenistuskoha liik", ClauseField.SERVICE),
    ("ametikoha liik", ClauseField.SERVICE),
    ("teenistus", ClauseField.SERVICE),
    ("teenistuse liik", ClauseField.SERVICE),
    ("töösuhte liik", ClauseField.SERVICE),
    ("töösuhte vorm", ClauseField.SERVICE),
    ("teenistussuhte liik", ClauseField.SERVICE),
    ("teenistussuhe", ClauseField.SERVICE),
    ("vahetu juht", ClauseField.REPORTS_TO),
    ("otsene juht", ClauseField.REPORTS_TO),
    ("otsene ülem", ClauseField.REPORTS_TO),
    ("vahetu ülem", ClauseField.REPORTS_TO),
    ("allub", ClauseField.REPORTS_TO),
    ("alluvad", ClauseField.SUBORDINATES),
    ("vahetud alluvad", ClauseField.SUBORDINATES),
    ("otsesed alluvad", ClauseField.SUBORDINATES),
    ("kes asendab", ClauseField.SUBSTITUTES),
    ("asendajad", ClauseField.SUBSTITUTES),
    ("asendaja", ClauseField.SUBSTITUTES),
    ("teda asendab", ClauseField.SUBSTITUTES),
    ("keda asendab", ClauseField.SUBSTITUTES_FOR),
    ("asendatavad", ClauseField.SUBSTITUTES_FOR),
    ("asendatav", ClauseField.SUBSTITUTES_FOR),
    ("asendab", ClauseField.SUBSTITUTES_FOR),
]
_FIELDS = dict(FIELD_LABELS)
# Longest first, so that "teenistuskoha liik" wins over "teenistuskoht" and "kes asendab" over
# "asendab"; a label stands at a word boundary, in any case, with or without a colon.
LABEL_PATTERN = re.compile(
    r"(?<![\w-])("
    + "|".join(
        re.escape(label).replace(r"\ ", r"\s+")
        for label, _ in sorted(FIELD_LABELS, key=lambda x: -len(x[0]))
    )
    + r")(?![\w-])\s*(:)?",
    re.I,
)


def field_of(label: str) -> ClauseField | None:
    """The registry fact a header-field label names; the whole label must match."""
    return _FIELDS.get(re.sub(r"\s+", " ", label.casefold().strip().rstrip(":").strip()))


# Requirement sub-headings written as "Haridus: …" inside a qualifications section: labels
# without a registry field.
REQUIREMENT_LABELS = {
    "haridus",
    "töökogemus",
    "arvutioskus",
    "keeleoskus",
    "teadmised ja oskused",
    "isikuomadused",
    "isiksuseomadused",
    "muud lisaoskused",
    "arvutikasutamise oskus",
}

MONTHS = dates.MONTH_NUMBERS
# Month names as dates write them, inflected too ("oktoobri", "septembril"): the stem before the
# last vowel change decides ("oktoob-er" / "oktoob-ri").
MONTH_STEMS = {
    "jaanuar": 1, "veebruar": 2, "märts": 3, "aprill": 4, "mai": 5, "juuni": 6, "juuli": 7,
    "august": 8, "septemb": 9, "oktoob": 10, "novemb": 11, "detsemb": 12,
}  # fmt: skip


def month_of(word: str) -> int | None:
    low = word.casefold()
    return next((n for stem, n in MONTH_STEMS.items() if low.startswith(stem)), None)
