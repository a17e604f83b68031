"""Coverage findings: where substitution chains break, as issue 5 defines them.

Each rule is a small generator over the indexed registry. Abolished positions (abolished on the
check date) get no findings, and substitution edges into them are ignored when looking for
closed loops: they are reported as `abolished-substitute` and can cover nobody.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum

import msgspec

from roles.coverage.days import DayRange, runs
from roles.coverage.engine import Coverage
from roles.coverage.graph import closed_sets
from roles.coverage.index import DEFAULT_DEPTH, CoverageIndex
from roles.coverage.qualifications import Unmet, unmet_by_person, unmet_by_position
from roles.domain import (
    ClauseField,
    JobDescription,
    JobDescriptionStatus,
    Registry,
    Requirements,
    dates,
    top_level_duty_refs,
    walk_clauses,
)
from roles.domain.facts import field_values

DEFAULT_MAX_LOAD = 3
_SHOWN = 5  # ranges and positions named in a message; the fields carry all of them


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    NO_SUBSTITUTE = "no-substitute"
    ABOLISHED_SUBSTITUTE = "abolished-substitute"
    VACANT_CHAIN = "vacant-chain"
    UNCOVERED = "uncovered"
    CLOSED_LOOP = "closed-loop"
    SCOPE_GAP = "scope-gap"
    OVERLOADED_SUBSTITUTE = "overloaded-substitute"
    UNQUALIFIED_SUBSTITUTE = "unqualified-substitute"
    ONE_SIDED = "one-sided"
    CONTRADICTING_TEXT = "contradicting-text"


class DateRange(msgspec.Struct, frozen=True):
    start: dt.date = msgspec.field(name="from")
    end: dt.date = msgspec.field(name="to")


class Finding(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One finding; the optional fields appear only for the codes that name them."""

    code: Code
    severity: Severity
    position: str
    message_et: str
    message_en: str
    positions: list[str] | None = None
    ranges: list[DateRange] | None = None
    duties: list[str] | None = None
    requirements: list[Unmet] | None = None
    field: ClauseField | None = None  # contradicting-text: the header field
    text: str | None = None  # … its wording in the approved description
    registry: list[str] | None = None  # … and what the registry holds for it

    def message(self, language: str) -> str:
        return self.message_et if language == "et" else self.message_en


class Options(msgspec.Struct, frozen=True, kw_only=True):
    on: dt.date  # the check date: holders, abolitions and job descriptions as of this day
    first: dt.date  # the range `uncovered` looks at, inclusive
    last: dt.date
    depth: int = DEFAULT_DEPTH
    max_load: int = DEFAULT_MAX_LOAD


def sort_key(f: Finding) -> tuple[str, str, list[str]]:
    return (f.code, f.position, f.positions or [])


def check(
    registry: Registry, options: Options, index: CoverageIndex | None = None
) -> list[Finding]:
    """Every coverage finding of one municipality's registry, sorted by code, then position."""
    context = _Context(index or CoverageIndex(registry), options)
    rules: list[Callable[[_Context], Iterable[Finding]]] = [
        _no_substitute,
        _abolished_substitute,
        _vacant_chain,
        _uncovered,
        _closed_loop,
        _scope_gap,
        _overloaded_substitute,
        _unqualified_substitute,
        _one_sided,
        _contradicting_text,
    ]
    return sorted((f for rule in rules for f in rule(context)), key=sort_key)


class _Context:
    def __init__(self, index: CoverageIndex, options: Options) -> None:
        self.index = index
        self.options = options
        self.on = options.on
        # Positions that exist on the check date, in registry order.
        self.live = [p for p in index.registry.positions if p.exists_on(options.on)]
        self.live_ids = {p.id for p in self.live}
        approved: dict[str, JobDescription] = {}
        for d in index.registry.job_descriptions:
            if d.status is JobDescriptionStatus.APPROVED and (
                d.position not in approved or d.version > approved[d.position].version
            ):
                approved[d.position] = d
        self.approved = approved

    def first_substitute(self, position: str) -> str | None:
        named = self.index.substitutes[position]
        return named[0] if named else None

    def requirements(self, position: str) -> Requirements | None:
        description = self.approved.get(position)
        return None if description is None else description.requirements


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:_SHOWN])
    return shown + (f" (+{len(items) - _SHOWN})" if len(items) > _SHOWN else "")


