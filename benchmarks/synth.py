"""A synthetic national registry: municipalities of positions, people and a year of absences.

    generate(municipalities=80, positions=100_000, people=120_000, seed=1) -> Iterator[Registry]

yields one `roles.domain.Registry` per municipality; every one passes `roles.domain.check`. The
same seed gives the same registries. Job descriptions are drawn from a clause library, so the
shape of the data (recurring clauses, nested duties, scoped and `if_needed` substitutes, peer
seats, vacancies, ended assignments, abolished positions, one-sided `substitutes_for`) is that
of the real seeds, at national scale.

    python benchmarks/synth.py OUTDIR [--municipalities N --positions N --people N --seed N]

writes one JSON registry file per municipality with `roles.registry.write`.
"""

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from roles.domain import (
    CEFR,
    FORMAT,
    Absence,
    AbsenceKind,
    Agency,
    Approval,
    Assignment,
    Clause,
    EducationLevel,
    JobDescription,
    JobDescriptionStatus,
    LanguageSkill,
    Municipality,
    MunicipalityKind,
    Person,
    Position,
    Qualification,
    Registry,
    Requirements,
    Section,
    SectionKind,
    ServiceType,
    SubstitutionRule,
    Unit,
)

YEAR = 2026
FIRST_DAY = dt.date(YEAR, 1, 1)

DUTIES = [
    "Teenistusülesannetest lähtuva aruandluse koostamine.",
    "Abivajajate nõustamine sotsiaalhoolekande küsimustes.",
    "Toimetulekutoetuse taotluste menetlemine ja otsuste eelnõude koostamine.",
    "Sotsiaalteenuste vajaduse hindamine ja teenustele suunamine.",
    "Andmete sisestamine sotsiaalteenuste ja -toetuste andmeregistrisse STAR.",
    "Juhtumikorralduse läbiviimine ja juhtumiplaani koostamine.",
    "Koostöö tegemine teiste ametiasutuste ja organisatsioonidega.",
    "Kirjadele, märgukirjadele ja selgitustaotlustele vastamine.",
    "Eestkostetavate isikute huvide esindamine.",
    "Lastekaitsealaste juhtumite menetlemine.",
    "Hooldajatoetuse määramise ettevalmistamine.",
    "Eakate ja puuetega inimeste hoolduse korraldamine.",
    "Valdkonna arengukava koostamises osalemine.",
    "Eelarve projekti koostamises osalemine.",
    "Teabe kogumine, haldamine ja analüüsimine oma töövaldkonnas.",
    "Osakonna juhataja korralduste täitmine.",
]
GENERAL = [
    "Ametikoha täitja nimetab ametisse ja vabastab ametist linnapea.",
    "Ametikoha täitja juhindub oma töös seadustest, määrustest ja käesolevast ametijuhendist.",
]
PURPOSE = [
    "Sotsiaalhoolekande korraldamine ja abivajajate toimetuleku toetamine.",
    "Laste heaolu tagamine ja lastekaitsetöö korraldamine.",
    "Sotsiaalregistri andmete õigsuse ja ajakohasuse tagamine.",
]
RIGHTS = [
    "Saada ametiasutuse teistelt struktuuriüksustelt tööks vajalikku teavet.",
    "Teha ettepanekuid oma töövaldkonda puudutavates küsimustes.",
    "Saada oma tööks vajalikku täiendkoolitust.",
]
SYSTEMS = ["STAR", "SPOKU", "rahvastikuregister", "WD"]
TITLES = [
    "sotsiaaltööspetsialist",
    "sotsiaalteenuste spetsialist",
    "lastekaitsespetsialist",
    "juhtumikorraldaja",
    "peaspetsialist",
    "vanemspetsialist",
    "nõunik",
    "referent",
]


@cache
def _clause(text_index: int, ref: str, kind: str) -> Clause:
    # Clauses are frozen: one object per library entry and number is shared by every document.
    texts = {"duty": DUTIES, "general": GENERAL, "purpose": PURPOSE, "right": RIGHTS}[kind]
    return Clause(ref=ref, text=texts[text_index], library=f"{kind}-{text_index}")


