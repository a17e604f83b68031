"""Who sees and changes what, inside one municipality.

- admin: everything, everywhere;
- HR: everything in the municipalities they are given;
- manager: the units they are given and the units below them, the positions in those units,
  the people holding those positions (with their absences, without personal codes); may edit
  those positions (substitution rules) and those people's absences;
- employee: their own person and position(s), and the approved versions of their positions'
  job descriptions; nothing of other people.

Anything outside the view is answered 404, exactly like something that does not exist.
"""

from dataclasses import dataclass
from enum import StrEnum

import msgspec

from roles import domain
from roles.api.services.workspace import Snapshot


class Role(StrEnum):
    ADMIN = "admin"
    HR = "hr"
    MANAGER = "manager"
    EMPLOYEE = "employee"


class Caller(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    role: Role
    municipalities: frozenset[str] = frozenset()  # HR
    units: frozenset[tuple[str, str]] = frozenset()  # manager: (municipality, unit)
    person: str | None = None  # employee
    csrf: str | None = None  # set when the caller came with a session cookie


_ALL: frozenset[str] = frozenset()


@dataclass(frozen=True)
class View:
    everything: bool = False
    units: frozenset[str] = _ALL
    positions: frozenset[str] = _ALL
    people: frozenset[str] = _ALL
    private: frozenset[str] = _ALL  # people whose absences show
    codes: frozenset[str] = _ALL  # people whose personal codes show
    edit_positions: frozenset[str] = _ALL
    edit_absences: frozenset[str] = _ALL
    drafts: bool = False

    def unit(self, id_: str) -> bool:
        return self.everything or id_ in self.units

    def position(self, id_: str) -> bool:
        return self.everything or id_ in self.positions

    def person(self, id_: str) -> bool:
        return self.everything or id_ in self.people

    def agency(self, snap: Snapshot, id_: str) -> bool:
        return self.everything or any(snap.units[u].agency == id_ for u in self.units)

    def description(self, d: domain.JobDescription) -> bool:
        if not self.position(d.position):
            return False
        return self.drafts or d.status is not domain.JobDescriptionStatus.DRAFT

    def may_edit_position(self, id_: str) -> bool:
        return self.everything or id_ in self.edit_positions

    def may_edit_absences(self, id_: str) -> bool:
        return self.everything or id_ in self.edit_absences

    def redact(self, person: domain.Person) -> domain.Person:
        if self.everything:
            return person
        code = person.personal_code if person.id in self.codes else None
        absences = person.absences if person.id in self.private else []
        qualifications = person.qualifications if person.id in self.private else None
        if (code, absences, qualifications) == (
            person.personal_code,
            person.absences,
            person.qualifications,
        ):
            return person
        return msgspec.structs.replace(
            person, personal_code=code, absences=absences, qualifications=qualifications
        )


FULL = View(everything=True, drafts=True)


def view(caller: Caller, snap: Snapshot) -> View | None:
    """What the caller may see of this municipality; None = nothing (answered 404)."""
    key = ("view", caller.id, caller.role, caller.municipalities, caller.units, caller.person)
    if key in snap.memo:
        found: View | None = snap.memo[key]
        return found
    made = _make(caller, snap)
    snap.memo[key] = made
    return made


def _make(caller: Caller, snap: Snapshot) -> View | None:
    mid = snap.id
    if caller.role is Role.ADMIN:
        return FULL
    if caller.role is Role.HR:
        return FULL if mid in caller.municipalities else None
    if caller.role is Role.MANAGER:
        roots = {u for m, u in caller.units if m == mid and u in snap.units}
        if not roots:
            return None
        children: dict[str, list[str]] = {}
        for unit in snap.registry.units:
            if unit.parent is not None:
                children.setdefault(unit.parent, []).append(unit.id)
        units: set[str] = set()
        stack = list(roots)
        while stack:
            u = stack.pop()
            if u not in units:
                units.add(u)
                stack.extend(children.get(u, []))
        positions = frozenset(p.id for p in snap.registry.positions if p.unit in units)
        people = frozenset(pid for p in positions for pid in snap.holders.get(p, []))
        return View(
            units=frozenset(units),
            positions=positions,
            people=people,
            private=people,
            edit_positions=positions,
            edit_absences=people,
            drafts=True,
        )
    person = snap.people.get(caller.person or "")
    if person is None:
        return None
    positions = frozenset(a.position for a in person.assignments)
    me = frozenset({person.id})
    return View(
        units=frozenset(snap.positions[p].unit for p in positions if p in snap.positions),
        positions=positions,
        people=me,
        private=me,
        codes=me,
    )
