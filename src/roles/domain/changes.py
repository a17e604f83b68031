"""What loading a registry would change: entities added, removed and changed, for a preview.

Pure: compares two registries of one municipality (the one stored and the one about to replace
it) and lists, per entity, what happens to it, named as people know it (titles, names, dates),
with the keys whose values change. The spreadsheet import and the registry upload show this
before anything is written.

Entities are matched by id; assignments by person, position and start; absences by person and
exact dates, then by person and start (a moved end date is a change, not a removal and an
addition); job descriptions by position and version; establishments by agency and version.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from enum import StrEnum
from typing import Any

import msgspec

from roles.domain import dates
from roles.domain.model import Absence, AbsenceKind, Assignment, Person, Registry

__all__ = [
    "Change",
    "ChangeKind",
    "Entity",
    "changes",
    "counts",
    "field_name",
]


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class Entity(StrEnum):
    MUNICIPALITY = "municipality"
    AGENCY = "agency"
    UNIT = "unit"
    POSITION = "position"
    PERSON = "person"
    ASSIGNMENT = "assignment"
    ABSENCE = "absence"
    JOB_DESCRIPTION = "job_description"
    ESTABLISHMENT = "establishment"


_ENTITY_WORDS: dict[Entity, tuple[str, str]] = {
    Entity.MUNICIPALITY: ("Omavalitsus", "Municipality"),
    Entity.AGENCY: ("Ametiasutus", "Agency"),
    Entity.UNIT: ("Struktuuriüksus", "Unit"),
    Entity.POSITION: ("Ametikoht", "Position"),
    Entity.PERSON: ("Isik", "Person"),
    Entity.ASSIGNMENT: ("Ametikohal", "Assignment"),
    Entity.ABSENCE: ("Puudumine", "Absence"),
    Entity.JOB_DESCRIPTION: ("Ametijuhend", "Job description"),
    Entity.ESTABLISHMENT: ("Teenistuskohtade koosseis", "Staff establishment"),
}
_KIND_WORDS: dict[ChangeKind, tuple[str, str]] = {
    ChangeKind.ADDED: ("lisandub", "added"),
    ChangeKind.REMOVED: ("kaob", "removed"),
    ChangeKind.CHANGED: ("muutub", "changed"),
}
_FIELD_WORDS: dict[str, tuple[str, str]] = {
    "name": ("nimi", "name"),
    "title": ("nimetus", "title"),
    "kind": ("liik", "kind"),
    "layout": ("kujundus", "layout"),
    "agency": ("ametiasutus", "agency"),
    "head_title": ("juhi ametinimetus", "head's title"),
    "parent": ("ülemüksus", "parent unit"),
    "unit": ("struktuuriüksus", "unit"),
    "service": ("teenistuse liik", "service type"),
    "anti_corruption_official": ("ametiisik", "anti-corruption official"),
    "seats": ("kohtade arv", "seats"),
    "reports_to": ("vahetu juht", "reports to"),
    "abolished": ("kaotamise kuupäev", "abolished"),
    "substitutes": ("asendajad", "substitutes"),
    "substitutes_for": ("keda asendab", "substitutes for"),
    "personal_code": ("isikukood", "personal code"),
    "sample": ("näidisandmed", "sample data"),
    "qualifications": ("kvalifikatsioon", "qualifications"),
    "to": ("lõpp", "end"),
    "status": ("staatus", "status"),
    "language": ("keel", "language"),
    "approval": ("kinnitamine", "approval"),
    "control": ("dokumendi andmed", "document control"),
    "sections": ("sisu", "content"),
    "requirements": ("nõuded", "requirements"),
    "tools": ("töövahendid", "work tools"),
    "systems": ("infosüsteemid", "information systems"),
    "signatures": ("allkirjad", "signatures"),
    "in_force": ("jõustumine", "in force from"),
    "act": ("akt", "act"),
    "units": ("struktuuriüksused ja kohad", "units and posts"),
}
_ABSENCE_WORDS: dict[AbsenceKind, tuple[str, str]] = {
    AbsenceKind.VACATION: ("puhkus", "vacation"),
    AbsenceKind.SICK: ("haigusleht", "sick leave"),
    AbsenceKind.TRAINING: ("koolitus", "training"),
    AbsenceKind.TRIP: ("lähetus", "business trip"),
    AbsenceKind.OTHER: ("muu", "other"),
}


def field_name(key: str, language: str) -> str:
    """A registry key as people call it ("seats" → "kohtade arv")."""
    words = _FIELD_WORDS.get(key)
    if words is None:
        return key
    return words[0] if language == "et" else words[1]


class Change(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One entity added, removed or changed; the optional fields name it for people."""

    entity: Entity
    kind: ChangeKind
    key: str  # the id, or what identifies it: "voru-p01/voru-sts/2024-02-01"
    name: str  # title, name, or the person's name for assignments and absences
    fields: list[str] = []  # changed: the registry keys whose values change
    position: str | None = None  # assignments, job descriptions: the position's title
    start: dt.date | None = None  # assignments, absences, establishments (in force)
    end: dt.date | None = None
    absence: AbsenceKind | None = None
    version: int | None = None  # job descriptions, establishments

    def message(self, language: str) -> str:
        """One line for a preview: "Ametikoht lisandub: sotsiaalteenuste spetsialist (voru-sts)"."""
        et = language == "et"
        what = _ENTITY_WORDS[self.entity][0 if et else 1]
        verb = _KIND_WORDS[self.kind][0 if et else 1]
        text = f"{what} {verb}: {self._subject(language)}"
        if self.fields:
            listed = ", ".join(field_name(f, language) for f in self.fields)
            text += f" ({'muutub' if et else 'changes'}: {listed})"
        return text

    def _subject(self, language: str) -> str:
        et = language == "et"
        if self.entity is Entity.ASSIGNMENT:
            return f"{self.name}, {self.position} {self._span(language)}"
        if self.entity is Entity.ABSENCE:
            assert self.absence is not None
            kind = _ABSENCE_WORDS[self.absence][0 if et else 1]
            return f"{self.name}, {kind} {self._span(language)}"
        if self.entity is Entity.JOB_DESCRIPTION:
            return f"{self.position}, {'versioon' if et else 'version'} {self.version}"
        if self.entity is Entity.ESTABLISHMENT:
            return f"{self.name}, {'versioon' if et else 'version'} {self.version}"
        return f"{self.name} ({self.key})"

    def _span(self, language: str) -> str:
        first = dates.shown(self.start, language) if self.start else ""
        last = dates.shown(self.end, language) if self.end else ""
        return f"{first}–{last}"


