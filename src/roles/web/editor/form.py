"""The draft editor's form as its fields hold it: one dataclass per part of the draft."""

from dataclasses import dataclass, field

from roles import domain
from roles.domain import limits

KINDS = [k.value for k in domain.SectionKind]
EDUCATION = [e.value for e in domain.EducationLevel]
CEFR = [c.value for c in domain.CEFR]
MAX_DEPTH = limits.MAX_CLAUSE_DEPTH - 1  # the form counts from 0 (top level)
MAX_ALTERNATIVES = 12


@dataclass
class Row:
    depth: int
    ref: str = ""
    text: str = ""
    result: str = ""
    label: str = ""
    field: str = ""
    library: str = ""


@dataclass
class SectionForm:
    kind: str
    title: str = ""
    orig: int = -1  # index of the section in the stored draft; -1 = new
    rows: list[Row] = field(default_factory=list)


@dataclass
class AlternativeForm:
    """One way to qualify (`domain.Qualification`), as its fields hold it."""

    education: str = ""
    studying: bool = False
    field: str = ""
    field_preferred: bool = False
    experience: str = ""
    experience_field: str = ""
    note: str = ""


@dataclass
class RequirementsForm:
    alternatives: list[AlternativeForm] = field(default_factory=list)
    languages: str = ""  # required: "et C1, en B1"
    desired: str = ""  # an advantage, same form
    licences: str = ""
    computer: str = ""
    knowledge: str = ""
    qualities: str = ""


@dataclass
class DraftForm:
    etag: str
    title: str
    sections: list[SectionForm]
    requirements: RequirementsForm
