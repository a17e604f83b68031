"""The registry's types: one municipality's registry, as it travels in `roles-registry/1` files.

The same msgspec Structs are the domain model and the schema of registry files, so a file that
decodes is already well typed. What a schema cannot say (references, cycles, seats, dates in
order) is checked by `rules.check`. Key names are fixed by the registry format; keys the project
adds are marked "project key" and documented in docs/registry-format.md.

Longer than most modules on purpose: it is the registry format itself, one Struct per entity
in the order the format describes them; split, the format would have to be read in pieces.
"""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Final

import msgspec

from roles.domain.dates import numeric

FORMAT: Final = "roles-registry/1"

__all__ = [
    "CEFR",
    "FORMAT",
    "Absence",
    "AbsenceKind",
    "Act",
    "ActKind",
    "Agency",
    "Approval",
    "Assignment",
    "Base",
    "Clause",
    "ClauseField",
    "DocumentControl",
    "EducationLevel",
    "Establishment",
    "EstablishmentPost",
    "EstablishmentUnit",
    "JobDescription",
    "JobDescriptionStatus",
    "LanguageSkill",
    "Municipality",
    "MunicipalityKind",
    "Person",
    "PersonQualifications",
    "Position",
    "Qualification",
    "Ref",
    "Registry",
    "Requirements",
    "Section",
    "SectionKind",
    "ServiceType",
    "Signature",
    "SignatureRole",
    "Slug",
    "SubstitutionRule",
    "Text",
    "Unit",
    "duty_refs",
    "top_level_duty_refs",
    "walk_clauses",
]

Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)]
Text = Annotated[str, msgspec.Meta(min_length=1)]
Ref = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class Base(
    msgspec.Struct,
    forbid_unknown_fields=True,
    omit_defaults=True,
    kw_only=True,
):
    """Options shared by every registry type, set once here.

    - forbid_unknown_fields: a misspelt key is an error, never silently dropped data;
    - omit_defaults: files are written as short as people write them, which keeps exports
      readable and diffable;
    - kw_only: fields are named at every construction, so adding one never shifts others.

    Treat values as immutable (they are shared between caches and threads): derive changed
    copies with `msgspec.structs.replace`.
    """


# --- organisation -------------------------------------------------------------------------


class MunicipalityKind(StrEnum):
    TOWN = "town"  # linn
    RURAL = "rural"  # vald


class Municipality(Base):
    id: Slug
    name: Text
    kind: MunicipalityKind
    layout: Slug | None = None  # project key: default document layout of its descriptions
    # Project key: the day the municipality's records begin; no version is approved before it
    # (None = limits.RECORDS_FROM).
    records_from: dt.date | None = None


class Agency(Base):
    id: Slug
    name: Text
    head_title: str | None = None  # who approves job descriptions (linnapea, vallavanem)


class Unit(Base):
    id: Slug
    agency: Slug
    name: Text
    parent: Slug | None = None


class ServiceType(StrEnum):
    OFFICIAL = "official"  # ametnik: appointed
    EMPLOYEE = "employee"  # töötaja: employment contract


class SubstitutionRule(Base):
    position: Slug  # the position itself = another holder of it
    if_needed: bool = False  # "vajadusel": only after the rules before it
    duties: list[Ref] | None = None  # covers only these duties; None = the whole position

    @property
    def scoped(self) -> bool:
        return self.duties is not None


class Position(Base):
    id: Slug
    title: Text
    unit: Slug
    service: ServiceType = ServiceType.OFFICIAL
    anti_corruption_official: bool = False
    seats: Annotated[int, msgspec.Meta(ge=1)] = 1
    reports_to: Slug | None = None
    abolished: dt.date | None = None
    substitutes: list[SubstitutionRule] = []
    substitutes_for: list[Slug] = []  # "keda asendab", as the position's documents state it

    def exists_on(self, day: dt.date) -> bool:
        return self.abolished is None or day < self.abolished


# --- qualifications -----------------------------------------------------------------------


