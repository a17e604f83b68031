"""The clause library and Estonian-aware search across municipalities."""

from typing import Any

from .conftest import Api

M = "/api/municipalities"
REPORTING = "Teenistusülesannetest lähtuva aruandluse koostamine."


def use_library(d: dict[str, Any]) -> dict[str, Any]:
    for c in d["sections"][1]["clauses"]:
        if c["text"] == REPORTING:
            c["library"] = "aruandlus"
    return d


def test_library_update_offers_drafts_and_never_touches_approved(api: Api) -> None:
    hr = api.as_("hr")
    r = hr.post("/api/library", json={"id": "aruandlus", "title": "Aruandlus", "text": REPORTING})
    assert r.status_code == 201, r.text
    # tamme-spets: a draft using the clause; tamme-juht: approved v2 using it.
    versions = f"{M}/tamme/positions/tamme-spets/versions"
    hr.post(versions)
    assert hr.update(f"{versions}/2", use_library).status_code == 200
    juht = f"{M}/tamme/positions/tamme-juht/versions"
    hr.post(juht)
    hr.update(f"{juht}/2", use_library)
    etag = hr.get(f"{juht}/2").headers["etag"]
    approval = {"by": "vallavanem", "date": "2026-02-01", "directive": "1-2/9"}
    assert (
        hr.post(f"{juht}/2/approve", json=approval, headers={"If-Match": etag}).status_code == 200
    )
    approved_before = hr.get(f"{juht}/2").json()
    usage = hr.get("/api/library/aruandlus/usage").json()
    assert {(u["position"], u["version"], u["up_to_date"]) for u in usage} == {
        ("tamme-spets", 2, True),
        ("tamme-juht", 2, True),
    }
    new_text = "Teenistusülesannetest lähtuva aruandluse koostamine ja esitamine."
    r = hr.update("/api/library/aruandlus", lambda c: {**c_in(c), "text": new_text})
    assert r.status_code == 200, r.text
    offers = {(o["position"], o["version"], o["status"]) for o in r.json()["offers"]}
    assert offers == {("tamme-spets", 2, "draft"), ("tamme-juht", 2, "approved")}
    assert hr.get(f"{juht}/2").json() == approved_before  # nothing changed yet
    made = hr.post("/api/library/aruandlus/drafts").json()["drafts"]
    assert {(d["position"], d["version"]) for d in made} == {("tamme-spets", 2), ("tamme-juht", 3)}
    assert hr.get(f"{juht}/2").json() == approved_before  # approved never changes
    texts = [c["text"] for c in hr.get(f"{juht}/3").json()["sections"][1]["clauses"]]
    assert new_text in texts
    texts = [c["text"] for c in hr.get(f"{versions}/2").json()["sections"][1]["clauses"]]
    assert new_text in texts
    assert hr.post("/api/library/aruandlus/drafts").json()["drafts"] == []


def c_in(c: dict[str, Any]) -> dict[str, Any]:
    return {k: c[k] for k in ("id", "title", "text", "result") if k in c}


def test_library_crud(api: Api) -> None:
    hr, employee = api.as_("hr"), api.as_("employee")
    body = {"id": "star", "title": "STAR", "text": "Sisestab andmed STAR-i."}
    assert employee.post("/api/library", json=body).status_code == 404
    assert hr.post("/api/library", json=body).status_code == 201
    assert hr.post("/api/library", json=body).status_code == 409
    assert employee.get("/api/library/star").json()["revision"] == 1
    assert hr.put("/api/library/star", json=body).status_code == 428
    etag = hr.get("/api/library/star").headers["etag"]
    assert hr.delete("/api/library/star", headers={"If-Match": etag}).status_code == 204
    assert hr.get("/api/library/star").status_code == 404


def test_search_is_estonian_aware_and_scoped(api: Api) -> None:
    admin, hr = api.as_("admin"), api.as_("hr")
    # Case-insensitive across õäöü: "ÕPILASI" matches "õpilasi" in both municipalities.
    hits = admin.get("/api/search", params={"q": "nõustab õpilasi"}).json()["items"]
    assert {(h["municipality"], h["position"]) for h in hits} == {
        ("tamme", "tamme-spets"),
        ("tamme", "tamme-juht"),
        ("kase", "kase-spets"),
    }
    # õ is not o.
    assert admin.get("/api/search", params={"q": "noustab"}).json()["total"] == 0
    hits = admin.get("/api/search", params={"q": "star"}).json()["items"]
    assert {h["position"] for h in hits} == {"tamme-spets", "tamme-juht"}
    hits = admin.get("/api/search", params={"q": "LASTEKAITSE"}).json()["items"]
    assert {h["kind"] for h in hits} == {"title", "clause"}
    # HR of tamme never sees kase.
    hits = hr.get("/api/search", params={"q": "õpilasi"}).json()["items"]
    assert {h["municipality"] for h in hits} == {"tamme"}
    hr.post("/api/library", json={"id": "x", "title": "Ülevaade", "text": "ÕIGUS saada"})
    hits = hr.get("/api/search", params={"q": "õigus SAADA"}).json()["items"]
    assert [h["library"] for h in hits if h["kind"] == "library"] == ["x"]
    hits = hr.get("/api/library", params={"q": "ülevaade"}).json()["items"]
    assert [h["id"] for h in hits] == ["x"]
    assert hr.get("/api/library", params={"q": "100%"}).json()["total"] == 0
