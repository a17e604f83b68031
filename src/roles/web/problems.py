"""A service's refusal in the page's language, beside the field it is about.

`say(problem, lang, snap)` is the one place a `domain.Problem` becomes words on a page (`told`
for all of a refusal's problems in one message). A problem with a known `code` is worded by
`roles.domain.messages.describe`, the API's words too. One without is recognised by its English
message and worded here, ids replaced by titles and names; anything else gets the general
phrase of the page's language, never the English text. Once every problem has a code, `say`
becomes `return describe(problem, lang)`.
"""

import re
from collections.abc import Callable, Iterable

from roles.domain import Problem
from roles.domain.messages import TEXTS as DESCRIBED
from roles.domain.messages import describe
from roles.services import errors
from roles.services.snapshot import Snapshot
from roles.web import i18n

FORM = ""  # the key of a message about the whole form, shown above it

_ID = r"'([a-z0-9-]+)'"
# (pattern, phrase key, which groups are ids to be named by title or name)
_KNOWN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^unknown (?:position|unit|agency) {_ID}$"), "fix_p_unknown"),
    (re.compile(r"^a position cannot report to itself$"), "fix_p_self_report"),
    (re.compile(r"^reporting lines form a cycle: (.*)$"), "fix_p_report_cycle"),
    (re.compile(r"^units form a cycle: (.*)$"), "fix_p_unit_cycle"),
    (re.compile(rf"^position {_ID} is named twice$"), "fix_p_named_twice"),
    (re.compile(r"^an if_needed rule comes before"), "fix_p_if_needed_order"),
    (re.compile(r"^an empty duty scope covers nothing"), "fix_p_empty_scope"),
    (re.compile(r"^duty '([^']*)' is not in version (\d+)"), "fix_p_unknown_duty"),
    (re.compile(rf"^position {_ID} has no job description whose duties"), "fix_p_no_duties"),
    (re.compile(rf"^position {_ID} is abolished from ([0-9-]+);"), "fix_p_abolished"),
    (
        re.compile(rf"^position {_ID} has (\d+) seat\(s\) but more holders than that on ([0-9-]+)"),
        "fix_p_seats",
    ),
    (re.compile(r"^ends \(([0-9-]+)\) before it starts"), "fix_p_end_before_start"),
    (re.compile(rf"^duplicate id {_ID}"), "fix_p_duplicate"),
    (re.compile(r"^personal code already belongs to"), "fix_p_code_taken"),
]


def name_of(snap: Snapshot | None, id_: str) -> str:
    """A registry id as people know it: a position's title, a unit's or a person's name."""
    if snap is None:
        return id_
    position = snap.positions.get(id_)
    if position is not None:
        return position.title
    for table in (snap.units, snap.people, snap.agencies):
        found = table.get(id_)
        if found is not None:
            return str(found.name)
    return id_


def say(problem: Problem, lang: str, snap: Snapshot | None) -> str:
    """One problem, worded in `lang`."""
    coded = _described(problem, lang)
    if coded is not None:
        return coded
    text = problem.message
    for pattern, key in _KNOWN:
        m = pattern.match(text)
        if m is None:
            continue
        values = [_named(snap, g) for g in m.groups()]
        return i18n.text(lang, key).format(*values)
    if problem.message.startswith("a manager may change only"):
        return i18n.text(lang, "fix_p_manager_rules")
    return i18n.text(lang, "fix_p_other")


def _described(problem: Problem, lang: str) -> str | None:
    """The problem in `lang` by its code; None for a problem whose code has no words (describe
    would answer its English message)."""
    if not problem.code or problem.code not in DESCRIBED:
        return None
    return describe(problem, lang)


def told(exc: errors.Invalid, lang: str, snap: Snapshot | None = None) -> str:
    """All of a refusal's problems as one message, for beside a form's field."""
    words = [say(p, lang, snap) for p in exc.problems]
    return " ".join(words) if words else i18n.text(lang, "error_invalid")


def _named(snap: Snapshot | None, value: str) -> str:
    if " → " in value:
        return " → ".join(name_of(snap, v) for v in value.split(" → "))
    return name_of(snap, value)


def field_of(problem: Problem, fields: Iterable[str]) -> str:
    """The form field a problem's path ends in (`positions[3].reports_to` → `reports_to`)."""
    tail = re.sub(r"\[\d+\]", "", problem.path.rsplit(".", 1)[-1]) if problem.path else ""
    aliases = {"from": "start", "to": "end", "position": "position"}
    names = set(fields)
    for candidate in (tail, aliases.get(tail, "")):
        if candidate and candidate in names:
            return candidate
    return FORM


def refusal(
    exc: errors.ServiceError,
    lang: str,
    snap: Snapshot | None,
    fields: Iterable[str],
    t: Callable[..., str],
) -> dict[str, str]:
    """What a refused change shows: messages by field (FORM for the whole form)."""
    if isinstance(exc, errors.Refused):
        key = f"fix_r_{exc.code}"
        if key in i18n.TEXTS:
            return {FORM: t(key, *(_named(snap, v) for v in exc.values))}
    names = list(fields)
    if isinstance(exc, errors.Invalid) and exc.problems:
        out: dict[str, str] = {}
        for p in exc.problems:
            where = field_of(p, names)
            out[where] = (out[where] + " " if where in out else "") + say(p, lang, snap)
        return out
    if isinstance(exc, errors.Conflict):
        return {FORM: t("fix_exists")}
    return {FORM: t("error_invalid")}