def _no_substitute(c: _Context) -> Iterator[Finding]:
    for p in c.live:
        if not c.index.substitutes[p.id] and p.seats < 2:
            yield Finding(
                code=Code.NO_SUBSTITUTE,
                severity=Severity.ERROR,
                position=p.id,
                message_et=f"Ametikohal {p.id} pole asendajat: ükski piiranguteta asendusreegel "
                "ei nimeta teist ametikohta ja ametikohal on alla kahe koha.",
                message_en=f"Position {p.id} has no substitute: no unscoped rule names another "
                "position, and it has fewer than 2 seats.",
            )


def _abolished_substitute(c: _Context) -> Iterator[Finding]:
    for p in c.live:
        gone = list(
            dict.fromkeys(
                r.position
                for r in p.substitutes
                if r.position in c.index.positions and r.position not in c.live_ids
            )
        )
        if gone:
            yield Finding(
                code=Code.ABOLISHED_SUBSTITUTE,
                severity=Severity.ERROR,
                position=p.id,
                message_et=f"Ametikoha {p.id} asendajaks on nimetatud "
                f"{dates.numeric(c.on)} seisuga kaotatud ametikoht: {_listing(gone)}.",
                message_en=f"Position {p.id} names substitutes abolished on {c.on}: "
                f"{_listing(gone)}.",
                positions=gone,
            )


def _vacant_chain(c: _Context) -> Iterator[Finding]:
    depth = c.options.depth
    for p in c.live:
        if not c.index.substitutes[p.id]:
            continue
        reached = []
        for named, _ in c.index.chain(p.id, depth):
            if c.index.holders_on(named, c.on):
                break
            reached.append(named)
        else:
            yield Finding(
                code=Code.VACANT_CHAIN,
                severity=Severity.ERROR,
                position=p.id,
                message_et=f"Ametikoha {p.id} asendusahelas (sügavus kuni {depth}) pole "
                f"{dates.numeric(c.on)} seisuga ühtegi täidetud ametikohta: {_listing(reached)}.",
                message_en=f"No position in the substitution chain of {p.id} (depth up to "
                f"{depth}) has a holder on {c.on}: {_listing(reached)}.",
                positions=sorted(reached),
            )


def _uncovered(c: _Context) -> Iterator[Finding]:
    days = DayRange(c.options.first, c.options.last)
    coverage = Coverage(c.index, days, c.options.depth)
    for p in c.live:
        nobody = coverage.uncovered(p.id)
        if not nobody:
            continue
        ranges = [DateRange(days.day(a), days.day(b)) for a, b in runs(nobody)]
        count = nobody.bit_count()
        et = [
            f"{dates.numeric(r.start)}–{dates.numeric(r.end)}"
            if r.end != r.start
            else dates.numeric(r.start)
            for r in ranges
        ]
        en = [f"{r.start}–{r.end}" if r.end != r.start else str(r.start) for r in ranges]
        yield Finding(
            code=Code.UNCOVERED,
            severity=Severity.ERROR,
            position=p.id,
            message_et=f"Ametikohal {p.id} pole {count} päeval kedagi, kes tööd teeks või "
            f"asendaks: {_listing(et)}.",
            message_en=f"Nobody acts for position {p.id} on {count} day(s): {_listing(en)}.",
            ranges=ranges,
        )


def _closed_loop(c: _Context) -> Iterator[Finding]:
    edges = {p.id: [n for n in c.index.substitutes[p.id] if n in c.live_ids] for p in c.live}
    for members in closed_sets(edges):
        listed = ", ".join(members)
        for member in members:
            yield Finding(
                code=Code.CLOSED_LOOP,
                severity=Severity.WARNING,
                position=member,
                message_et=f"Ametikohad {listed} asendavad ainult üksteist; ükski "
                "asendusreegel ei vii sellest ringist välja.",
                message_en=f"Positions {listed} only substitute for each other; no rule leads "
                "out of the set.",
                positions=members,
            )


def _scope_gap(c: _Context) -> Iterator[Finding]:
    for p in c.live:
        if not p.substitutes or not all(r.scoped for r in p.substitutes):
            continue
        description = c.approved.get(p.id)
        if description is None:
            continue
        scoped = {ref for r in p.substitutes for ref in r.duties or ()}
        missing = [ref for ref in top_level_duty_refs(description) if ref not in scoped]
        if missing:
            yield Finding(
                code=Code.SCOPE_GAP,
                severity=Severity.ERROR,
                position=p.id,
                message_et=f"Ametikohal {p.id} on ainult osaliste ülesannete asendajad; "
                f"ülesandeid {_listing(missing)} ei asenda keegi.",
                message_en=f"Position {p.id} has only scoped substitutes; duties "
                f"{_listing(missing)} are in no rule's scope.",
                duties=missing,
            )


