"""The sheets and their columns, in Estonian and English; words for codes; references in cells.

One table says what each sheet holds, so writing, reading, drop-downs and error messages agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Final

from roles.domain import AbsenceKind, ServiceType


class Kind(Enum):
    """What a column holds, which says how a cell is read and written."""

    ID = "id"  # a slug
    TEXT = "text"  # one line of text
    INT = "int"  # a whole number ≥ 1
    BOOL = "bool"  # jah / ei
    DATE = "date"
    SERVICE = "service"  # ametnik / töötaja
    ABSENCE = "absence"  # puhkus / haigusleht / …
    CODE = "code"  # isikukood: digits kept as text
    UNIT = "unit"  # a reference to a unit: "sotsiaaltööosakond (voru-sotsiaal)"
    POSITION = "position"  # a reference to a position
    PERSON = "person"  # a reference to a person


@dataclass(frozen=True)
class Column:
    key: str  # the registry key it fills
    et: str
    en: str
    kind: Kind
    required: bool = False
    width: int = 14  # characters, at least; widened to the content
    max_length: int = 200

    def heading(self, language: str) -> str:
        return self.et if language == "et" else self.en


@dataclass(frozen=True)
class Sheet:
    key: str
    et: str
    en: str
    columns: tuple[Column, ...]

    def name(self, language: str) -> str:
        return self.et if language == "et" else self.en


POSITIONS: Final = Sheet(
    "positions",
    "Ametikohad",
    "Positions",
    (
        Column("id", "ID", "ID", Kind.ID, required=True, width=18, max_length=100),
        Column("title", "Nimetus", "Title", Kind.TEXT, required=True, width=34, max_length=300),
        Column("unit", "Struktuuriüksus", "Unit", Kind.UNIT, required=True, width=30),
        Column("service", "Teenistuse liik", "Service type", Kind.SERVICE, width=16),
        Column(
            "anti_corruption_official", "Ametiisik", "Anti-corruption official", Kind.BOOL, width=12
        ),
        Column("seats", "Kohtade arv", "Seats", Kind.INT, width=12),
        Column("reports_to", "Vahetu juht", "Reports to", Kind.POSITION, width=34),
        Column("abolished", "Kaotatud alates", "Abolished from", Kind.DATE, width=16),
    ),
)

PEOPLE: Final = Sheet(
    "people",
    "Töötajad",
    "People",
    (
        Column("id", "ID", "ID", Kind.ID, required=True, width=14, max_length=100),
        Column("name", "Nimi", "Name", Kind.TEXT, required=True, width=26),
        Column("personal_code", "Isikukood", "Personal code", Kind.CODE, width=14, max_length=11),
        Column("position", "Ametikoht", "Position", Kind.POSITION, width=40),
        Column("from", "Alates", "From", Kind.DATE, width=12),
        Column("to", "Kuni", "To", Kind.DATE, width=12),
    ),
)

ABSENCES: Final = Sheet(
    "absences",
    "Puudumised",
    "Absences",
    (
        Column("person", "Isik", "Person", Kind.PERSON, required=True, width=30),
        Column("from", "Alates", "From", Kind.DATE, required=True, width=12),
        Column("to", "Kuni", "To", Kind.DATE, required=True, width=12),
        Column("kind", "Liik", "Kind", Kind.ABSENCE, required=True, width=16),
    ),
)

DATA_SHEETS: Final = (POSITIONS, PEOPLE, ABSENCES)
LISTS: Final = Sheet("lists", "Loendid", "Lists", ())  # the drop-downs' values, hidden

SERVICE_WORDS: Final = {
    ServiceType.OFFICIAL: ("ametnik", "official"),
    ServiceType.EMPLOYEE: ("töötaja", "employee"),
}
ABSENCE_WORDS: Final = {
    AbsenceKind.VACATION: ("puhkus", "vacation"),
    AbsenceKind.SICK: ("haigusleht", "sick leave"),
    AbsenceKind.TRAINING: ("koolitus", "training"),
    AbsenceKind.TRIP: ("lähetus", "business trip"),
    AbsenceKind.OTHER: ("muu", "other"),
}
BOOL_WORDS: Final = {True: ("jah", "yes"), False: ("ei", "no")}


def word(words: tuple[str, str], language: str) -> str:
    return words[0] if language == "et" else words[1]


def reference(name: str, id_: str) -> str:
    """How a cell names a unit, position or person: "sotsiaaltööosakond (voru-sotsiaal)"."""
    return f"{name} ({id_})"


_REFERENCE = re.compile(r"^(?P<name>.*\S)\s*\((?P<id>[a-z0-9][a-z0-9-]*)\)$", re.S)


def split_reference(text: str) -> tuple[str | None, str]:
    """("name", "id") from "name (id)"; (None, text) for a bare id or name."""
    match = _REFERENCE.match(text)
    if match:
        return match["name"], match["id"]
    return None, text


DATE_FORMATS: Final = {"et": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