_REQUIREMENTS = [
    Requirements(
        alternatives=[Qualification(education=EducationLevel.HIGHER, field="sotsiaaltöö")],
        languages=[LanguageSkill(language="et", level=CEFR.C1)],
    ),
    Requirements(
        alternatives=[
            Qualification(education=EducationLevel.HIGHER),
            Qualification(education=EducationLevel.SECONDARY, experience_years=5),
        ],
        languages=[
            LanguageSkill(language="et", level=CEFR.B2),
            LanguageSkill(language="en", level=CEFR.B1, desired=True),
        ],
    ),
    Requirements(
        alternatives=[Qualification(education=EducationLevel.MASTER)],
        languages=[
            LanguageSkill(language="et", level=CEFR.C1),
            LanguageSkill(language="ru", level=CEFR.B1),
        ],
        licences=["B"],
    ),
]


def _sizes(total: int, parts: int, rng: random.Random, minimum: int) -> list[int]:
    """`total` split into `parts` uneven sizes (a few towns, many small rural municipalities)."""
    weights = [rng.paretovariate(1.2) for _ in range(parts)]
    scale = (total - minimum * parts) / sum(weights)
    sizes = [minimum + int(w * scale) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def generate(
    municipalities: int = 80,
    positions: int = 100_000,
    people: int = 120_000,
    seed: int = 1,
) -> Iterator[Registry]:
    """The synthetic registries, one per municipality, in order."""
    if positions < 4 * municipalities:
        raise ValueError("give at least 4 positions per municipality")
    rng = random.Random(seed)
    position_counts = _sizes(positions, municipalities, rng, minimum=4)
    for k, count in enumerate(position_counts):
        headcount = max(count, round(count * people / positions))
        if k == 0:  # the rounding remainder goes to the first municipality
            headcount += people - sum(
                max(c, round(c * people / positions)) for c in position_counts
            )
            headcount = max(headcount, count)
        yield _municipality(k, count, headcount, random.Random(f"{seed}-{k}"))


def _municipality(k: int, count: int, headcount: int, rng: random.Random) -> Registry:
    mid = f"omavalitsus-{k:03d}"
    agency = Agency(id=f"{mid}-lv", name=f"Omavalitsus {k} valitsus", head_title="vallavanem")
    unit_count = max(1, count // 12)
    units = [
        Unit(
            id=f"{mid}-u{i:04d}",
            agency=agency.id,
            name=f"osakond {i}",
            parent=None
            if i == 0
            else f"{mid}-u{rng.randrange(max(1, i // 3) if i > 1 else 1):04d}",
        )
        for i in range(unit_count)
    ]
    ids = [f"{mid}-p{i:05d}" for i in range(count)]
    unit_of = [0 if i < unit_count else rng.randrange(unit_count) for i in range(count)]
    # Position i < unit_count heads unit i; its members report to it.
    members: list[list[int]] = [[] for _ in range(unit_count)]
    for i, u in enumerate(unit_of):
        if i >= unit_count:
            members[u].append(i)
    unit_of[:unit_count] = range(unit_count)
    parent_unit = [0 if u.parent is None else int(u.parent.rsplit("u", 1)[1]) for u in units]
    seats = [1 if rng.random() < 0.85 else rng.choice((2, 2, 3)) for _ in range(count)]
    abolished = [
        dt.date(YEAR, rng.randint(2, 11), 1) if i >= unit_count and rng.random() < 0.01 else None
        for i in range(count)
    ]
    descriptions: list[JobDescription] = []
    duty_refs: list[list[str]] = []
    for i in range(count):
        description, refs = _description(ids[i], rng)
        descriptions.extend(description)
        duty_refs.append(refs)
    rules: list[list[SubstitutionRule]] = []
    for i in range(count):
        u = unit_of[i]
        peers = [j for j in (members[u] or [u]) if j != i] + ([u] if i != u else [])
        nearby = peers or [parent_unit[u]]
        own: list[SubstitutionRule] = []
        if seats[i] > 1:
            own.append(SubstitutionRule(position=ids[i]))
        if rng.random() > 0.02 and nearby:
            first = rng.choice(nearby)
            if first != i:
                own.append(SubstitutionRule(position=ids[first]))
        if rng.random() < 0.1 and duty_refs[i]:
            scoped_to = rng.choice(nearby)
            if scoped_to != i:
                picked = sorted(rng.sample(duty_refs[i], k=min(2, len(duty_refs[i]))))
                own.append(SubstitutionRule(position=ids[scoped_to], duties=picked))
        if rng.random() < 0.6:
            fallback = rng.choice([parent_unit[u], rng.randrange(count)])
            if fallback != i and all(r.position != ids[fallback] or r.scoped for r in own):
                own.append(SubstitutionRule(position=ids[fallback], if_needed=True))
        rules.append(own)
    named_by: list[list[str]] = [[] for _ in range(count)]
    index = {pid: i for i, pid in enumerate(ids)}
    for i, own in enumerate(rules):
        for r in own:
            j = index[r.position]
            if j != i and ids[i] not in named_by[j]:
                named_by[j].append(ids[i])
    positions = []
    for i in range(count):
        stated: list[str] = []
        if rng.random() < 0.3:  # some documents state "keda asendab"; a few leave one out
            stated = sorted(named_by[i])
            if stated and rng.random() < 0.1:
                stated.pop(rng.randrange(len(stated)))
        u = unit_of[i]
        positions.append(
            Position(
                id=ids[i],
                title=rng.choice(TITLES),
                unit=units[u].id,
                service=ServiceType.OFFICIAL if rng.random() < 0.7 else ServiceType.EMPLOYEE,
                seats=seats[i],
                reports_to=None if i == 0 else ids[parent_unit[u] if i == u else u],
                abolished=abolished[i],
                substitutes=rules[i],
                substitutes_for=stated,
            )
        )
    return Registry(
        format=FORMAT,
        municipality=Municipality(
            id=mid,
            name=f"Omavalitsus {k}",
            kind=MunicipalityKind.RURAL if k % 3 else MunicipalityKind.TOWN,
        ),
        agencies=[agency],
        units=units,
        positions=positions,
        people=_people(mid, ids, seats, abolished, headcount, rng),
        job_descriptions=descriptions,
    )


def _description(pid: str, rng: random.Random) -> tuple[list[JobDescription], list[str]]:
    duty_count = rng.randint(4, 8)
    picks = rng.sample(range(len(DUTIES)), duty_count)
    duties = [_clause(d, f"2.{n + 1}", "duty") for n, d in enumerate(picks)]
    refs = [c.ref for c in duties if c.ref is not None]
    sections = [
        Section(
            kind=SectionKind.GENERAL,
            title="Üldsätted",
            ref="1",
            clauses=[_clause(n, f"1.{n + 1}", "general") for n in range(len(GENERAL))],
        ),
        Section(
            kind=SectionKind.PURPOSE,
            title="Teenistuskoha eesmärk",
            clauses=[_clause(rng.randrange(len(PURPOSE)), "1.3", "purpose")],
        ),
        Section(kind=SectionKind.DUTIES, title="Teenistusülesanded", ref="2", clauses=duties),
        Section(
            kind=SectionKind.RIGHTS,
            title="Õigused",
            ref="3",
            clauses=[_clause(n, f"3.{n + 1}", "right") for n in range(len(RIGHTS))],
        ),
    ]
    approved = JobDescription(
        position=pid,
        version=1,
        status=JobDescriptionStatus.APPROVED,
        approval=Approval(by="vallavanem", date=dt.date(YEAR - 1, rng.randint(1, 12), 1)),
        sections=sections,
        requirements=rng.choice(_REQUIREMENTS),
        systems=rng.sample(SYSTEMS, 2),
    )
    if rng.random() < 0.1:  # a draft of the next version is in the works
        draft = JobDescription(
            position=pid, version=2, status=JobDescriptionStatus.DRAFT, sections=sections
        )
        return [approved, draft], refs
    return [approved], refs


def _absences(rng: random.Random) -> list[Absence]:
    out = []
    left = 28  # a year's vacation, in one to three parts
    for part in range(rng.randint(1, 3)):
        length = left if part == 2 else rng.randint(5, min(21, left))
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(365 - length))
        out.append(
            Absence(
                start=start, end=start + dt.timedelta(days=length - 1), kind=AbsenceKind.VACATION
            )
        )
        left -= length
        if left <= 0:
            break
    if rng.random() < 0.4:
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(355))
        out.append(
            Absence(
                start=start, end=start + dt.timedelta(days=rng.randint(2, 9)), kind=AbsenceKind.SICK
            )
        )
    if rng.random() < 0.3:
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(360))
        out.append(
            Absence(
                start=start,
                end=start + dt.timedelta(days=rng.randint(0, 2)),
                kind=AbsenceKind.TRAINING,
            )
        )
    # One person is away once a day: drop the parts that fall on days already taken.
    kept: list[Absence] = []
    for a in out:
        if all(a.end < k.start or k.end < a.start for k in kept):
            kept.append(a)
    return kept


