"""Does a substitute meet the covered position's requirements? Languages, licences, education.

Only what is recorded is compared: a position without structured requirements, or a person
without recorded qualifications, is never reported for lacking them.
"""

from collections.abc import Iterable
from enum import StrEnum

import msgspec

from roles.domain import CEFR, EducationLevel, LanguageSkill, PersonQualifications, Requirements

HOME_LANGUAGE = "et"
# Ranks as plain dictionaries: the enums' `rank` properties rebuild a list on every call.
_LEVEL = {level: i for i, level in enumerate(CEFR)}
_EDUCATION = {level: i for i, level in enumerate(EducationLevel)}


class Whose(StrEnum):
    POSITION = "position"  # the substitute position's own requirements fall short
    PERSON = "person"  # the person who would act falls short


class Unmet(msgspec.Struct, frozen=True, kw_only=True):
    """One requirement of the covered position that the substitute does not meet."""

    kind: str  # language | licence | education
    required: str  # "et C1", "B", "higher"
    found: str | None  # what the substitute has, None = nothing
    whose: Whose
    who: str  # the position id or the person id

    def describe(self, language: str) -> str:
        et = language == "et"
        label = _LABELS[self.kind][0 if et else 1]
        if self.found is None:
            has = "puudub" if et else "missing"
        else:
            has = f"{'on' if et else 'has'} {self.found}"
        return f"{label} {self.who}: {'nõutud' if et else 'required'} {self.required}, {has}"


_LABELS = {
    "language": ("keeleoskus", "language"),
    "licence": ("juhiluba", "licence"),
    "education": ("haridus", "education"),
}


def _required_languages(r: Requirements) -> list[LanguageSkill]:
    return [skill for skill in r.languages if not skill.desired]


def _best_level(language: str, skills: Iterable[LanguageSkill]) -> CEFR | None:
    # "foreign" is met by any language other than Estonian.
    levels = [
        s.level
        for s in skills
        if s.language == language or (language == "foreign" and s.language != HOME_LANGUAGE)
    ]
    return max(levels, key=_LEVEL.__getitem__) if levels else None


def _least_education(r: Requirements) -> EducationLevel | None:
    """The lowest education any alternative accepts; None when one accepts none at all."""
    levels = [q.education for q in r.alternatives]
    if not levels or any(level is None for level in levels):
        return None
    return min((lv for lv in levels if lv is not None), key=_EDUCATION.__getitem__)


def _languages(
    required: Requirements, offered: list[LanguageSkill], whose: Whose, who: str
) -> Iterable[Unmet]:
    for skill in _required_languages(required):
        best = _best_level(skill.language, offered)
        if best is None or _LEVEL[best] < _LEVEL[skill.level]:
            yield Unmet(
                kind="language",
                required=f"{skill.language} {skill.level}",
                found=None if best is None else f"{skill.language} {best}",
                whose=whose,
                who=who,
            )


def _licences(
    required: Requirements, offered: Iterable[str], whose: Whose, who: str
) -> Iterable[Unmet]:
    have = set(offered)
    for licence in required.licences:
        if licence not in have:
            yield Unmet(kind="licence", required=licence, found=None, whose=whose, who=who)


def _education(
    needed: EducationLevel | None, offered: EducationLevel | None, whose: Whose, who: str
) -> Iterable[Unmet]:
    if needed is not None and (offered is None or _EDUCATION[offered] < _EDUCATION[needed]):
        yield Unmet(
            kind="education",
            required=str(needed),
            found=None if offered is None else str(offered),
            whose=whose,
            who=who,
        )


def unmet_by_position(required: Requirements, offered: Requirements, who: str) -> list[Unmet]:
    """What the covered position requires beyond what the substitute position requires."""
    out = [
        *_languages(required, _required_languages(offered), Whose.POSITION, who),
        *_licences(required, offered.licences, Whose.POSITION, who),
    ]
    if offered.alternatives:  # no alternatives recorded = education not recorded
        out.extend(
            _education(_least_education(required), _least_education(offered), Whose.POSITION, who)
        )
    return out


def unmet_by_person(required: Requirements, person: PersonQualifications, who: str) -> list[Unmet]:
    """What the covered position requires beyond what the person brings."""
    out = [
        *_languages(required, person.languages, Whose.PERSON, who),
        *_licences(required, person.licences, Whose.PERSON, who),
    ]
    if person.education is not None:
        out.extend(_education(_least_education(required), person.education, Whose.PERSON, who))
    return out
