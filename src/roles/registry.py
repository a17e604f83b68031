"""Registry files: read and write `roles-registry/1` as YAML or JSON.

Reading checks everything (schema, then `domain.check`) and raises `RegistryError` naming the
file, the path inside it and what is wrong; it never returns a half-valid registry. Writing is
canonical: entities sorted by id, defaults left out, so exporting the same registry twice gives
the same bytes.
"""

import json
import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import yaml

from roles.domain import FORMAT, Person, Problem, Registry, check, limits

try:  # libyaml is several times faster; fall back to the pure-Python parser
    from yaml import CSafeDumper as _SafeDumper
    from yaml import CSafeLoader as _SafeLoader
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - libyaml ships with PyYAML's wheels
    from yaml import SafeDumper as _SafeDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)


class RegistryError(Exception):
    """A registry file that cannot be loaded: every problem found, each with its path."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(f"{self.file}: {p}" for p in self.problems)


class _Loader(_SafeLoader):
    """YAML 1.1 as people write it, minus the surprises that lose information.

    Dates stay strings so msgspec validates them with a path (PyYAML would raise a bare
    ValueError for 2024-02-30), and a key written twice is an error, not a silent overwrite.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(_SafeDumper):
    """Writes dates bare (2024-02-01), as people write them; `_Loader` reads them back as text."""


_Dumper.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


@dataclass(frozen=True)
class FileLimits:
    """How big a registry file may be before it is parsed whole (see `domain.limits`)."""

    max_bytes: int = limits.MAX_FILE_BYTES
    max_depth: int = limits.MAX_FILE_DEPTH
    max_nodes: int = limits.MAX_FILE_NODES