def changes(before: Registry, after: Registry) -> list[Change]:
    """Everything that differs from `before` to `after`, entity by entity.

    In the order entities appear in registry files; within an entity removed, changed, then
    added, each by key.
    """
    out: list[Change] = []
    if _plain(before.municipality) != _plain(after.municipality):
        out.append(
            Change(
                entity=Entity.MUNICIPALITY,
                kind=ChangeKind.CHANGED,
                key=after.municipality.id,
                name=after.municipality.name,
                fields=_changed_fields(before.municipality, after.municipality),
            )
        )
    out += _by_key(
        Entity.AGENCY,
        {a.id: (a.name, a) for a in before.agencies},
        {a.id: (a.name, a) for a in after.agencies},
    )
    out += _by_key(
        Entity.UNIT,
        {u.id: (u.name, u) for u in before.units},
        {u.id: (u.name, u) for u in after.units},
    )
    out += _by_key(
        Entity.POSITION,
        {p.id: (p.title, p) for p in before.positions},
        {p.id: (p.title, p) for p in after.positions},
    )
    skip = ("assignments", "absences")
    out += _by_key(
        Entity.PERSON,
        {p.id: (p.name, p) for p in before.people},
        {p.id: (p.name, p) for p in after.people},
        skip=skip,
    )
    titles = {p.id: p.title for p in before.positions} | {p.id: p.title for p in after.positions}
    old_people = {p.id: p for p in before.people}
    new_people = {p.id: p for p in after.people}
    people = sorted(old_people.keys() | new_people.keys())
    assignments: list[Change] = []
    absences: list[Change] = []
    for pid in people:
        old, new = old_people.get(pid), new_people.get(pid)
        name = (new or old).name  # type: ignore[union-attr] # one of them exists
        assignments += _assignments(pid, name, old, new, titles)
        absences += _absences(pid, name, old, new)
    out += _ordered(assignments)
    out += _ordered(absences)
    out += _descriptions(before, after, titles)
    agencies = {a.id: a.name for a in before.agencies} | {a.id: a.name for a in after.agencies}
    out += _establishments(before, after, agencies)
    return out


def counts(found: Sequence[Change]) -> dict[Entity, dict[ChangeKind, int]]:
    """How many of each entity are added, removed and changed (only those with any)."""
    tally = Counter((c.entity, c.kind) for c in found)
    out: dict[Entity, dict[ChangeKind, int]] = {}
    for (entity, kind), n in tally.items():
        out.setdefault(entity, {})[kind] = n
    return out


# --- matching -----------------------------------------------------------------------------


def _plain(value: msgspec.Struct, skip: Sequence[str] = ()) -> dict[str, Any]:
    built: dict[str, Any] = msgspec.to_builtins(value)
    for key in skip:
        built.pop(key, None)
    return built


def _changed_fields(a: msgspec.Struct, b: msgspec.Struct, skip: Sequence[str] = ()) -> list[str]:
    left, right = _plain(a, skip), _plain(b, skip)
    keys = [*left, *(k for k in right if k not in left)]
    return [k for k in keys if left.get(k) != right.get(k)]


_ORDER = {ChangeKind.REMOVED: 0, ChangeKind.CHANGED: 1, ChangeKind.ADDED: 2}


def _ordered(found: list[Change]) -> list[Change]:
    return sorted(found, key=lambda c: (_ORDER[c.kind], c.key))