def _people(
    mid: str,
    ids: list[str],
    seats: list[int],
    abolished: list[dt.date | None],
    headcount: int,
    rng: random.Random,
) -> list[Person]:
    assignments: list[list[Assignment]] = []
    vacant: list[str] = []
    for i, pid in enumerate(ids):
        for _ in range(seats[i]):
            if rng.random() < 0.04:
                if abolished[i] is None:
                    vacant.append(pid)
                continue
            gone = abolished[i]
            started = dt.date(rng.randint(2010, YEAR - 1), rng.randint(1, 12), 1)
            ended = None if gone is None else gone - dt.timedelta(days=1)
            held = [Assignment(position=pid, start=started, end=ended)]
            if len(assignments) < headcount and rng.random() < 0.2:
                # The seat's former holder: an assignment that has ended.
                assignments.append(
                    [
                        Assignment(
                            position=pid,
                            start=dt.date(2005, 1, 1),
                            end=started - dt.timedelta(days=1),
                        )
                    ]
                )
            assignments.append(held)
    for pid in vacant:  # some vacant seats are filled by a holder of another position
        if assignments and rng.random() < 0.5:
            rng.choice(assignments).append(Assignment(position=pid, start=dt.date(YEAR - 1, 1, 1)))
    while len(assignments) < headcount:
        assignments.append([])  # people without a position now: the pool of the municipality
    out = []
    for n, held in enumerate(
        assignments[:headcount] if len(assignments) > headcount else assignments
    ):
        active = any(a.end is None or a.end >= FIRST_DAY for a in held)
        out.append(
            Person(
                id=f"{mid}-i{n:06d}",
                name=f"Isik {n}",
                sample=True,
                assignments=held,
                absences=_absences(rng) if active else [],
            )
        )
    return out


def main(argv: list[str] | None = None) -> None:
    from roles.registry import write

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("outdir", type=Path, nargs="?")
    parser.add_argument("--municipalities", type=int, default=80)
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--smoke", action="store_true", help="two small registries, checked")
    args = parser.parse_args(argv)
    if args.smoke:  # the generator's promise: every registry passes domain.check
        from roles.domain import check

        for registry in generate(2, 100, 120, args.seed):
            problems = check(registry)
            assert not problems, problems[:3]
        print("synth: 2 registries of 100 positions, all pass domain.check")
        return
    if args.outdir is None:
        parser.error("OUTDIR is needed")
    args.outdir.mkdir(parents=True, exist_ok=True)
    for registry in generate(args.municipalities, args.positions, args.people, args.seed):
        write(registry, args.outdir / f"{registry.municipality.id}.json")
    print(f"wrote {args.municipalities} registries to {args.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