def _overloaded_substitute(c: _Context) -> Iterator[Finding]:
    covers: dict[str, list[str]] = defaultdict(list)
    for p in c.live:
        first = c.first_substitute(p.id)
        if first is not None and first in c.live_ids:
            covers[first].append(p.id)
    limit = c.options.max_load
    for substitute, covered in covers.items():
        if len(covered) > limit:
            covered = sorted(covered)
            yield Finding(
                code=Code.OVERLOADED_SUBSTITUTE,
                severity=Severity.WARNING,
                position=substitute,
                message_et=f"Ametikoht {substitute} on esimene asendaja {len(covered)} "
                f"ametikohale (lubatud kuni {limit}): {_listing(covered)}.",
                message_en=f"Position {substitute} is the first substitute of {len(covered)} "
                f"positions (at most {limit}): {_listing(covered)}.",
                positions=covered,
            )


def _unqualified_substitute(c: _Context) -> Iterator[Finding]:
    for p in c.live:
        required = c.requirements(p.id)
        first = c.first_substitute(p.id)
        if required is None or first is None or first not in c.live_ids:
            continue
        unmet: list[Unmet] = []
        offered = c.requirements(first)
        if offered is not None:
            unmet.extend(unmet_by_position(required, offered, first))
        holders = c.index.holders_on(first, c.on)
        if holders:
            acting = c.index.people[holders[0]]
            if acting.qualifications is not None:
                unmet.extend(unmet_by_person(required, acting.qualifications, acting.id))
        if unmet:
            yield Finding(
                code=Code.UNQUALIFIED_SUBSTITUTE,
                severity=Severity.WARNING,
                position=p.id,
                message_et=f"Ametikoha {p.id} esimene asendaja {first} ei vasta nõuetele: "
                + "; ".join(u.describe("et") for u in unmet)
                + ".",
                message_en=f"The first substitute {first} of position {p.id} does not meet its "
                "requirements: " + "; ".join(u.describe("en") for u in unmet) + ".",
                positions=[first],
                requirements=unmet,
            )


def _one_sided(c: _Context) -> Iterator[Finding]:
    """Compare "keda asendab" as written with the rules, where a position writes it at all."""
    named_by = {p.id: {r.position for r in p.substitutes} for p in c.live}
    naming: dict[str, set[str]] = defaultdict(set)  # position → the positions naming it
    for covered, named in named_by.items():
        for substitute in named:
            naming[substitute].add(covered)
    for p in c.live:
        if not p.substitutes_for:
            continue
        declared = set(p.substitutes_for)
        for other in sorted(declared & c.live_ids):
            if p.id not in named_by[other]:
                yield Finding(
                    code=Code.ONE_SIDED,
                    severity=Severity.WARNING,
                    position=p.id,
                    message_et=f"Ametikoha {p.id} ametijuhendi järgi asendab see ametikohta "
                    f"{other}, kuid {other} asendusreeglid ei nimeta ametikohta {p.id}.",
                    message_en=f"Position {p.id} states that it substitutes for {other}, but "
                    f"{other}'s rules do not name {p.id}.",
                    positions=[other],
                )
        for other in sorted(naming[p.id] - declared - {p.id}):
            yield Finding(
                code=Code.ONE_SIDED,
                severity=Severity.WARNING,
                position=p.id,
                message_et=f"Ametikoht {other} nimetab asendajaks ametikoha {p.id}, kuid "
                f"{p.id} ametijuhendis (keda asendab) ametikohta {other} ei ole.",
                message_en=f"Position {other} names {p.id} as its substitute, but {p.id}'s "
                f"stated substitutes_for does not list {other}.",
                positions=[other],
            )


def _contradicting_text(c: _Context) -> Iterator[Finding]:
    """A header field of the approved description ("Kes asendab: …") that does not name what the
    registry holds: the document keeps its wording, and this finding says where it is wrong."""
    for p in c.live:
        description = c.approved.get(p.id)
        if description is None or not any(
            clause.field for s in description.sections for clause in walk_clauses(s.clauses)
        ):
            continue
        for value in field_values(c.index.registry, description):
            if value.agrees is not False:
                continue
            label = value.label or value.field.value
            names = list(value.registry)
            yield Finding(
                code=Code.CONTRADICTING_TEXT,
                severity=Severity.WARNING,
                position=p.id,
                message_et=f"Ametikoha {p.id} kinnitatud ametijuhendi väli „{label}“ ütleb "
                f"„{value.text}“, register aga: {_listing(names)}.",
                message_en=f'The approved job description of {p.id} says "{value.text}" in '
                f"its field '{label}', but the registry holds: {_listing(names)}.",
                field=value.field,
                text=value.text,
                registry=names,
            )
