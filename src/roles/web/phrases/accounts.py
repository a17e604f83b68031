"""Phrases of the account page (password, tokens) and of the security refusals."""

TEXTS: dict[str, tuple[str, str]] = {
    "error_readonly": (
        "Andmebaas on praegu ainult lugemiseks: muuta ega sisse logida ei saa. Proovige hiljem.",
        "The database is read-only for now: nothing can be changed and nobody can log in. "
        "Try again later.",
    ),
    "account": ("Minu konto", "My account"),
    "change_password": ("Parooli muutmine", "Change password"),
    "current_password": ("Praegune parool", "Current password"),
    "new_password": ("Uus parool", "New password"),
    "password_changed": (
        "Parool on muudetud; teie teised seansid on lõpetatud.",
        "Password changed; your other sessions have ended.",
    ),
    "password_wrong": ("Praegune parool on vale.", "The current password is wrong."),
    "password_weak": (
        "Uues paroolis peab olema vähemalt {0} ja kõige rohkem {1} märki ning see ei tohi "
        "olla levinud parool.",
        "The new password needs at least {0} and at most {1} characters and must not be a "
        "common password.",
    ),
    "tokens": ("API võtmed", "API tokens"),
    "token_name": ("Nimi", "Name"),
    "token_user": ("Kasutaja", "User"),
    "token_created": ("Loodud", "Created"),
    "token_expires": ("Aegub", "Expires"),
    "token_revoke": ("Tühista", "Revoke"),
    "token_revoked": ("Võti on tühistatud.", "The token is revoked."),
    "no_tokens": ("Kehtivaid võtmeid pole.", "No live tokens."),
    "tokens_cli": (
        "Uue võtme saab käsuga roles token create või API kaudu (POST /api/auth/tokens, "
        "parooliga).",
        "Make a new token with roles token create or through the API (POST /api/auth/tokens, "
        "with your password).",
    ),
}
