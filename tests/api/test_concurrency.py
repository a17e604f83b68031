"""Fifty editors of one draft at once: If-Match and retries lose no update."""

import random
import time
from concurrent.futures import ThreadPoolExecutor

from .conftest import Api

V = "/api/municipalities/tamme/positions/tamme-spets/versions"
EDITORS = 50


def test_fifty_concurrent_editors_lose_no_update(api: Api) -> None:
    hr = api.as_("hr")
    assert hr.post(V).status_code == 201
    url = f"{V}/2"

    def editor(n: int) -> int:
        attempts = 0
        while True:
            attempts += 1
            got = hr.get(url)
            body = got.json()
            body["sections"][1]["clauses"].append({"ref": f"9.{n}", "text": f"Ülesanne {n}."})
            r = hr.put(url, json=body, headers={"If-Match": got.headers["etag"]})
            if r.status_code == 200:
                return attempts
            assert r.status_code == 412, r.text
            time.sleep(random.uniform(0, 0.01 * min(attempts, 10)))

    with ThreadPoolExecutor(EDITORS) as pool:
        attempts = list(pool.map(editor, range(EDITORS)))
    final = hr.get(url).json()
    refs = {c["ref"] for c in final["sections"][1]["clauses"]}
    assert {f"9.{n}" for n in range(EDITORS)} <= refs
    assert sum(attempts) > EDITORS  # there were conflicts, and they were retried
    audit = hr.get(
        "/api/municipalities/tamme/audit",
        params={"kind": "job_description", "entity": "tamme-spets/v2", "per_page": 100},
    ).json()
    assert audit["total"] == EDITORS + 1  # the draft and one entry per successful edit