class CEFR(StrEnum):
    """Language levels. Estonian words map: kõrgtase ≈ C1, kesktase ≈ B1, suhtlustasand ≈ A2."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"

    @property
    def rank(self) -> int:
        return _CEFR_RANK[self]


class EducationLevel(StrEnum):
    BASIC = "basic"  # põhiharidus
    SECONDARY = "secondary"  # keskharidus
    VOCATIONAL = "vocational"  # kutseharidus
    HIGHER = "higher"  # kõrgharidus (bakalaureus, rakenduskõrgharidus)
    MASTER = "master"  # magistrikraad
    DOCTORATE = "doctorate"

    @property
    def rank(self) -> int:
        return _EDUCATION_RANK[self]


# Ranks are looked up in hot loops (qualification checks): computed once, not per call.
_CEFR_RANK = {level: i for i, level in enumerate(CEFR)}
_EDUCATION_RANK = {level: i for i, level in enumerate(EducationLevel)}


class LanguageSkill(Base):
    language: Annotated[
        str, msgspec.Meta(pattern=r"^([a-z]{2,3}|foreign)$")
    ]  # ISO 639; "foreign" = any one foreign language
    level: CEFR
    desired: bool = False  # "kasuks tuleb": an advantage, not a requirement


class Qualification(Base):
    """One way to qualify for a position; all it names is needed."""

    education: EducationLevel | None = None
    field: str | None = None  # "sotsiaaltöö", "erialane"
    field_preferred: bool = False  # "soovitavalt sotsiaaltöö alane"
    studying: bool = False  # "või selle omandamine": acquiring it counts
    experience_years: Annotated[int, msgspec.Meta(ge=0)] | None = None
    experience_field: str | None = None
    note: str | None = None


class Requirements(Base):
    """Structured qualification requirements, for checks; the clauses keep the wording."""

    alternatives: list[Qualification] = []  # any one suffices ("kõrgharidus või 5 a kogemust")
    languages: list[LanguageSkill] = []
    licences: list[Text] = []  # driving licence categories: "B"
    computer_skills: list[Text] = []
    knowledge: list[Text] = []
    personal_qualities: list[Text] = []


class PersonQualifications(Base):
    """What a person brings (project key), for `unqualified-substitute`."""

    education: EducationLevel | None = None
    fields: list[Text] = []
    experience_years: Annotated[int, msgspec.Meta(ge=0)] | None = None
    languages: list[LanguageSkill] = []
    licences: list[Text] = []


# --- people -------------------------------------------------------------------------------


class Assignment(Base):
    position: Slug
    start: dt.date = msgspec.field(name="from")
    end: dt.date | None = msgspec.field(name="to", default=None)  # inclusive; None = open

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class AbsenceKind(StrEnum):
    VACATION = "vacation"  # puhkus
    SICK = "sick"  # haigusleht
    TRAINING = "training"  # koolitus
    TRIP = "trip"  # lähetus
    OTHER = "other"


class Absence(Base):
    start: dt.date = msgspec.field(name="from")
    end: dt.date = msgspec.field(name="to")  # inclusive
    kind: AbsenceKind = AbsenceKind.OTHER

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Person(Base):
    id: Slug
    name: Text
    personal_code: str | None = None  # project key: isikukood, checked with its check digit
    sample: bool = False  # project key: fictional sample data, not a real person
    qualifications: PersonQualifications | None = None
    assignments: list[Assignment] = []
    absences: list[Absence] = []

    def absent_on(self, day: dt.date) -> bool:
        return any(a.covers(day) for a in self.absences)


# --- job descriptions ---------------------------------------------------------------------


class SectionKind(StrEnum):
    GENERAL = "general"
    PURPOSE = "purpose"
    DUTIES = "duties"
    RIGHTS = "rights"
    RESTRICTIONS = "restrictions"
    RESPONSIBILITIES = "responsibilities"
    OBLIGATIONS = "obligations"
    QUALIFICATIONS = "qualifications"
    TOOLS = "tools"
    SYSTEMS = "systems"
    COORDINATION = "coordination"
    INFORMATION = "information"
    PROPOSALS = "proposals"
    AMENDMENT = "amendment"
    ACKNOWLEDGEMENT = "acknowledgement"
    OTHER = "other"


class ClauseField(StrEnum):
    """Which registry fact a header-field clause states ("Vahetu juht: …"), project key.

    The clause keeps the document's wording; the renderer fills the value from the registry
    and the coverage checks compare the two.
    """

    POSITION = "position"
    AGENCY = "agency"
    UNIT = "unit"
    SERVICE = "service"
    ANTI_CORRUPTION = "anti_corruption_official"
    REPORTS_TO = "reports_to"
    SUBORDINATES = "subordinates"
    SUBSTITUTES = "substitutes"
    SUBSTITUTES_FOR = "substitutes_for"


class Clause(Base, kw_only=True):  # kw_only is per class in msgspec: keeps `ref` first in files
    ref: Ref | None = (
        None  # numbering as written, without a trailing dot: "2.2.1", "3)"; bullets: None
    )
    label: str | None = None  # project key: a header field's label ("Vahetu juht")
    text: Text
    result: str | None = None  # desired result (soovitud tulemus / väljund)
    field: ClauseField | None = None  # project key, see ClauseField
    library: Slug | None = None  # project key: the clause-library entry it was taken from
    clauses: list["Clause"] = []


class Section(Base):
    kind: SectionKind
    title: str | None = None  # the heading as written
    ref: Ref | None = None  # project key: the heading's number ("3", "8.1")
    level: Annotated[int, msgspec.Meta(ge=1, le=3)] = 1  # project key: heading level
    intro: str | None = None  # project key: unnumbered lead-in ("… on õigus:")
    columns: list[str] = []  # project key: table column headings; set = rendered as a table
    clauses: list[Clause] = []


class JobDescriptionStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


class Approval(Base):
    by: str | None = None  # the approver's title as written: "Võru linnapea"
    name: str | None = None  # project key: the approver's name: "Toomas Nael"
    date: dt.date | None = None
    directive: str | None = None  # käskkiri number: "20.1-1/29"
    directive_title: str | None = None  # project key: „Sotsiaaltööosakonna … kinnitamine“
    annex: str | None = None  # "Lisa 2"


class DocumentControl(Base):
    """Project key: a document-control block as in Viimsi's header."""

    version: str | None = None  # the label as printed: "01"
    status: str | None = None  # "kehtiv"
    keeper: str | None = None  # "PO/ personaliosakond"
    language: str | None = None  # the language code as printed: "EE"


