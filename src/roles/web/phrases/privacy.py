"""Phrases for who acts when the acting person is outside what the reader may see."""

TEXTS: dict[str, tuple[str, str]] = {
    "acts_present_unnamed": ("Ametikoha täitja on kohal.", "A holder of the position is present."),
    "acts_substitute_unnamed": ("Asendaja on olemas.", "A substitute acts."),
}
