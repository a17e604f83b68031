"""Registry files: read and write `roles-registry/1` as YAML or JSON.

Reading checks everything (schema, then `domain.check`) and raises `RegistryError` naming the
file, the path inside it and what is wrong; it never returns a half-valid registry. Writing is
canonical: entities sorted by id, defaults left out, so exporting the same registry twice gives
the same bytes.
"""

import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import msgspec
import yaml

from roles.domain import FORMAT, Problem, Registry, check

try:  # libyaml is several times faster; fall back to the pure-Python parser
    from yaml import CSafeDumper as _SafeDumper
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - libyaml ships with PyYAML's wheels
    from yaml import SafeDumper as _SafeDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

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


class _DuplicateKey(Exception):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in keys:
            mark = key_node.start_mark
            raise _DuplicateKey(f"line {mark.line + 1}: key {key!r} appears twice in one mapping")
        keys.add(key)
    return loader.construct_mapping(node)


class _Dumper(_SafeDumper):
    """Writes dates bare (2024-02-01), as people write them; `_Loader` reads them back as text."""


_Dumper.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)

_MSGSPEC_PATH = re.compile(r"^(?P<message>.*) - at `\$(?P<path>[^`]*)`$", re.S)


def _problem_from(error: msgspec.ValidationError) -> Problem:
    match = _MSGSPEC_PATH.match(str(error))
    if not match:
        return Problem("", str(error))
    return Problem(match["path"].removeprefix("."), match["message"])


class _Format(msgspec.Struct):
    format: Any = None


def decode(data: bytes, name: str, *, layouts: Collection[str] | None = None) -> Registry:
    """Decode and check one registry file's bytes; `name` says which file and how to parse it."""
    raw: Any
    try:
        if name.endswith(JSON_SUFFIXES):
            raw = msgspec.json.decode(data)
        elif name.endswith(YAML_SUFFIXES):
            raw = yaml.load(data, Loader=_Loader)
        else:
            raise RegistryError(name, [Problem("", "unknown file type; use .yaml, .yml or .json")])
    except (msgspec.DecodeError, yaml.YAMLError, _DuplicateKey) as e:
        raise RegistryError(name, [Problem("", f"not valid {_kind(name)}: {e}")]) from None
    if not isinstance(raw, dict):
        raise RegistryError(name, [Problem("", "expected a mapping with format, municipality, …")])
    # The format tag first: a file of another format would only give confusing errors later.
    if raw.get("format") != FORMAT:
        got = raw.get("format")
        message = "missing key 'format'" if got is None else f"unsupported format {got!r}"
        raise RegistryError(name, [Problem("format", f"{message}; expected {FORMAT!r}")])
    try:
        registry = msgspec.convert(raw, Registry)
    except msgspec.ValidationError as e:
        raise RegistryError(name, [_problem_from(e)]) from None
    problems = check(registry, layouts)
    if problems:
        raise RegistryError(name, problems)
    return registry


def read(path: str | Path, *, layouts: Collection[str] | None = None) -> Registry:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise RegistryError(str(path), [Problem("", f"cannot read: {e.strerror}")]) from None
    return decode(data, str(path), layouts=layouts)


def canonical(registry: Registry) -> Registry:
    """The same registry in a fixed order: entities by id, assignments and absences by date.

    Order that carries meaning (substitution rules, sections, clauses) is kept as it is.
    """
    people = [
        msgspec.structs.replace(
            p,
            assignments=sorted(
                p.assignments, key=lambda a: (a.start, a.position, a.end or a.start)
            ),
            absences=sorted(p.absences, key=lambda a: (a.start, a.end, a.kind)),
        )
        for p in sorted(registry.people, key=lambda p: p.id)
    ]
    return msgspec.structs.replace(
        registry,
        agencies=sorted(registry.agencies, key=lambda a: a.id),
        units=sorted(registry.units, key=lambda u: u.id),
        positions=sorted(registry.positions, key=lambda p: p.id),
        people=people,
        job_descriptions=sorted(registry.job_descriptions, key=lambda d: (d.position, d.version)),
        establishments=sorted(registry.establishments, key=lambda e: (e.agency, e.version)),
    )


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


def _kind(name: str) -> str:
    return "JSON" if name.endswith(JSON_SUFFIXES) else "YAML"
