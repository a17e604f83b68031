"""One document into a registry: `import_lines` (already read) and `import_document` (a file)."""

import re
from pathlib import Path
from typing import Any

import msgspec

from roles.domain import Checker, Problem, Registry, limits
from roles.domain.messages import describe
from roles.importer import assemble, document, source
from roles.importer.assemble import Note, Outcome
from roles.importer.errors import ImporterError
from roles.importer.files import Converters, read_path


def import_lines(
    lines: list[source.Line],
    municipality: str,
    existing: Registry | None = None,
    name: str = "document",
    checker: Checker | None = None,
) -> Outcome:
    """Import a document already read into lines (see `read`); raises ImporterError("no_title")
    when no position title can be read from it.

    The result is checked by what the document changes in `existing` (`domain.Checker`):
    `checker` is the check of `existing` when the caller has it (a batch passes on the last
    outcome's), else `existing` is taken as stored, i.e. checked. So a problem the registry
    had before does not refuse a document that does not touch it; storing checks it all.
    """
    try:
        outcome = assemble.build(document.parse(lines), municipality, existing)
    except assemble.NoTitle:
        raise ImporterError("no_title", name) from None
    # Tabs are layout (tab stops, columns), text only where a field may span lines.
    outcome.registry = _one_line(outcome.registry)
    # What the registry refuses (a value over its length, say) refuses the document, in words.
    if checker is None and existing is not None:
        checker = Checker.trusting(existing)
    checked = checker.revise(outcome.registry) if checker else Checker(outcome.registry)
    if any(p.code == "text.too-long" for p in checked.problems):
        outcome.registry = _shortened(outcome, checked.problems)
        checked = checker.revise(outcome.registry) if checker else Checker(outcome.registry)
    outcome.checker = checked
    problems = checked.problems
    if problems:
        first = problems[0]
        raise ImporterError(
            "invalid", name, problem_et=describe(first, "et"), problem_en=describe(first, "en")
        ) from None
    for number in outcome.accounting.missing(line.number for line in lines):
        text = next(line.text for line in lines if line.number == number)
        outcome.accounting.place(number, "not placed", text, unsure=True, why="no rule took it")
    return outcome


def import_document(
    path: str | Path,
    municipality: str,
    existing: Registry | None = None,
    converters: Converters | None = None,
) -> Outcome:
    """Import one file; raises ImporterError (with Estonian and English messages) when it cannot
    be read or names no position."""
    return import_lines(read_path(path, converters), municipality, existing, Path(path).name)


_STEP = re.compile(r"(\w+)((?:\[\d+\])*)")


def _shortened(outcome: Outcome, problems: list[Problem]) -> Registry:
    """The registry with each text longer than its field allows cut at the limit (at a word's
    end, with "…"), each cut a note for the reviewer saying where and what was left out: a run-on
    approver line or a page of text read into one clause should not refuse the whole document.
    Only texts the document brought are over the limit (the registry as stored passed)."""
    registry = outcome.registry
    for problem in problems:
        if problem.code != "text.too-long":
            continue
        steps = [
            (name, [int(i) for i in re.findall(r"\d+", index)])
            for name, index in _STEP.findall(problem.path)
        ]
        value = _at(registry, steps)
        limit = int(problem.params["limit"])
        if not isinstance(value, str) or len(value) <= limit:
            continue
        kept = value[: limit - 1].rsplit(" ", 1)[0].rstrip() if " " in value[:limit] else ""
        kept = (kept or value[: limit - 1]) + "…"
        registry = _put(registry, steps, kept)
        outcome.notes.append(
            Note(
                "unsure.cut",
                start=value[:60],
                limit=limit,
                rest=value[len(kept) - 1 :][:200],
                path=problem.path,
            )
        )
    return registry


def _at(value: Any, steps: list[tuple[str, list[int]]]) -> Any:
    for name, indexes in steps:
        value = getattr(value, name, None)
        for i in indexes:
            value = value[i] if isinstance(value, list) and i < len(value) else None
    return value


def _put(value: Any, steps: list[tuple[str, list[int]]], new: str) -> Any:
    """`value` with the text at `steps` replaced, the structs on the way copied."""
    (name, indexes), rest = steps[0], steps[1:]

    def into(item: Any, idx: list[int]) -> Any:
        if not idx:
            return _put(item, rest, new) if rest else new
        items = list(item)
        items[idx[0]] = into(items[idx[0]], idx[1:])
        return items

    return msgspec.structs.replace(value, **{name: into(getattr(value, name), indexes)})


def _one_line(value: Any) -> Any:
    """`value` with the tabs of its one-line text fields made spaces (the same object when
    there are none)."""
    if isinstance(value, msgspec.Struct):
        kind = type(value).__name__
        changes: dict[str, Any] = {}
        for name in value.__struct_fields__:
            field = getattr(value, name)
            if isinstance(field, str):
                if "\t" in field and (kind, name) not in limits.MULTILINE:
                    changes[name] = field.replace("\t", " ")
            elif isinstance(field, msgspec.Struct | list):
                made = _one_line(field)
                if made is not field:
                    changes[name] = made
        return msgspec.structs.replace(value, **changes) if changes else value
    if isinstance(value, list):
        made_list = [_one_line(item) for item in value]
        changed = any(a is not b for a, b in zip(made_list, value, strict=True))
        return made_list if changed else value
    return value
