"""The coverage dashboard: heat map, findings, substitution graph, who-acts, absences, rules."""

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles import coverage, domain
from roles.coverage.days import DayRange
from roles.services import organisation, seen_findings, views
from roles.services.coverage import in_unit
from roles.services.errors import Invalid, not_found
from roles.services.preconditions import etag
from roles.services.snapshot import Snapshot
from roles.services.views import visible
from roles.web import data, graph
from roles.web.fields import FIRST_DAY, LAST_DAY
from roles.web.findings import said
from roles.web.page import LoggedIn, Page, see_other
from roles.web.problems import told

MAX_ROWS = 150
MAX_DAYS = 92
KINDS = [k.value for k in domain.AbsenceKind]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _asked_day(page: Page, q: Any, key: str, field: str, errors: dict[str, str]) -> dt.date | None:
    """The day a filter asks for; a wrong one is said beside its field, never replaced
    silently by the default."""
    value = str(q.get(key, "")).strip()
    if not value:
        return None
    day = _date(value)
    if day is None:
        errors[field] = page.t("bad_date")
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        errors[field] = page.t("fix_date_range", FIRST_DAY.year, LAST_DAY.year)
        return None
    return day


def _range(page: Page, q: Any, errors: dict[str, str]) -> tuple[dt.date, dt.date]:
    """The days shown: the default four weeks, or those asked for; what cannot be shown as
    asked is told in `errors` beside the filter's fields."""
    first, last = data.default_range()
    asked_first = _asked_day(page, q, "from", "range-from", errors)
    asked_last = _asked_day(page, q, "to", "range-to", errors)
    if asked_first is not None:
        first = asked_first
        last = first + dt.timedelta(days=data.DASHBOARD_DAYS - 1)
    if asked_last is not None:
        if asked_last < first:
            errors["range-to"] = page.t("end_before_start")
        elif asked_last >= first + dt.timedelta(days=MAX_DAYS):
            errors["range-to"] = page.t("range_too_long", MAX_DAYS)
        else:
            last = asked_last
    return first, last


