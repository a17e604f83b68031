"""Every sentence the importer shows people, in Estonian and English, by key.

Keys are stable: the CLI and the import page may look them up too (`text(key, language)`).
"""

_MESSAGES: dict[str, tuple[str, str]] = {
    # errors: a file that cannot be read
    "error.unsupported": (
        "seda failitüüpi ei saa importida ({suffix}); sobivad .txt, .docx, .doc, .odt, .rtf, "
        ".pdf ja .zip",
        "this file type cannot be imported ({suffix}); use .txt, .docx, .doc, .odt, .rtf, "
        ".pdf or .zip",
    ),
    # the reason (an exception's name, an archive code) stays in the error's details for
    # programs and logs: it is not words for people
    "error.damaged": (
        "fail on vigane ega avane",
        "the file is damaged and does not open",
    ),
    "error.encoding": (
        "teksti kodeering jäi tundmatuks (ei UTF-8, UTF-16, Windows-1257 ega Windows-1252)",
        "the text's encoding is unknown (not UTF-8, UTF-16, Windows-1257 or Windows-1252)",
    ),
    "error.too_large": (
        "fail on liiga suur ({size} baiti; lubatud kuni {limit})",
        "the file is too large ({size} bytes; at most {limit})",
    ),
    "error.too_many_lines": (
        "dokumendis on liiga palju ridu ({lines}; lubatud kuni {limit})",
        "the document has too many lines ({lines}; at most {limit})",
    ),
    "error.empty": ("dokumendis pole teksti", "the document has no text"),
    "error.converter_missing": (
        "teisendusprogrammi {program} ei leitud; paigaldage LibreOffice / poppler-utils",
        "the converter {program} was not found; install LibreOffice / poppler-utils",
    ),
    "error.converter_failed": (
        "faili teisendamine ebaõnnestus ({program}: {reason})",
        "converting the file failed ({program}: {reason})",
    ),
    "error.timeout": (
        "faili teisendamine ei lõppenud {seconds} sekundiga",
        "converting the file did not finish within {seconds} seconds",
    ),
    "error.invalid": (
        "dokumendist loetu ei sobi registrisse: {problem_et}",
        "what was read from the document does not fit the registry: {problem_en}",
    ),
    "error.no_title": (
        "ametikoha nimetust ei leitud; ametikohta ei looda",
        "no position title found; no position is created",
    ),
    "error.refused": ("fail ei läbinud kontrolli: {et}", "the file did not pass the checks: {en}"),
    "error.not_found": ("faili ei ole", "the file does not exist"),
    "error.too_many_files": (
        "liiga palju dokumente ({count}; lubatud kuni {limit})",
        "too many documents ({count}; at most {limit})",
    ),
    # unsure items: what the importer placed with low confidence or left out
    "unsure.not_placed": ("rida jäi paigutamata", "the line was not placed"),
    "unsure.front": (
        "päise rida jäi arusaamatuks",
        "a line of the front matter was not understood",
    ),
    "unsure.joined_sentence": (
        "uus lause pärast nummerdatud punkti; liideti selle punktiga",
        "a new sentence after a numbered clause; joined to it",
    ),
    "unsure.label_without_value": ("välja nimi ilma väärtuseta", "a field label without a value"),
    "unsure.not_a_title": (
        "„{phrase}“ ei ole ametikoha nimetus; ametikohta ei loodud",
        "“{phrase}” does not read as a position title; no position was created",
    ),
    "unsure.scope": (
        "{title}: asendamine ainult „{scope}“ osas — ametijuhendis pole punkte, millele viidata; "
        "kirjas ainult kui „keda asendab“",
        "{title}: substitution limited to “{scope}” — no duty refs to name; recorded as "
        "substitutes_for only",
    ),
    "unsure.title_from_sentence": (
        "ametikoha nimetus „{title}“ on leitud lausetest, mitte pealkirjast",
        "the position title “{title}” was read from sentences, not from a heading",
    ),
    "unsure.cut": (
        "tekst „{start}…“ oli väljale liiga pikk (lubatud {limit} märki) ja lõigati lühemaks; "
        "välja jäi „{rest}“",
        "the text “{start}…” was too long for its field (at most {limit} characters) and was "
        "cut; left out “{rest}”",
    ),
    "unsure.values_unpaired": (
        "välja väärtusi ei õnnestunud siduda nimedega",
        "field values could not be paired with their labels",
    ),
    "unsure.reports_conflict": (
        "{title} allub juba ametikohale {current}; dokumendi järgi {named}",
        "{title} already reports to {current}; the document says {named}",
    ),
    # the report
    "report.heading": ("Ametijuhendite import", "Import of job descriptions"),
    "report.documents": ("dokumenti", "documents"),
    "report.imported": ("imporditud", "imported"),
    "report.failed": ("ebaõnnestus", "failed"),
    "report.draft_exists": (
        "ametikohal on juba kavand (versioon {version})",
        "the position already has a draft (version {version})",
    ),
    "report.title": ("Ametikoht", "Position"),
    "report.matched": ("olemasolev ametikoht", "existing position"),
    "report.created": ("uus ametikoht", "new position"),
    "report.named": ("nimetatud ametikohad", "positions named"),
    "report.sections": ("osad", "sections"),
    "report.clauses": ("punktid", "clauses"),
    "report.unsure": ("ebakindlad kohad", "unsure items"),
    "report.line": ("rida", "line"),
    "report.none": ("—", "—"),
}


def text(key: str, language: str = "et", **details: object) -> str:
    et, en = _MESSAGES[key]
    template = et if language == "et" else en
    return template.format(**details) if details else template


def all_keys() -> list[str]:
    return list(_MESSAGES)