def _by_key(
    entity: Entity,
    before: dict[str, tuple[str, msgspec.Struct]],
    after: dict[str, tuple[str, msgspec.Struct]],
    skip: Sequence[str] = (),
) -> list[Change]:
    found: list[Change] = []
    for key, (name, _) in before.items():
        if key not in after:
            found.append(Change(entity=entity, kind=ChangeKind.REMOVED, key=key, name=name))
    for key, (name, value) in after.items():
        old = before.get(key)
        if old is None:
            found.append(Change(entity=entity, kind=ChangeKind.ADDED, key=key, name=name))
        elif _plain(old[1], skip) != _plain(value, skip):
            fields = _changed_fields(old[1], value, skip)
            found.append(
                Change(entity=entity, kind=ChangeKind.CHANGED, key=key, name=name, fields=fields)
            )
    return _ordered(found)


def _assignments(
    pid: str, name: str, old: Person | None, new: Person | None, titles: dict[str, str]
) -> Iterator[Change]:
    def keyed(person: Person | None) -> dict[tuple[str, dt.date], Assignment]:
        return {(a.position, a.start): a for a in person.assignments} if person else {}

    left, right = keyed(old), keyed(new)

    def change(kind: ChangeKind, a: Assignment, fields: list[str] | None = None) -> Change:
        return Change(
            entity=Entity.ASSIGNMENT,
            kind=kind,
            key=f"{pid}/{a.position}/{a.start.isoformat()}",
            name=name,
            position=titles.get(a.position, a.position),
            start=a.start,
            end=a.end,
            fields=fields or [],
        )

    for key, a in left.items():
        if key not in right:
            yield change(ChangeKind.REMOVED, a)
    for key, a in right.items():
        was = left.get(key)
        if was is None:
            yield change(ChangeKind.ADDED, a)
        elif was.end != a.end:
            yield change(ChangeKind.CHANGED, a, ["to"])


def _absences(pid: str, name: str, old: Person | None, new: Person | None) -> Iterator[Change]:
    left = list(old.absences) if old else []
    right = list(new.absences) if new else []
    same = [a for a in right if a in left]
    for a in same:  # equal absences, each matched once
        left.remove(a)
        right.remove(a)

    def change(kind: ChangeKind, a: Absence, fields: list[str] | None = None) -> Change:
        return Change(
            entity=Entity.ABSENCE,
            kind=kind,
            key=f"{pid}/{a.start.isoformat()}/{a.end.isoformat()}/{a.kind}",
            name=name,
            start=a.start,
            end=a.end,
            absence=a.kind,
            fields=fields or [],
        )

    for a in list(right):
        was = next((b for b in left if b.start == a.start), None)
        if was is not None:
            left.remove(was)
            right.remove(a)
            fields = [f for f in ("to", "kind") if _plain(was).get(f) != _plain(a).get(f)]
            yield change(ChangeKind.CHANGED, a, fields)
    for a in left:
        yield change(ChangeKind.REMOVED, a)
    for a in right:
        yield change(ChangeKind.ADDED, a)


def _descriptions(before: Registry, after: Registry, titles: dict[str, str]) -> list[Change]:
    left = {(d.position, d.version): d for d in before.job_descriptions}
    right = {(d.position, d.version): d for d in after.job_descriptions}
    found: list[Change] = []

    def change(kind: ChangeKind, key: tuple[str, int], fields: list[str] | None = None) -> Change:
        position, version = key
        return Change(
            entity=Entity.JOB_DESCRIPTION,
            kind=kind,
            key=f"{position}/v{version}",
            name=titles.get(position, position),
            position=titles.get(position, position),
            version=version,
            fields=fields or [],
        )

    for key in left.keys() - right.keys():
        found.append(change(ChangeKind.REMOVED, key))
    for key, d in right.items():
        was = left.get(key)
        if was is None:
            found.append(change(ChangeKind.ADDED, key))
        elif was != d:
            found.append(change(ChangeKind.CHANGED, key, _changed_fields(was, d)))
    return _ordered(found)


def _establishments(before: Registry, after: Registry, agencies: dict[str, str]) -> list[Change]:
    left = {(e.agency, e.version): e for e in before.establishments}
    right = {(e.agency, e.version): e for e in after.establishments}
    found: list[Change] = []
    for key in left.keys() | right.keys():
        was, now = left.get(key), right.get(key)
        if was == now:
            continue
        kind = (
            ChangeKind.ADDED
            if was is None
            else ChangeKind.REMOVED
            if now is None
            else ChangeKind.CHANGED
        )
        shown = now or was
        assert shown is not None
        found.append(
            Change(
                entity=Entity.ESTABLISHMENT,
                kind=kind,
                key=f"{key[0]}/v{key[1]}",
                name=agencies.get(key[0], key[0]),
                version=key[1],
                start=shown.in_force,
                fields=_changed_fields(was, now) if was is not None and now is not None else [],
            )
        )
    return _ordered(found)