class CoveragePages(Controller):
    path = "/m/{municipality:str}/coverage"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def dashboard(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        return dashboard(page, municipality, {}, {})

    @post("/absence")
    async def add_absence(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        form = await page.form()
        errors: dict[str, str] = {}
        person = form.get("person")
        first, last = _date(form.get("from")), _date(form.get("to"))
        kind = form.get("kind", "other")
        if not person:
            errors["person"] = page.t("must_fill")
        for name, day in (("from", first), ("to", last)):
            if day is None:  # an empty field is to be filled, not written differently
                errors[f"absence-{name}"] = page.t("bad_date" if form.get(name) else "must_fill")
        if first and last and last < first:
            errors["absence-to"] = page.t("end_before_start")
        if kind not in KINDS:
            kind = "other"
        if not errors:
            assert first is not None and last is not None
            absence = domain.Absence(start=first, end=last, kind=domain.AbsenceKind(kind))
            try:
                await sync_to_thread(
                    organisation.edit_person_list,
                    page.ws,
                    page.me,
                    municipality,
                    person,
                    "absences",
                    None,
                    absence,
                    None,
                )
            except Invalid as e:
                errors["absence-to"] = told(e, page.lang)
        if errors:
            return await sync_to_thread(
                dashboard, page, municipality, errors, form.values(), status_code=422
            )
        return see_other(f"/m/{municipality}/coverage?done=absence_added#absences")

    @post("/substitute")
    async def add_substitute(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        form = await page.form()
        position, named = form.get("position"), form.get("substitute")
        if_needed = form.get("if_needed") == "1"
        errors: dict[str, str] = {}
        if not position:
            errors["sub-position"] = page.t("must_fill")
        if not named:
            errors["sub-substitute"] = page.t("must_fill")
        alone = named == position and not errors
        if alone and not await sync_to_thread(_several_seats, page, municipality, position):
            errors["sub-substitute"] = page.t("fix_own_substitute")
        if not errors:
            try:
                await sync_to_thread(_add_rule, page, municipality, position, named, if_needed)
            except Invalid as e:
                errors["sub-substitute"] = told(e, page.lang)
        if errors:
            return await sync_to_thread(
                dashboard, page, municipality, errors, form.values(), status_code=422
            )
        query = page.request.query_params
        back = "&".join(f"{k}={query[k]}" for k in ("from", "to") if k in query)
        return see_other(
            f"/m/{municipality}/coverage?done=substitute_added{'&' + back if back else ''}"
        )


def _several_seats(page: Page, municipality: str, position: str) -> bool:
    found = visible(page.ws, page.me, municipality)[0].positions.get(position)
    return found is not None and found.seats > 1


def _add_rule(page: Page, municipality: str, position: str, named: str, if_needed: bool) -> None:
    current = organisation.get(page.ws, page.me, municipality, "position", position)
    rule = domain.SubstitutionRule(position=named, if_needed=if_needed)
    changed = msgspec.structs.replace(current, substitutes=[*current.substitutes, rule])
    organisation.replace(
        page.ws, page.me, municipality, "position", position, changed, etag(current)
    )


def dashboard(
    page: Page,
    municipality: str,
    errors: dict[str, str],
    values: dict[str, Any],
    status_code: int = 200,
) -> Response[str]:
    snap, v = visible(page.ws, page.me, municipality)
    q = page.request.query_params
    errors = dict(errors)
    first, last = _range(page, q, errors)
    unit = q.get("unit") or None
    shown = [p for p in in_unit(snap, v, unit) if p.exists_on(first)]
    found = seen_findings.seen(v, snap.registry, snap.findings(first, last))
    if unit is not None:
        ids = {p.id for p in shown}
        found = [f for f in found if f.position in ids]
    problems = {f.position for f in found if f.severity is coverage.Severity.ERROR}
    days = DayRange(first, last)
    table = coverage.Coverage(snap.coverage_index, days)
    rows = []
    for p in shown:
        segments = views.segments(v, table.segments(p.id))
        uncovered = any(s.acting.status is coverage.Status.UNCOVERED for s in segments)
        rows.append((not uncovered, p.title, p, segments))
    rows.sort(key=lambda r: (r[0], r[1]))
    truncated = len(rows) > MAX_ROWS
    cells = [(p, _cells(page, snap, p, segs, days)) for _, _, p, segs in rows[:MAX_ROWS]]
    # the who-acts lookup
    asked = q.get("position")
    answer = None
    if asked:
        if asked not in snap.positions or not v.position(asked):
            raise not_found("position", asked)
        day = _asked_day(page, q, "day", "who-day", errors) or dt.date.today()
        acting = views.acting(v, coverage.who_acts(snap.coverage_index, asked, day))
        answer = (snap.positions[asked], day, acting)
    chosen = graph.pick(shown, problems)
    unit_names = {u.id: u.name for u in snap.registry.units}
    picture = graph.svg(
        chosen,
        unit_names,
        problems,
        f"/m/{municipality}/positions/{{}}",
        page.t("graph"),
        page.t("graph_desc"),
        "problem" if page.lang == "en" else "probleem",
        holders={
            p.id: [snap.people[h].name for h in snap.holders.get(p.id, []) if h in snap.people]
            for p in chosen
        },
        lang=page.lang,
    )
    editable_people = [
        snap.people[pid]
        for p in shown
        for pid in snap.holders.get(p.id, [])
        if v.may_edit_absences(pid)
    ]
    people = sorted({p.id: p for p in editable_people}.values(), key=lambda p: p.name)
    absences = [
        (person, a)
        for person in people
        for a in person.absences
        if a.end >= first and a.start <= last
    ]
    absences.sort(key=lambda x: x[1].start)
    editable_positions = [p for p in shown if v.may_edit_position(p.id)]
    return page.render(
        "coverage.html",
        status_code=status_code,
        municipality=snap.registry.municipality,
        snap=snap,
        first=first,
        last=last,
        days=list(days.days()),
        months=_months(days),
        cells=cells,
        truncated=truncated,
        total_rows=len(rows),
        findings=found,
        said=said,
        graph=picture,
        graph_cut=len(chosen) < len(shown),
        graph_count=len(problems),
        visible=sorted(shown, key=lambda p: p.title),
        answer=answer,
        people=people,
        absences=absences,
        kinds=KINDS,
        editable_positions=sorted(editable_positions, key=lambda p: p.title),
        all_positions=sorted(
            (p for p in snap.registry.positions if p.exists_on(first)), key=lambda p: p.title
        )
        if v.everything
        else sorted(shown, key=lambda p: p.title),
        errors=errors,
        values=values,
        unit=unit,
        units=snap.unit_tree(v),
        today=dt.date.today(),
    )


def _months(days: DayRange) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for d in days.days():
        label = f"{d.month:02d}.{d.year}"
        if out and out[-1][0] == label:
            out[-1] = (label, out[-1][1] + 1)
        else:
            out.append((label, 1))
    return out


def _cells(
    page: Page,
    snap: Snapshot,
    position: domain.Position,
    segments: list[coverage.Segment],
    days: DayRange,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    at = 0
    for s in segments:
        start = (s.first - days.first).days
        if start > at:
            out.append({"status": "none", "span": start - at, "label": None})
        span = (s.last - s.first).days + 1
        acting = s.acting
        if acting.person is None and acting.status is not coverage.Status.UNCOVERED:
            what = page.t(f"acts_{acting.status.value}_unnamed")  # outside the reader's view
        elif acting.status is coverage.Status.PRESENT:
            what = page.t("acts_present", _name(snap, acting.person))
        elif acting.status is coverage.Status.SUBSTITUTE:
            via = snap.positions[acting.via].title if acting.via in snap.positions else acting.via
            what = page.t("acts_substitute", _name(snap, acting.person), via, acting.depth)
        else:
            what = page.t("acts_nobody")
        when = s.first.isoformat() if s.first == s.last else f"{s.first}–{s.last}"
        out.append(
            {
                "status": acting.status.value,
                "span": span,
                "label": f"{position.title}, {when}: {what}",
            }
        )
        at = start + span
    if at < days.length:
        out.append({"status": "none", "span": days.length - at, "label": None})
    return out


def _name(snap: Snapshot, person: str | None) -> str:
    found = snap.people.get(person or "")
    return str(found.name) if found is not None else str(person)
