"""The rows of one entity, as `loading` inserts them and `changes` writes them anew."""

from typing import Any

import msgspec

from roles import domain


def as_json(value: Any) -> str | None:
    return None if value is None else msgspec.json.encode(value).decode()


def municipality_row(r: domain.Registry) -> dict[str, Any]:
    m = r.municipality
    return {"name": m.name, "kind": m.kind.value, "layout": m.layout}


def agency_row(m: str, a: domain.Agency) -> dict[str, Any]:
    return {"id": a.id, "municipality_id": m, "name": a.name, "head_title": a.head_title}


def unit_row(m: str, u: domain.Unit) -> dict[str, Any]:
    return {
        "id": u.id,
        "municipality_id": m,
        "agency_id": u.agency,
        "name": u.name,
        "parent_id": u.parent,
    }


def position_row(m: str, p: domain.Position) -> dict[str, Any]:
    return {
        "id": p.id,
        "municipality_id": m,
        "unit_id": p.unit,
        "title": p.title,
        "service": p.service.value,
        "anti_corruption_official": p.anti_corruption_official,
        "seats": p.seats,
        "reports_to_id": p.reports_to,
        "abolished": p.abolished,
    }


def rule_rows(p: domain.Position) -> list[dict[str, Any]]:
    return [
        {
            "position_id": p.id,
            "ordinal": i,
            "substitute_id": rule.position,
            "if_needed": rule.if_needed,
            "duties": as_json(rule.duties),
        }
        for i, rule in enumerate(p.substitutes)
    ]


def declared_rows(p: domain.Position) -> list[dict[str, Any]]:
    return [
        {"position_id": p.id, "ordinal": i, "substituted_id": other}
        for i, other in enumerate(p.substitutes_for)
    ]


def person_row(m: str, p: domain.Person) -> dict[str, Any]:
    return {
        "id": p.id,
        "municipality_id": m,
        "name": p.name,
        "personal_code": p.personal_code,
        "sample": p.sample,
        "qualifications": as_json(p.qualifications),
    }


def assignment_rows(p: domain.Person) -> list[dict[str, Any]]:
    return [
        {"person_id": p.id, "position_id": a.position, "start": a.start, "end": a.end}
        for a in p.assignments
    ]


def absence_rows(p: domain.Person) -> list[dict[str, Any]]:
    return [
        {"person_id": p.id, "start": a.start, "end": a.end, "kind": a.kind.value}
        for a in p.absences
    ]


def description_row(m: str, d: domain.JobDescription) -> dict[str, Any]:
    return {
        "municipality_id": m,
        "position_id": d.position,
        "version": d.version,
        "status": d.status.value,
        "document": msgspec.json.encode(d).decode(),
    }


def establishment_row(m: str, e: domain.Establishment) -> dict[str, Any]:
    return {
        "municipality_id": m,
        "agency_id": e.agency,
        "version": e.version,
        "document": msgspec.json.encode(e).decode(),
    }
