"""Every value of one entity within its bounds: characters, lengths, dates, numbers, counts,
clause numbers and depth (`limits`), with the path of each problem.

The schema (msgspec) says what a file may hold, but Structs built in code are not validated,
and a schema cannot say "no U+FFFF" or "no date past 2100". So every entity is walked here,
field by field, from a plan made once per type from its msgspec fields: a field added to the
model is checked without anyone remembering to.
"""

import datetime as dt
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any

import msgspec

from roles.domain import limits
from roles.domain.model import Clause, JobDescription, Registry, Section
from roles.domain.problem import Problem

# Characters no text may hold: C0 and C1 controls and DEL (tab and newline are allowed in
# multi-line fields only), UTF-16 surrogates (invalid alone in UTF-8, XML and PostgreSQL) and
# the noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane (XML 1.0 refuses
# U+FFFE/U+FFFF, which broke documents). PostgreSQL refuses NUL; XML every C0 but tab and
# newline.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
# And the invisible characters that make a text look like another or turn what follows around
# (zero-width space, direction marks, embeddings, overrides and isolates, the Unicode line and
# paragraph separators, a BOM inside text): a title "ametnik" with a right-to-left override
# reads differently on every screen. The zero-width (non-)joiners stay: emoji and some scripts
# need them. The importer removes these from documents (`importer.source.repair`).
INVISIBLE = "\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff"
_BAD_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}{INVISIBLE}]")
_BAD_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}{INVISIBLE}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def _problem(path: str, code: str, message: str, **params: object) -> Problem:
    return Problem(path, message, code, {k: str(v) for k, v in params.items()})


def text(value: str, path: str, limit: int, *, multiline: bool, required: bool) -> list[Problem]:
    """A text's characters and length; `required` texts may not be blank."""
    out: list[Problem] = []
    bad = (_BAD_LINES if multiline else _BAD_LINE).search(value)
    if bad is not None:
        out.append(_bad_character(path, bad.group(), bad.start()))
    if len(value) > limit:
        out.append(
            _problem(
                path,
                "text.too-long",
                f"is {len(value)} characters long; at most {limit} are allowed",
                length=len(value),
                limit=limit,
            )
        )
    if required and not value.strip():
        out.append(_problem(path, "text.blank", "must not be empty"))
    return out


def _bad_character(path: str, char: str, index: int) -> Problem:
    point = f"U+{ord(char):04X}"
    at = index + 1
    if char == "\n" or char == "\r":
        return _problem(
            path, "text.line-break", f"must be one line; a line break at character {at}", at=at
        )
    if "\ud800" <= char <= "\udfff":
        return _problem(
            path,
            "text.surrogate",
            f"holds an unpaired surrogate ({point}) at character {at}; it is not text",
            char=point,
            at=at,
        )
    if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        return _problem(
            path,
            "text.control",
            f"holds the control character {point} at character {at}",
            char=point,
            at=at,
        )
    if _INVISIBLE.match(char):
        return _problem(
            path,
            "text.invisible",
            f"holds the invisible character {point} ({unicodedata.name(char)}) at character {at}",
            char=point,
            name=unicodedata.name(char),
            at=at,
        )
    return _problem(
        path,
        "text.noncharacter",
        f"holds {point}, which is not a character, at character {at}",
        char=point,
        at=at,
    )


def date(value: dt.date, path: str) -> list[Problem]:
    if limits.MIN_DATE <= value <= limits.MAX_DATE:
        return []
    return [
        _problem(
            path,
            "date.range",
            f"{value.isoformat()} is outside {limits.MIN_DATE} … {limits.MAX_DATE}",
            value=value.isoformat(),
            min=limits.MIN_DATE.isoformat(),
            max=limits.MAX_DATE.isoformat(),
        )
    ]


def ref(value: str, path: str) -> list[Problem]:
    """A clause number as written: "2.2.1", "3)", "a)"."""
    if len(value) <= limits.MAX_REF_LENGTH and limits.REF_PATTERN.fullmatch(value):
        return []
    return [
        _problem(
            path,
            "ref.malformed",
            f"clause number {value!r} is not well-formed; write it like 2.1, 2.2.1, 3) or a)",
            value=value,
        )
    ]


def slug(value: str, path: str) -> list[Problem]:
    if len(value) <= 100 and _SLUG.fullmatch(value):
        return []
    return [
        _problem(
            path,
            "id.malformed",
            f"{value!r} is not an id: lowercase letters, digits and hyphens, at most 100",
            value=value,
        )
    ]


def count(items: list[Any], path: str, limit: int) -> list[Problem]:
    if len(items) <= limit:
        return []
    return [
        _problem(
            path,
            "count.too-many",
            f"holds {len(items)} items; at most {limit} are allowed",
            count=len(items),
            limit=limit,
        )
    ]


