"""The staff establishment (*teenistuskohtade koosseis*) of an agency: its versions, and the
list in force on a day as DOCX or XLSX in the municipality's style.

An agency with no version in force on the day (none approved yet, as in the seeds) gets the
list built from the registry's positions on that day (`domain.establishment.build`): a draft,
without an act, so HR has a document to take to the council or the government.
"""

import datetime as dt

import msgspec

from roles import domain, render, sheets
from roles.domain import establishment as E
from roles.services.access import Caller
from roles.services.documents import Download
from roles.services.errors import Invalid, not_found
from roles.services.snapshot import Snapshot
from roles.services.views import visible
from roles.services.workspace import Workspace

FORMATS = ("docx", "xlsx")
_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Version(msgspec.Struct, frozen=True, kw_only=True):
    version: int
    in_force: dt.date
    act: str | None  # "12, 2023-12-14" — None: a draft
    posts: int  # posts in all (the counts summed)
    current: bool  # in force on the day asked about


class AgencyEstablishment(msgspec.Struct, frozen=True, kw_only=True):
    agency: str
    name: str
    versions: list[Version]


def _posts(e: domain.Establishment) -> int:
    return sum(p.count for u in e.units for p in u.posts)


def listing(
    ws: Workspace, caller: Caller, municipality: str, on: dt.date | None = None
) -> list[AgencyEstablishment]:
    """Every agency the caller sees, with its versions (oldest first)."""
    snap, v = visible(ws, caller, municipality)
    on = on or dt.date.today()
    out = []
    for a in snap.registry.agencies:
        if not v.agency(snap.units, a.id):
            continue
        now = E.in_force(snap.registry, a.id, on)
        out.append(
            AgencyEstablishment(
                agency=a.id,
                name=a.name,
                versions=[
                    Version(
                        version=e.version,
                        in_force=e.in_force,
                        act=None if e.act is None else f"{e.act.number}, {e.act.date}",
                        posts=_posts(e),
                        current=now is not None and now.version == e.version,
                    )
                    for e in E.versions(snap.registry, a.id)
                ],
            )
        )
    return out


def _find(ws: Workspace, caller: Caller, agency: str) -> Snapshot:
    for snap in ws.all():
        if any(a.id == agency for a in snap.registry.agencies):
            snap, v = visible(ws, caller, snap.id)
            if not v.agency(snap.units, agency):
                break
            return snap
    raise not_found("agency", agency)


def choose(
    registry: domain.Registry, agency: str, on: dt.date, version: int | None
) -> domain.Establishment:
    """The version asked for, else the one in force on `on`, else one built from the
    registry's positions on `on`."""
    if version is not None:
        found = [e for e in E.versions(registry, agency) if e.version == version]
        if not found:
            raise not_found("establishment version", f"{agency} v{version}")
        return found[0]
    return E.in_force(registry, agency, on) or E.build(registry, agency, on)


def document(
    ws: Workspace,
    caller: Caller,
    agency: str,
    fmt: str,
    *,
    on: dt.date | None = None,
    version: int | None = None,
    language: str = "et",
) -> Download:
    """The agency's staff establishment on `on` (today) or of `version`, as DOCX or XLSX."""
    if fmt not in FORMATS:
        raise Invalid([domain.Problem("format", "must be docx or xlsx")])
    if language not in ("et", "en"):
        raise Invalid([domain.Problem("language", "must be et or en")])
    on = on or dt.date.today()
    if not dt.date(1990, 1, 1) <= on <= dt.date(2200, 12, 31):
        raise Invalid([domain.Problem("on", "must be a date from 1990 to 2200")])
    snap = _find(ws, caller, agency)
    e = choose(snap.registry, agency, on, version)
    if fmt == "docx":
        data = render.render_establishment_docx(
            snap.registry,
            e,
            templates_dir=ws.options.templates_dir or render.TEMPLATES,
            language=language,
        )
    else:
        data = sheets.establishment_xlsx(snap.registry, e, language)
    day = e.in_force.isoformat()
    return Download(data, f"{agency}-koosseis-v{e.version}-{day}.{fmt}", _MEDIA[fmt])