class SignatureRole(StrEnum):
    HEAD = "head"  # approves: linnapea, osakonna juhataja
    MANAGER = "manager"  # vahetu juht
    HOLDER = "holder"  # teenistuskoha täitja, acknowledging


class Signature(Base):
    """Project key: a signature box or line of the document."""

    role: SignatureRole
    title: str | None = None  # as written: "sotsiaalameti juhataja", "Vahetu juht"
    caption: str | None = None  # "(ees- ja perekonnanimi)"
    lines: list[str] = []  # lines to fill in: "Nimi", "Allkiri", "Kuupäev"
    digital: bool = False  # printed "/allkirjastatud digitaalselt/"


class JobDescription(Base):
    position: Slug
    version: Annotated[int, msgspec.Meta(ge=1)]
    status: JobDescriptionStatus
    language: Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}$")] = "et"
    # In the order documents print them: approval and control blocks on top, then the title.
    approval: Approval | None = None
    # Project key: the day an approved version takes effect when that is later than its
    # approval; before it, the version approved before stays in force (see `in_force`).
    in_force_from: dt.date | None = None
    control: DocumentControl | None = None
    title: str | None = None  # project key: the document's title as written
    layout: Slug | None = None  # None = the municipality's default
    sections: list[Section] = []
    requirements: Requirements | None = None
    tools: list[Text] = []  # project key: work tools (töövahendid)
    systems: list[Text] = []  # project key: information systems used (STAR, SPOKU, …)
    signatures: list[Signature] = []


# --- the staff establishment (functions over these types: `domain.establishment`) ---------


class ActKind(StrEnum):
    """Which act approved a version; the words are those of Estonian local government law."""

    COUNCIL_REGULATION = "council_regulation"  # volikogu määrus
    COUNCIL_DECISION = "council_decision"  # volikogu otsus
    GOVERNMENT_REGULATION = "government_regulation"  # linna-/vallavalitsuse määrus
    GOVERNMENT_ORDER = "government_order"  # linna-/vallavalitsuse korraldus
    DIRECTIVE = "directive"  # ametiasutuse juhi käskkiri

    def words(self, language: str) -> str:
        et, en = _ACT_WORDS[self]
        return et if language == "et" else en


