"""The staff establishment (*teenistuskohtade koosseis*): an agency's official list of posts.

A municipality's council or government approves, by an act it publishes, which posts each unit
of an agency has: per unit the title of each post, how many there are, whether they are
officials' or employees' posts and whether the anti-corruption act's restrictions apply. The
list changes by new acts, so it is kept as numbered versions, each with the date it came into
force; a version without an act is a draft (a proposal, never in force).

Registry key `establishments` (see docs/establishment.md). Pure: types, look-ups, building a
version from the registry's positions, comparing two versions, and `check`, which the registry
checks call. Messages are in Estonian and English.

The types themselves live in `model` beside the other registry types (the registry holds
them); this module holds what is done with them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from enum import StrEnum

import msgspec

from roles.domain.model import (
    Act,
    ActKind,
    Establishment,
    EstablishmentPost,
    EstablishmentUnit,
    Position,
    Registry,
    ServiceType,
    Unit,
)
from roles.domain.problem import Problem

__all__ = [
    "Act",
    "ActKind",
    "Establishment",
    "EstablishmentPost",
    "EstablishmentProblem",
    "EstablishmentUnit",
    "PostChange",
    "PostChangeKind",
    "build",
    "check",
    "compare",
    "estonian_key",
    "in_force",
    "validate",
    "versions",
]


def versions(registry: Registry, agency: str) -> list[Establishment]:
    """An agency's versions, oldest first (by version number)."""
    return sorted((e for e in registry.establishments if e.agency == agency), key=_version)


def in_force(registry: Registry, agency: str, day: dt.date) -> Establishment | None:
    """The version in force on `day`: the approved one that came into force last, on or before."""
    found = [
        e
        for e in registry.establishments
        if e.agency == agency and e.act is not None and e.in_force <= day
    ]
    return max(found, key=lambda e: (e.in_force, e.version)) if found else None


def _version(e: Establishment) -> int:
    return e.version


# --- building a version from the registry -------------------------------------------------


def build(
    registry: Registry,
    agency: str,
    on: dt.date,
    *,
    version: int | None = None,
    in_force: dt.date | None = None,
    act: Act | None = None,
) -> Establishment:
    """A version listing the agency's positions that exist on `on`, as the registry holds them.

    Units come in tree order (siblings by name), posts within a unit with the heads first (by
    depth in the reporting lines), then by title; positions of one title, service type and
    anti-corruption duty in one unit make one line whose count is their seats. Units without
    positions are left out. `version` defaults to one past the agency's newest, `in_force` to
    `on`. Raises ValueError for an unknown agency.
    """
    if agency not in {a.id for a in registry.agencies}:
        raise ValueError(f"unknown agency {agency!r}")
    units = [u for u in registry.units if u.agency == agency]
    children: dict[str | None, list[str]] = defaultdict(list)
    ids = {u.id for u in units}
    for u in sorted(units, key=lambda u: (estonian_key(u.name), u.id)):
        children[u.parent if u.parent in ids else None].append(u.id)
    order: list[str] = []
    stack = list(reversed(children[None]))
    seen: set[str] = set()
    while stack:
        unit_id = stack.pop()
        if unit_id in seen:  # a cycle: `check` reports it; build does not loop
            continue
        seen.add(unit_id)
        order.append(unit_id)
        stack.extend(reversed(children[unit_id]))
    names = {u.id: u.name for u in units}
    positions_by_id = {p.id: p for p in registry.positions}
    by_unit: dict[str, list[Position]] = defaultdict(list)
    for p in registry.positions:
        if p.unit in ids and p.exists_on(on):
            by_unit[p.unit].append(p)
    out_units: list[EstablishmentUnit] = []
    for unit_id in order:
        own = sorted(
            by_unit.get(unit_id, []),
            key=lambda p: (_depth(p, positions_by_id), estonian_key(p.title), p.id),
        )
        lines: dict[tuple[str, ServiceType, bool], list[Position]] = {}
        for p in own:
            lines.setdefault((p.title, p.service, p.anti_corruption_official), []).append(p)
        posts = [
            EstablishmentPost(
                title=title,
                count=sum(p.seats for p in group),
                service=service,
                anti_corruption_official=anti_corruption,
                positions=[p.id for p in group],
            )
            for (title, service, anti_corruption), group in lines.items()
        ]
        if posts:
            out_units.append(EstablishmentUnit(name=names[unit_id], unit=unit_id, posts=posts))
    if version is None:
        version = max((e.version for e in registry.establishments if e.agency == agency), default=0)
        version += 1
    return Establishment(
        agency=agency, version=version, in_force=in_force or on, act=act, units=out_units
    )


