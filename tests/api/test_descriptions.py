"""The job-description lifecycle and clause-level diffs."""

from typing import Any

from .conftest import Api

V = "/api/municipalities/tamme/positions/tamme-spets/versions"
APPROVAL = {"by": "Tamme vallavanem", "date": "2026-01-15", "directive": "1-2/3", "annex": "Lisa 1"}


def add_clause(text: str) -> Any:
    def change(d: dict[str, Any]) -> dict[str, Any]:
        d["sections"][1]["clauses"].append({"ref": "2.9", "text": text})
        return d

    return change


def test_draft_edit_approve_supersede(api: Api) -> None:
    hr = api.as_("hr")
    r = hr.post(V)
    assert r.status_code == 201, r.text
    draft = r.json()
    assert draft["version"] == 2 and draft["status"] == "draft" and "approval" not in draft
    assert hr.post(V).status_code == 409  # one draft at a time
    assert hr.update(f"{V}/2", add_clause("Peab arvestust.")).status_code == 200
    etag = hr.get(f"{V}/2").headers["etag"]
    assert hr.post(f"{V}/2/approve", json=APPROVAL).status_code == 428
    r = hr.post(f"{V}/2/approve", json=APPROVAL, headers={"If-Match": etag})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "approved" and r.json()["approval"]["directive"] == "1-2/3"
    statuses = [(d["version"], d["status"]) for d in hr.get(V).json()]
    assert statuses == [(1, "superseded"), (2, "approved")]
    listed = hr.get(
        "/api/municipalities/tamme/job-descriptions", params={"status": "approved"}
    ).json()
    assert {(d["position"], d["version"]) for d in listed["items"]} == {
        ("tamme-spets", 2),
        ("tamme-juht", 1),
    }


def test_approved_and_superseded_versions_never_change(api: Api) -> None:
    hr = api.as_("hr")
    assert hr.update(f"{V}/1", add_clause("x")).status_code == 409
    etag = hr.get(f"{V}/1").headers["etag"]
    assert hr.delete(f"{V}/1", headers={"If-Match": etag}).status_code == 409
    assert hr.post(f"{V}/1/approve", json=APPROVAL, headers={"If-Match": etag}).status_code == 409


def test_discard_a_draft(api: Api) -> None:
    hr = api.as_("hr")
    hr.post(V)
    etag = hr.get(f"{V}/2").headers["etag"]
    assert hr.delete(f"{V}/2", headers={"If-Match": '"old"'}).status_code == 412
    assert hr.delete(f"{V}/2", headers={"If-Match": etag}).status_code == 204
    assert hr.get(f"{V}/2").status_code == 404
    assert [d["version"] for d in hr.get(V).json()] == [1]


def test_a_draft_keeps_its_identity(api: Api) -> None:
    hr = api.as_("hr")
    hr.post(V)
    r = hr.update(f"{V}/2", lambda d: d | {"status": "approved"})
    assert r.status_code == 422 and r.json()["extra"][0]["path"] == "status"
    r = hr.update(f"{V}/2", lambda d: d | {"version": 7})
    assert r.status_code == 422


def test_diff_between_versions(api: Api) -> None:
    hr = api.as_("hr")
    hr.post(V)

    def edit(d: dict[str, Any]) -> dict[str, Any]:
        duties = d["sections"][1]["clauses"]
        duties[1]["text"] = "Sisestab toetuste ja teenuste andmed STAR-i."  # changed
        duties.insert(0, duties.pop(2))  # moved
        d["sections"][0]["clauses"] = []  # removed
        duties.append({"ref": "2.4", "text": "Korraldab supervisiooni."})  # added
        return d

    assert hr.update(f"{V}/2", edit).status_code == 200
    body = hr.get(f"{V}/1/diff/2").json()
    kinds = sorted(c["kind"] for c in body["changes"])
    assert kinds == ["added", "changed", "moved", "removed"], body
    assert body["summary"]["unchanged"] == 1
    changed = next(c for c in body["changes"] if c["kind"] == "changed")
    assert "STAR" in changed["after"]["text"]
    assert hr.get(f"{V}/1/diff/9").status_code == 404


