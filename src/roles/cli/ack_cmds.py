"""`roles acknowledgements` and `roles housekeeping`.

`acknowledgements` prints what HR sees in the API: today's holders who have not acknowledged
their position's job description in force, per unit, with the days pending. Exit status 0
(whatever is pending), 2 for an unknown municipality or unit.
"""

import datetime as dt
import sys

import click
import msgspec

from roles.cli.source import CLI, fail, workspace
from roles.services import acknowledgements as service
from roles.services import auth, logins, webeid
from roles.services.acknowledgements import PendingReport
from roles.services.errors import ServiceError

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _text(report: PendingReport) -> str:
    lines = [f"{report.municipality}: {report.total} pending acknowledgement(s) on {report.as_of}"]
    for unit in report.units:
        lines.append(f"{unit.name} ({unit.unit}): {len(unit.holders)}")
        for h in unit.holders:
            lines.append(
                f"  {h.name} ({h.person}) — {h.position_title} ({h.position}) v{h.version}: "
                f"pending {h.days} day(s) since {h.since}"
            )
    return "\n".join(lines)


@click.command("acknowledgements")
@click.option("--municipality", required=True, help="The municipality's id.")
@click.option("--unit", default=None, help="Only this unit and the units below it.")
@click.option("--date", "day", type=DATE, default=None, help="As of this day [today].")
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def acknowledgements(
    municipality: str, unit: str | None, day: dt.datetime | None, output: str
) -> None:
    """Who has not acknowledged their position's job description in force, per unit."""
    try:
        with workspace() as ws:
            report = service.pending(
                ws, CLI, municipality, unit, day.date() if day is not None else None
            )
    except ServiceError as error:
        fail(error)
    if output == "json":
        sys.stdout.buffer.write(msgspec.json.encode(report) + b"\n")
    else:
        click.echo(_text(report))


@click.command("housekeeping")
def housekeeping() -> None:
    """Delete expired half-done (two-step) signatures, ended sessions and old login failures."""
    with workspace() as ws:
        removed = webeid.cleanup(ws)
        with ws.sessions() as session, session.begin():
            sessions = auth.purge_sessions(session)
            failures = logins.purge_failures(session)
    click.echo(f"removed {removed} expired pending signature(s)")
    click.echo(f"removed {sessions} ended session(s) and {failures} old login failure record(s)")