def _depth(position: Position, positions: dict[str, Position]) -> int:
    """How many reporting steps up stay within the position's own unit: heads come first."""
    depth = 0
    seen = {position.id}
    up = positions.get(position.reports_to) if position.reports_to else None
    while up is not None and up.unit == position.unit and up.id not in seen:
        seen.add(up.id)
        depth += 1
        up = positions.get(up.reports_to) if up.reports_to else None
    return depth


# Estonian alphabetical order: a b c d e f g h i j k l m n o p q r s š z ž t u v w õ ä ö ü x y
_ALPHABET = "abcdefghijklmnopqrsšzžtuvwõäöüxy"
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}


def estonian_key(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key in Estonian alphabetical order (š, z, ž before t; õ, ä, ö, ü after w)."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return tuple((_RANK.get(c, 1000 + ord(c) if c.isalpha() else 100 + ord(c)), c) for c in folded)


# --- comparing two versions ---------------------------------------------------------------


class PostChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"  # the count, service type or anti-corruption duty


class PostChange(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """How one line differs between two versions (units matched by id, else by name)."""

    kind: PostChangeKind
    unit: str  # the unit's name
    title: str
    before: EstablishmentPost | None = None
    after: EstablishmentPost | None = None

    def message(self, language: str) -> str:
        et = language == "et"
        if self.kind is PostChangeKind.ADDED:
            assert self.after is not None
            return (
                f"{self.unit}: lisandub „{self.title}“ ({self.after.count})"
                if et
                else f"{self.unit}: “{self.title}” added ({self.after.count})"
            )
        if self.kind is PostChangeKind.REMOVED:
            assert self.before is not None
            return (
                f"{self.unit}: kaob „{self.title}“ ({self.before.count})"
                if et
                else f"{self.unit}: “{self.title}” removed ({self.before.count})"
            )
        assert self.before is not None and self.after is not None
        parts: list[str] = []
        b, a = self.before, self.after
        if b.count != a.count:
            parts.append(f"{b.count} → {a.count}")
        if b.service is not a.service:
            parts.append(f"{_service(b.service, language)} → {_service(a.service, language)}")
        if b.anti_corruption_official != a.anti_corruption_official:
            on = "ametiisik" if et else "anti-corruption official"
            parts.append(
                on if a.anti_corruption_official else (f"pole {on}" if et else f"not {on}")
            )
        return (
            f"{self.unit}: „{self.title}“: " + ", ".join(parts)
            if et
            else (f"{self.unit}: “{self.title}”: " + ", ".join(parts))
        )


def _service(service: ServiceType, language: str) -> str:
    words = {
        ServiceType.OFFICIAL: ("ametnik", "official"),
        ServiceType.EMPLOYEE: ("töötaja", "employee"),
    }
    et, en = words[service]
    return et if language == "et" else en


def compare(before: Establishment, after: Establishment) -> list[PostChange]:
    """Lines added, removed or changed from `before` to `after`, in `after`'s order.

    A line is known by its unit (registry id, else name) and title; a title written twice in
    one unit (which `check` refuses) is matched in order.
    """

    def lines(e: Establishment) -> dict[tuple[str, str], tuple[str, EstablishmentPost]]:
        out: dict[tuple[str, str], tuple[str, EstablishmentPost]] = {}
        for u in e.units:
            for p in u.posts:
                out.setdefault((u.unit or f"name:{u.name}", p.title), (u.name, p))
        return out

    old, new = lines(before), lines(after)
    changes: list[PostChange] = []
    for key, (unit, post) in new.items():
        found = old.get(key)
        if found is None:
            changes.append(
                PostChange(kind=PostChangeKind.ADDED, unit=unit, title=post.title, after=post)
            )
            continue
        was = found[1]
        if (was.count, was.service, was.anti_corruption_official) != (
            post.count,
            post.service,
            post.anti_corruption_official,
        ):
            changes.append(
                PostChange(
                    kind=PostChangeKind.CHANGED, unit=unit, title=post.title, before=was, after=post
                )
            )
    changes += [
        PostChange(kind=PostChangeKind.REMOVED, unit=unit, title=post.title, before=post)
        for key, (unit, post) in old.items()
        if key not in new
    ]
    return changes


# --- validation ---------------------------------------------------------------------------


class EstablishmentProblem(msgspec.Struct, frozen=True, kw_only=True):
    """What is wrong with the `establishments` of a registry, where (path in the file) and why."""

    code: str
    path: str
    message_et: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_et if language == "et" else self.message_en

    def problem(self, language: str = "en") -> Problem:
        return Problem(self.path, self.message(language))


def check(registry: Registry, language: str = "en") -> list[Problem]:
    """`validate` as the registry checks report problems: path and message."""
    return [p.problem(language) for p in validate(registry)]


def validate(registry: Registry) -> list[EstablishmentProblem]:
    """Every problem of the registry's establishments, each with a code and both languages.

    References (units, positions) are checked in the versions that can still change what is in
    force: drafts and each agency's newest approved version. Older approved versions are the
    record of published acts: what they name may since have been removed.
    """
    return list(_validate(registry))


def _p(code: str, path: str, et: str, en: str) -> EstablishmentProblem:
    return EstablishmentProblem(code=code, path=path, message_et=et, message_en=en)


def _validate(r: Registry) -> Iterator[EstablishmentProblem]:
    agencies = {a.id for a in r.agencies}
    units = {u.id: u for u in r.units}
    positions = {p.id: p for p in r.positions}
    by_agency: dict[str, list[tuple[int, Establishment]]] = defaultdict(list)
    for i, e in enumerate(r.establishments):
        at = f"establishments[{i}]"
        if e.agency not in agencies:
            yield _p(
                "unknown-agency",
                f"{at}.agency",
                f"tundmatu ametiasutus {e.agency!r}",
                f"unknown agency {e.agency!r}",
            )
            continue
        by_agency[e.agency].append((i, e))
        if e.act is not None and e.in_force < e.act.date:
            yield _p(
                "in-force-before-act",
                f"{at}.in_force",
                f"jõustub ({e.in_force}) enne akti vastuvõtmist ({e.act.date})",
                f"comes into force ({e.in_force}) before its act was adopted ({e.act.date})",
            )
        if not e.units:
            yield _p(
                "empty",
                f"{at}.units",
                "koosseisus pole ühtki struktuuriüksust",
                "the establishment lists no units",
            )
        names: dict[str, int] = {}
        linked: dict[str, int] = {}
        for j, u in enumerate(e.units):
            uat = f"{at}.units[{j}]"
            key = u.unit or f"name:{u.name.casefold()}"
            if key in names:
                yield _p(
                    "unit-twice",
                    f"{uat}.{'unit' if u.unit else 'name'}",
                    f"struktuuriüksus on koosseisus juba units[{names[key]}] all",
                    f"the unit is already listed at units[{names[key]}]",
                )
            names.setdefault(key, j)
            if not u.posts:
                yield _p(
                    "empty-unit",
                    f"{uat}.posts",
                    "struktuuriüksusel pole ühtki teenistuskohta",
                    "the unit lists no posts",
                )
            lines: dict[tuple[str, ServiceType, bool], int] = {}
            for k, post in enumerate(u.posts):
                pat = f"{uat}.posts[{k}]"
                line = (post.title.casefold(), post.service, post.anti_corruption_official)
                if line in lines:
                    yield _p(
                        "post-twice",
                        f"{pat}.title",
                        f"„{post.title}“ on selles üksuses juba posts[{lines[line]}] all",
                        f"“{post.title}” is already listed in this unit at posts[{lines[line]}]",
                    )
                lines.setdefault(line, k)
                for m, pid in enumerate(post.positions):
                    if pid in linked:
                        yield _p(
                            "position-twice",
                            f"{pat}.positions[{m}]",
                            f"ametikoht {pid!r} on selles versioonis juba teisel real",
                            f"position {pid!r} is already on another line of this version",
                        )
                    linked.setdefault(pid, k)
    for agency, items in by_agency.items():
        approved = sorted(((e.in_force, e.version, i) for i, e in items if e.act is not None))
        drafts = [(e.version, i) for i, e in items if e.act is None]
        numbers: dict[int, int] = {}
        for i, e in items:
            if e.version in numbers:
                yield _p(
                    "version-twice",
                    f"establishments[{i}].version",
                    f"ametiasutuse {agency!r} koosseisu versioon {e.version} on kaks korda",
                    f"version {e.version} of {agency!r}'s establishment appears twice",
                )
            numbers.setdefault(e.version, i)
        for (day, _, _), (same_day, _, i) in itertools.pairwise(approved):
            if day == same_day:
                yield _p(
                    "in-force-twice",
                    f"establishments[{i}].in_force",
                    f"kaks kinnitatud versiooni jõustuvad samal päeval ({day})",
                    f"two approved versions come into force on the same day ({day})",
                )
        newest = 0
        for _, version, i in approved:
            if version < newest:
                yield _p(
                    "version-order",
                    f"establishments[{i}].version",
                    f"versioon {version} jõustub hiljem kui uuem versioon {newest}",
                    f"version {version} comes into force after the newer version {newest}",
                )
            newest = max(newest, version)
        for _, i in sorted(drafts)[1:]:
            yield _p(
                "draft-twice",
                f"establishments[{i}].act",
                f"ametiasutusel {agency!r} on mitu kinnitamata koosseisu",
                f"{agency!r} has more than one draft establishment",
            )
        for version, i in drafts:
            if version < newest:
                yield _p(
                    "draft-older",
                    f"establishments[{i}].version",
                    f"kinnitamata versioon {version} on vanem kui kinnitatud versioon {newest}",
                    f"draft version {version} is older than approved version {newest}",
                )
        current = {i for _, i in drafts}
        if approved:
            current.add(max(approved, key=lambda t: t[1])[2])
        for i in sorted(current):
            yield from _references(r.establishments[i], f"establishments[{i}]", units, positions)


def _references(
    e: Establishment, at: str, units: dict[str, Unit], positions: dict[str, Position]
) -> Iterator[EstablishmentProblem]:
    for j, u in enumerate(e.units):
        uat = f"{at}.units[{j}]"
        unit = units.get(u.unit) if u.unit else None
        if u.unit is not None:
            if unit is None:
                yield _p(
                    "unknown-unit",
                    f"{uat}.unit",
                    f"tundmatu struktuuriüksus {u.unit!r}",
                    f"unknown unit {u.unit!r}",
                )
            elif unit.agency != e.agency:
                yield _p(
                    "unit-of-other-agency",
                    f"{uat}.unit",
                    f"struktuuriüksus {u.unit!r} kuulub ametiasutusse {unit.agency!r}",
                    f"unit {u.unit!r} belongs to agency {unit.agency!r}",
                )
        for k, post in enumerate(u.posts):
            for m, pid in enumerate(post.positions):
                path = f"{uat}.posts[{k}].positions[{m}]"
                found = positions.get(pid)
                if found is None:
                    yield _p(
                        "unknown-position",
                        path,
                        f"tundmatu ametikoht {pid!r}",
                        f"unknown position {pid!r}",
                    )
                elif u.unit is not None and found.unit != u.unit:
                    yield _p(
                        "position-in-other-unit",
                        path,
                        f"ametikoht {pid!r} on struktuuriüksuses {found.unit!r}",
                        f"position {pid!r} is in unit {found.unit!r}",
                    )
                elif found.abolished is not None and found.abolished <= e.in_force:
                    yield _p(
                        "abolished-position",
                        path,
                        f"ametikoht {pid!r} on kaotatud alates {found.abolished}",
                        f"position {pid!r} is abolished from {found.abolished}",
                    )