_ACT_WORDS: dict[ActKind, tuple[str, str]] = {
    ActKind.COUNCIL_REGULATION: ("volikogu määrus", "council regulation"),
    ActKind.COUNCIL_DECISION: ("volikogu otsus", "council decision"),
    ActKind.GOVERNMENT_REGULATION: ("valitsuse määrus", "government regulation"),
    ActKind.GOVERNMENT_ORDER: ("valitsuse korraldus", "government order"),
    ActKind.DIRECTIVE: ("käskkiri", "directive"),
}


_ACT_SHORT: dict[ActKind, tuple[str, str]] = {
    ActKind.COUNCIL_REGULATION: ("määrus", "regulation"),
    ActKind.COUNCIL_DECISION: ("otsus", "decision"),
    ActKind.GOVERNMENT_REGULATION: ("määrus", "regulation"),
    ActKind.GOVERNMENT_ORDER: ("korraldus", "order"),
    ActKind.DIRECTIVE: ("käskkiri", "directive"),
}


class Act(Base):
    """The act that approved a version, as it was published."""

    kind: ActKind
    number: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]  # "12", "1-3/45"
    date: dt.date  # the date of the act (vastuvõtmise kuupäev)
    by: str | None = None  # who issued it, as printed: "Võru Linnavolikogu"
    title: str | None = None  # „Võru Linnavalitsuse teenistuskohtade koosseisu kinnitamine“
    published: str | None = None  # where: "RT IV, 20.12.2023, 15" or an address

    def line(self, language: str) -> str:
        """The act as documents cite it, without inflecting the issuer's name:
        "Võru Linnavolikogu, määrus nr 12, 14.12.2023" / "…, regulation No. 12 of 2023-12-14".
        """
        et = language == "et"
        if self.by:
            short = _ACT_SHORT[self.kind]
            what = f"{self.by}, {short[0] if et else short[1]}"
        else:
            what = self.kind.words(language)
        if et:
            return f"{what} nr {self.number}, {numeric(self.date)}"
        return f"{what} No. {self.number} of {self.date.isoformat()}"


class EstablishmentPost(Base):
    """One line of the list: posts of one title in one unit."""

    title: Text
    count: Annotated[int, msgspec.Meta(ge=1, le=10_000)] = 1  # teenistuskohtade arv
    service: ServiceType = ServiceType.OFFICIAL
    anti_corruption_official: bool = False
    positions: list[Slug] = msgspec.field(
        default_factory=list
    )  # the registry positions this line stands for


class EstablishmentUnit(Base):
    name: Text  # the unit as the act names it
    unit: Slug | None = None  # the registry unit it stands for
    posts: list[EstablishmentPost] = msgspec.field(default_factory=list)


class Establishment(Base):
    agency: Slug
    version: Annotated[int, msgspec.Meta(ge=1)]
    in_force: dt.date  # the day it came (or comes) into force
    act: Act | None = None  # None: a draft, never in force
    units: list[EstablishmentUnit] = msgspec.field(default_factory=list)

    @property
    def approved(self) -> bool:
        return self.act is not None

    @property
    def total(self) -> int:
        """How many posts the version has, all units together."""
        return sum(p.count for u in self.units for p in u.posts)


# --- look-ups -----------------------------------------------------------------------------


class Registry(Base):
    format: str
    municipality: Municipality
    agencies: list[Agency] = []
    units: list[Unit] = []
    positions: list[Position] = []
    people: list[Person] = []
    job_descriptions: list[JobDescription] = []
    establishments: list[Establishment] = []  # project key: staff establishment versions


# --- helpers over the types ---------------------------------------------------------------


def walk_clauses(clauses: list[Clause]) -> "list[Clause]":
    """Every clause of a tree, in document order (depth first)."""
    out: list[Clause] = []
    stack = list(reversed(clauses))
    while stack:
        clause = stack.pop()
        out.append(clause)
        stack.extend(reversed(clause.clauses))
    return out


def duty_refs(description: JobDescription) -> list[str]:
    """The refs of every numbered duty, at any depth, in document order."""
    return [
        c.ref
        for s in description.sections
        if s.kind is SectionKind.DUTIES
        for c in walk_clauses(s.clauses)
        if c.ref is not None
    ]


def top_level_duty_refs(description: JobDescription) -> list[str]:
    return [
        c.ref
        for s in description.sections
        if s.kind is SectionKind.DUTIES
        for c in s.clauses
        if c.ref is not None
    ]
