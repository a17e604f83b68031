"""Who sees and changes what, inside one municipality.

- admin: everything, everywhere;
- HR: everything in the municipalities they are given;
- manager: the units they are given and the units below them, the positions in those units,
  the people holding those positions (with their absences, without personal codes); may edit
  those positions (substitution rules) and those people's absences;
- employee: their own person and position(s), and the approved versions of their positions'
  job descriptions; nothing of other people.

Anything outside the view is answered 404, exactly like something that does not exist. The
rules that make a caller's view of a snapshot are in `services.views`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import msgspec

from roles import domain


class Role(StrEnum):
    ADMIN = "admin"
    HR = "hr"
    MANAGER = "manager"
    EMPLOYEE = "employee"


class Caller(msgspec.Struct, frozen=True, kw_only=True):
    id: int | None  # the user's; None for the service itself (`system`)
    name: str
    role: Role
    municipalities: frozenset[str] = frozenset()  # HR
    units: frozenset[tuple[str, str]] = frozenset()  # manager: (municipality, unit)
    person: str | None = None  # employee
    csrf: str | None = None  # set when the caller came with a session cookie
    session: int | None = None  # that session's id (logout, password change)


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

    def agency(self, units: Mapping[str, domain.Unit], id_: str) -> bool:
        return self.everything or any(units[u].agency == id_ for u in self.units)

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


def system(name: str) -> Caller:
    """The service itself acting, not a person: the command line, seeding an empty database.
    It sees and changes everything; its audit entries carry `name` ("cli", "serve")."""
    return Caller(id=None, name=name, role=Role.ADMIN)
