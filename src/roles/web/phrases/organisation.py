"""Phrases of the correction pages: organisation, positions, rules, people, library, search."""

TEXTS: dict[str, tuple[str, str]] = {
    # reading forms
    "fix_too_long": ("Liiga pikk: kuni {} märki.", "Too long: at most {} characters."),
    "fix_bad_characters": (
        "Siin on märke, mida ei saa salvestada (juht- või nähtamatud märgid).",
        "This holds characters that cannot be stored (control or invisible characters).",
    ),
    "fix_bad_slug": (
        "Kasuta väiketähti, numbreid ja sidekriipse.",
        "Use lower-case letters, digits and hyphens.",
    ),
    "fix_date_range": (
        "Kuupäev peab jääma aastatesse {}–{}.",
        "The date must fall within the years {}–{}.",
    ),
    "fix_bad_number": ("Kirjuta täisarv {} kuni {}.", "Write a whole number from {} to {}."),
    "fix_bad_choice": ("Vali see loetelust.", "Choose this from the list."),
    "fix_choose": ("– vali –", "– choose –"),
    "fix_optional": ("Võib jätta tühjaks.", "May be left empty."),
    "fix_sent_twice": (
        "See vorm saadeti juba ja selle salvestamine pole veel lõppenud. Vaata hetke pärast "
        "nimekirjast, kas muudatus on tehtud, enne kui saadad uuesti.",
        "This form was already sent and is still being saved. Look at the list in a moment to "
        "see whether the change was made before sending it again.",
    ),
    "fix_stale": (
        "Keegi muutis seda pärast seda, kui sa lehe avasid. Praegu salvestatud andmed on all; "
        "sinu sisestatu on vormis alles. Salvesta uuesti, et jätta sinu oma.",
        "Someone changed this after you opened the page. What is stored now is shown below; "
        "what you typed is still in the form. Save again to keep yours.",
    ),
    "fix_unit_twin": (
        "Samas kohas on juba üksus „{}“; anna uuele teine nimi või vali teine koht.",
        "There is already a unit “{}” in the same place; give this one another name or place.",
    ),
    "fix_entry_gone": (
        "Keegi eemaldas selle kirje pärast seda, kui sa lehe avasid. Sinu sisestatu on vormis "
        "alles; salvesta, et lisada see uuesti.",
        "Someone removed this entry after you opened the page. What you typed is still in the "
        "form; save to add it again.",
    ),
    "fix_entry_gone_already": (
        "Keegi eemaldas selle kirje juba enne sind; eemaldada pole enam midagi.",
        "Someone had already removed this entry; there is nothing left to remove.",
    ),
    "fix_stored_now": ("Praegu salvestatud", "Stored now"),
    "fix_exists": ("Selline on juba olemas.", "This exists already."),
    "fix_remove_heading": ("Eemaldamine", "Removing"),
    "fix_removed": ("Eemaldatud.", "Removed."),
    "fix_more": ("Veel", "More"),
    "fix_yes": ("jah", "yes"),
    "fix_no": ("ei", "no"),
    "fix_change": ("Muuda", "Change"),
    "fix_change_named": ("Muuda: {}", "Change: {}"),
    "fix_scroll_table": ("Tabel (keritav)", "Table (scrolls sideways)"),
    "fix_confirm_remove": ("Kas eemaldada „{}“?", "Remove “{}”?"),
    # organisation
    "fix_organisation": ("Struktuur", "Organisation"),
    "fix_name": ("Nimi", "Name"),
    "fix_rename_municipality": ("Muuda omavalitsuse nime", "Rename the municipality"),
    "fix_new_agency": ("Lisa asutus", "Add an agency"),
    "fix_agency_named": ("Asutus: {}", "Agency: {}"),
    "fix_agency": ("Asutus", "Agency"),
    "fix_head_title": ("Juhi ametinimetus", "The head's title"),
    "fix_head_title_hint": (
        "Kes kinnitab ametijuhendid, nt vallavanem.",
        "Who approves job descriptions, e.g. vallavanem.",
    ),
    "fix_remove_agency": ("Eemalda asutus", "Remove the agency"),
    "fix_new_unit": ("Lisa struktuuriüksus", "Add a unit"),
    "fix_unit_named": ("Struktuuriüksus: {}", "Unit: {}"),
    "fix_parent_unit": ("Kuulub üksusesse", "Part of unit"),
    "fix_no_parent": ("– otse asutuse all –", "– directly under the agency –"),
    "fix_no_units": ("Üksusi pole.", "No units."),
    "fix_remove_unit": ("Eemalda üksus", "Remove the unit"),
    "fix_unit_own_parent": (
        "Üksus ei saa kuuluda iseendasse ega enda alamüksusesse.",
        "A unit cannot be part of itself or of a unit below it.",
    ),
    "fix_r_unit_has_units": (
        "Üksust „{}“ ei saa eemaldada: selle all on üksused {}.",
        "The unit “{}” cannot be removed: it holds the units {}.",
    ),
    "fix_r_unit_has_positions": (
        "Üksust „{}“ ei saa eemaldada: selles on ametikohad {}. Vii need enne mujale.",
        "The unit “{}” cannot be removed: it holds the positions {}. Move them first.",
    ),
    "fix_r_agency_has_units": (
        "Asutust „{}“ ei saa eemaldada: selles on üksused {}.",
        "The agency “{}” cannot be removed: it holds the units {}.",
    ),
    # positions
    "fix_new_position": ("Lisa ametikoht", "Add a position"),
    "fix_edit_position": ("Muuda ametikohta: {}", "Edit the position: {}"),
    "fix_anti_corruption": (
        "Korruptsioonivastase seaduse mõistes ametiisik",
        "An official under the Anti-corruption Act",
    ),
    "fix_nobody": ("– puudub –", "– nobody –"),
    "fix_reports_to_self": (
        "Ametikoht ei saa alluda iseendale.",
        "A position cannot report to itself.",
    ),
    "fix_delete_position": ("Kustuta ametikoht", "Delete the position"),
    "fix_confirm_delete_position": (
        "Kas kustutada ametikoht „{}“ koos selle mustandiga? Seda ei saa tagasi võtta.",
        "Delete the position “{}” with its draft? This cannot be undone.",
    ),
    "fix_delete_blocked_hint": (
        "Sellel ametikohal on ajalugu, seega seda ei kustutata: kaota see kuupäevast.",
        "This position has a history, so it is not deleted: abolish it from a date.",
    ),
    "fix_position_deleted": ("Ametikoht kustutatud.", "The position was deleted."),
    "fix_r_has_versions": (
        "Ametikohta „{}“ ei saa kustutada: sellel on kinnitatud ametijuhend. Kaota see kuupäevast.",
        "The position “{}” cannot be deleted: it has an approved job description. Abolish it "
        "from a date.",
    ),
    "fix_r_has_holders": (
        "Ametikohta „{}“ ei saa kustutada: sellel on olnud töötajad ({}). Kaota see kuupäevast.",
        "The position “{}” cannot be deleted: it has been held ({}). Abolish it from a date.",
    ),
    "fix_r_is_named": (
        "Ametikohta „{}“ ei saa kustutada: sellele viitavad ametikohad {}.",
        "The position “{}” cannot be deleted: the positions {} name it.",
    ),
    "fix_abolish": ("Kaota ametikoht", "Abolish the position"),
    "fix_abolish_position": ("Kaota ametikoht: {}", "Abolish the position: {}"),
    "fix_abolished_from": ("Kaotatud alates", "Abolished from"),
    "fix_abolished_hint": (
        "Tühi väli taastab ametikoha. Ametisoleku peab lõpetama enne seda päeva.",
        "An empty field restores the position. Holders' assignments must end before that day.",
    ),
    # substitution rules
    "fix_rules": ("Asendusreeglid", "Substitution rules"),
    "fix_rules_of": ("Asendusreeglid: {}", "Substitution rules: {}"),
    "fix_rules_intro": (
        "Reeglid kehtivad järjekorras; „vajadusel“ reeglid tulevad tavaliste järel.",
        "Rules apply in order; “if needed” rules come after the plain ones.",
    ),
    "fix_another_holder": ("teine sama ametikoha täitja", "another holder of this position"),
    "fix_duty_scope": ("Ainult need tööülesanded", "Only these duties"),
    "fix_duty_scope_hint": (
        "Punktide numbrid komadega; tühi = kogu ametikoht.",
        "Clause numbers separated by commas; empty = the whole position.",
    ),
    "fix_duty_refs": ("Ametijuhendis: {}.", "In the job description: {}."),
    "fix_bad_duties": (
        "Kirjuta kuni 100 punkti numbrit komadega, igaüks kuni 40 märki.",
        "Write up to 100 clause numbers separated by commas, each up to 40 characters.",
    ),
    "fix_own_substitute": (
        "Ametikoht ei saa asendada iseennast, kui sellel on üks koht.",
        "A position with one seat cannot substitute for itself.",
    ),
    "fix_up": ("Üles", "Up"),
    "fix_down": ("Alla", "Down"),
    "fix_move_up": ("Tõsta üles: {}", "Move up: {}"),
    "fix_move_down": ("Vii alla: {}", "Move down: {}"),
    "fix_delete_rule": ("Kustuta reegel: {}", "Delete the rule: {}"),
    "fix_confirm_delete_rule": (
        "Kas kustutada asendusreegel „{}“?",
        "Delete the substitution rule “{}”?",
    ),
    # people
    "fix_people": ("Inimesed", "People"),
    "fix_new_person": ("Lisa inimene", "Add a person"),
    "fix_personal_code": ("Isikukood", "Personal code"),
    "fix_bad_personal_code": (
        "See pole kehtiv Eesti isikukood.",
        "This is not a valid Estonian personal code.",
    ),
    "fix_delete_person": ("Kustuta inimene", "Delete the person"),
    "fix_person_has_assignments": (
        "Inimest, kes on mõnda ametikohta täitnud, ei kustutata.",
        "A person who has held a position is not deleted.",
    ),
    "fix_assignments": ("Ametikohad", "Assignments"),
    "fix_add_assignment": ("Lisa ametikoht", "Add an assignment"),
    "fix_new_assignment": ("Uus ametikoht: {}", "New assignment: {}"),
    "fix_edit_assignment": ("{} – {}", "{} – {}"),
    "fix_end_assignment_hint": (
        "Ametisoleku lõpetamiseks kirjuta lõpukuupäev.",
        "To end the assignment, write its last day.",
    ),
    "fix_open_end": ("Tühi = kestab edasi.", "Empty = still going on."),
    "fix_delete_assignment": ("Kustuta ametisolek", "Delete the assignment"),
    "fix_confirm_delete_assignment": (
        "Kas kustutada {} ametisolek ametikohal „{}“? Lõpetamiseks kirjuta pigem lõpukuupäev.",
        "Delete {}'s assignment to “{}”? To end it, write its last day instead.",
    ),
    "fix_new_absence": ("Uus äraolek: {}", "New absence: {}"),
    "fix_edit_absence": ("Äraolek: {}", "Absence: {}"),
    "fix_delete_absence": ("Kustuta äraolek", "Delete the absence"),
    "fix_confirm_delete_absence": (
        "Kas kustutada {} äraolek {} – {}?",
        "Delete {}'s absence {} – {}?",
    ),
    "fix_overlaps": (
        "Kattub sama inimese äraolekuga {} – {}.",
        "Overlaps this person's absence {} – {}.",
    ),
    # library and search
    "fix_library": ("Punktide teek", "Clause library"),
    "fix_new_clause": ("Lisa teeki punkt", "Add a clause to the library"),
    "fix_clause_text": ("Tekst", "Text"),
    "fix_search_library": ("Otsi teegist", "Search the library"),
    "fix_search": ("Otsi", "Search"),
    "fix_no_clauses": ("Teegis pole selliseid punkte.", "No such clauses in the library."),
    "fix_where_used": ("Kus kasutatakse", "Where used"),
    "fix_library_owner": ("Omanik", "Owner"),
    "fix_library_admins": ("administraatorid", "the administrators"),
    "fix_library_owner_hint": (
        "Muuta ja kustutada saavad punkti ainult selle omavalitsuse personalitöötajad ja "
        "administraatorid; kasutada saavad kõik.",
        "Only HR of this municipality and the administrators may change or delete the clause; "
        "everyone may use it.",
    ),
    "fix_not_used": ("Ükski ametijuhend ei kasuta seda punkti.", "No job description uses it."),
    "fix_up_to_date": ("Teegiga sama", "Same as the library"),
    "fix_offers": (
        "{} ametijuhendi kehtiv tekst erineb teegist.",
        "{} job descriptions' current text differs from the library.",
    ),
    "fix_apply_to_drafts": ("Vii muudatus mustanditesse", "Apply the change to drafts"),
    "fix_drafts_made": (
        "Muudatus viidi mustanditesse; kinnitatud versioonid jäid samaks.",
        "The change was applied to drafts; approved versions stay as they were.",
    ),
    "fix_no_drafts_made": ("Midagi polnud muuta.", "There was nothing to change."),
    "fix_search_title": ("Otsing ametijuhenditest", "Search job descriptions"),
    "fix_search_words": ("Otsitavad sõnad", "Words to find"),
    "fix_search_hint": (
        "Ametinimetused, ametijuhendite punktid ja teek; suurtähed ei loe, õ ä ö ü on omaette "
        "tähed.",
        "Titles, job description clauses and the library; case does not matter, õ ä ö ü are "
        "letters of their own.",
    ),
    "fix_hits": ("Leitud: {}", "Found: {}"),
    "fix_more_hits": (
        "Näidatakse esimest {}; täpsusta otsingut.",
        "The first {} are shown; narrow the search.",
    ),
    "fix_query_too_long": (
        "Otsing on liiga pikk: kuni {} märki.",
        "The search is too long: at most {} characters.",
    ),
    # the registry's refusals, worded (see roles.web.problems)
    "fix_p_unknown": ("„{}“ pole registris.", "“{}” is not in the registry."),
    "fix_p_self_report": (
        "Ametikoht ei saa alluda iseendale.",
        "A position cannot report to itself.",
    ),
    "fix_p_report_cycle": (
        "Alluvusahel läheks ringi: {}.",
        "The reporting lines would form a circle: {}.",
    ),
    "fix_p_unit_cycle": ("Üksused läheksid ringi: {}.", "The units would form a circle: {}."),
    "fix_p_named_twice": (
        "„{}“ on asendajana juba nimetatud.",
        "“{}” is named as a substitute already.",
    ),
    "fix_p_if_needed_order": (
        "Reegel „vajadusel“ oleks tavalise reegli ees: tõsta tavalised reeglid ette.",
        "An “if needed” rule would come before a plain one: move the plain rules up.",
    ),
    "fix_p_empty_scope": (
        "Tühi tööülesannete loetelu ei kata midagi.",
        "An empty list of duties covers nothing.",
    ),
    "fix_p_unknown_duty": (
        "Tööülesannet {} pole ametijuhendi versioonis {}.",
        "There is no duty {} in version {} of the job description.",
    ),
    "fix_p_no_duties": (
        "Ametikohal „{}“ pole ametijuhendit, mille tööülesandeid nimetada.",
        "The position “{}” has no job description whose duties could be named.",
    ),
    "fix_p_abolished": (
        "Ametikoht „{}“ on kaotatud alates {}; ametisolek peab lõppema enne seda.",
        "The position “{}” is abolished from {}; the assignment must end before that.",
    ),
    "fix_p_seats": (
        "Ametikohal „{}“ on {} kohta, kuid {} oleks täitjaid rohkem.",
        "The position “{}” has {} seat(s), but on {} it would have more holders.",
    ),
    "fix_p_end_before_start": ("Lõpp on enne algust.", "The end is before the start."),
    "fix_p_duplicate": ("„{}“ on juba olemas.", "“{}” exists already."),
    "fix_p_code_taken": (
        "See isikukood on juba teisel inimesel.",
        "This personal code belongs to someone else already.",
    ),
    "fix_p_manager_rules": (
        "Juht saab muuta ainult asendusreegleid.",
        "A manager may change only substitution rules.",
    ),
    "fix_p_other": (
        "Register ei luba seda muudatust.",
        "The registry does not allow this change.",
    ),
}
