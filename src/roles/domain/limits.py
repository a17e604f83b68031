"""How big, how deep, how far: the bounds every value of a registry keeps, wherever it comes in.

`rules.check` holds every registry to these (so the API, the pages, registry files and the
importer all get them) and `roles.registry` holds files to the file limits before parsing them
whole. docs/registry-format.md explains each choice; the short reasons are beside the values.
"""

import datetime as dt
import re
from typing import Final

# --- dates ---------------------------------------------------------------------------------
# No one at work today started before 1900, and no plan of a municipality reaches past 2100;
# both ends are far enough from date.min/date.max that "the day after" and "a year later"
# never overflow anywhere (coverage ranges, calendars, documents).
MIN_DATE: Final = dt.date(1900, 1, 1)
MAX_DATE: Final = dt.date(2100, 12, 31)

# Where a municipality's records begin when it does not say (`municipality.records_from`):
# Estonia's local governments were restored by the act of 10 November 1989 and elected in
# December 1989, so no job description of a municipality of today was approved before 1990.
RECORDS_FROM: Final = dt.date(1990, 1, 1)

# --- structure -------------------------------------------------------------------------------
# Clauses nest at most this many levels (2 → 2.2 → 2.2.1 → …): the editor's depth (0–4) and
# the document templates' clause styles (Clause 1–5).
MAX_CLAUSE_DEPTH: Final = 5
# A clause number: numbers, single letters or roman numerals joined by dots, optionally with
# a closing parenthesis or in parentheses: "2", "2.2.1", "3)", "a)", "(b)", "IV", "5¹", "§ 3".
_PART = r"(?:\d{1,4}(?:[a-zõäöüšž]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})?|[a-zA-ZõäöüšžÕÄÖÜŠŽ]|[ivxlcIVXLC]{1,8})"
REF_PATTERN: Final = re.compile(rf"(?:§ ?)?(?:{_PART}(?:\.{_PART}){{0,7}}\)?|\({_PART}\))")
MAX_REF_LENGTH: Final = 40

# --- text ------------------------------------------------------------------------------------
# Longest text per field, in characters (Python str length). Names and titles fit a line of a
# document; clause texts a long paragraph (the seeds' longest is 429); a field not named here
# gets DEFAULT_TEXT.
DEFAULT_TEXT: Final = 200
TEXT: Final[dict[tuple[str, str], int]] = {
    ("Municipality", "name"): 200,
    ("Agency", "name"): 200,
    ("Agency", "head_title"): 200,
    ("Unit", "name"): 200,
    ("Position", "title"): 200,
    ("Person", "name"): 200,
    ("Person", "personal_code"): 11,
    ("JobDescription", "title"): 300,
    ("JobDescription", "tools"): 500,
    ("JobDescription", "systems"): 500,
    ("Approval", "by"): 200,
    ("Approval", "name"): 200,
    ("Approval", "directive"): 100,
    ("Approval", "directive_title"): 500,
    ("Approval", "annex"): 100,
    ("DocumentControl", "version"): 20,
    ("DocumentControl", "status"): 50,
    ("DocumentControl", "keeper"): 200,
    ("DocumentControl", "language"): 20,
    ("Section", "title"): 300,
    ("Section", "intro"): 2000,
    ("Section", "columns"): 200,
    ("Clause", "label"): 200,
    ("Clause", "text"): 5000,
    ("Clause", "result"): 5000,
    ("Signature", "title"): 200,
    ("Signature", "caption"): 200,
    ("Signature", "lines"): 100,
    ("Requirements", "licences"): 20,
    ("Requirements", "computer_skills"): 1000,
    ("Requirements", "knowledge"): 1000,
    ("Requirements", "personal_qualities"): 1000,
    ("Qualification", "field"): 200,
    ("Qualification", "experience_field"): 200,
    ("Qualification", "note"): 1000,
    ("PersonQualifications", "fields"): 200,
    ("PersonQualifications", "licences"): 20,
}
# Fields that may hold several lines (tab and newline allowed); every other text is one line.
MULTILINE: Final = frozenset(
    {("Clause", "text"), ("Clause", "result"), ("Section", "intro"), ("Qualification", "note")}
)

# --- counts ----------------------------------------------------------------------------------
# Entities of one municipality. Tallinn, the largest, has some 8 000 posts with its agencies;
# the limits leave room for growth and for keeping history, and bound what one file can cost.
REGISTRY: Final[dict[str, int]] = {
    "agencies": 1_000,
    "units": 10_000,
    "positions": 50_000,
    "people": 100_000,
    "job_descriptions": 250_000,
}
# Items of one list field; a list not named here gets DEFAULT_ITEMS.
DEFAULT_ITEMS: Final = 100
ITEMS: Final[dict[tuple[str, str], int]] = {
    ("Position", "substitutes"): 50,
    ("Position", "substitutes_for"): 500,
    ("SubstitutionRule", "duties"): 200,
    ("Person", "assignments"): 500,
    ("Person", "absences"): 5_000,  # a career of absences, sick days recorded one by one
    ("JobDescription", "sections"): 100,
    ("JobDescription", "tools"): 200,
    ("JobDescription", "systems"): 200,
    ("JobDescription", "signatures"): 20,
    ("Section", "clauses"): 1_000,
    ("Section", "columns"): 10,
    ("Clause", "clauses"): 1_000,
    ("Signature", "lines"): 10,
    ("Requirements", "alternatives"): 20,
}
# Clauses of one job description, at every depth together.
MAX_CLAUSES: Final = 5_000

# Whole numbers.
NUMBERS: Final[dict[tuple[str, str], tuple[int, int]]] = {
    ("Position", "seats"): (1, 1_000),
    ("JobDescription", "version"): (1, 10_000),
    ("Section", "level"): (1, 3),
    ("Qualification", "experience_years"): (0, 70),
    ("PersonQualifications", "experience_years"): (0, 70),
}

# --- registry files --------------------------------------------------------------------------
# A municipality of 10 000 positions with their descriptions is ≈ 46 MB of indented JSON and
# ≈ 27 MB of YAML; 128 MiB leaves room for the largest with history.
MAX_FILE_BYTES: Final = 128 * 1024 * 1024
# Nesting of a file: the deepest the format goes (clauses MAX_CLAUSE_DEPTH deep in a section
# of a job description) is 17 levels; deeper is not a registry.
MAX_FILE_DEPTH: Final = 24
# Values of any kind (mappings, lists, texts, numbers): bounds what parsing may build
# (a 27 MB registry of 10 000 positions holds ≈ 2.7 million).
MAX_FILE_NODES: Final = 20_000_000
