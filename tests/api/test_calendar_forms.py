"""The coverage calendar as runs of days (the default, compact) and day by day (`form=days`):
the same who-acts, spelled out."""

import datetime as dt

from .conftest import Api

CAL = "/api/municipalities/tamme/coverage/calendar"
JULY = {"from": "2026-07-01", "to": "2026-07-31"}


def test_runs_and_days_say_the_same(api: Api) -> None:
    hr = api.as_("hr")
    runs = hr.get(CAL, params=JULY)
    assert runs.status_code == 200, runs.text
    assert hr.get(CAL, params=JULY | {"form": "runs"}).json() == runs.json()
    days = hr.get(CAL, params=JULY | {"form": "days"})
    assert days.status_code == 200, days.text
    spelled = {}
    for row in runs.json():
        for s in row["segments"]:
            day, last = dt.date.fromisoformat(s["first"]), dt.date.fromisoformat(s["last"])
            while day <= last:
                spelled[f"{row['position']} {day}"] = s["acting"]
                day += dt.timedelta(days=1)
    assert days.json() == {"who_acts": spelled}
    assert len(spelled) == 4 * 31  # four positions, every day of July
    # Mari (tamme-p2) is away 1–14 July: her chief acts for her, then she is back.
    spets = next(r for r in runs.json() if r["position"] == "tamme-spets")["segments"]
    assert [(s["first"], s["last"], s["acting"]["status"]) for s in spets] == [
        ("2026-07-01", "2026-07-14", "substitute"),
        ("2026-07-15", "2026-07-31", "present"),
    ]
    assert len(runs.content) < len(days.content) / 5


def test_an_unknown_form_is_refused(api: Api) -> None:
    r = api.as_("hr").get(CAL, params=JULY | {"form": "weeks"})
    assert r.status_code == 400
    assert "form" in r.text
