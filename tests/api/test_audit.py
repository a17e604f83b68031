"""Every change is in the audit log: who, when, what, before and after."""

from .conftest import Api

M = "/api/municipalities"


def test_changes_are_audited_per_entity_and_municipality(api: Api) -> None:
    hr = api.as_("hr")
    hr.update(f"{M}/tamme/positions/tamme-spets", lambda p: p | {"title": "uus"})
    hr.post(f"{M}/tamme/positions/tamme-spets/versions")
    page = hr.get(f"{M}/tamme/audit").json()
    assert page["total"] == 2
    newest, oldest = page["items"]
    assert newest["action"] == "draft" and newest["entity_id"] == "tamme-spets/v2"
    assert oldest["actor"] == "hr" and oldest["entity_kind"] == "position"
    assert oldest["before"]["title"] == "lastekaitsespetsialist"
    assert oldest["after"]["title"] == "uus"
    one = hr.get(f"{M}/tamme/audit", params={"kind": "position", "entity": "tamme-spets"}).json()
    assert one["total"] == 1
    assert api.as_("hr-kase").get(f"{M}/tamme/audit").status_code == 404
    # Refused changes leave no entry.
    hr.update(f"{M}/tamme/positions/tamme-spets", lambda p: p | {"unit": "nowhere"})
    assert hr.get(f"{M}/tamme/audit").json()["total"] == 2
