"""What the registry knows about a position, in the words its documents use (pure: rendering
prints these facts, coverage reports where a document's wording contradicts them).

Header-field clauses ("Vahetu juht: …", `Clause.field`) state registry facts in the document's
own wording. The renderer prints that wording; `field_values` pairs it with what the registry
says, so coverage checks and the CLI can report where the two disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roles.domain import (
    Agency,
    Clause,
    ClauseField,
    JobDescription,
    Position,
    Registry,
    ServiceType,
    Unit,
    walk_clauses,
)

_SERVICE_WORDS = {ServiceType.OFFICIAL: "ametnik", ServiceType.EMPLOYEE: "töötaja"}


@dataclass(frozen=True)
class FieldValue:
    """A header-field clause beside the registry's value for the same fact."""

    ref: str | None
    label: str | None
    field: ClauseField
    text: str  # the document's wording: what is printed
    registry: tuple[str, ...]  # the registry's names for the fact; () when it has none
    agrees: bool | None  # None: the registry holds nothing to compare with


class Facts:
    """Look-ups over one registry, for one job description."""

    def __init__(self, registry: Registry, description: JobDescription) -> None:
        self.registry = registry
        self.description = description
        self._positions = {p.id: p for p in registry.positions}
        self._units = {u.id: u for u in registry.units}
        self._agencies = {a.id: a for a in registry.agencies}
        self.position: Position = self._positions[description.position]

    @property
    def unit(self) -> Unit | None:
        return self._units.get(self.position.unit)

    @property
    def agency(self) -> Agency | None:
        unit = self.unit
        return self._agencies.get(unit.agency) if unit else None

    def unit_path(self) -> list[str]:
        """Unit names from the top of the tree down: ["sotsiaalamet", "laste heaolu teenistus"]."""
        names: list[str] = []
        unit = self.unit
        seen: set[str] = set()
        while unit is not None and unit.id not in seen:
            seen.add(unit.id)
            names.append(unit.name)
            unit = self._units.get(unit.parent) if unit.parent else None
        return names[::-1]

    def title_of(self, position_id: str) -> str:
        found = self._positions.get(position_id)
        return found.title if found else position_id

    def registry_value(self, field: ClauseField) -> tuple[str, ...]:
        p = self.position
        agency = self.agency
        match field:
            case ClauseField.POSITION:
                return (p.title,)
            case ClauseField.AGENCY:
                return (agency.name,) if agency else ()
            case ClauseField.UNIT:
                return tuple(self.unit_path()[-1:])
            case ClauseField.SERVICE:
                return (_SERVICE_WORDS[p.service],)
            case ClauseField.ANTI_CORRUPTION:
                return ("ametiisik",) if p.anti_corruption_official else ()
            case ClauseField.REPORTS_TO:
                return (self.title_of(p.reports_to),) if p.reports_to else ()
            case ClauseField.SUBORDINATES:
                return tuple(q.title for q in self.registry.positions if q.reports_to == p.id)
            case ClauseField.SUBSTITUTES:
                return tuple(self.title_of(rule.position) for rule in p.substitutes)
            case ClauseField.SUBSTITUTES_FOR:
                derived = [
                    q.title
                    for q in self.registry.positions
                    if any(rule.position == p.id for rule in q.substitutes)
                ]
                return tuple(derived)
        return ()  # pragma: no cover - every ClauseField is handled above

    def field_value(self, clause: Clause) -> FieldValue | None:
        if clause.field is None:
            return None
        names = self.registry_value(clause.field)
        agrees = all(mentions(clause.text, name) for name in names) if names else None
        return FieldValue(clause.ref, clause.label, clause.field, clause.text, names, agrees)


def field_values(registry: Registry, description: JobDescription) -> list[FieldValue]:
    """Every header-field clause of a version with the registry's value beside it."""
    facts = Facts(registry, description)
    found = (facts.field_value(c) for s in description.sections for c in walk_clauses(s.clauses))
    return [f for f in found if f is not None]


_WORD = re.compile(r"\w+")


def mentions(text: str, name: str) -> bool:
    """Whether `text` names `name`, allowing Estonian case endings and compounds.

    "allub osakonnajuhataja asetäitjale" mentions "osakonna juhataja asetäitja": every word of
    the name, less up to two final letters, occurs in the text.
    """
    haystack = text.lower()
    for word in _WORD.findall(name.lower()):
        stem = word[: max(3, len(word) - 2)]
        if stem not in haystack:
            return False
    return True
