"""`roles check`, `roles who-acts` and `roles calendar`: substitution coverage from the shell.

Exit status: `check` ends with 1 when any error-severity finding exists and 0 otherwise
(warnings alone pass), so it can gate CI; `who-acts` and `calendar` end with 0 whatever they
report. Bad input (an unreadable or invalid registry, an unknown position, bad dates) ends
with 2.
"""

import datetime as dt
import sys

import click
import msgspec

from roles.cli.source import registries
from roles.coverage import (
    DEFAULT_DEPTH,
    Coverage,
    CoverageIndex,
    DayRange,
    Finding,
    Options,
    Segment,
    Severity,
    check,
    sort_key,
    who_acts,
)
from roles.coverage.findings import DEFAULT_MAX_LOAD
from roles.coverage.heatmap import page
from roles.coverage.text import acting_text, calendar_text, findings_text
from roles.domain import Position, Registry
from roles.services.snapshot import units_below

DATE = click.DateTime(formats=["%Y-%m-%d"])
DEFAULT_WINDOW = 365  # days `check` looks ahead for `uncovered` without --from/--to
SOURCE_HELP = "REGISTRY_OR_DB: a registry file (.yaml/.json); left out = the configured database."


def _day(value: dt.datetime | None, default: dt.date) -> dt.date:
    return default if value is None else value.date()


language_option = click.option(
    "--language",
    type=click.Choice(["et", "en"]),
    default="et",
    show_default=True,
    help="Language of text and HTML output.",
)
depth_option = click.option(
    "--depth",
    type=click.IntRange(1, 10),
    default=DEFAULT_DEPTH,
    show_default=True,
    help="How deep substitution chains are followed (the position's own rules are 1).",
)


def _emit_json(data: object) -> None:
    sys.stdout.buffer.write(msgspec.json.encode(data) + b"\n")


def _range(first: dt.datetime | None, last: dt.datetime | None, on: dt.date) -> DayRange:
    if (first is None) != (last is None):
        raise click.UsageError("give --from and --to together")
    start = _day(first, on)
    end = _day(last, on + dt.timedelta(days=DEFAULT_WINDOW - 1))
    if end < start:
        raise click.UsageError(f"--to ({end}) is before --from ({start})")
    return DayRange(start, end)


@click.command("check", epilog=SOURCE_HELP)
@click.argument("source", required=False, metavar="[REGISTRY_OR_DB]")
@click.option("--municipality", help="Only this municipality (database).")
@click.option("--on", "on", type=DATE, help="Check date (default: today).")
@click.option("--from", "first", type=DATE, help="First day `uncovered` looks at [--on].")
@click.option("--to", "last", type=DATE, help="Last day `uncovered` looks at [a year on].")
@click.option(
    "--max-load",
    type=click.IntRange(1),
    default=DEFAULT_MAX_LOAD,
    show_default=True,
    help="First substitute of more positions than this = overloaded-substitute.",
)
@depth_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@language_option
def check_cmd(
    source: str | None,
    municipality: str | None,
    on: dt.datetime | None,
    first: dt.datetime | None,
    last: dt.datetime | None,
    max_load: int,
    depth: int,
    fmt: str,
    language: str,
) -> None:
    """Report where substitution breaks: positions without substitutes, vacant or closed
    chains, uncovered days, scope gaps, overloaded or unqualified substitutes.

    Findings are as of the check date; `uncovered` looks at --from..--to (default: the check
    date and the 364 days after it, the span of a yearly vacation schedule). JSON output is
    {"findings": [...]} sorted by code, then position; text output groups them by unit.

    Exit status: 1 when an error-severity finding exists, 0 otherwise (warnings pass);
    2 for bad input.
    """
    found = registries(source, municipality)
    check_date = _day(on, dt.date.today())
    days = _range(first, last, check_date)
    options = Options(
        on=check_date, first=days.first, last=days.last, depth=depth, max_load=max_load
    )
    findings = sorted((f for r in found for f in check(r, options)), key=sort_key)
    if fmt == "json":
        _emit_json({"findings": findings})
    else:
        click.echo(findings_text(findings, found, language))
    if any(f.severity is Severity.ERROR for f in findings):
        sys.exit(1)


def _owner(found: list[Registry], position: str) -> Registry:
    for r in found:
        if any(p.id == position for p in r.positions):
            return r
    raise click.BadParameter(f"no position {position!r}", param_hint="POSITION")


