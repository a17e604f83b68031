"""Coverage findings as a caller may read them: the findings of the positions they see, each
naming only what their scope allows (issue 14, item 7).

A finding about a position the caller sees may involve others: the members of a closed loop,
the positions further down a vacant chain, the positions an overloaded substitute covers, the
position whose rule makes a statement one-sided, the person who would act. The caller may read
the positions they see and the positions those name themselves (substitution rules and whom
they report to: they read those on their own positions anyway); any other position is "a
position in another unit", any person whose absences they may not see "a holder in another
unit" — in the sentences, and as `OUTSIDE` in `positions` and `requirements[].who`.
"""

import re
from collections.abc import Iterable

import msgspec

from roles import coverage, domain
from roles.coverage.qualifications import Whose
from roles.services.access import View

OUTSIDE = "-"  # stands for a position or person outside the caller's view (never an id)
_POSITION = ("teise üksuse ametikoht", "a position in another unit")
_PERSON = ("teise üksuse töötaja", "a holder in another unit")


def outside(language: str, person: bool = False) -> str:
    """What stands for a position (or a person) outside the caller's view, in `language`."""
    et, en = _PERSON if person else _POSITION
    return et if language == "et" else en


def named(v: View, registry: domain.Registry) -> frozenset[str]:
    """The positions a caller with view `v` may read named: the ones they see, and the ones
    those name in their substitution rules and as whom they report to."""
    own = [p for p in registry.positions if v.position(p.id)]
    rules = {r.position for p in own for r in p.substitutes}
    chiefs = {p.reports_to for p in own if p.reports_to}
    return frozenset(p.id for p in own) | rules | chiefs


def seen(
    v: View, registry: domain.Registry, findings: Iterable[coverage.Finding]
) -> list[coverage.Finding]:
    """The findings of the positions the caller sees, each as they may read it."""
    mine = [f for f in findings if v.position(f.position)]
    if v.everything:
        return mine
    known = named(v, registry)
    return [_scoped(f, known, v) for f in mine]


def _scoped(f: coverage.Finding, known: frozenset[str], v: View) -> coverage.Finding:
    unmet = f.requirements or []
    positions = {p for p in f.positions or [] if p not in known} | {
        u.who for u in unmet if u.whose is Whose.POSITION and u.who not in known
    }
    people = {u.who for u in unmet if u.whose is Whose.PERSON and not v.person(u.who)}
    if not positions and not people:
        return f
    hidden = positions | people
    et, en = f.message_et, f.message_en
    for ids, (said_et, said_en) in ((positions, _POSITION), (people, _PERSON)):
        for id_ in sorted(ids, key=len, reverse=True):  # a longer id first: never a part of one
            word = re.compile(rf"(?<![\w-]){re.escape(id_)}(?![\w-])")
            et, en = word.sub(said_et, et), word.sub(said_en, en)
    return msgspec.structs.replace(
        f,
        message_et=et,
        message_en=en,
        positions=None if f.positions is None else [_as_seen(p, hidden) for p in f.positions],
        requirements=None
        if f.requirements is None
        else [msgspec.structs.replace(u, who=_as_seen(u.who, hidden)) for u in unmet],
    )


def _as_seen(id_: str, hidden: set[str]) -> str:
    return OUTSIDE if id_ in hidden else id_
