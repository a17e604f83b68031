"""The import page: several files or a zip, then a review queue one document at a time."""

TEXTS: dict[str, tuple[str, str]] = {
    "import_many_hint": (
        "Laadi üles ametijuhendid (.docx, .doc, .odt, .rtf, .pdf, .txt) või nende ZIP-fail: kuni "
        "{} dokumenti ja {} MB korraga. Iga dokument tuleb üle vaadata enne, kui midagi "
        "salvestatakse.",
        "Upload job descriptions (.docx, .doc, .odt, .rtf, .pdf, .txt) or a ZIP file of them: up "
        "to {} documents and {} MB at a time. Each document is reviewed before anything is "
        "stored.",
    ),
    "import_files": ("Failid", "Files"),
    "import_replaces_queue": (
        "Uus üleslaadimine asendab praeguse ülevaatusjärjekorra.",
        "A new upload replaces the current review queue.",
    ),
    "import_failed": ("Neid faile ei saanud lugeda", "These files could not be read"),
    "import_queue_empty": (
        "Ülevaatamiseks pole dokumente.",
        "There are no documents to review.",
    ),
    "import_review": ("Dokument {} / {}", "Document {} of {}"),
    "import_became": ("Mis sellest sai", "What became of it"),
    "import_fate_clause": ("punkt", "clause"),
    "import_fate_field": ("päise väli", "header field"),
    "import_fate_ignored": ("jäeti välja", "left out"),
    "import_fate_unsure": ("ebakindel", "unsure"),
    "import_fate_lost": ("paigutamata", "not placed"),
    "import_existing": ("olemasolev", "existing"),
    "import_new": ("uus", "new"),
    "import_draft_exists": (
        "Ametikohal „{}“ on juba mustand (versioon {}). Kas asendada see selle dokumendi "
        "mustandiga või jätta alles?",
        "The position “{}” already has a draft (version {}). Replace it with this document's "
        "draft, or keep it?",
    ),
    "import_replace": ("Asenda mustand", "Replace the draft"),
    "import_keep": ("Jäta alles", "Keep it"),
    "import_accept": ("Võta vastu", "Accept"),
    "import_edit": ("Võta vastu ja muuda", "Accept and edit"),
    "import_skip": ("Jäta vahele", "Skip"),
    "import_accepted": ("Mustand salvestati.", "The draft was stored."),
    "import_skipped": ("Dokument jäeti vahele.", "The document was skipped."),
    "import_changed": (
        "See dokument on juba otsustatud või ametikohal on vahepeal tekkinud mustand.",
        "This document was decided already, or the position got a draft meanwhile.",
    ),
    "request_too_large": (
        "Saadetud andmed on liiga suured. Laadige failid üles väiksemate osadena.",
        "What was sent is too large. Upload the files in smaller parts.",
    ),
    "file_too_many": ("Liiga palju faile: lubatud on kuni {}.", "Too many files: at most {}."),
    "file_bad_op": ("Tundmatu otsus.", "Unknown decision."),
}
