"""Qualification requirements as structure, read from the qualification clauses' wording.

The clauses keep the text; this reads what checks need: education (with "või" alternatives),
years of experience, languages with CEFR levels, driving licences.
"""

import re

import msgspec

from roles.domain import CEFR, EducationLevel, LanguageSkill, Qualification, Requirements

_LEVELS = {
    "kõrgtase": CEFR.C1,
    "kesktase": CEFR.B1,
    "suhtlustasand": CEFR.A2,
    "suhtlemise tasand": CEFR.A2,
    "algtase": CEFR.A1,
}
_LANGUAGES = {
    "eesti": "et",
    "vene": "ru",
    "inglise": "en",
    "saksa": "de",
    "soome": "fi",
    "läti": "lv",
    "prantsuse": "fr",
    "võõr": "foreign",
    "ühe võõr": "foreign",
}
_LANGUAGE = re.compile(
    r"(?P<lang>eesti|vene|inglise|saksa|soome|läti|prantsuse|(?:ühe\s+)?võõr)\w*\s*keel\w*"
    r"(?P<between>[^,;]{0,80}?)(?P<level>kõrgtase|kesktase|suhtlustasand|suhtlemise\s+tasand|"
    r"algtase|\b[ABC][12]\b)",
    re.I,
)
_LANGUAGE_BEFORE = re.compile(
    r"(?P<level>kõrgtase|kesktase|suhtlustasand|\b[ABC][12]\b)\w*\s+(?P<lang>eesti|vene|inglise|"
    r"saksa|soome|(?:ühe\s+)?võõr)\w*\s*keel",
    re.I,
)
_YEARS = re.compile(r"(?:vähemalt\s+)?(\d+)[- ]?(?:aastane|aasta|a\b)", re.I)
_LICENCE = re.compile(r"\b([A-E]{1,2})[- ]kategooria\w*\s+juhil[ou]", re.I)


def _level(word: str) -> CEFR:
    word = re.sub(r"\s+", " ", word.lower())
    if word.upper() in CEFR.__members__:
        return CEFR(word.upper())
    return _LEVELS.get(word, CEFR.B1)


def read(texts: list[str]) -> Requirements | None:
    text = " ".join(texts)
    low = text.lower()
    alternatives = _alternatives(low)
    languages: list[LanguageSkill] = []
    seen: set[str] = set()
    for rx in (_LANGUAGE, _LANGUAGE_BEFORE):
        for match in rx.finditer(text):
            code = _LANGUAGES["võõr" if "võõr" in match["lang"].lower() else match["lang"].lower()]
            if code in seen:
                continue
            seen.add(code)
            before = low[max(0, match.start() - 40) : match.start()]
            languages.append(
                LanguageSkill(
                    language=code, level=_level(match["level"]), desired="kasuks tuleb" in before
                )
            )
    licences = sorted({m[1].upper() for m in _LICENCE.finditer(text)})
    if not (alternatives or languages or licences):
        return None
    return Requirements(alternatives=alternatives, languages=languages, licences=licences)


def _alternatives(low: str) -> list[Qualification]:
    out: list[Qualification] = []
    education: EducationLevel | None = None
    if "magistri" in low:
        education = EducationLevel.MASTER
    elif "kõrgharidus" in low:
        education = EducationLevel.HIGHER
    elif "keskeriharidus" in low or "kutseharidus" in low:
        education = EducationLevel.VOCATIONAL
    elif "keskharidus" in low:
        education = EducationLevel.SECONDARY
    if education is not None:
        field = None
        preferred = False
        match = re.search(
            r"(soovitavalt\s+)?(sotsiaaltöö)\s*-?\s*ala(ne|ne)|(sotsiaaltöö)alane", low
        )
        if match:
            field, preferred = "sotsiaaltöö", bool(match[1])
        elif "erialane kõrgharidus" in low:
            field = "erialane"
        out.append(
            Qualification(
                education=education,
                field=field,
                field_preferred=preferred,
                studying="selle omandamine" in low,
            )
        )
    years = _YEARS.search(low)
    if years and ("kogemus" in low):
        experience = Qualification(
            experience_years=int(years[1]),
            experience_field="erialane" if "erialase" in low else None,
        )
        alone = re.search(r"\bvõi\s+(vähemalt\s+)?\d+[- ]?aasta", low)  # aastane, aastat
        if alone or not out:
            out.append(experience)
        else:
            out[0] = msgspec.structs.replace(out[0], experience_years=int(years[1]))
    return out
