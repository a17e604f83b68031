"""Coverage findings as sentences on the pages: titles and names, never ids or codes.

`{position}` is the position's title, `{others}` the titles of the positions the finding
names, `{days}` a list of date ranges, `{duties}`, `{unmet}`, `{field}`, `{text}`,
`{registry}` as `web.findings` fills them.
"""

TEXTS: dict[str, tuple[str, str]] = {
    "cov_no-substitute": (
        "{position}: asendaja puudub – ükski asendusreegel ei nimeta teist ametikohta.",
        "{position}: no substitute – no rule names another position.",
    ),
    "cov_abolished-substitute": (
        "{position}: asendajaks on nimetatud kaotatud ametikoht ({others}).",
        "{position}: an abolished position is named as substitute ({others}).",
    ),
    "cov_vacant-chain": (
        "{position}: asendajate ametikohad on kõik täitmata ({others}).",
        "{position}: every substitute position is vacant ({others}).",
    ),
    "cov_uncovered": (
        "{position}: {count} päeval ei tee tööd ega asenda keegi ({days}).",
        "{position}: nobody does the work or acts for it on {days} ({count} in all).",
    ),
    "cov_closed-loop": (
        "{others} asendavad ainult üksteist; ükski reegel ei vii sellest ringist välja.",
        "{others} only substitute for each other; no rule leads out of the set.",
    ),
    "cov_scope-gap": (
        "{position}: ülesandeid {duties} ei asenda keegi.",
        "{position}: nobody covers the duties {duties}.",
    ),
    "cov_overloaded-substitute": (
        "{position} on esimene asendaja {count} ametikohale: {others}.",
        "{position} is the first substitute of {count} positions: {others}.",
    ),
    "cov_unqualified-substitute": (
        "{position}: esimene asendaja ({others}) ei vasta nõuetele – {unmet}.",
        "{position}: the first substitute ({others}) does not meet the requirements – {unmet}.",
    ),
    "cov_one-sided": (
        "{position} ja {others}: asendus on kirjas ainult ühel pool (ametijuhendis või "
        "asendusreeglites).",
        "{position} and {others}: the substitution is stated on one side only (in the job "
        "description or in the rules).",
    ),
    "cov_contradicting-text": (
        "{position}: ametijuhendi väli „{field}“ ütleb „{text}“, register aga: {registry}.",
        "{position}: the job description's field “{field}” says “{text}”, the registry: "
        "{registry}.",
    ),
    "cov_unmet_language": ("keeleoskus {required}", "language {required}"),
    "cov_unmet_licence": ("juhiluba {required}", "driving licence {required}"),
    "cov_unmet_education": ("haridus: {required}", "education: {required}"),
    "cov_unmet_has": ("on {found}", "has {found}"),
    "cov_unmet_missing": ("puudub", "missing"),
    "cov_foreign": ("võõrkeel", "a foreign language"),
    "cov_outside": ("teise üksuse ametikoht", "a position in another unit"),
    "cov_field_position": ("Ametikoht", "Position"),
    "cov_field_agency": ("Asutus", "Agency"),
    "cov_field_unit": ("Struktuuriüksus", "Unit"),
    "cov_field_service": ("Teenistus", "Service"),
    "cov_field_anti_corruption_official": ("Korruptsioonivastane", "Anti-corruption"),
    "cov_field_reports_to": ("Vahetu juht", "Reports to"),
    "cov_field_subordinates": ("Alluvad", "Subordinates"),
    "cov_field_substitutes": ("Asendaja", "Substitute"),
    "cov_field_substitutes_for": ("Asendatav", "Substitutes for"),
    "findings_said": ("kokku {}, neist vigu {}", "{} in all, {} errors"),
    "findings_errors": ("neist vigu {}", "{} of them errors"),
    "cov_severity_error": ("viga", "error"),
    "cov_severity_warning": ("hoiatus", "warning"),
    "acts_via": ("Asendab {} – {}, {}. asendaja.", "{} acts – {}, substitute no. {}."),
}
