"""Small builders for registries in tests: only what a test is about needs to be written."""

import datetime as dt
from collections.abc import Iterable

from roles.domain import (
    FORMAT,
    Absence,
    Agency,
    Assignment,
    Clause,
    JobDescription,
    JobDescriptionStatus,
    Municipality,
    MunicipalityKind,
    Person,
    PersonQualifications,
    Position,
    Registry,
    Requirements,
    Section,
    SectionKind,
    SubstitutionRule,
    Unit,
)

UNIT = "sotsiaal"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def rule(
    position: str, *, if_needed: bool = False, duties: list[str] | None = None
) -> SubstitutionRule:
    return SubstitutionRule(position=position, if_needed=if_needed, duties=duties)


def position(
    id: str,
    *substitutes: str | SubstitutionRule,
    seats: int = 1,
    unit: str = UNIT,
    abolished: str | None = None,
    substitutes_for: Iterable[str] = (),
) -> Position:
    return Position(
        id=id,
        title=f"ametikoht {id}",
        unit=unit,
        seats=seats,
        abolished=None if abolished is None else day(abolished),
        substitutes=[s if isinstance(s, SubstitutionRule) else rule(s) for s in substitutes],
        substitutes_for=list(substitutes_for),
    )


def holds(position: str, start: str = "2020-01-01", end: str | None = None) -> Assignment:
    return Assignment(position=position, start=day(start), end=None if end is None else day(end))


def away(start: str, end: str | None = None) -> Absence:
    return Absence(start=day(start), end=day(end or start))


def person(
    id: str,
    *assignments: Assignment | str,
    absences: Iterable[Absence] = (),
    qualifications: PersonQualifications | None = None,
) -> Person:
    return Person(
        id=id,
        name=f"Isik {id}",
        assignments=[a if isinstance(a, Assignment) else holds(a) for a in assignments],
        absences=list(absences),
        qualifications=qualifications,
    )


def description(
    position: str,
    *duties: str,
    requirements: Requirements | None = None,
    status: JobDescriptionStatus = JobDescriptionStatus.APPROVED,
    version: int = 1,
) -> JobDescription:
    """A job description whose duties section has top-level duties with these refs."""
    clauses = [Clause(ref=ref, text=f"ülesanne {ref}") for ref in duties]
    return JobDescription(
        position=position,
        version=version,
        status=status,
        sections=[Section(kind=SectionKind.DUTIES, title="Teenistusülesanded", clauses=clauses)]
        if clauses
        else [],
        requirements=requirements,
    )


def registry(
    positions: Iterable[Position] = (),
    people: Iterable[Person] = (),
    descriptions: Iterable[JobDescription] = (),
    units: Iterable[Unit] | None = None,
    municipality: str = "linn",
) -> Registry:
    return Registry(
        format=FORMAT,
        municipality=Municipality(id=municipality, name="Näidislinn", kind=MunicipalityKind.TOWN),
        agencies=[Agency(id="lv", name="Näidislinna Linnavalitsus")],
        units=list(units)
        if units is not None
        else [Unit(id=UNIT, agency="lv", name="sotsiaalosakond")],
        positions=list(positions),
        people=list(people),
        job_descriptions=list(descriptions),
    )
