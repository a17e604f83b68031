"""Reading a correction form field by field, and describing it for the one form template.

A `Reader` turns posted strings into values and collects, per field, what is wrong in the
page's language; nothing is ever corrected silently (a bad date is an error, not today). The
`Field`s it describes are what `edit.html` renders: label, input, the value the person typed
and the message beside it.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from roles.domain.values import INVISIBLE
from roles.web.forms import Form

MAX_TEXT = 500  # titles and names: longer is a mistake, not a title
MAX_LONG = 10_000  # a clause's text
FIRST_DAY = dt.date(1990, 1, 1)  # registries hold nothing older
LAST_DAY = dt.date(2100, 12, 31)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
ETAG_FIELD = "_etag"
# control characters, and the invisible ones the registry refuses (`domain.values.INVISIBLE`)
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{INVISIBLE}]")


@dataclass
class Field:
    name: str
    label: str
    kind: str = "text"  # text | textarea | date | number | select | checkbox | password
    value: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    required: bool = False
    error: str | None = None
    hint: str | None = None


class Reader:
    """The typed values of a form, each read once; `errors` says what is wrong where."""

    def __init__(self, form: Form, t: Any) -> None:
        self.form = form
        self.t = t
        self.errors: dict[str, str] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, name: str, *, required: bool = True, limit: int = MAX_TEXT) -> str | None:
        value = self.form.get(name).strip()
        if not value:
            if required:
                self.fail(name, self.t("must_fill"))
            return None
        if len(value) > limit:
            self.fail(name, self.t("fix_too_long", limit))
            return None
        if _CONTROL.search(value):
            self.fail(name, self.t("fix_bad_characters"))
            return None
        return value

    def slug(self, name: str) -> str | None:
        value = self.text(name, limit=100)
        if value is not None and not SLUG.match(value):
            self.fail(name, self.t("fix_bad_slug"))
            return None
        return value

    def date(self, name: str, *, required: bool = True) -> dt.date | None:
        value = self.form.get(name).strip()
        if not value:
            if required:
                self.fail(name, self.t("must_fill"))
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(name, self.t("bad_date"))
            return None
        if not FIRST_DAY <= day <= LAST_DAY:
            self.fail(name, self.t("fix_date_range", FIRST_DAY.year, LAST_DAY.year))
            return None
        return day

    def span(
        self, first: str, last: str, *, open_end: bool = False
    ) -> tuple[dt.date | None, dt.date | None]:
        start = self.date(first)
        end = self.date(last, required=not open_end)
        if start is not None and end is not None and end < start:
            self.fail(last, self.t("end_before_start"))
        return start, end

    def integer(self, name: str, *, low: int = 1, high: int = 1000) -> int | None:
        value = self.form.get(name).strip()
        try:
            number = int(value)
        except ValueError:
            self.fail(name, self.t("fix_bad_number", low, high))
            return None
        if not low <= number <= high:
            self.fail(name, self.t("fix_bad_number", low, high))
            return None
        return number

    def choice(self, name: str, allowed: list[str], *, required: bool = True) -> str | None:
        value = self.form.get(name).strip()
        if not value:
            if required:
                self.fail(name, self.t("must_fill"))
            return None
        if value not in allowed:
            self.fail(name, self.t("fix_bad_choice"))
            return None
        return value

    def flag(self, name: str) -> bool:
        return self.form.get(name) in ("1", "on", "true")

    @property
    def etag(self) -> str | None:
        return self.form.get(ETAG_FIELD) or None


def fill(fields: list[Field], values: dict[str, Any], errors: dict[str, str]) -> list[Field]:
    """The fields with the values to show (typed ones win) and their messages."""
    for f in fields:
        if f.name in values and f.kind != "password":  # a password is never sent back
            f.value = str(values[f.name])
        f.error = errors.get(f.name)
    return fields
