"""Phrases of the pages that keep accounts (administrators: all; HR: their people's)."""

TEXTS: dict[str, tuple[str, str]] = {
    "users": ("Kasutajad", "Users"),
    "users_intro_admin": (
        "Kõik teenuse kasutajakontod. Uus kasutaja muudab esimese parooli oma konto lehel.",
        "Every account of the service. A new user changes the first password on their account "
        "page.",
    ),
    "users_intro_hr": (
        "Teie omavalitsuste juhtide ja töötajate kontod. Uus kasutaja muudab esimese parooli "
        "oma konto lehel.",
        "The accounts of your municipalities' managers and employees. A new user changes the "
        "first password on their account page.",
    ),
    "user_add": ("Lisa kasutaja", "Add a user"),
    "user_name_hint": (
        "Tähed a–z, numbrid ja . _ @ -, näiteks mari.maasikas",
        "Letters a–z, digits and . _ @ -, for example mari.maasikas",
    ),
    "user_role": ("Roll", "Role"),
    "user_scope": ("Ulatus", "Scope"),
    "user_password": ("Esimene parool", "First password"),
    "user_municipality": ("Omavalitsus (personalitöötajale)", "Municipality (for HR)"),
    "user_unit": ("Struktuuriüksus (juhile)", "Unit (for a manager)"),
    "user_person": ("Isik (töötajale)", "Person (for an employee)"),
    "user_none": ("—", "—"),
    "user_bad_name": (
        "Kasutajanimes võivad olla ainult tähed a–z, numbrid ja . _ @ - (kuni 100 märki).",
        "A login name holds only letters a–z, digits and . _ @ - (at most 100 characters).",
    ),
    "user_needs_municipality": (
        "Personalitöötajale valige omavalitsus.",
        "Choose the HR user's municipality.",
    ),
    "user_needs_unit": ("Juhile valige struktuuriüksus.", "Choose the manager's unit."),
    "user_needs_person": ("Töötajale valige isik.", "Choose the employee's person."),
    "user_not_for_role": (
        "See väli ei käi valitud rolli juurde; jätke see tühjaks.",
        "This field does not go with the chosen role; leave it empty.",
    ),
    "user_exists": ("Selline kasutajanimi on juba olemas.", "This login name is taken."),
    "user_added": ("Kasutaja on lisatud.", "The user is added."),
    "user_remove": ("Eemalda", "Remove"),
    "user_remove_q": (
        "Eemaldada kasutaja {0}? Tema seansid ja API võtmed lõpevad kohe.",
        "Remove user {0}? Their sessions and API tokens end at once.",
    ),
    "user_removed": ("Kasutaja on eemaldatud.", "The user is removed."),
    "user_self": ("Iseenda kontot siit eemaldada ei saa.", "You cannot remove your own account."),
    "no_users": ("Kasutajaid pole.", "No users."),
    "role_admin": ("administraator", "administrator"),
    "role_hr": ("personalitöötaja", "HR"),
    "role_manager": ("juht", "manager"),
    "role_employee": ("töötaja", "employee"),
}