def test_compare_positions_across_municipalities(api: Api) -> None:
    admin = api.as_("admin")
    r = admin.get("/api/compare", params={"left": "tamme/tamme-spets", "right": "kase/kase-spets"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["before"]["municipality"] == "tamme" and body["after"]["municipality"] == "kase"
    kinds = sorted(c["kind"] for c in body["changes"])
    # "Nõustab ÕPILASI" = "Nõustab õpilasi" up to case: unchanged; STAR ↔ lastekaitsetöö: changed
    assert body["summary"]["unchanged"] == 3
    assert kinds in (["changed"], ["added", "removed"])
    # HR of one municipality cannot see the other's position: 404, as if absent.
    hr = api.as_("hr")
    r = hr.get("/api/compare", params={"left": "tamme/tamme-spets", "right": "kase/kase-spets"})
    assert r.status_code == 404
    assert hr.get("/api/compare", params={"left": "tamme", "right": "x/y"}).status_code == 422


def _refused(hr: Any, change: Any, approval: dict[str, Any] = APPROVAL) -> list[dict[str, Any]]:
    """The problems the API answers when approving the draft `change` made of a fresh copy
    of the version in force."""
    old = hr.get(f"{V}/2")
    if old.status_code == 200:
        assert hr.delete(f"{V}/2", headers={"If-Match": old.headers["etag"]}).status_code == 204
    assert hr.post(V).status_code == 201
    assert hr.update(f"{V}/2", change).status_code == 200
    etag = hr.get(f"{V}/2").headers["etag"]
    r = hr.post(f"{V}/2/approve", json=approval, headers={"If-Match": etag})
    assert r.status_code == 422, r.text
    assert hr.get(f"{V}/2").json()["status"] == "draft"
    return list(r.json()["extra"])


def test_only_complete_drafts_are_approved(api: Api) -> None:
    hr = api.as_("hr")

    def codes(change: Any, approval: dict[str, Any] = APPROVAL) -> set[str]:
        return {p["code"] for p in _refused(hr, change, approval)}

    def no_duties(d: dict[str, Any]) -> dict[str, Any]:
        return d | {"sections": [s for s in d["sections"] if s["kind"] != "duties"]}

    def bad_ref(d: dict[str, Any]) -> dict[str, Any]:
        d["sections"][1]["clauses"][0]["ref"] = "abc!"
        return d

    same = dict.copy
    assert codes(lambda d: d | {"sections": [], "title": None}) >= {
        "approval.no-title",
        "approval.no-duties",
    }
    assert "approval.no-duties" in codes(no_duties)
    assert "approval.no-title" in codes(lambda d: d | {"title": ""})
    # A malformed clause number is refused when saved already, so never reaches approval.
    refused = hr.update(f"{V}/2", bad_ref)
    assert refused.status_code == 422
    assert [p["path"][-26:] for p in refused.json()["extra"]] == ["sections[1].clauses[0].ref"]
    assert refused.json()["extra"][0]["code"]
    assert "approval.before-records" in codes(same, APPROVAL | {"date": "1899-01-01"})
    future = _refused(hr, same, APPROVAL | {"date": "2030-01-01"})
    assert [(p["code"], p["params"]["date"]) for p in future] == [
        ("approval.in-future", "2030-01-01")
    ]
    assert future[0]["message"] and future[0]["path"] == "approval.date"
    assert "approval.no-directive" in codes(same, APPROVAL | {"directive": ""})
    # An approver of 10 000 characters is refused, by the decoder or the rule.
    etag = hr.get(f"{V}/2").headers["etag"]
    long = hr.post(
        f"{V}/2/approve", json=APPROVAL | {"by": "x" * 10_000}, headers={"If-Match": etag}
    )
    assert long.status_code == 422 and hr.get(f"{V}/2").json()["status"] == "draft"
    early = APPROVAL | {"in_force_from": "2026-01-01"}
    assert codes(same, early) == {"approval.in-force-before-approval"}


def test_a_version_can_take_effect_later(api: Api) -> None:
    hr = api.as_("hr")
    hr.post(V)
    etag = hr.get(f"{V}/2").headers["etag"]
    later = APPROVAL | {"in_force_from": "2099-03-01"}
    r = hr.post(f"{V}/2/approve", json=later, headers={"If-Match": etag})
    assert r.status_code == 200, r.text
    assert r.json()["in_force_from"] == "2099-03-01"
