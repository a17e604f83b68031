"""Small registries and accounts for API tests: two municipalities, one user of every role."""

import datetime as dt

import msgspec
from sqlalchemy.engine import Engine

from roles import domain, store
from roles.domain.personal_code import make as code
from roles.services import accounts
from roles.services.access import Role

PASSWORD = "correct horse battery"


def clause(ref: str | None, text: str, **kw: object) -> domain.Clause:
    return domain.Clause(ref=ref, text=text, **kw)  # type: ignore[arg-type]


def description(
    position: str,
    version: int = 1,
    status: domain.JobDescriptionStatus = domain.JobDescriptionStatus.APPROVED,
    clauses: list[domain.Clause] | None = None,
) -> domain.JobDescription:
    return domain.JobDescription(
        position=position,
        version=version,
        status=status,
        title="Ametijuhend",
        approval=domain.Approval(by="vallavanem", date=dt.date(2024, 1, 10), directive="1-2/1")
        if status is not domain.JobDescriptionStatus.DRAFT
        else None,
        sections=[
            domain.Section(
                kind=domain.SectionKind.PURPOSE,
                title="Eesmärk",
                clauses=[clause("1.1", "Laste heaolu tagamine vallas.")],
            ),
            domain.Section(
                kind=domain.SectionKind.DUTIES,
                title="Tööülesanded",
                clauses=clauses
                or [
                    clause("2.1", "Teenistusülesannetest lähtuva aruandluse koostamine."),
                    clause("2.2", "Sisestab toetuste andmed STAR-i."),
                    clause("2.3", "Nõustab ÕPILASI ja nende vanemaid."),
                ],
            ),
        ],
    )


def tamme() -> domain.Registry:
    return domain.Registry(
        format=domain.FORMAT,
        municipality=domain.Municipality(
            id="tamme", name="Tamme vald", kind=domain.MunicipalityKind.RURAL
        ),
        agencies=[
            domain.Agency(id="tamme-vv", name="Tamme Vallavalitsus", head_title="vallavanem")
        ],
        units=[
            domain.Unit(id="tamme-sotsiaal", agency="tamme-vv", name="sotsiaalosakond"),
            domain.Unit(
                id="tamme-lastekaitse",
                agency="tamme-vv",
                name="lastekaitse",
                parent="tamme-sotsiaal",
            ),
            domain.Unit(id="tamme-haldus", agency="tamme-vv", name="haldusosakond"),
        ],
        positions=[
            domain.Position(id="tamme-juht", title="osakonna juhataja", unit="tamme-sotsiaal"),
            domain.Position(
                id="tamme-spets",
                title="lastekaitsespetsialist",
                unit="tamme-lastekaitse",
                reports_to="tamme-juht",
                substitutes=[domain.SubstitutionRule(position="tamme-juht")],
            ),
            domain.Position(id="tamme-haldur", title="haldusjuht", unit="tamme-haldus"),
            domain.Position(id="tamme-vaba", title="sotsiaaltöötaja", unit="tamme-sotsiaal"),
        ],
        people=[
            domain.Person(
                id="tamme-p1",
                name="Jüri Õun",
                personal_code=code(dt.date(1970, 5, 1), 11),
                assignments=[domain.Assignment(position="tamme-juht", start=dt.date(2020, 1, 1))],
            ),
            domain.Person(
                id="tamme-p2",
                name="Mari Äär",
                personal_code=code(dt.date(1985, 3, 2), 22, female=True),
                assignments=[domain.Assignment(position="tamme-spets", start=dt.date(2021, 1, 1))],
                absences=[
                    domain.Absence(
                        start=dt.date(2026, 7, 1),
                        end=dt.date(2026, 7, 14),
                        kind=domain.AbsenceKind.VACATION,
                    )
                ],
            ),
            domain.Person(
                id="tamme-p3",
                name="Ülle Öö",
                personal_code=code(dt.date(1990, 8, 3), 33, female=True),
                assignments=[domain.Assignment(position="tamme-haldur", start=dt.date(2022, 1, 1))],
                absences=[
                    domain.Absence(
                        start=dt.date(2026, 8, 1),
                        end=dt.date(2026, 8, 5),
                        kind=domain.AbsenceKind.SICK,
                    )
                ],
            ),
        ],
        job_descriptions=[description("tamme-spets"), description("tamme-juht")],
    )


def kase() -> domain.Registry:
    return domain.Registry(
        format=domain.FORMAT,
        municipality=domain.Municipality(
            id="kase", name="Kase linn", kind=domain.MunicipalityKind.TOWN
        ),
        agencies=[domain.Agency(id="kase-lv", name="Kase Linnavalitsus")],
        units=[domain.Unit(id="kase-sotsiaal", agency="kase-lv", name="sotsiaalamet")],
        positions=[
            domain.Position(id="kase-spets", title="lastekaitsespetsialist", unit="kase-sotsiaal")
        ],
        people=[
            domain.Person(
                id="kase-p1",
                name="Peeter Kask",
                personal_code=code(dt.date(1975, 2, 2), 44),
                assignments=[domain.Assignment(position="kase-spets", start=dt.date(2020, 1, 1))],
                absences=[
                    domain.Absence(
                        start=dt.date(2026, 6, 1),
                        end=dt.date(2026, 6, 3),
                        kind=domain.AbsenceKind.TRIP,
                    )
                ],
            )
        ],
        job_descriptions=[
            description(
                "kase-spets",
                clauses=[
                    clause("2.1", "Teenistusülesannetest lähtuva aruandluse koostamine."),
                    clause("2.2", "Nõustab õpilasi ja nende vanemaid."),
                    clause("2.3", "Korraldab lastekaitsetööd linnas."),
                ],
            )
        ],
    )


USERS = {
    "admin": accounts.UserIn(name="admin", password=PASSWORD, role=Role.ADMIN),
    "hr": accounts.UserIn(name="hr", password=PASSWORD, role=Role.HR, municipalities=["tamme"]),
    "hr-kase": accounts.UserIn(
        name="hr-kase", password=PASSWORD, role=Role.HR, municipalities=["kase"]
    ),
    "manager": accounts.UserIn(
        name="manager",
        password=PASSWORD,
        role=Role.MANAGER,
        units=[accounts.UnitScope(municipality="tamme", unit="tamme-sotsiaal")],
    ),
    "employee": accounts.UserIn(
        name="employee", password=PASSWORD, role=Role.EMPLOYEE, person="tamme-p2"
    ),
}


def populate(engine: Engine) -> dict[str, str]:
    """Load both municipalities and add the users; answers a bearer token per user name."""
    with store.sessions(engine)() as session:
        store.load_all(session, [("tamme", tamme()), ("kase", kase())])
    tokens: dict[str, str] = {}
    with store.sessions(engine)() as session, session.begin():
        for name, user in USERS.items():
            accounts.add_user(session, user, "test")
            tokens[name] = accounts.create_token(session, name, actor="test").token
    return tokens


def copy(value: object) -> object:
    return msgspec.json.decode(msgspec.json.encode(value))
