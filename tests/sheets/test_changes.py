"""The registry change summary (`domain.changes`) the upload and import previews show."""

import datetime as dt

import msgspec

from roles.domain import AbsenceKind
from roles.domain.changes import ChangeKind, Entity, changes, counts, field_name

from .workbooks import seed


def _replace_person(registry, pid, **fields):  # type: ignore[no-untyped-def]
    people = [msgspec.structs.replace(p, **fields) if p.id == pid else p for p in registry.people]
    return msgspec.structs.replace(registry, people=people)


def test_nothing_changed_is_an_empty_list() -> None:
    assert changes(seed(), seed()) == []
    assert counts([]) == {}


def test_each_kind_of_entity_is_named_as_people_know_it() -> None:
    before = seed()
    positions = [
        msgspec.structs.replace(p, seats=3, title="spetsialist") if p.id == "voru-sts" else p
        for p in before.positions
        if p.id != "voru-tss-toimetulek"
    ]
    units = [msgspec.structs.replace(u, name="sotsiaalosakond") for u in before.units]
    after = msgspec.structs.replace(before, positions=positions, units=units)
    mari = next(p for p in before.people if p.id == "voru-p01")
    after = _replace_person(
        after,
        "voru-p01",
        absences=[
            msgspec.structs.replace(mari.absences[0], end=dt.date(2026, 7, 28)),
            msgspec.structs.replace(
                mari.absences[0],
                start=dt.date(2026, 12, 1),
                end=dt.date(2026, 12, 2),
                kind=AbsenceKind.SICK,
            ),
        ],
    )
    descriptions = [
        msgspec.structs.replace(d, title="Uus pealkiri") if d.position == "voru-sts" else d
        for d in before.job_descriptions
    ]
    after = msgspec.structs.replace(after, job_descriptions=descriptions)
    found = changes(before, after)
    lines = [c.message("et") for c in found]
    assert lines == [
        "Struktuuriüksus muutub: sotsiaalosakond (voru-sotsiaal) (muutub: nimi)",
        "Ametikoht kaob: sotsiaaltööspetsialist (toimetulekuraskustega isikute hoolekande alal) "
        "(voru-tss-toimetulek)",
        "Ametikoht muutub: spetsialist (voru-sts) (muutub: nimetus, kohtade arv)",
        "Puudumine muutub: Mari Maasikas, puhkus 01.07.2026–28.07.2026 (muutub: lõpp)",
        "Puudumine lisandub: Mari Maasikas, haigusleht 01.12.2026–02.12.2026",
        "Ametijuhend muutub: spetsialist, versioon 1 (muutub: nimetus)",
    ]
    english = [c.message("en") for c in found]
    assert english[2] == "Position changed: spetsialist (voru-sts) (changes: title, seats)"
    assert counts(found)[Entity.ABSENCE] == {ChangeKind.CHANGED: 1, ChangeKind.ADDED: 1}
    assert field_name("reports_to", "et") == "vahetu juht"
    assert field_name("unheard_of", "en") == "unheard_of"


def test_an_assignment_that_ends_is_a_change_not_a_new_one() -> None:
    after = _replace_person(
        seed(),
        "voru-p01",
        assignments=[
            msgspec.structs.replace(a, end=dt.date(2026, 12, 31))
            for a in next(p for p in seed().people if p.id == "voru-p01").assignments
        ],
    )
    [change] = changes(seed(), after)
    assert (change.entity, change.kind, change.fields) == (
        Entity.ASSIGNMENT,
        ChangeKind.CHANGED,
        ["to"],
    )
    assert change.message("en") == (
        "Assignment changed: Mari Maasikas, sotsiaalteenuste spetsialist 2019-03-01–2026-12-31 "
        "(changes: end)"
    )
