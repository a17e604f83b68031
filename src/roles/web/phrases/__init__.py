"""Phrase tables by area, merged into `i18n.TEXTS`.

Each module here holds `TEXTS: dict[str, tuple[str, str]]` (Estonian, English) for one area of
the pages (accounts, organisation editing, signing, …): areas grow side by side without every
change touching one long table. A key defined twice is a programming error, found at import.
"""

import importlib
import pkgutil


def collected() -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        table: dict[str, tuple[str, str]] = importlib.import_module(f"{__name__}.{info.name}").TEXTS
        twice = found.keys() & table.keys()
        if twice:
            raise RuntimeError(f"phrases defined twice: {sorted(twice)}")
        found.update(table)
    return found