class _Refused(Exception):
    """A file refused while parsing; carries the problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _p(path: str, code: str, message: str, **params: object) -> Problem:
    return Problem(path, message, code, {k: str(v) for k, v in params.items()})


def decode(
    data: bytes,
    name: str,
    *,
    layouts: Collection[str] | None = None,
    file_limits: FileLimits = FileLimits(),
) -> Registry:
    """Decode and check one registry file's bytes; `name` says which file and how to parse it.

    Raises RegistryError with every problem found; never anything else for any bytes.
    """
    try:
        raw = _parse(data, name, file_limits)
    except _Refused as e:
        raise RegistryError(name, [e.problem]) from None
    if not isinstance(raw, dict):
        raise RegistryError(
            name,
            [_p("", "file.not-mapping", "expected a mapping with format, municipality, …")],
        )
    # The format tag first: a file of another format would only give confusing errors later.
    if raw.get("format") != FORMAT:
        got = raw.get("format")
        if got is None:
            problem = _p(
                "format",
                "format.missing",
                f"missing key 'format'; expected {FORMAT!r}",
                expected=FORMAT,
            )
        else:
            problem = _p(
                "format",
                "format.unsupported",
                f"unsupported format {got!r}; expected {FORMAT!r}",
                value=got,
                expected=FORMAT,
            )
        raise RegistryError(name, [problem])
    # Counts before the schema: a file of ten million positions is refused before it is built.
    too_many = [
        _p(
            key,
            "count.too-many",
            f"holds {len(raw[key])} items; at most {most} are allowed",
            count=len(raw[key]),
            limit=most,
        )
        for key, most in limits.REGISTRY.items()
        if isinstance(raw.get(key), list) and len(raw[key]) > most
    ]
    if too_many:
        raise RegistryError(name, too_many)
    try:
        registry = msgspec.convert(raw, Registry)
    except msgspec.ValidationError as e:
        raise RegistryError(name, [_schema_problem(e, raw)]) from None
    except RecursionError:
        raise RegistryError(name, [_too_deep("", file_limits.max_depth)]) from None
    problems = check(registry, layouts)
    if problems:
        raise RegistryError(name, problems)
    return registry


def _parse(data: bytes, name: str, file_limits: FileLimits) -> Any:
    if not name.endswith(JSON_SUFFIXES + YAML_SUFFIXES):
        raise _Refused(_p("", "file.type", "unknown file type; use .yaml, .yml or .json"))
    if len(data) > file_limits.max_bytes:
        raise _Refused(
            _p(
                "",
                "file.too-large",
                f"is {len(data)} bytes; at most {file_limits.max_bytes} are allowed",
                size=len(data),
                limit=file_limits.max_bytes,
            )
        )
    text = _text(data)
    if name.endswith(JSON_SUFFIXES):
        return _json(text, file_limits)
    return _yaml(text, file_limits)


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def _text(data: bytes) -> str:
    """The file as text: UTF-8 (with or without a byte-order mark), nothing else."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise _Refused(_wrong_encoding(encoding))
    if len(data) >= 4 and (data[0] == 0 or data[1] == 0):  # UTF-16/32 without a BOM
        raise _Refused(_wrong_encoding("UTF-16/UTF-32"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise _Refused(
            _p(
                "",
                "file.not-utf8",
                f"is not UTF-8: byte {e.start + 1} (line {line}) cannot be read",
                byte=e.start + 1,
                line=line,
            )
        ) from None


def _wrong_encoding(encoding: str) -> Problem:
    return _p(
        "",
        "file.encoding",
        f"is written in {encoding}; save it as UTF-8",
        encoding=encoding,
    )


def _too_many(key: str, most: int) -> Problem:
    return _p(
        key,
        "count.too-many",
        f"holds more than {most} items; at most {most} are allowed",
        count=f"> {most}",
        limit=most,
    )


def _too_deep(path: str, most: int) -> Problem:
    return _p(path, "file.too-deep", f"nests more than {most} levels deep", limit=most)


# --- JSON ------------------------------------------------------------------------------------


class _Twice(dict[str, Any]):
    """A JSON object that named a key twice (which one is in `key`)."""

    key: str = ""


def _json(text: str, file_limits: FileLimits) -> Any:
    twice: list[_Twice] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(items)
        if len(found) == len(items):
            return found
        seen: set[str] = set()
        marked = _Twice(found)
        marked.key = next(k for k, _ in items if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        twice.append(marked)
        return marked

    def number(text: str) -> Any:
        raise _Refused(
            _p("", "file.number", f"{text} is not a number a registry holds", value=text)
        )

    def whole(text: str) -> int:
        if len(text) > 20:
            number(text[:30])
        return int(text)

    try:
        raw = json.loads(text, object_pairs_hook=pairs, parse_constant=number, parse_int=whole)
    except json.JSONDecodeError as e:
        raise _Refused(
            _p(
                "",
                "file.syntax",
                f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})",
                kind="JSON",
                line=e.lineno,
                column=e.colno,
            )
        ) from None
    except RecursionError:
        raise _Refused(_too_deep("", file_limits.max_depth)) from None
    if twice:
        path = _path_to(raw, twice[0])
        key = twice[0].key
        raise _Refused(
            _p(path, "file.duplicate-key", f"key {key!r} appears twice in one object", key=key)
        )
    return raw


def _path_to(raw: Any, target: Any) -> str:
    """The path of one object inside parsed data (found iteratively: no depth limit)."""
    stack: list[tuple[Any, str]] = [(raw, "")]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if isinstance(node, dict):
            stack.extend((v, f"{path}.{k}" if path else str(k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node))
    return ""


# --- YAML ------------------------------------------------------------------------------------
# Parsed from libyaml's events by the loop below, not by PyYAML's composer and constructor:
# anchors and aliases are refused where they appear (a 250-byte alias bomb once became ten
# million clauses), depth and size are counted as the file is read, a key written twice is an
# error with its path and line, and no nesting can exhaust the stack. It is also several times
# faster than yaml.load for a large registry.

_STANDARD = "tag:yaml.org,2002:"
_SCALARS = _Loader(b"")  # resolves and constructs plain scalars (null, bool, int, float)


def _yaml(text: str, file_limits: FileLimits) -> Any:
    parser = _Parser(text)
    frames: list[list[Any]] = []  # [container, key or _NO_KEY, most items or None]
    root: Any = _NO_KEY
    nodes = 0
    documents = 0

    def where() -> str:
        return _frames_path(frames)

    def line(event: Any) -> int:
        return int(event.start_mark.line) + 1

    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                break
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(
                        _p(
                            "",
                            "file.documents",
                            "holds more than one YAML document",
                            line=line(event),
                        )
                    )
                continue
            if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
                raise _Refused(
                    _p(
                        where(),
                        "file.alias",
                        f"line {line(event)}: YAML anchors (&) and aliases (*) are not allowed; "
                        "write the value out",
                        line=line(event),
                    )
                )
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = frames.pop()[0]
            else:
                tag = getattr(event, "tag", None)
                if tag not in (None, "!", _STANDARD + "str", _STANDARD + "map", _STANDARD + "seq"):
                    raise _Refused(
                        _p(
                            where(),
                            "file.tag",
                            f"line {line(event)}: the tag {tag} is not allowed",
                            tag=tag,
                            line=line(event),
                        )
                    )
                nodes += 1
                if nodes > file_limits.max_nodes:
                    raise _Refused(
                        _p(
                            "",
                            "file.too-many-values",
                            f"holds more than {file_limits.max_nodes} values",
                            limit=file_limits.max_nodes,
                        )
                    )
                if kind is yaml.ScalarEvent:
                    value = _scalar(event, tag)
                else:
                    if frames and isinstance(frames[-1][0], dict) and frames[-1][1] is _NO_KEY:
                        raise _Refused(
                            _p(where(), "file.key", f"line {line(event)}: a key must be a text")
                        )
                    if len(frames) >= file_limits.max_depth:
                        raise _Refused(_too_deep(where(), file_limits.max_depth))
                    # A top-level list has its count limit, checked as it grows.
                    cap = limits.REGISTRY.get(frames[0][1]) if len(frames) == 1 else None
                    frames.append([{} if kind is yaml.MappingStartEvent else [], _NO_KEY, cap])
                    continue
            if not frames:
                root = value
                continue
            top = frames[-1]
            container = top[0]
            if isinstance(container, list):
                if top[2] is not None and len(container) >= top[2]:
                    raise _Refused(_too_many(frames[0][1], top[2]))
                container.append(value)
            elif top[1] is _NO_KEY:
                if not isinstance(value, str | int | bool | float) and value is not None:
                    raise _Refused(
                        _p(where(), "file.key", f"line {line(event)}: a key must be a text")
                    )
                if value in container:
                    raise _Refused(
                        _p(
                            where(),
                            "file.duplicate-key",
                            f"line {line(event)}: key {value!r} appears twice in one mapping",
                            key=value,
                            line=line(event),
                        )
                    )
                top[1] = value
            else:
                container[top[1]] = value
                top[1] = _NO_KEY
    except yaml.MarkedYAMLError as e:
        if "nesting depth" in str(e):  # libyaml's own bound on flow nesting
            raise _Refused(_too_deep("", file_limits.max_depth)) from None
        mark = e.problem_mark or e.context_mark
        at = {"line": mark.line + 1, "column": mark.column + 1} if mark else {}
        raise _Refused(_p("", "file.syntax", f"not valid YAML: {e}", kind="YAML", **at)) from None
    except yaml.YAMLError as e:
        raise _Refused(_p("", "file.syntax", f"not valid YAML: {e}", kind="YAML")) from None
    return None if root is _NO_KEY else root


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()


def _frames_path(frames: list[list[Any]]) -> str:
    path = ""
    for container, key, _ in frames:
        if isinstance(container, list):
            path += f"[{len(container)}]"
        elif key is not _NO_KEY:
            path += f".{key}" if path else str(key)
    return path


def _scalar(event: Any, tag: str | None) -> Any:
    value: str = event.value
    if tag is not None or event.style or not event.implicit[0]:
        return value  # quoted, block or tagged as text: a string as written
    if not value:
        return None
    resolved = _SCALARS.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if resolved == _STANDARD + "str":
        return value
    try:
        return _SCALARS.construct_object(yaml.ScalarNode(resolved, value))
    except (ValueError, OverflowError):
        raise _Refused(
            _p(
                "",
                "file.number",
                f"{value[:30]!r} is not a number a registry holds",
                value=value[:30],
            )
        ) from None


# --- schema problems -------------------------------------------------------------------------

_MSGSPEC_PATH = re.compile(r"^(?P<message>.*) - at `\$(?P<path>[^`]*)`$", re.S)
_SCHEMA = [
    (re.compile(r"Object missing required field `(?P<field>[^`]+)`"), "schema.missing"),
    (re.compile(r"Object contains unknown field `(?P<field>[^`]+)`"), "schema.unknown"),
    (re.compile(r"Invalid enum value (?P<value>.*)"), "schema.enum"),
    (re.compile(r"Invalid RFC3339 encoded date"), "schema.date"),
    (re.compile(r"Expected `str` matching regex"), "schema.pattern"),
    (re.compile(r"Expected `(?P<type>\w+)` (?P<op>[<>]=?) (?P<limit>-?\d+)"), "schema.range"),
    (
        re.compile(r"Expected `(?P<type>\w+)` of length (?P<op>[<>]=?) (?P<limit>\d+)"),
        "schema.length",
    ),
    (re.compile(r"Expected `(?P<expected>[^`]+)`, got `(?P<got>[^`]+)`"), "schema.type"),
]


def _schema_problem(error: msgspec.ValidationError, raw: Any) -> Problem:
    match = _MSGSPEC_PATH.match(str(error))
    message, path = (
        (match["message"], match["path"].removeprefix(".")) if match else (str(error), "")
    )
    for rx, code in _SCHEMA:
        found = rx.match(message)
        if found:
            params = {k: v for k, v in found.groupdict().items() if v is not None}
            if code in (
                "schema.type",
                "schema.enum",
                "schema.date",
                "schema.pattern",
                "schema.range",
                "schema.length",
            ):
                value = _value_at(raw, path)
                if value is not None:
                    params["value"] = str(value)[:100]
            return Problem(path, message, code, params)
    return Problem(path, message, "schema.invalid", {})


def _value_at(raw: Any, path: str) -> Any:
    node = raw
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        try:
            node = node[int(index)] if index else node[key]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return node if isinstance(node, str | int | float | bool) else None


def read(
    path: str | Path,
    *,
    layouts: Collection[str] | None = None,
    file_limits: FileLimits = FileLimits(),
) -> Registry:
    path = Path(path)
    try:
        with path.open("rb") as f:
            # Never more than the limit and a byte (read(n) reserves n bytes at once).
            size = os.fstat(f.fileno()).st_size
            data = f.read(min(size, file_limits.max_bytes) + 1)
    except OSError as e:
        raise RegistryError(
            str(path),
            [_p("", "file.unreadable", f"cannot read: {e.strerror}", reason=e.strerror or "")],
        ) from None
    return decode(data, str(path), layouts=layouts, file_limits=file_limits)


def canonical(registry: Registry) -> Registry:
    """The same registry in a fixed order: entities by id, assignments and absences by date.

    Order that carries meaning (substitution rules, sections, clauses) is kept as it is.
    """
    people = [_canonical_person(p) for p in sorted(registry.people, key=lambda p: p.id)]
    return msgspec.structs.replace(
        registry,
        agencies=sorted(registry.agencies, key=lambda a: a.id),
        units=sorted(registry.units, key=lambda u: u.id),
        positions=sorted(registry.positions, key=lambda p: p.id),
        people=people,
        job_descriptions=sorted(registry.job_descriptions, key=lambda d: (d.position, d.version)),
    )


def _canonical_person(p: Person) -> Person:
    """A person with assignments and absences by date; the same object when they already are
    (so an incremental check sees an unchanged person as unchanged)."""
    assignments = sorted(p.assignments, key=lambda a: (a.start, a.position, a.end or a.start))
    absences = sorted(p.absences, key=lambda a: (a.start, a.end, a.kind))
    if assignments == p.assignments and absences == p.absences:
        return p
    return msgspec.structs.replace(p, assignments=assignments, absences=absences)


def encode(registry: Registry, name: str) -> bytes:
    """A registry as file bytes, YAML or JSON by the file name; canonical and deterministic."""
    builtins = msgspec.to_builtins(canonical(registry))
    if name.endswith(JSON_SUFFIXES):
        return msgspec.json.format(msgspec.json.encode(builtins), indent=2) + b"\n"
    if name.endswith(YAML_SUFFIXES):
        text = yaml.dump(builtins, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        return text.encode()
    raise ValueError(f"{name}: unknown file type; use .yaml, .yml or .json")


def write(registry: Registry, path: str | Path) -> None:
    path = Path(path)
    data = encode(registry, path.name)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # never leave a half-written export behind
