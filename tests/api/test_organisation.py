"""Municipalities, agencies, units, positions, people, assignments and absences."""

from .conftest import Api

M = "/api/municipalities"


def test_lists_are_paginated_filtered_and_sorted(api: Api) -> None:
    hr = api.as_("hr")
    body = hr.get(f"{M}/tamme/positions", params={"per_page": 2, "sort": "-title"}).json()
    assert body["total"] == 4 and len(body["items"]) == 2
    titles = [p["title"] for p in body["items"]]
    assert titles == sorted(titles, reverse=True)
    second = hr.get(f"{M}/tamme/positions", params={"per_page": 2, "page": 2}).json()
    assert len(second["items"]) == 2
    lastekaitse = hr.get(f"{M}/tamme/positions", params={"unit": "tamme-lastekaitse"}).json()
    assert [p["id"] for p in lastekaitse["items"]] == ["tamme-spets"]
    vacant = hr.get(f"{M}/tamme/positions", params={"vacant": "true"}).json()
    assert [p["id"] for p in vacant["items"]] == ["tamme-vaba"]
    assert hr.get(f"{M}/tamme/positions", params={"sort": "salary"}).status_code == 400


def test_get_answers_an_etag_and_put_requires_it(api: Api) -> None:
    hr = api.as_("hr")
    url = f"{M}/tamme/positions/tamme-spets"
    got = hr.get(url)
    assert got.status_code == 200 and got.headers["etag"]
    body = got.json() | {"title": "vanem-lastekaitsespetsialist"}
    assert hr.put(url, json=body).status_code == 428
    assert hr.put(url, json=body, headers={"If-Match": '"stale"'}).status_code == 412
    done = hr.put(url, json=body, headers={"If-Match": got.headers["etag"]})
    assert done.status_code == 200, done.text
    assert done.headers["etag"] != got.headers["etag"]
    again = hr.get(url)
    assert again.json()["title"] == "vanem-lastekaitsespetsialist"
    assert again.headers["etag"] == done.headers["etag"]
    # The old ETag is stale now.
    assert hr.put(url, json=body, headers={"If-Match": got.headers["etag"]}).status_code == 412


def test_a_write_that_breaks_the_registry_is_422_with_the_path(api: Api) -> None:
    hr = api.as_("hr")
    r = hr.update(f"{M}/tamme/positions/tamme-spets", lambda p: p | {"unit": "no-such-unit"})
    assert r.status_code == 422
    body = r.json()
    assert body["extra"][0]["path"].endswith(".unit")
    assert "no-such-unit" in body["extra"][0]["message"]
    # Deleting a unit that still holds positions is refused the same way.
    got = hr.get(f"{M}/tamme/units/tamme-haldus")
    r = hr.delete(f"{M}/tamme/units/tamme-haldus", headers={"If-Match": got.headers["etag"]})
    assert r.status_code == 422 and "tamme-haldus" in r.text


def test_bad_bodies_are_400_naming_the_field(api: Api) -> None:
    hr = api.as_("hr")
    r = hr.post(f"{M}/tamme/units", json={"id": "x", "agency": "tamme-vv", "nmae": "typo"})
    assert r.status_code == 400
    assert "nmae" in r.text
    r = hr.post(f"{M}/tamme/positions", json={"id": "Bad Id", "title": "t", "unit": "tamme-haldus"})
    assert r.status_code == 400 and "id" in r.text


def test_create_read_delete_every_kind(api: Api) -> None:
    hr = api.as_("hr")
    made = {
        "agencies": {"id": "tamme-kool", "name": "Tamme Kool"},
        "units": {"id": "tamme-uus", "agency": "tamme-vv", "name": "uus osakond"},
        "positions": {"id": "tamme-uus-pos", "title": "nõunik", "unit": "tamme-uus"},
        "people": {"id": "tamme-p9", "name": "Õie Ärm"},
    }
    for kind, body in made.items():
        r = hr.post(f"{M}/tamme/{kind}", json=body)
        assert r.status_code == 201, r.text
        assert r.headers["etag"]
        assert hr.get(f"{M}/tamme/{kind}/{body['id']}").json()["id"] == body["id"]
        assert hr.post(f"{M}/tamme/{kind}", json=body).status_code == 409
    for kind in ["people", "positions", "units", "agencies"]:
        url = f"{M}/tamme/{kind}/{made[kind]['id']}"
        etag = hr.get(url).headers["etag"]
        assert hr.delete(url, headers={"If-Match": etag}).status_code == 204
        assert hr.get(url).status_code == 404


def test_assignments_and_absences(api: Api) -> None:
    hr = api.as_("hr")
    base = f"{M}/tamme/people/tamme-p3"
    r = hr.post(
        f"{base}/absences", json={"from": "2026-09-01", "to": "2026-09-03", "kind": "training"}
    )
    assert r.status_code == 201, r.text
    absences = hr.get(f"{base}/absences").json()
    assert len(absences) == 2
    r = hr.update(f"{base}/absences/1", lambda a: a | {"to": "2026-09-04"})
    assert r.status_code == 200 and r.json()["to"] == "2026-09-04"
    r = hr.update(f"{base}/absences/1", lambda a: a | {"to": "2026-08-01"})
    assert r.status_code == 422 and "absences[1].to" in r.text
    etag = hr.get(f"{base}/absences/1").headers["etag"]
    assert hr.delete(f"{base}/absences/1", headers={"If-Match": etag}).status_code == 204
    assert hr.get(f"{base}/absences/1").status_code == 404
    # A second holder of a one-seat position is refused.
    r = hr.post(f"{base}/assignments", json={"position": "tamme-juht", "from": "2024-01-01"})
    assert r.status_code == 422 and "seat" in r.text
    r = hr.post(f"{base}/assignments", json={"position": "tamme-vaba", "from": "2024-01-01"})
    assert r.status_code == 201
    assert hr.update(f"{base}/assignments/1", lambda a: a | {"to": "2025-01-01"}).status_code == 200
    assert hr.get(f"{base}/assignments/1").json()["to"] == "2025-01-01"


def test_municipalities(api: Api) -> None:
    admin, hr = api.as_("admin"), api.as_("hr")
    assert [m["id"] for m in admin.get(M).json()["items"]] == ["kase", "tamme"]
    assert [m["id"] for m in hr.get(M).json()["items"]] == ["tamme"]
    r = hr.update(f"{M}/tamme", lambda m: m | {"name": "Tamme vald (uus)"})
    assert r.status_code == 200
    assert hr.post(M, json={"id": "uus", "name": "Uus vald", "kind": "rural"}).status_code == 404
    assert admin.post(M, json={"id": "uus", "name": "Uus vald", "kind": "rural"}).status_code == 201
    assert admin.post(M, json={"id": "uus", "name": "Uus vald", "kind": "rural"}).status_code == 422
    etag = admin.get(f"{M}/uus").headers["etag"]
    assert admin.delete(f"{M}/uus", headers={"If-Match": etag}).status_code == 204
    assert admin.get(f"{M}/uus").status_code == 404
