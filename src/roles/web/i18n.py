"""Every word the pages print, in Estonian (the default) and English.

`text(lang, key)` answers the phrase; a missing key is a programming error (KeyError), caught by
the tests, never shown as a blank. Phrases may hold `{}` placeholders for `str.format`.

Long on purpose: it is one table, the pages' whole vocabulary side by side in both languages,
which a translator reads top to bottom. Newer areas keep their phrases in `roles.web.phrases`
(one module per area), merged in here.
"""

from typing import Final

from roles.web import phrases

LANGUAGES: Final = ("et", "en")
DEFAULT: Final = "et"

TEXTS: Final[dict[str, tuple[str, str]]] = {
    # layout
    "app": ("Ametijuhendid", "Job descriptions"),
    "skip": ("Jätka põhisisuga", "Skip to main content"),
    "main_nav": ("Põhimenüü", "Main menu"),
    "language": ("Keel", "Language"),
    "other_language": ("In English", "Eesti keeles"),
    "logged_in_as": ("Sisse logitud: {}", "Logged in as {}"),
    "logout": ("Logi välja", "Log out"),
    "login": ("Logi sisse", "Log in"),
    "user_name": ("Kasutajanimi", "User name"),
    "password": ("Parool", "Password"),
    "wrong_login": ("Vale kasutajanimi või parool.", "Wrong user name or password."),
    "wait_login": (
        "Liiga palju ebaõnnestunud katseid; proovi uuesti {} sekundi pärast.",
        "Too many failed attempts; try again in {} seconds.",
    ),
    "csrf_failed": (
        "Vormi kehtivus lõppes. Laadi leht uuesti ja proovi uuesti.",
        "The form has expired. Reload the page and try again.",
    ),
    "not_found": ("Lehte ei leitud", "Page not found"),
    "gone_meanwhile": (
        "Seda, mida muutsid, pole enam: see eemaldati vahepeal (teises aknas või kolleegi poolt).",
        "What you were changing is no longer there: it was removed meanwhile (in another tab or "
        "by a colleague).",
    ),
    "gone_typed": (
        "Sinu sisestatu (kopeeri see enne lehelt lahkumist):",
        "What you typed (copy it before you leave the page):",
    ),
    "not_found_text": (
        "Sellist lehte pole või pole sul õigust seda näha.",
        "There is no such page, or you may not see it.",
    ),
    "conflict": (
        "Keegi muutis seda vahepeal. Laadi leht uuesti.",
        "Someone changed this meanwhile. Reload the page.",
    ),
    "home": ("Avaleht", "Home"),
    "municipalities": ("Omavalitsused", "Municipalities"),
    "overview": ("Ülevaade", "Overview"),
    "positions": ("Ametikohad", "Positions"),
    "coverage": ("Asendamine", "Coverage"),
    "my_description": ("Minu ametijuhend", "My job description"),
    "registry_file": ("Registrifail", "Registry file"),
    "import": ("Impordi dokument", "Import a document"),
    "saved": ("Salvestatud.", "Saved."),
    "unsaved": (
        "Muudatused pole veel salvestatud: vajuta „Salvesta“.",
        "The changes are not saved yet: press “Save”.",
    ),
    # overview
    "vacancies": ("Vakantsid", "Vacancies"),
    "findings": ("Leiud", "Findings"),
    "pending_acks": ("Kinnitamata tutvumised", "Pending acknowledgements"),
    "count_positions": ("ametikohta", "positions"),
    "warnings": ("hoiatused", "warnings"),
    "no_findings": ("Leide pole.", "No findings."),
    "none": ("Pole.", "None."),
    "pending_for": ("ootab {} päeva", "pending for {} days"),
    "acks_unavailable": (
        "Tutvumiste andmed pole saadaval.",
        "Acknowledgement data is not available.",
    ),
    # position list
    "units": ("Struktuuriüksused", "Units"),
    "all_units": ("Kõik üksused", "All units"),
    "filter": ("Filtreeri", "Filter"),
    "unit": ("Üksus", "Unit"),
    "only_vacant": ("Ainult vakantsed", "Vacant only"),
    "only_findings": ("Ainult leidudega", "With coverage findings only"),
    "only_pending": ("Ainult kinnitamata tutvumistega", "With pending acknowledgements only"),
    "title": ("Nimetus", "Title"),
    "holders": ("Täitjad", "Holders"),
    "status": ("Olek", "Status"),
    "vacant": ("vakantne", "vacant"),
    "shown_of": ("Näidatud {} / {}", "Showing {} of {}"),
    "previous": ("Eelmised", "Previous"),
    "next": ("Järgmised", "Next"),
    "page_n": ("Lehekülg {} / {}", "Page {} of {}"),
    # position page
    "position": ("Ametikoht", "Position"),
    "reports_to": ("Vahetu juht", "Reports to"),
    "service": ("Teenistuse liik", "Service type"),
    "official": ("ametnik", "official"),
    "employee": ("töötaja", "employee"),
    "seats": ("Kohti", "Seats"),
    "from": ("alates", "from"),
    "until": ("kuni", "until"),
    "substitution": ("Asendamine", "Substitution"),
    "substitutes": ("Kes asendab", "Substituted by"),
    "substitutes_for": ("Keda asendab", "Substitutes for"),
    "if_needed": ("vajadusel", "if needed"),
    "only_duties": ("ainult ülesanded {}", "only duties {}"),
    "no_rules": ("Asendusreegleid pole.", "No substitution rules."),
    "current_description": ("Kehtiv ametijuhend", "Current job description"),
    "no_description": ("Ametijuhendit pole.", "No job description."),
    "versions": ("Versioonid", "Versions"),
    "version": ("Versioon", "Version"),
    "version_n": ("versioon {}", "version {}"),
    "draft": ("mustand", "draft"),
    "approved": ("kinnitatud", "approved"),
    "superseded": ("asendatud", "superseded"),
    "approved_by": ("Kinnitanud {} {}", "Approved by {} on {}"),
    "desired_result": ("Soovitud tulemus", "Desired result"),
    "compare": ("Võrdle", "Compare"),
    "compare_versions": ("Võrdle versioone", "Compare versions"),
    "before": ("Enne", "Before"),
    "after": ("Pärast", "After"),
    "diff_summary": (
        "lisatud {}, eemaldatud {}, muudetud {}, teisaldatud {}, muutmata {}",
        "added {}, removed {}, changed {}, moved {}, unchanged {}",
    ),
    "added": ("lisatud", "added"),
    "removed": ("eemaldatud", "removed"),
    "changed": ("muudetud", "changed"),
    "moved": ("teisaldatud", "moved"),
    "no_changes": ("Muudatusi pole.", "No changes."),
    "start_draft": ("Alusta uut versiooni", "Start a new version"),
    "edit_draft": ("Muuda mustandit", "Edit the draft"),
    "download": ("Laadi alla", "Download"),
    "download_docx": ("Laadi alla DOCX", "Download DOCX"),
    "download_pdf": ("Laadi alla PDF", "Download PDF"),
    "download_asice": ("Laadi alla allkirjastatud .asice", "Download signed .asice"),
    "requirements": ("Nõuded", "Requirements"),
    "who_acts_today": ("Täna tegutseb", "Acting today"),
    # editor
    "editor": ("Ametijuhendi mustand", "Job description draft"),
    "doc_title": ("Dokumendi pealkiri", "Document title"),
    "sections": ("Osad", "Sections"),
    "section": ("Osa", "Section"),
    "section_title": ("Osa pealkiri", "Section heading"),
    "section_kind": ("Osa liik", "Section kind"),
    # section kinds, as the select lists them (keys "kind_" + the registry value)
    "kind_general": ("üldsätted", "general provisions"),
    "kind_purpose": ("eesmärk", "purpose"),
    "kind_duties": ("teenistuskohustused / tööülesanded", "duties"),
    "kind_rights": ("õigused", "rights"),
    "kind_restrictions": ("piirangud", "restrictions"),
    "kind_responsibilities": ("vastutus", "responsibilities"),
    "kind_obligations": ("kohustused", "obligations"),
    "kind_qualifications": ("nõuded kvalifikatsioonile", "qualifications"),
    "kind_tools": ("töövahendid", "work tools"),
    "kind_systems": ("infosüsteemid", "information systems"),
    "kind_coordination": ("kooskõlastus", "coordination"),
    "kind_information": ("informatsioon", "information duty"),
    "kind_proposals": ("aktiivsus ja ettepanekud", "proposals"),
    "kind_amendment": ("ametijuhendi muutmine", "amendment"),
    "kind_acknowledgement": ("tutvumine", "acknowledgement"),
    "kind_other": ("muu", "other"),
    "clause": ("Punkt", "Clause"),
    "clause_ref": ("Number", "Number"),
    "clause_text": ("Tekst", "Text"),
    "move_up": ("Tõsta üles", "Move up"),
    "move_down": ("Tõsta alla", "Move down"),
    "delete": ("Kustuta", "Delete"),
    "indent": ("Taande sisse", "Indent"),
    "outdent": ("Taande välja", "Outdent"),
    "add_clause": ("Lisa punkt", "Add a clause"),
    "add_section": ("Lisa osa", "Add a section"),
    "add_from_library": ("Lisa teekogust", "Add from the library"),
    "library_clause": ("Teekogu punkt", "Library clause"),
    "renumber": ("Nummerda uuesti", "Renumber"),
    "save": ("Salvesta", "Save"),
    "discard": ("Loobu mustandist", "Discard the draft"),
    "from_library": ("teekogust: {}", "from the library: {}"),
    "education": ("Haridus (vähemalt)", "Education (at least)"),
    "experience_years": ("Töökogemus (aastat)", "Experience (years)"),
    "languages": ("Keeleoskus", "Languages"),
    "languages_hint": ("nt „et C1, en B1“", "e.g. “et C1, en B1”"),
    "licences": ("Juhiload", "Driving licences"),
    "licences_hint": ("kategooriad komaga, nt „B“", "categories separated by commas, e.g. “B”"),
    "computer_skills": ("Arvutioskus", "Computer skills"),
    "knowledge": ("Teadmised ja oskused", "Knowledge and skills"),
    "personal_qualities": ("Isikuomadused", "Personal qualities"),
    "one_per_line": ("üks rea kohta", "one per line"),
    "no_requirement": ("— pole nõutud —", "— not required —"),
    "fix_errors": ("Paranda vead: {}", "Fix the errors: {}"),
    "approve": ("Kinnita", "Approve"),
    "approve_heading": ("Kinnita versioon", "Approve the version"),
    "approver": ("Kinnitaja (ametinimetus)", "Approver (title)"),
    "approver_name": ("Kinnitaja nimi", "Approver's name"),
    "approval_date": ("Kinnitamise kuupäev", "Date of approval"),
    "directive": ("Käskkirja number", "Directive number"),
    "annex": ("Lisa", "Annex"),
    "required": ("kohustuslik", "required"),
    "must_fill": ("Täida see väli.", "Fill in this field."),
    "bad_level": ("Tundmatu tase: {}", "Unknown level: {}"),
    "bad_language": ("Kirjuta keel ja tase, nt „et C1“: {}", "Write a language and level: {}"),
    "bad_number": ("Kirjuta täisarv.", "Write a whole number."),
    "bad_date": ("Kirjuta kuupäev kujul AAAA-KK-PP.", "Write a date as YYYY-MM-DD."),
    "bad_years": (
        "Kirjuta aastate arv täisarvuna (0 või rohkem).",
        "Write the years as a whole number (0 or more).",
    ),
    "bad_choice": ("Vali loendist.", "Choose from the list."),
    "studying_needs_education": (
        "Vali haridustase, mille omandamine arvestub.",
        "Choose the education level whose acquiring counts.",
    ),
    "preferred_needs_field": (
        "Kirjuta eriala, mida soovitatakse.",
        "Write the field that is preferred.",
    ),
    "delete_section": ("Kustuta osa", "Delete section"),
    "alternatives_hint": (
        "Piisab ühest kvalifitseerumise viisist, nt kõrgharidus või vähemalt 5-aastane"
        " erialane töökogemus.",
        "Any one way to qualify suffices, e.g. higher education or at least 5 years of"
        " experience in the field.",
    ),
    "alternative_n": ("Kvalifitseerumise viis {}", "Way to qualify {}"),
    "or": ("või", "or"),
    "add_alternative": ("Lisa kvalifitseerumise viis", "Add a way to qualify"),
    "remove_alternative": ("Eemalda viis {}", "Remove way {}"),
    "studying": ("või selle omandamine", "or acquiring it"),
    "education_field": ("Eriala", "Field"),
    "field_preferred": ("eriala on soovitav, mitte nõutud", "the field is preferred, not required"),
    "experience_field": ("Töökogemuse valdkond", "Experience in"),
    "note": ("Märkus", "Note"),
    "lang_et": ("eesti keel", "Estonian"),
    "lang_ru": ("vene keel", "Russian"),
    "lang_en": ("inglise keel", "English"),
    "lang_fi": ("soome keel", "Finnish"),
    "lang_de": ("saksa keel", "German"),
    "lang_foreign": ("üks võõrkeel", "a foreign language"),
    "experience_years_n": ("vähemalt {} a töökogemust", "at least {} years of experience"),
    "languages_desired": ("Kasuks tulev keeleoskus", "Languages, an advantage"),
    "edu_basic": ("põhiharidus", "basic education"),
    "edu_secondary": ("keskharidus", "secondary education"),
    "edu_vocational": ("kutseharidus", "vocational education"),
    "edu_higher": ("kõrgharidus", "higher education"),
    "edu_master": ("magistrikraad", "master's degree"),
    "edu_doctorate": ("doktorikraad", "doctorate"),
    # coverage
    "dashboard": ("Asendamise ülevaade", "Coverage dashboard"),
    "range_from": ("Alates", "From"),
    "range_to": ("Kuni", "To"),
    "show": ("Näita", "Show"),
    "heatmap": ("Kes asendab päevade kaupa", "Who acts, day by day"),
    "present": ("kohal", "present"),
    "substitute": ("asendaja", "substitute"),
    "uncovered": ("keegi ei asenda", "uncovered"),
    "not_existing": ("ametikohta pole", "no position"),
    "legend": ("Tähised", "Legend"),
    "graph": ("Asendusskeem", "Substitution graph"),
    "graph_desc": (
        "Sõlmed on ametikohad, nooled asendusreeglid (nool asendatavalt asendajale); "
        "punased on probleemsed ametikohad.",
        "Nodes are positions, arrows are substitution rules (from the substituted position "
        "to its substitute); problem positions are red.",
    ),
    "graph_too_big": (
        "Skeemil on {} ametikohta leidudega ja nende naabrid.",
        "The graph shows the {} positions with findings and their neighbours.",
    ),
    "who_acts": ("Kes asendab?", "Who acts?"),
    "on_day": ("Päeval", "On"),
    "ask": ("Küsi", "Ask"),
    "acts_present": ("{} on kohal.", "{} is present."),
    "acts_substitute": ("Asendab {} (ametikoht {}, sügavus {}).", "{} acts (via {}, depth {})."),
    "acts_nobody": ("Keegi ei asenda.", "Nobody acts."),
    "absences": ("Äraolekud", "Absences"),
    "add_absence": ("Lisa äraolek", "Add an absence"),
    "person": ("Isik", "Person"),
    "kind": ("Liik", "Kind"),
    "vacation": ("puhkus", "vacation"),
    "sick": ("haigusleht", "sick leave"),
    "training": ("koolitus", "training"),
    "trip": ("lähetus", "business trip"),
    "other": ("muu", "other"),
    "add_substitute": ("Lisa asendaja", "Add a substitute"),
    "substitute_position": ("Asendaja ametikoht", "Substitute position"),
    "absence_added": ("Äraolek lisatud.", "Absence added."),
    "substitute_added": ("Asendaja lisatud.", "Substitute added."),
    "end_before_start": ("Lõpp on enne algust.", "The end is before the start."),
    "range_too_long": (
        "Korraga saab näidata kuni {} päeva.",
        "At most {} days can be shown at once.",
    ),
    # employee
    "my_status": ("Olek", "Status"),
    "acknowledged_on": ("Tutvusid {}.", "You acknowledged it on {}."),
    "not_acknowledged": ("Sa pole veel kinnitanud, et oled tutvunud.", "Not acknowledged yet."),
    "acknowledge": (
        "Kinnitan, et olen ametijuhendiga tutvunud",
        "I confirm I have read the job description",
    ),
    "acknowledged": ("Tutvumine kinnitatud.", "Acknowledgement recorded."),
    "earlier_versions": ("Varasemad versioonid", "Earlier versions"),
    "what_changed": ("Mis muutus", "What changed"),
    "no_position": ("Sul pole ametikohta.", "You hold no position."),
    "acknowledged_signed_on": (
        "Tutvusid {} ja allkirjastasid ametijuhendi.",
        "You acknowledged it on {} by signing it.",
    ),
    "sign_it": ("Allkirjasta ametijuhend", "Sign the job description"),
    "sign_digidoc_steps": (
        "Laadi alla .asice, allkirjasta see DigiDoc4-s ID-kaardiga ja laadi allkirjastatud "
        "fail siia üles. Allkiri kinnitab ühtlasi, et oled ametijuhendiga tutvunud.",
        "Download the .asice, sign it in DigiDoc4 with your ID card and upload the signed "
        "file here. Your signature also acknowledges the job description.",
    ),
    "signed_file": ("Allkirjastatud fail (.asice)", "Signed file (.asice)"),
    "upload_signed": ("Laadi allkirjastatud fail üles", "Upload the signed file"),
    "signed_acknowledged": (
        "Allkiri on kehtiv ja salvestatud; tutvumine kinnitatud.",
        "The signature is valid and kept; acknowledgement recorded.",
    ),
    "signed_already": (
        "Allkiri on kehtiv; tutvumine oli juba kinnitatud.",
        "The signature is valid; you had acknowledged this version already.",
    ),
    "webeid_or": (
        "Kui arvutis on Web eID laiendus, saad allkirjastada ka siin.",
        "With the Web eID extension you can also sign right here.",
    ),
    "sign_id_card": ("Allkirjasta ID-kaardiga", "Sign with ID card"),
    "webeid_working": (
        "Järgi ID-kaardi tarkvara juhiseid ja sisesta PIN2…",
        "Follow the ID card software's prompts and enter PIN2…",
    ),
    "webeid_cancelled": ("Allkirjastamine katkestati.", "Signing was cancelled."),
    "webeid_failed": (
        "ID-kaardiga allkirjastamine ebaõnnestus:",
        "Signing with the ID card failed:",
    ),
    "webeid_signed": (
        "Allkiri lisatud; see pole sinu tutvumine, sest allkirjastaja isikukood pole sinu oma.",
        "Signature added; it is not your acknowledgement: the signer's personal code is not yours.",
    ),
    "signed_empty": ("Vali allkirjastatud .asice-fail.", "Choose the signed .asice file."),
    "signed_not_container": (
        "See pole loetav .asice-konteiner ({}).",
        "This is not a readable .asice container ({}).",
    ),
    "signed_unsigned": (
        "Konteineris pole ühtegi allkirja: allkirjasta see enne DigiDoc4-s.",
        "The container has no signatures: sign it in DigiDoc4 first.",
    ),
    "signed_invalid": (
        "Allkiri ({}) pole kehtiv: {}",
        "The signature of {} is not valid: {}",
    ),
    "signed_different": (
        "Konteineris on {}, mitte selle ametijuhendi versioon {}: laadi alla selle versiooni "
        ".asice ja allkirjasta see.",
        "The container holds {}, not version {} of this job description: download this "
        "version's .asice and sign that.",
    ),
    "signed_dropped": (
        "Konteinerist puuduvad ametijuhendil juba olevad allkirjad ({}): laadi .asice uuesti "
        "alla ja allkirjasta see.",
        "The container lacks the signatures already on this version ({}): download the .asice "
        "again and sign that.",
    ),
    "signed_no_code": (
        "Sinu isikukoodi pole registris, seega ei saa allkirja sinuga siduda. Pöördu "
        "personalitöötaja poole.",
        "Your personal code is not in the registry, so no signature can be matched to you. Ask HR.",
    ),
    "signed_not_yours": (
        "Konteineris pole sinu allkirja; selle on allkirjastanud {}.",
        "Your signature is not in the container; it is signed by {}.",
    ),
    # registry
    "upload_registry": ("Laadi registrifail üles", "Upload a registry file"),
    "registry_upload_hint": (
        "YAML või JSON, vorming roles-registry/1; asendab omavalitsuse registri.",
        "YAML or JSON, format roles-registry/1; replaces the municipality's registry.",
    ),
    "file": ("Fail", "File"),
    "upload": ("Laadi üles", "Upload"),
    "export": ("Ekspordi", "Export"),
    "export_yaml": ("Ekspordi YAML", "Export YAML"),
    "export_json": ("Ekspordi JSON", "Export JSON"),
    "registry_errors": ("Failis on vead", "The file has errors"),
    "path": ("Asukoht", "Path"),
    "problem": ("Probleem", "Problem"),
    "registry_loaded": ("Register laaditud.", "Registry loaded."),
    "wrong_municipality": (
        "Fail on teise omavalitsuse kohta: {}",
        "The file is of another municipality: {}",
    ),
    # import
    "import_hint": (
        "Laadi üles .docx või .txt ametijuhend; kontrolli struktuuri ja salvesta mustandina.",
        "Upload a .docx or .txt job description; check the structure and save it as a draft.",
    ),
    "original": ("Algtekst", "Original text"),
    "structured": ("Struktureeritud mustand", "Structured draft"),
    "unsure": ("Ebakindlad kohad", "Unsure placements"),
    "line": ("Rida", "Line"),
    "placed_at": ("Paigutus", "Placed at"),
    "save_as_draft": ("Salvesta mustandina", "Save as a draft"),
    "import_position": ("Ametikoht registris", "Position in the registry"),
    "imported": ("Imporditud mustandina.", "Imported as a draft."),
    "bad_file": ("Faili ei saanud lugeda: {}", "The file could not be read: {}"),
    "file_empty": ("Vali fail.", "Choose a file."),
    "file_too_big": ("Fail on liiga suur.", "The file is too big."),
    "file_bad_file": ("Faili ei saanud lugeda: {}", "The file could not be read: {}"),
    "file_other_municipality": (
        "Fail on teise omavalitsuse kohta: {}",
        "The file is of another municipality: {}",
    ),
    # errors
    "error_gone": ("Seda enam ei ole.", "This is no longer there."),
    "error_invalid": ("Andmetes on viga.", "Something in the data is wrong."),
    "error_busy": (
        "Teenus on praegu hõivatud; proovi mõne aja pärast uuesti.",
        "The service is busy right now; try again in a while.",
    ),
    "created_positions": ("Loodud ametikohad", "Positions created"),
    # pages front end (issue 13): graph, never-lose-work, errors
    "graph_vacant": ("vaba", "vacant"),
    "graph_if_needed": ("vajadusel", "if needed"),
    "graph_scoped": ("osa ülesandeid", "some duties"),
    "graph_substitutes": ("asendajad", "substitutes"),
    "graph_problem": ("probleem", "problem"),
    "graph_legend_problem": (
        "⚠ ja punane paks joon: ametikoht, mille asendus ei ole tagatud",
        "⚠ and a thick red line: a position whose substitution is not assured",
    ),
    "graph_legend_rule": (
        "pidev nool: asendaja (number on järjekord)",
        "solid arrow: substitute (the number is the order)",
    ),
    "graph_legend_if_needed": (
        "punktiirnool: asendab vajadusel",
        "dotted arrow: substitutes if needed",
    ),
    "graph_legend_scoped": (
        "kriipsnool: asendab osa ülesandeid",
        "dashed arrow: covers some duties",
    ),
    "zoom_in": ("Suurenda", "Zoom in"),
    "zoom_out": ("Vähenda", "Zoom out"),
    "zoom_reset": ("Algvaade", "Reset view"),
    "graph_view": (
        "Asendusskeem; nooleklahvid nihutavad, + ja − suurendavad ja vähendavad, 0 taastab",
        "Substitution graph; arrow keys move, + and − zoom, 0 resets",
    ),
    "unsaved_leave": (
        "Lehel on salvestamata muudatusi. Kas lahkud ja jätad need salvestamata?",
        "This page has unsaved changes. Leave and lose them?",
    ),
    "confirm_discard": (
        "Kas visata mustand ära? Seda ei saa tagasi võtta.",
        "Discard the draft? This cannot be undone.",
    ),
    "confirm_delete": (
        "Kas kustutada? Seda ei saa tagasi võtta.",
        "Delete? This cannot be undone.",
    ),
    "saved_in_place": ("Salvestatud.", "Saved."),
    "sending": ("Saadan…", "Sending…"),
    "send_failed": (
        "Saatmine ebaõnnestus; sinu sisestatu on alles. Proovi uuesti.",
        "Sending failed; what you typed is kept. Try again.",
    ),
    "error_title_401": ("Sisselogimine on aegunud", "Your login has expired"),
    "error_text_401": (
        "Seda ei salvestatud. Logi uuel vahelehel uuesti sisse, tule siis siia tagasi ja "
        "salvesta uuesti.",
        "This was not saved. Log in again in a new tab, then come back here and save again.",
    ),
    "error_login_new_tab": ("Logi sisse uuel vahelehel", "Log in in a new tab"),
    "error_title_403": ("Juurdepääs puudub", "Access denied"),
    "error_title_404": ("Lehte ei leitud", "Page not found"),
    "error_title_409": ("Vastuolu", "Conflict"),
    "error_title_412": ("Keegi muutis seda vahepeal", "Someone changed this meanwhile"),
    "error_title_422": ("Andmed ei sobi", "The data is not valid"),
    "error_title_500": ("Midagi läks valesti", "Something went wrong"),
    "error_text_403": (
        "Sul pole õigust seda lehte vaadata ega seda toimingut teha.",
        "You may not see this page or do this.",
    ),
    "error_text_404": (
        "Sellist lehte pole või see on eemaldatud.",
        "There is no such page, or it was removed.",
    ),
    "error_text_409": (
        "Toiming on vastuolus praeguste andmetega.",
        "The action conflicts with the data as it is now.",
    ),
    "error_text_412": (
        "Andmeid muudeti pärast seda, kui sa lehe avasid. Ava leht uuesti ja vaata muudatused üle.",
        "The data changed after you opened the page. Open it again and review the changes.",
    ),
    "error_text_422": (
        "Saadetud andmed ei sobinud. Mine tagasi, paranda ja proovi uuesti.",
        "What was sent is not valid. Go back, correct it and try again.",
    ),
    "error_text_500": (
        "Serveris tekkis viga. Sinu andmed pole muutunud; proovi hiljem uuesti.",
        "The server failed. Nothing was changed; try again later.",
    ),
    "error_back": ("Tagasi eelmisele lehele", "Back to the previous page"),
    "error_code": ("Veakood {}", "Error code {}"),
    "scroll_table": ("Tabel (keritav)", "Table (scrolls)"),
    # finding codes as people read them (badges on the positions list and the dashboard)
    "finding_no-substitute": ("asendaja puudub", "no substitute"),
    "finding_abolished-substitute": ("asendaja ametikoht kaotatud", "substitute abolished"),
    "finding_vacant-chain": ("asendajad vabad", "substitutes vacant"),
    "finding_uncovered": ("katmata päevi", "uncovered days"),
    "finding_closed-loop": ("suletud asendusring", "closed loop"),
    "finding_scope-gap": ("ülesanded katmata", "duties not covered"),
    "finding_overloaded-substitute": ("asendaja ülekoormatud", "substitute overloaded"),
    "finding_unqualified-substitute": ("asendaja ei vasta nõuetele", "substitute not qualified"),
    "finding_one-sided": ("ühepoolne asendus", "one-sided substitution"),
    "finding_contradicting-text": ("vastuolu ametijuhendiga", "contradicts the description"),
    # more error pages (the statuses the page handlers answer)
    "error_title_400": ("Päring ei sobinud", "Bad request"),
    "error_text_400": (
        "Lehe aadress või saadetud andmed ei sobinud. Mine tagasi ja proovi uuesti.",
        "The page address or what was sent is not valid. Go back and try again.",
    ),
    "error_title_405": ("Seda ei saa siin teha", "Not possible here"),
    "error_text_405": (
        "Seda toimingut ei saa sellel aadressil teha. Ava leht menüüst uuesti.",
        "This action cannot be done at this address. Open the page from the menu again.",
    ),
    "error_title_410": ("Seda enam ei ole", "No longer there"),
    "error_text_410": (
        "See on eemaldatud või kaotatud.",
        "This was removed or abolished.",
    ),
    "error_title_428": ("Vaja on värsket lehte", "A fresh page is needed"),
    "error_text_428": (
        "Muudatus peab teadma, millist versiooni sa nägid. Ava leht uuesti ja proovi siis.",
        "A change must say which version you saw. Open the page again, then try.",
    ),
    "error_title_429": ("Liiga palju päringuid", "Too many requests"),
    "error_text_429": (
        "Oota veidi ja proovi siis uuesti.",
        "Wait a moment, then try again.",
    ),
    "error_title_503": ("Teenus on hõivatud", "The service is busy"),
    "error_text_503": (
        "Teenus ei saa praegu vastata. Sinu andmed pole muutunud; proovi mõne aja pärast uuesti.",
        "The service cannot answer now. Nothing was changed; try again in a while.",
    ),
}

_MORE = phrases.collected()
if TEXTS.keys() & _MORE.keys():
    raise RuntimeError(f"phrases defined twice: {sorted(TEXTS.keys() & _MORE.keys())}")
TEXTS.update(_MORE)


def text(lang: str, key: str) -> str:
    et, en = TEXTS[key]
    return en if lang == "en" else et
