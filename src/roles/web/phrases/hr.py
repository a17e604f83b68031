"""Phrases of the HR pages: Excel in and out, the staff establishment, mail and calendars."""

TEXTS: dict[str, tuple[str, str]] = {
    "sheets": ("Exceli tabelid", "Excel sheets"),
    "sheets_intro": (
        "Ametikohad, töötajad koos ametikohtadega ja puudumised Exceli tabelina. Täida tabel, "
        "laadi see üles ja vaata enne salvestamist üle, mis muutub.",
        "Positions, people with their positions and absences as an Excel workbook. Fill it in, "
        "upload it and look at what changes before anything is saved.",
    ),
    "sheets_export_et": ("Andmed (eesti keeles)", "Data (Estonian)"),
    "sheets_export_en": ("Andmed (inglise keeles)", "Data (English)"),
    "sheets_template_et": ("Tühi põhi (eesti keeles)", "Empty template (Estonian)"),
    "sheets_template_en": ("Tühi põhi (inglise keeles)", "Empty template (English)"),
    "sheets_upload": ("Laadi tabel üles", "Upload a workbook"),
    "sheets_mode_merge": (
        "Lisa ja muuda: tabelist puuduvad read jäävad alles",
        "Add and update: rows left out stay as they are",
    ),
    "sheets_mode_replace": (
        "Asenda: iga tabeli leht asendab oma osa (puuduvad read eemaldatakse)",
        "Replace: each sheet replaces its part (rows left out are removed)",
    ),
    "sheets_preview": ("Näita muudatusi", "Show the changes"),
    "sheets_changes": ("Mis muutub", "What changes"),
    "sheets_no_changes": ("Tabel ei muuda midagi.", "The workbook changes nothing."),
    "sheets_apply": ("Salvesta muudatused", "Save the changes"),
    "sheets_errors": (
        "Tabelis on vigu; midagi ei salvestatud",
        "The workbook has errors; nothing was saved",
    ),
    "sheets_place": ("Koht", "Where"),
    "sheets_applied": ("Tabeli muudatused on salvestatud.", "The workbook's changes are saved."),
    "sheets_stale": (
        "Andmed muutusid pärast eelvaadet. Vaata muudatused uuesti üle.",
        "The data changed after the preview. Look at the changes again.",
    ),
    "sheets_choose": ("Vali tabel (.xlsx).", "Choose a workbook (.xlsx)."),
    "sheets_empty": ("Fail „{}“ on tühi.", "The file “{}” is empty."),
    "sheets_too_big": ("Fail on liiga suur.", "The file is too big."),
    "sheets_resend": ("Laadi tabel uuesti üles.", "Upload the workbook again."),
    "establishment": ("Teenistuskohtade koosseis", "Staff establishment"),
    "establishment_on": ("Seisuga", "As of"),
    "establishment_none": (
        "Kinnitatud koosseisu pole: dokument koostatakse ametikohtadest sel kuupäeval.",
        "No approved establishment: the document is made of the positions on that day.",
    ),
    "establishment_version": ("Versioon", "Version"),
    "establishment_in_force": ("Jõus alates", "In force from"),
    "establishment_act": ("Akt", "Act"),
    "establishment_posts": ("Kohti", "Posts"),
    "establishment_draft": ("eelnõu", "draft"),
    "establishment_current": ("kehtiv", "in force"),
    "subscriptions": ("E-kiri ja kalendrid", "Mail and calendars"),
    "mail_settings": ("E-kirjad", "E-mail"),
    "mail_address": ("E-posti aadress", "E-mail address"),
    "mail_language": ("Kirjade keel", "Language of messages"),
    "mail_digests": (
        "Saada mulle nädala- ja kuukokkuvõtteid",
        "Send me weekly digests and monthly summaries",
    ),
    "mail_reminders_note": (
        "Ametijuhendiga tutvumise meeldetuletusi ei saa välja lülitada.",
        "Reminders to acknowledge a job description cannot be switched off.",
    ),
    "mail_saved": ("E-kirjade seaded on salvestatud.", "Mail settings saved."),
    "feeds": ("Kalendrid", "Calendars"),
    "feeds_intro": (
        "Telli kalender Outlookis või Google'i kalendris selle salajase aadressiga. Kes aadressi "
        "teab, näeb kalendrit: kui see lekib, tühista see ja tee uus.",
        "Subscribe in Outlook or Google Calendar with the secret address. Whoever knows the "
        "address sees the calendar: if it leaks, revoke it and make a new one.",
    ),
    "feed_new_url": (
        "Sinu uue kalendri aadress (näidatakse ainult nüüd):",
        "Your new calendar's address (shown only now):",
    ),
    "feed_mine": ("Minu asendamised ja puudumised", "My substitutions and absences"),
    "feed_unit": ("Üksus: {}", "Unit: {}"),
    "feed_make": ("Loo kalender", "Make a calendar"),
    "feed_revoke": ("Tühista", "Revoke"),
    "feed_revoked": ("Kalender on tühistatud.", "The calendar is revoked."),
    "feed_created": ("Loodud", "Made"),
    "feed_none": ("Kalendreid pole.", "No calendars."),
}
