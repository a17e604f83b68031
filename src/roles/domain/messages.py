"""Every problem the domain and the registry reader find, said in Estonian and in English.

    describe(problem, "et") -> "Ametikohta „voru-x“ ei ole registris."

Texts name what a person knows — titles, names, the value typed, dates in the language's form —
never codes, paths or exception names. A problem without a code (made by a caller that has
none) is told by its English `message`. Every code has both texts: tests/domain/
test_messages.py holds the catalogue to that and keeps English out of the Estonian.
"""

import datetime as dt
import re
from typing import Final

from roles.domain import dates
from roles.domain.problem import Problem

# code → (Estonian, English); {name} takes a param.
TEXTS: Final[dict[str, tuple[str, str]]] = {
    # --- registry files ---
    "file.type": (
        "Tundmatu failitüüp; kasuta .yaml-, .yml- või .json-faili.",
        "Unknown file type; use a .yaml, .yml or .json file.",
    ),
    "file.unreadable": ("Faili ei saa lugeda.", "The file cannot be read."),
    "file.too-large": (
        "Fail on {size} baiti suur; lubatud on kuni {limit} baiti.",
        "The file is {size} bytes; at most {limit} bytes are allowed.",
    ),
    "file.encoding": (
        "Fail on kodeeringus {encoding}; salvesta see UTF-8 kodeeringus.",
        "The file is in {encoding}; save it as UTF-8.",
    ),
    "file.not-utf8": (
        "Fail ei ole UTF-8 kodeeringus: bait {byte} (rida {line}) ei ole loetav.",
        "The file is not UTF-8: byte {byte} (line {line}) cannot be read.",
    ),
    "file.syntax": (
        "Fail ei ole korrektne {kind} (rida {line}, veerg {column}).",
        "The file is not valid {kind} (line {line}, column {column}).",
    ),
    "file.alias": (
        "Real {line} on YAML-i ankur (&) või viide (*); neid ei lubata, kirjuta väärtus välja.",
        "Line {line} has a YAML anchor (&) or alias (*); they are not allowed, write the value "
        "out.",
    ),
    "file.tag": (
        "Real {line} on YAML-i silt {tag}; silte ei lubata.",
        "Line {line} has the YAML tag {tag}; tags are not allowed.",
    ),
    "file.documents": (
        "Failis on mitu YAML-dokumenti; registrifailis on üks.",
        "The file holds more than one YAML document; a registry file holds one.",
    ),
    "file.key": ("Võti peab olema tekst.", "A key must be text."),
    "file.duplicate-key": (
        "Võti „{key}“ on samas kohas kaks korda.",
        "The key “{key}” appears twice in one place.",
    ),
    "file.too-deep": (
        "Fail on liiga sügavalt pesastatud: lubatud on kuni {limit} taset.",
        "The file nests too deep: at most {limit} levels are allowed.",
    ),
    "file.too-many-values": (
        "Failis on üle {limit} väärtuse.",
        "The file holds more than {limit} values.",
    ),
    "file.number": (
        "„{value}“ ei ole arv, mida register saab hoida.",
        "“{value}” is not a number a registry can hold.",
    ),
    "file.not-mapping": (
        "See ei ole registrifail: selle alguses peavad olema võtmed „format“ ja „municipality“.",
        "This is not a registry file: it must start with the keys “format” and “municipality”.",
    ),
    "format.missing": (
        "Failis puudub võti „format“; selle väärtus peab olema {expected}.",
        "The key “format” is missing; its value must be {expected}.",
    ),
    "format.unsupported": (
        "Vormingut „{value}“ ei toetata; oodatud on {expected}.",
        "The format “{value}” is not supported; {expected} is expected.",
    ),
    # --- schema ---
    "schema.missing": (
        "Kohustuslik väli „{field}“ puudub.",
        "The required field “{field}” is missing.",
    ),
    "schema.unknown": ("Tundmatu väli „{field}“.", "Unknown field “{field}”."),
    "schema.type": ("Väärtus on vale tüüpi.", "The value has the wrong type."),
    "schema.enum": ("Sellist väärtust siin ei lubata.", "This value is not allowed here."),
    "schema.date": (
        "See ei ole kuupäev; kirjuta kujul AAAA-KK-PP, näiteks 2026-07-01.",
        "This is not a date; write it as YYYY-MM-DD, for example 2026-07-01.",
    ),
    "schema.pattern": ("Väärtus ei ole õiget kuju.", "The value does not have the right form."),
    "schema.range": (
        "Väärtus on väljaspool lubatud piiri ({op} {limit}).",
        "The value is outside the allowed bound ({op} {limit}).",
    ),
    "schema.length": (
        "Väärtuse pikkus on väljaspool lubatud piiri ({op} {limit}).",
        "The value's length is outside the allowed bound ({op} {limit}).",
    ),
    "schema.invalid": ("Väärtus ei sobi.", "The value is not valid."),
    # --- values ---
    "text.too-long": (
        "Tekst on {length} märki pikk; lubatud on kuni {limit}.",
        "The text is {length} characters long; at most {limit} are allowed.",
    ),
    "text.blank": ("Väli ei tohi olla tühi.", "This field must not be empty."),
    "text.control": (
        "Tekstis on juhtmärk {char} ({at}. märk); eemalda see.",
        "The text holds the control character {char} (character {at}); remove it.",
    ),
    "text.line-break": (
        "See väli peab olema ühel real; {at}. märgi kohal on reavahetus.",
        "This field must be one line; there is a line break at character {at}.",
    ),
    "text.invisible": (
        "Tekstis on nähtamatu märk {char} ({name}, {at}. märk), mis võib teksti järgneva osa "
        "peita või ümber pöörata; eemalda see.",
        "The text holds the invisible character {char} ({name}, character {at}), which can hide "
        "or reverse what follows it; remove it.",
    ),
    "text.noncharacter": (
        "Tekstis on {char}, mis ei ole märk ({at}. märk); eemalda see.",
        "The text holds {char}, which is not a character (character {at}); remove it.",
    ),
    "text.surrogate": (
        "Tekstis on paarita asendusmärk {char} ({at}. märk); see ei ole tekst.",
        "The text holds an unpaired surrogate {char} (character {at}); it is not text.",
    ),
    "date.range": (
        "Kuupäev {value} on väljaspool lubatud vahemikku {min} … {max}.",
        "The date {value} is outside the allowed range {min} … {max}.",
    ),
    "number.range": (
        "{value} on väljaspool lubatud vahemikku {min} … {max}.",
        "{value} is outside the allowed range {min} … {max}.",
    ),
    "ref.malformed": (
        "Punkti number „{value}“ ei ole korrektne; kirjuta näiteks 2.1, 2.2.1, 3) või a).",
        "The clause number “{value}” is not well-formed; write it like 2.1, 2.2.1, 3) or a).",
    ),
    "id.malformed": (
        "„{value}“ ei sobi tunnuseks: ainult väiketähed, numbrid ja sidekriipsud, kuni 100 märki.",
        "“{value}” is not an id: lowercase letters, digits and hyphens, at most 100.",
    ),
    "code.malformed": ("Väärtus „{value}“ ei sobi siia.", "The value “{value}” is not valid here."),
    "enum.invalid": (
        "Väärtus „{value}“ ei ole lubatud; valida saab: {allowed}.",
        "The value “{value}” is not allowed; choose one of: {allowed}.",
    ),
    "count.too-many": (
        "Siin on {count} kirjet; lubatud on kuni {limit}.",
        "There are {count} items here; at most {limit} are allowed.",
    ),
    "count.too-many-clauses": (
        "Ametijuhendis on {count} punkti; lubatud on kuni {limit}.",
        "The job description has {count} clauses; at most {limit} are allowed.",
    ),
    "clause.too-deep": (
        "Punktid on üksteise sees liiga sügaval: lubatud on kuni {limit} taset.",
        "Clauses are nested too deep: at most {limit} levels are allowed.",
    ),
    # --- organisation and references ---
    "id.duplicate": (
        "Tunnus „{value}“ on juba kasutusel ({first}).",
        "The id “{value}” is already used ({first}).",
    ),
    "ref.unknown-agency": (
        "Ametiasutust „{value}“ registris ei ole.",
        "There is no agency “{value}” in the registry.",
    ),
    "ref.unknown-unit": (
        "Struktuuriüksust „{value}“ registris ei ole.",
        "There is no unit “{value}” in the registry.",
    ),
    "ref.unknown-person": (
        "Isikut „{value}“ registris ei ole.",
        "There is no person “{value}” in the registry.",
    ),
    "ref.unknown-municipality": (
        "Omavalitsust „{value}“ ei ole.",
        "There is no municipality “{value}”.",
    ),
    "ref.unknown-position": (
        "Ametikohta „{value}“ registris ei ole.",
        "There is no position “{value}” in the registry.",
    ),
    "ref.unknown-layout": (
        "Dokumendi kujundust „{value}“ ei ole; olemas on: {known}.",
        "There is no document layout “{value}”; there are: {known}.",
    ),
    "unit.cycle": (
        "Struktuuriüksused moodustavad ringi: {cycle}.",
        "The units form a cycle: {cycle}.",
    ),
    "position.reports-to-itself": (
        "Ametikoht „{position}“ ei saa alluda iseendale.",
        "The position “{position}” cannot report to itself.",
    ),
    "position.reporting-cycle": (
        "Alluvussuhted moodustavad ringi: {cycle}.",
        "The reporting lines form a cycle: {cycle}.",
    ),
    # --- substitution rules ---
    "rule.if-needed-first": (
        "{rule}. asendusreegel („vajadusel“) on enne tavalist {plain}. reeglit („{substitute}“); "
        "kirjuta tavalised reeglid ette.",
        "Rule {rule} (“if needed”) comes before the plain rule {plain} (“{substitute}”); write "
        "plain rules first.",
    ),
    "rule.named-twice": (
        "Ametikoht „{substitute}“ on asendajana nimetatud kaks korda.",
        "The position “{substitute}” is named as a substitute twice.",
    ),
    "rule.empty-scope": (
        "Tühi ülesannete loetelu ei kata midagi; jäta see ära.",
        "An empty list of duties covers nothing; leave it out.",
    ),
    "rule.scope-without-description": (
        "Ametikohal „{position}“ ei ole ametijuhendit, mille ülesandeid asendusreegel saaks "
        "nimetada.",
        "The position “{position}” has no job description whose duties the rule could name.",
    ),
    "rule.unknown-duty": (
        "Ülesannet {value} ei ole ametikoha „{position}“ ametijuhendi versioonis {version}.",
        "Duty {value} is not in version {version} of the job description of “{position}”.",
    ),
    # --- people ---
    "person.code-form": (
        "Isikukood {value} peab koosnema 11 numbrist.",
        "The personal code {value} must be 11 digits.",
    ),
    "person.code-century": (
        "Isikukood {value} algab numbriga {digit}; esimene number on 1–6.",
        "The personal code {value} starts with {digit}; the first digit is 1–6.",
    ),
    "person.code-date": (
        "Isikukoodis {value} ei ole kehtivat sünnikuupäeva.",
        "The personal code {value} holds no valid birth date.",
    ),
    "person.code-check-digit": (
        "Isikukoodi {value} kontrollnumber on {digit}, kuid peab olema {expected}.",
        "The personal code {value} has check digit {digit}; it should be {expected}.",
    ),
    "person.code-taken": (
        "See isikukood kuulub juba isikule {other}.",
        "This personal code already belongs to {other}.",
    ),
    "assignment.ends-before-start": (
        "Ametisolek lõpeb ({end}) enne, kui see algab ({start}).",
        "The assignment ends ({end}) before it starts ({start}).",
    ),
    "assignment.after-abolished": (
        "Ametikoht „{position}“ kaotatakse {abolished}; ametisolek peab lõppema enne seda.",
        "The position “{position}” is abolished from {abolished}; the assignment must end "
        "before that.",
    ),
    "seats.overfull": (
        "Ametikohal „{position}“ on {seats} kohta, kuid {day} on sellel rohkem täitjaid.",
        "The position “{position}” has {seats} seat(s) but more holders than that on {day}.",
    ),
    "absence.ends-before-start": (
        "Puudumine lõpeb ({end}) enne, kui see algab ({start}).",
        "The absence ends ({end}) before it starts ({start}).",
    ),
    "absence.overlap": (
        "Puudumine {start}–{end} kattub puudumisega {other_start}–{other_end}; inimene puudub "
        "korraga ühel põhjusel.",
        "The absence {start}–{end} overlaps the absence {other_start}–{other_end}; a person is "
        "away for one reason at a time.",
    ),
    # --- job descriptions ---
    "description.version-twice": (
        "Ametikoha „{position}“ ametijuhendi versioon {version} on kaks korda.",
        "Version {version} of the job description of “{position}” appears twice.",
    ),
    "description.approved-twice": (
        "Ametikohal „{position}“ on mitu kinnitatud ametijuhendit; varasemad peavad olema "
        "asendatud.",
        "The position “{position}” has more than one approved version; the older ones must be "
        "superseded.",
    ),
    "description.draft-twice": (
        "Ametikohal „{position}“ on mitu mustandit.",
        "The position “{position}” has more than one draft.",
    ),
    "description.superseded-newer": (
        "Asendatud versioon {version} on uuem kui kinnitatud versioon {approved}.",
        "Superseded version {version} is newer than the approved version {approved}.",
    ),
    "description.draft-older": (
        "Mustand (versioon {version}) on vanem kui kinnitatud versioon {approved}.",
        "The draft (version {version}) is older than the approved version {approved}.",
    ),
    # --- approval ---
    "approval.no-title": (
        "Ametijuhendil peab olema pealkiri.",
        "The job description needs a title.",
    ),
    "approval.no-duties": (
        "Ametijuhendis peab olema vähemalt üks teenistusülesanne.",
        "The job description needs at least one duty.",
    ),
    "approval.no-approver": (
        "Märgi, kes ametijuhendi kinnitab.",
        "Say who approves the job description.",
    ),
    "approval.no-directive": (
        "Märgi käskkiri, millega ametijuhend kinnitatakse.",
        "Name the directive that approves the job description.",
    ),
    "approval.no-date": ("Märgi kinnitamise kuupäev.", "Give the date of approval."),
    "approval.before-records": (
        "Kinnitamise kuupäev {date} on varasem kui omavalitsuse andmete algus ({records_from}).",
        "The approval date {date} is before the municipality's records begin ({records_from}).",
    ),
    "approval.in-future": (
        "Kinnitamise kuupäev {date} on tulevikus (täna on {today}). Kui versioon hakkab "
        "kehtima hiljem, märgi kehtima hakkamise kuupäev.",
        "The approval date {date} is in the future (today is {today}). If the version takes "
        "effect later, give the date it takes effect from.",
    ),
    "approval.in-force-before-approval": (
        "Ametijuhend hakkaks kehtima ({in_force_from}) enne, kui see on kinnitatud ({date}).",
        "The version would take effect ({in_force_from}) before it is approved ({date}).",
    ),
}

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELD = re.compile(r"{(\w+)}")


def describe(problem: Problem, language: str = "et") -> str:
    """The problem in Estonian ("et") or English (any other language), for a person."""
    texts = TEXTS.get(problem.code)
    if texts is None:
        return problem.message
    template = texts[0] if language == "et" else texts[1]
    return _FIELD.sub(lambda m: _shown(problem.params.get(m[1], "?"), language), template)


def _shown(value: str, language: str) -> str:
    if _ISO.match(value):
        try:
            return dates.shown(dt.date.fromisoformat(value), language)
        except ValueError:
            return value
    return value


def fields(code: str) -> set[str]:
    """The params the texts of a code use."""
    et, en = TEXTS[code]
    return set(_FIELD.findall(et)) | set(_FIELD.findall(en))
