"""Rows applied to a registry: positions, people with their assignments, absences.

`Mode.REPLACE` (export, edit, import): a sheet in the workbook replaces its part of the
registry; what a sheet leaves out is removed. `Mode.MERGE` (a filled-in template): rows add
or update, nothing is removed. Either way a sheet the workbook lacks leaves its part as it is,
and so does a column a sheet lacks (a position's substitution rules, which no sheet holds,
always stay). Problems of the rows (references, dates, duplicates) are found first; the
registry checks then run over the result and their problems are traced back to cells.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from enum import StrEnum
from typing import Any

import msgspec

from roles.domain import (
    Absence,
    AbsenceKind,
    Assignment,
    Person,
    Position,
    Registry,
    ServiceType,
    check,
    dates,
)
from roles.domain import establishment as establishments
from roles.sheets import _layout as L
from roles.sheets._cells import CellError
from roles.sheets._import import Row, Table, problem
from roles.sheets._problems import SheetError, SheetProblem, estonian


class Mode(StrEnum):
    REPLACE = "replace"  # each sheet present replaces its part of the registry
    MERGE = "merge"  # rows add or update; nothing is removed


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class Catalogue:
    """What a reference cell may name: ids, each with the names it may be written with."""

    def __init__(self, et: str, en: str) -> None:
        self.et, self.en = et, en
        self.names: dict[str, set[str]] = defaultdict(set)

    def add(self, id_: str, *names: str | None) -> None:
        self.names[id_].update(_fold(n) for n in names if n)

    def resolve(self, text: str) -> str:
        name, id_ = L.split_reference(text)
        # "spetsialist (lastekaitse)" may be a bare title with parentheses, not "name (id)".
        if name is not None and id_ in self.names:
            if _fold(name) not in self.names[id_]:
                raise CellError(
                    "name-mismatch",
                    f"„{text}“: ID {id_} nimi pole „{name}“; vali see loendist uuesti",
                    f"“{text}”: {id_} is not called “{name}”; pick it from the list again",
                )
            return id_
        if text in self.names:
            return text
        wanted = _fold(text)
        found = sorted(i for i, names in self.names.items() if wanted in names)
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(found)
            raise CellError(
                "ambiguous",
                f"„{text}“ võib olla {listed}; vali loendist (nimi koos ID-ga)",
                f"“{text}” may be {listed}; pick one from the list (name with its ID)",
            )
        raise self._unknown(text)

    def _unknown(self, text: str) -> CellError:
        return CellError(
            "unknown-reference", f"tundmatu {self.et} „{text}“", f"unknown {self.en} “{text}”"
        )


class _Builder:
    def __init__(self, tables: dict[str, Table], base: Registry, mode: Mode) -> None:
        self.tables = tables
        self.base = base
        self.mode = mode
        self.problems: list[SheetProblem] = []
        self.position_rows: dict[str, Row] = {}
        self.person_rows: dict[str, Row] = {}
        self.assignment_rows: dict[tuple[str, str, dt.date], Row] = {}
        self.absence_rows: dict[tuple[str, dt.date, dt.date, AbsenceKind], Row] = {}

    def at(self, row: Row, key: str | None, code: str, et: str, en: str) -> SheetProblem:
        table = self._table_of(row)
        column = table.columns.get(key) if key and table else None
        return problem(code, et, en, row.sheet, row.number, column)

    def fail(self, row: Row, key: str | None, code: str, et: str, en: str) -> None:
        self.problems.append(self.at(row, key, code, et, en))

    def fail_cell(self, row: Row, key: str, e: CellError) -> None:
        self.fail(row, key, e.code, e.et, e.en)

    def _table_of(self, row: Row) -> Table | None:
        return next((t for t in self.tables.values() if t.name == row.sheet), None)

    # --- positions ------------------------------------------------------------------------

    def positions(self) -> list[Position]:
        base = self.base
        table = self.tables.get(L.POSITIONS.key)
        if table is None:
            return list(base.positions)
        taken = {base.municipality.id: ("omavalitsus", "the municipality")}
        taken |= {a.id: ("ametiasutus", "an agency") for a in base.agencies}
        taken |= {u.id: ("struktuuriüksus", "a unit") for u in base.units}
        units = Catalogue("struktuuriüksus", "unit")
        for u in base.units:
            units.add(u.id, u.name)
        rows: dict[str, Row] = {}
        for row in table.rows:
            id_ = row.get("id")
            if id_ is None:
                continue  # reported already: required, or not an ID
            if id_ in rows:
                self.fail(
                    row,
                    "id",
                    "duplicate-id",
                    f"ID „{id_}“ on juba real {rows[id_].number}",
                    f"ID “{id_}” is already on row {rows[id_].number}",
                )
            elif id_ in taken:
                et, en = taken[id_]
                self.fail(
                    row,
                    "id",
                    "id-in-use",
                    f"ID „{id_}“ kuulub juba: {et}",
                    f"ID “{id_}” already belongs to {en}",
                )
            else:
                rows[id_] = row
        self.position_rows = rows
        old = {p.id: p for p in base.positions}
        ids = (
            list(rows) if self.mode is Mode.REPLACE else [*old, *(i for i in rows if i not in old)]
        )
        catalogue = Catalogue("ametikoht", "position")
        for i in ids:
            catalogue.add(
                i, old[i].title if i in old else None, rows[i].get("title") if i in rows else None
            )
        out: list[Position] = []
        for id_ in ids:
            found_row = rows.get(id_)
            if found_row is None:
                out.append(old[id_])
                continue
            row = found_row
            fields: dict[str, Any] = {}
            for key, default in (
                ("title", None),
                ("unit", None),
                ("service", ServiceType.OFFICIAL),
                ("anti_corruption_official", False),
                ("seats", 1),
                ("reports_to", None),
                ("abolished", None),
            ):
                if not _column(table, key):
                    continue  # the sheet lacks the column: the registry's value stays
                found = row.get(key)
                if key in ("unit", "reports_to") and found is not None:
                    try:
                        found = (units if key == "unit" else catalogue).resolve(found)
                    except CellError as e:
                        self.fail_cell(row, key, e)
                        found = None
                fields[key] = default if found is None else found
            if fields.get("reports_to") == id_:
                self.fail(
                    row,
                    "reports_to",
                    "self-report",
                    "ametikoht ei saa alluda iseendale",
                    "a position cannot report to itself",
                )
            if id_ in old:
                out.append(msgspec.structs.replace(old[id_], **fields))
            else:
                out.append(Position(id=id_, **fields))
        return out

    # --- people and assignments -----------------------------------------------------------

    def people(self, positions: list[Position]) -> list[Person]:
        base = self.base
        table = self.tables.get(L.PEOPLE.key)
        catalogue = Catalogue("ametikoht", "position")
        old_titles = {p.id: p.title for p in base.positions}
        for p in positions:
            catalogue.add(p.id, p.title, old_titles.get(p.id))
        if table is None:
            return list(base.people)
        if _column(table, "position") and not _column(table, "from"):
            self.problems.append(
                problem(
                    "missing-column",
                    "veerg „Alates“ puudub: ametikohal olek vajab algust",
                    "the column “From” is missing: an assignment needs its start",
                    table.name,
                    1,
                )
            )
            return list(base.people)
        taken = {p.id for p in positions} | {u.id for u in base.units}
        taken |= {a.id for a in base.agencies} | {base.municipality.id}
        groups: dict[str, list[Row]] = {}
        for row in table.rows:
            id_ = row.get("id")
            if id_ is None:
                continue  # reported already: required, or not an ID
            if id_ in taken:
                self.fail(
                    row,
                    "id",
                    "id-in-use",
                    f"ID „{id_}“ on juba ametikoha või üksuse oma",
                    f"ID “{id_}” already belongs to a position or unit",
                )
                continue
            groups.setdefault(id_, []).append(row)
        old = {p.id: p for p in base.people}
        out: dict[str, Person] = {} if self.mode is Mode.REPLACE else dict(old)
        for id_, rows in groups.items():
            first = rows[0]
            self.person_rows[id_] = first
            for row in rows[1:]:
                for key, et, en in (
                    ("name", "nimi", "name"),
                    ("personal_code", "isikukood", "personal code"),
                ):
                    if _column(table, key) and row.get(key) != first.get(key):
                        self.fail(
                            row,
                            key,
                            "inconsistent-person",
                            f"sama ID-ga isikul on real {first.number} teine {et}",
                            f"the person with this ID has another {en} on row {first.number}",
                        )
            assignments = self._assignments(id_, rows, catalogue)
            person = old.get(id_)
            fields: dict[str, Any] = {"name": first.get("name")}
            if _column(table, "personal_code"):
                fields["personal_code"] = first.get("personal_code")
            if _column(table, "position"):
                if self.mode is Mode.MERGE and person is not None:
                    kept = {(a.position, a.start): a for a in person.assignments}
                    kept.update({(a.position, a.start): a for a in assignments})
                    assignments = list(kept.values())
                fields["assignments"] = sorted(
                    assignments, key=lambda a: (a.start, a.position, a.end or a.start)
                )
            if person is None:
                out[id_] = Person(id=id_, **fields)
            else:
                out[id_] = msgspec.structs.replace(person, **fields)
        if self.mode is Mode.REPLACE:
            # Kept people stay where they were in the registry, new ones follow in sheet order.
            order = [p.id for p in base.people if p.id in out] + [i for i in out if i not in old]
            return [out[i] for i in order]
        return list(out.values())

    def _assignments(self, person: str, rows: list[Row], catalogue: Catalogue) -> list[Assignment]:
        found: list[Assignment] = []
        for row in rows:
            text, start, end = row.get("position"), row.get("from"), row.get("to")
            if text is None:
                if start is not None or end is not None:
                    self.fail(
                        row,
                        "position",
                        "required",
                        "„Ametikoht“ on kohustuslik, kui „Alates“ või „Kuni“ on täidetud",
                        "“Position” is required when “From” or “To” is given",
                    )
                continue
            try:
                position = catalogue.resolve(text)
            except CellError as e:
                self.fail_cell(row, "position", e)
                continue
            if start is None:
                self.fail(row, "from", "required", "„Alates“ on kohustuslik", "“From” is required")
                continue
            if end is not None and end < start:
                self.fail(
                    row,
                    "to",
                    "ends-before-start",
                    f"lõpeb ({dates.numeric(end)}) enne algust ({dates.numeric(start)})",
                    f"ends ({end}) before it starts ({start})",
                )
                continue
            key = (person, position, start)
            if key in self.assignment_rows:
                self.fail(
                    row,
                    "position",
                    "duplicate-row",
                    f"sama ametikoht ja algus on juba real {self.assignment_rows[key].number}",
                    f"the same position and start are already on row "
                    f"{self.assignment_rows[key].number}",
                )
                continue
            self.assignment_rows[key] = row
            found.append(Assignment(position=position, start=start, end=end))
        return found

    # --- absences -------------------------------------------------------------------------

    def absences(self, people: list[Person]) -> list[Person]:
        table = self.tables.get(L.ABSENCES.key)
        if table is None:
            return people
        catalogue = Catalogue("isik", "person")
        old_people = {p.id: p for p in self.base.people}
        old_names = {p.id: p.name for p in self.base.people}
        for p in people:
            catalogue.add(p.id, p.name, old_names.get(p.id))
        rows: dict[str, list[tuple[Row, Absence]]] = defaultdict(list)
        for row in table.rows:
            if row.get("person") is None:
                continue  # reported already: required, or unreadable
            try:
                who = catalogue.resolve(row.get("person"))
            except CellError as e:
                self.fail_cell(row, "person", e)
                continue
            start, end, kind = row.get("from"), row.get("to"), row.get("kind")
            if start is None or end is None or kind is None:
                continue  # reported as required or unreadable already
            if end < start:
                self.fail(
                    row,
                    "to",
                    "ends-before-start",
                    f"lõpeb ({dates.numeric(end)}) enne algust ({dates.numeric(start)})",
                    f"ends ({end}) before it starts ({start})",
                )
                continue
            rows[who].append((row, Absence(start=start, end=end, kind=kind)))
        out: list[Person] = []
        for person in people:
            from_sheet = rows.get(person.id, [])
            kept: list[tuple[Row | None, Absence]] = []
            if self.mode is Mode.MERGE:
                starts = {a.start for _, a in from_sheet}
                kept = [(None, a) for a in person.absences if a.start not in starts]
            listed = sorted([*kept, *from_sheet], key=lambda t: (t[1].start, t[1].end, t[1].kind))
            base = old_people.get(person.id)
            self._overlaps(listed, base.absences if base else [])
            for row, a in from_sheet:
                self.absence_rows[(person.id, a.start, a.end, a.kind)] = row
            if from_sheet or self.mode is Mode.REPLACE:
                person = msgspec.structs.replace(person, absences=[a for _, a in listed])
            out.append(person)
        return out

    def _overlaps(self, listed: list[tuple[Row | None, Absence]], known: list[Absence]) -> None:
        """Two absences of one kind on the same days are one entered twice: an error.

        Only where the workbook brings one of them: overlaps the registry already holds (the
        registry allows them) are left as they are, so export then read always works. Sorted
        by start, an absence overlaps an earlier one of its kind exactly when it starts before
        the furthest end so far: one pass per kind.
        """
        held = Counter((a.start, a.end, a.kind) for a in known)  # what the registry holds
        seen: Counter[tuple[dt.date, dt.date, AbsenceKind]] = Counter()
        fresh: list[bool] = []  # per listed absence: not in the registry (beyond its copies)
        for _, a in listed:
            key = (a.start, a.end, a.kind)
            fresh.append(seen[key] >= held[key])
            seen[key] += 1
        furthest: dict[AbsenceKind, tuple[Row | None, Absence, bool]] = {}
        for (row, a), is_fresh in zip(listed, fresh, strict=True):
            before = furthest.get(a.kind)
            new = is_fresh or (before is not None and before[2])
            if before is not None and before[1].end >= a.start and new and (row or before[0]):
                other_row, b, _ = before
                where, other = (row, other_row) if row else (other_row, row)
                assert where is not None
                if other is not None:
                    et, en = f"real {other.number}", f"row {other.number}"
                else:
                    span = f"{dates.numeric(b.start)}–{dates.numeric(b.end)}"
                    et, en = f"registris olevaga ({span})", f"the registry's ({span})"
                self.fail(
                    where,
                    "from",
                    "overlap",
                    f"kattub sama liiki puudumisega {et}",
                    f"overlaps an absence of the same kind on {en}",
                )
            if before is None or a.end > before[1].end:
                furthest[a.kind] = (row, a, is_fresh)


def _column(table: Table, key: str) -> bool:
    return key in table.columns


def apply(tables: dict[str, Table], base: Registry, mode: Mode) -> Registry:
    """The registry the rows make of `base`; raises SheetError with every problem."""
    builder = _Builder(tables, base, mode)
    positions = builder.positions()
    people = builder.absences(builder.people(positions))
    result = msgspec.structs.replace(base, positions=positions, people=people)
    problems = [*_removed_in_use(builder, base, result), *builder.problems]
    if problems:
        raise SheetError(problems)
    problems = _traced(builder, result)
    if problems:
        raise SheetError(problems)
    return result


def _removed_in_use(builder: _Builder, base: Registry, result: Registry) -> list[SheetProblem]:
    """Positions the sheet drops that still have job descriptions: abolish, do not delete."""
    table = builder.tables.get(L.POSITIONS.key)
    if table is None:
        return []
    kept = {p.id for p in result.positions}
    described = {d.position for d in base.job_descriptions}
    return [
        problem(
            "removed-in-use",
            f"ametikohal „{p.title}“ ({p.id}) on ametijuhend, teda ei saa lehelt kustutada; "
            "märgi talle hoopis „Kaotatud alates“",
            f"the position “{p.title}” ({p.id}) has a job description and cannot be deleted; "
            "give it an “Abolished from” date instead",
            table.name,
        )
        for p in base.positions
        if p.id not in kept and p.id in described
    ]


_PATH = re.compile(
    r"^(?P<what>positions|people)\[(?P<i>\d+)\]"
    r"(?:\.(?P<list>assignments|absences)\[(?P<j>\d+)\])?(?:\.(?P<field>\w+))?"
)


def _traced(builder: _Builder, result: Registry) -> list[SheetProblem]:
    """The registry checks' problems, at the cells that caused them where a sheet did."""
    found = [(p.path, p.message, estonian(p.message)) for p in check(result)]
    found += [(p.path, p.message_en, p.message_et) for p in establishments.validate(result)]
    out: list[SheetProblem] = []
    seen: set[tuple[str, str]] = set()
    for path, en, et in found:
        if (path, en) in seen:
            continue
        seen.add((path, en))
        located = _locate(builder, result, path)
        if located is None:
            out.append(problem("registry", f"{path}: {et}", f"{path}: {en}"))
            continue
        row, key = located
        out.append(builder.at(row, key, "registry", et, en))
    return out


def _locate(builder: _Builder, result: Registry, path: str) -> tuple[Row, str | None] | None:
    match = _PATH.match(path)
    if match is None:
        return None
    i = int(match["i"])
    field = match["field"]
    if match["what"] == "positions":
        if i >= len(result.positions):
            return None
        row = builder.position_rows.get(result.positions[i].id)
        return (row, field) if row else None
    if i >= len(result.people):
        return None
    person = result.people[i]
    if match["list"] is None:
        row = builder.person_rows.get(person.id)
        return (row, field) if row else None
    j = int(match["j"])
    if match["list"] == "assignments":
        if j >= len(person.assignments):
            return None
        a = person.assignments[j]
        row = builder.assignment_rows.get((person.id, a.position, a.start))
        return (row, field or "position") if row else None
    if j >= len(person.absences):
        return None
    b = person.absences[j]
    row = builder.absence_rows.get((person.id, b.start, b.end, b.kind))
    return (row, field or "from") if row else None