@click.command("who-acts", epilog=SOURCE_HELP)
@click.argument("args", nargs=-1, required=True, metavar="[REGISTRY_OR_DB] POSITION")
@click.option("--municipality", help="Only this municipality (database).")
@click.option("--on", "on", type=DATE, help="The day (default: today).")
@depth_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@language_option
def who_acts_cmd(
    args: tuple[str, ...],
    municipality: str | None,
    on: dt.datetime | None,
    depth: int,
    fmt: str,
    language: str,
) -> None:
    """Who acts for POSITION on a day: a present holder, a substitute, or nobody.

    JSON: {"position", "date", "status": "present"|"substitute"|"uncovered", "person", "via",
    "depth"}; a present holder has `via` = the position itself and depth 0.
    Exit status 0 whatever the answer; 2 for bad input.
    """
    if len(args) > 2:
        raise click.UsageError("give at most a registry and a position")
    source, position = (args[0], args[1]) if len(args) == 2 else (None, args[0])
    day = _day(on, dt.date.today())
    owner = _owner(registries(source, municipality), position)
    index = CoverageIndex(owner)
    acting = who_acts(index, position, day, depth)
    if fmt == "json":
        _emit_json({"position": position, "date": day, **msgspec.to_builtins(acting)})
    else:
        names = {p.id: p.name for p in owner.people}
        click.echo(acting_text(acting, position, day, names, language))


def _in_units(r: Registry, unit: str | None) -> list[Position]:
    """The positions of a unit and of the units below it; all of them without a unit."""
    if unit is None:
        return list(r.positions)
    wanted = units_below(r.units, [unit])
    return [p for p in r.positions if p.unit in wanted]


@click.command("calendar", epilog=SOURCE_HELP)
@click.argument("source", required=False, metavar="[REGISTRY_OR_DB]")
@click.option("--municipality", help="Only this municipality.")
@click.option("--unit", help="Only the positions of this unit and the units below it.")
@click.option("--from", "first", type=DATE, required=True, help="First day.")
@click.option("--to", "last", type=DATE, required=True, help="Last day.")
@depth_option
@click.option("--format", "fmt", type=click.Choice(["json", "text", "html"]), default="json")
@language_option
def calendar_cmd(
    source: str | None,
    municipality: str | None,
    unit: str | None,
    first: dt.datetime,
    last: dt.datetime,
    depth: int,
    fmt: str,
    language: str,
) -> None:
    """Who acts for every position on every day from --from to --to.

    JSON: {"who_acts": {"POSITION DATE": {status, person, via, depth}}}, for the days each
    position exists. HTML: a self-contained page with a heat map of positions × days
    (present / substitute / uncovered; who acts on hover and keyboard focus) and the
    findings of the range beside it. Exit status 0; 2 for bad input.
    """
    days = _range(first, last, first.date())
    found = registries(source, municipality)
    if unit is not None and not any(u.id == unit for r in found for u in r.units):
        raise click.BadParameter(f"no unit {unit!r}", param_hint="--unit")
    rows: list[tuple[Position, list[Segment]]] = []
    findings: list[Finding] = []
    names: dict[str, str] = {}
    for r in found:
        index = CoverageIndex(r)
        coverage = Coverage(index, days, depth)
        chosen = [p for p in _in_units(r, unit) if coverage.exists(p.id)]
        rows.extend((p, coverage.segments(p.id)) for p in chosen)
        if fmt == "html":
            ids = {p.id for p in chosen}
            options = Options(on=days.first, first=days.first, last=days.last, depth=depth)
            findings.extend(f for f in check(r, options, index) if f.position in ids)
            names.update((p.id, p.name) for p in r.people)
    if fmt == "json":
        dates = [d.isoformat() for d in days.days()]
        who: dict[str, object] = {}
        for p, segments in rows:
            for s in segments:
                start = (s.first - days.first).days
                for i in range(start, start + (s.last - s.first).days + 1):
                    who[f"{p.id} {dates[i]}"] = s.acting
        _emit_json({"who_acts": who})
    elif fmt == "text":
        click.echo(calendar_text([(p.id, segments) for p, segments in rows], days, language))
    else:
        title = " · ".join(r.municipality.name for r in found)
        findings.sort(key=sort_key)
        click.echo(page(title, rows, days, findings, names, language))