# --- plans: how to check each field of each type ----------------------------------------------
# A check is a pair: a fast predicate saying the value is fine (most are), and the slow check
# that builds the problems, with their path, only when it is not.

_Ok = Callable[[Any], bool]
_Check = Callable[[Any, str], list[Problem]]
# (fast predicate, slow check, an inline Python expression over `x` true for the usual good
# value or "" for none)
_Checks = tuple[_Ok, _Check, str]
# Refs and ids seen well-formed: a few distinct ones (clause numbers, library entries) recur
# in every description, and a set look-up is cheaper than a regular expression. Bounded.
_GOOD_REFS: set[str] = set()
_GOOD_SLUGS: set[str] = set()
_MEMO = 50_000
_SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_NUMBER = (-(10**9), 10**9)


def _text_check(cls_name: str, name: str, required: bool) -> _Checks:
    limit = limits.TEXT.get((cls_name, name), limits.DEFAULT_TEXT)
    multiline = (cls_name, name) in limits.MULTILINE
    bad = (_BAD_LINES if multiline else _BAD_LINE).search

    def ok(v: str) -> bool:
        # isprintable() is false for every character `bad` finds (and a few more, such as
        # no-break spaces): a fast first answer for the usual text.
        return (
            len(v) <= limit
            and (v.isprintable() or bad(v) is None)
            and not (required and (not v or v.isspace()))
        )

    fast = f"(x.isprintable() and len(x) <= {limit}"
    fast += " and x != '' and not x.isspace())" if required else ")"
    return ok, lambda v, p: text(v, p, limit, multiline=multiline, required=required), fast


def _good_ref(v: str) -> bool:
    if len(v) <= limits.MAX_REF_LENGTH and limits.REF_PATTERN.fullmatch(v) is not None:
        if len(_GOOD_REFS) < _MEMO:
            _GOOD_REFS.add(v)
        return True
    return False


def _good_slug(v: str) -> bool:
    if len(v) <= 100 and _SLUG.fullmatch(v) is not None:
        if len(_GOOD_SLUGS) < _MEMO:
            _GOOD_SLUGS.add(v)
        return True
    return False


def _scalar(cls_name: str, name: str, annotation: Any) -> _Checks | None:
    """The check of one value of a field's (element) type; None for Structs and bools."""
    meta = None
    if typing.get_origin(annotation) is typing.Annotated:
        annotation, *extras = typing.get_args(annotation)
        meta = next((m for m in extras if isinstance(m, msgspec.Meta)), None)
    if annotation is str:
        if meta is not None and meta.pattern == _SLUG_PATTERN:
            return _good_slug, slug, "x in _GOOD_SLUGS"
        if meta is not None and meta.pattern is not None:
            search = re.compile(meta.pattern).search
            return (lambda v: search(v) is not None), _pattern, ""
        if meta is not None and meta.max_length == limits.MAX_REF_LENGTH:
            return _good_ref, ref, "x in _GOOD_REFS"
        return _text_check(cls_name, name, meta is not None and (meta.min_length or 0) > 0)
    if annotation is dt.date:
        low, high = limits.MIN_DATE, limits.MAX_DATE
        return (lambda v: low <= v <= high), date, ""
    if annotation is int:
        a, b = limits.NUMBERS.get((cls_name, name), _NUMBER)
        return (lambda v: type(v) is int and a <= v <= b), lambda v, p: _number(v, p, a, b), ""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        cls = annotation
        return (lambda v: isinstance(v, cls)), lambda v, p: _enum(cls, v, p), ""
    return None


def _pattern(value: str, path: str) -> list[Problem]:
    return [_problem(path, "code.malformed", f"{value!r} is not a valid code here", value=value)]


def _number(value: int, path: str, low: int, high: int) -> list[Problem]:
    return [
        _problem(
            path,
            "number.range",
            f"{value} is outside {low} … {high}",
            value=value,
            min=low,
            max=high,
        )
    ]


def _enum(cls: type[Enum], value: Any, path: str) -> list[Problem]:
    known = ", ".join(str(m.value) for m in cls)
    return [
        _problem(
            path, "enum.invalid", f"{value!r} is not one of: {known}", value=value, allowed=known
        )
    ]


class _Field(typing.NamedTuple):
    name: str  # the attribute
    key: str  # the key in files
    is_list: bool
    limit: int  # most items of a list
    nested: bool  # a Struct (or a list of them): walked with `struct`
    checks: _Checks | None  # None: nothing to check in the value itself


