"""Problems of a workbook: where (sheet, row, column) and what, in Estonian and English."""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec
from openpyxl.utils import get_column_letter

from roles.domain import Problem


class SheetProblem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One problem; `path` names its place as Excel does: "Puudumised!C7"."""

    code: str
    message_et: str
    message_en: str
    sheet: str | None = None  # the sheet's name as the workbook spells it
    row: int | None = None  # 1-based, as Excel numbers rows
    column: int | None = None  # 1-based

    @property
    def cell(self) -> str | None:
        """ "C7", "7:7" for a whole row, None when no row is named."""
        if self.row is None:
            return None
        if self.column is None:
            return f"{self.row}:{self.row}"
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def path(self) -> str:
        if self.sheet is None:
            return ""
        sheet = self.sheet if re.fullmatch(r"\w+", self.sheet) else f"'{self.sheet}'"
        return f"{sheet}!{self.cell}" if self.cell else sheet

    def message(self, language: str) -> str:
        return self.message_et if language == "et" else self.message_en

    def problem(self, language: str = "et") -> Problem:
        """As the registry's problems are reported: path and message."""
        return Problem(self.path, self.message(language))


class SheetError(Exception):
    """A workbook that cannot be read: every problem found. Nothing of it was taken."""

    SHOWN = 100  # problems kept; past that a person fixes the pattern, not each row

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = list(problems[: self.SHOWN])
        more = len(problems) - self.SHOWN
        if more > 0:
            self.problems.append(
                SheetProblem(
                    code="more",
                    message_et=f"… ja veel {more} viga",
                    message_en=f"… and {more} more problems",
                )
            )
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p.problem("en")) for p in self.problems)

    def problems_in(self, language: str) -> list[Problem]:
        return [p.problem(language) for p in self.problems]


# --- the registry checks' messages in Estonian ----------------------------------------------
# `domain.check` words its messages in English; these patterns give the Estonian of the ones a
# workbook can cause. A message without a pattern is shown in English after an Estonian lead.

_ESTONIAN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), et)
    for pattern, et in (
        (r"^unknown (\w+) '(.*)'$", "tundmatu {1}: „{2}“"),
        (
            r"^position '(.*)' has (\d+) seat\(s\) but more holders than that on (.*)$",
            "ametikohal „{1}“ on {2} kohta, kuid {3} on sellel rohkem inimesi",
        ),
        (
            r"^position '(.*)' is abolished from (.*); the assignment must end before that$",
            "ametikoht „{1}“ on kaotatud alates {2}; ametisoleku lõpp peab olema varem",
        ),
        (r"^ends \((.*)\) before it starts \((.*)\)$", "lõpeb ({1}) enne algust ({2})"),
        (r"^duplicate id '(.*)', already used at (.*)$", "ID „{1}“ on juba kasutusel ({2})"),
        (r"^a position cannot report to itself$", "ametikoht ei saa alluda iseendale"),
        (r"^reporting lines form a cycle: (.*)$", "alluvusahel on ring: {1}"),
        (r"^personal code '(.*)' must be 11 digits$", "isikukood „{1}“ peab olema 11 numbrit"),
        (
            r"^personal code '(.*)' starts with (\d); the first digit must be 1–6$",
            "isikukood „{1}“ algab numbriga {2}; esimene number peab olema 1–6",
        ),
        (
            r"^personal code '(.*)' holds no valid birth date \((.*)\)$",
            "isikukoodis „{1}“ pole kehtivat sünnikuupäeva ({2})",
        ),
        (
            r"^personal code '(.*)' has check digit (\d); it should be (\d)$",
            "isikukoodi „{1}“ kontrollnumber on {2}, peaks olema {3}",
        ),
        (r"^personal code already belongs to (.*)$", "sama isikukood on juba isikul {1}"),
    )
)
_NOUNS = {"position": "ametikoht", "unit": "struktuuriüksus", "agency": "ametiasutus"}


def estonian(message: str) -> str:
    for pattern, et in _ESTONIAN:
        match = pattern.match(message)
        if match:
            groups = [_NOUNS.get(g, g) for g in match.groups()]
            return et.format(None, *groups)
    return f"registri kontroll: {message}"