def _plan(cls: type[msgspec.Struct]) -> list[_Field]:
    plan = []
    for f in msgspec.structs.fields(cls):
        if (cls is Clause or cls is Section) and f.name == "clauses":
            continue  # clauses: walked iteratively with their depth, in `_clauses`
        annotation = f.type
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        is_list = typing.get_origin(annotation) is list
        element = typing.get_args(annotation)[0] if is_list else annotation
        limit = limits.ITEMS.get((cls.__name__, f.name), limits.DEFAULT_ITEMS)
        nested = isinstance(element, type) and issubclass(element, msgspec.Struct)
        checks = None if nested else _scalar(cls.__name__, f.name, element)
        if nested or checks is not None or is_list:
            plan.append(_Field(f.name, f.encode_name, is_list, limit, nested, checks))
    return plan


def _compile(cls: type[msgspec.Struct]) -> Callable[[Any, str], list[Problem]]:
    """A function checking every field of `cls`, written out for the type.

    A registry holds hundreds of thousands of clauses: straight-line code per type, building
    a path only for a value that fails, checks them several times faster than a loop over a
    plan. The good case costs an attribute read and an inline test per field.
    """
    env: dict[str, Any] = {
        "count": count,
        "struct": struct,
        "_join": _join,
        "_GOOD_REFS": _GOOD_REFS,
        "_GOOD_SLUGS": _GOOD_SLUGS,
    }
    code = ["def check(obj, path):", "    out = []"]
    for n, f in enumerate(_plan(cls)):
        at = f"_join(path, {f.key!r})"
        code.append(f"    v = obj.{f.name}")
        if f.is_list:
            code += [
                "    if v:",
                f"        if len(v) > {f.limit}:",
                f"            out += count(v, {at}, {f.limit})",
            ]
        if f.nested:
            if f.is_list:
                code += [
                    "        for i, x in enumerate(v):",
                    f"            out += struct(x, {at} + f'[{{i}}]')",
                ]
            else:
                code += ["    if v is not None:", f"        out += struct(v, {at})"]
            continue
        if f.checks is None:
            continue
        env[f"ok{n}"], env[f"check{n}"], fast = f.checks
        test = f"not ({fast} or ok{n}(x))" if fast else f"not ok{n}(x)"
        if f.is_list:
            code += [
                "        for i, x in enumerate(v):",
                f"            if {test}:",
                f"                out += check{n}(x, {at} + f'[{{i}}]')",
            ]
        else:
            code += [
                "    x = v",
                f"    if x is not None and {test}:",
                f"        out += check{n}(x, {at})",
            ]
    code.append("    return out")
    exec("\n".join(code), env)  # our own code, made from the model's fields
    compiled: Callable[[Any, str], list[Problem]] = env["check"]
    return compiled


_CHECKS: dict[type, Callable[[Any, str], list[Problem]]] = {}


def struct(obj: msgspec.Struct, path: str) -> list[Problem]:
    """Every value problem of one Struct and what it holds; paths start with `path`."""
    cls = type(obj)
    check = _CHECKS.get(cls)
    if check is None:
        check = _CHECKS[cls] = _compile(cls)
    out = check(obj, path)
    if cls is JobDescription:
        out.extend(_clauses(obj, path))  # type: ignore[arg-type]
    return out


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _clauses(description: JobDescription, path: str) -> Iterator[Problem]:
    """Nested clauses of every section, in document order: their values, their depth and how
    many there are. Iterative, so no nesting can exhaust the stack."""
    total = 0
    most = limits.ITEMS[("Clause", "clauses")]
    for s, section in enumerate(description.sections):
        at = _join(path, f"sections[{s}].clauses")
        if len(section.clauses) > limits.ITEMS[("Section", "clauses")]:
            yield from count(section.clauses, at, limits.ITEMS[("Section", "clauses")])
        stack = [(c, f"{at}[{i}]", 1) for i, c in reversed(list(enumerate(section.clauses)))]
        while stack:
            clause, here, depth = stack.pop()
            total += 1
            yield from struct(clause, here)
            if not clause.clauses:
                continue
            if len(clause.clauses) > most:
                yield from count(clause.clauses, f"{here}.clauses", most)
            if depth >= limits.MAX_CLAUSE_DEPTH:
                yield _problem(
                    f"{here}.clauses",
                    "clause.too-deep",
                    f"clauses nest more than {limits.MAX_CLAUSE_DEPTH} levels deep",
                    limit=limits.MAX_CLAUSE_DEPTH,
                )
                continue
            stack.extend(
                (c, f"{here}.clauses[{i}]", depth + 1)
                for i, c in reversed(list(enumerate(clause.clauses)))
            )
    if total > limits.MAX_CLAUSES:
        yield _problem(
            _join(path, "sections"),
            "count.too-many-clauses",
            f"holds {total} clauses; at most {limits.MAX_CLAUSES} are allowed",
            count=total,
            limit=limits.MAX_CLAUSES,
        )


def registry_counts(registry: Registry) -> list[Problem]:
    """How many entities of each kind one registry holds."""
    out: list[Problem] = []
    for key, limit in limits.REGISTRY.items():
        out.extend(count(getattr(registry, key), key, limit))
    return out
