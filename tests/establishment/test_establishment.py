"""The staff establishment: versions in force, building from the registry, checks, renders."""

import datetime as dt
import io
from pathlib import Path

import docx
import msgspec
import openpyxl
import pytest

from roles import registry, render, sheets
from roles.domain import Act, ActKind, Establishment, EstablishmentPost, EstablishmentUnit, Registry
from roles.domain import establishment as E
from roles.domain.changes import ChangeKind, Entity, changes

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
SEEDS = {p.stem: p for p in sorted((ROOT / "seeds").glob("*.yaml"))}
ACT = Act(
    kind=ActKind.GOVERNMENT_REGULATION,
    number="5",
    date=dt.date(2025, 12, 18),
    by="Võru Linnavalitsus",
    title="Teenistuskohtade koosseisu kinnitamine",
    published="RT IV, 22.12.2025, 3",
)
ON = dt.date(2026, 1, 1)

YAML = """
format: roles-registry/1
municipality: {id: linn, name: Näidislinn, kind: town}
agencies: [{id: lv, name: Näidislinna Linnavalitsus}]
units:
  - {id: sots, agency: lv, name: sotsiaalosakond}
positions:
  - {id: juh, title: osakonna juhataja, unit: sots, anti_corruption_official: true}
  - {id: spets, title: spetsialist, unit: sots, seats: 2, reports_to: juh, service: employee}
establishments:
  - agency: lv
    version: 1
    in_force: 2024-01-01
    act: {kind: council_regulation, number: "12", date: 2023-12-14, by: Näidislinna Linnavolikogu}
    units:
      - name: sotsiaalosakond
        unit: sots
        posts:
          - {title: osakonna juhataja, anti_corruption_official: true, positions: [juh]}
          - {title: spetsialist, count: 1, service: employee, positions: [spets]}
  - agency: lv
    version: 2
    in_force: 2025-07-01
    act: {kind: government_order, number: 1-3/45, date: 2025-06-20}
    units:
      - name: sotsiaalosakond
        unit: sots
        posts:
          - {title: osakonna juhataja, anti_corruption_official: true, positions: [juh]}
          - {title: spetsialist, count: 2, service: employee, positions: [spets]}
  - agency: lv
    version: 3
    in_force: 2026-09-01
    units:
      - name: sotsiaalosakond
        unit: sots
        posts:
          - {title: osakonna juhataja, anti_corruption_official: true, positions: [juh]}
"""


def example() -> registry.Registry:  # type: ignore[name-defined]
    return registry.decode(YAML.encode(), "example.yaml")


def test_the_registry_key_loads_and_exports_canonically() -> None:
    r = example()
    assert [e.version for e in r.establishments] == [1, 2, 3]
    again = registry.decode(registry.encode(r, "x.yaml"), "x.yaml")
    assert again == r
    assert E.validate(r) == []
    for path in SEEDS.values():  # files without the key load as before
        assert registry.read(path).establishments == []


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (dt.date(2023, 12, 31), None),
        (dt.date(2024, 1, 1), 1),
        (dt.date(2025, 6, 30), 1),
        (dt.date(2025, 7, 1), 2),
        (dt.date(2027, 1, 1), 2),  # version 3 is a draft: never in force
    ],
)
def test_which_version_was_in_force_on_a_day(day: dt.date, version: int | None) -> None:
    found = E.in_force(example(), "lv", day)
    assert (found.version if found else None) == version


def test_building_a_version_from_the_registry() -> None:
    r = example()
    built = E.build(r, "lv", ON)
    assert (built.version, built.in_force, built.act) == (4, ON, None)
    [unit] = built.units
    assert [
        (p.title, p.count, p.service, p.anti_corruption_official, p.positions) for p in unit.posts
    ] == [
        ("osakonna juhataja", 1, "official", True, ["juh"]),
        ("spetsialist", 2, "employee", False, ["spets"]),
    ]
    assert E.compare(E.in_force(r, "lv", ON), built) == []  # type: ignore[arg-type]
    [change] = E.compare(r.establishments[0], built)
    assert change.kind is E.PostChangeKind.CHANGED
    assert change.message("et") == "sotsiaalosakond: „spetsialist“: 1 → 2"
    with pytest.raises(ValueError, match="unknown agency"):
        E.build(r, "nope", ON)


def test_abolished_positions_are_left_out_and_equal_titles_share_a_line() -> None:
    kj = registry.read(SEEDS["kohtla-jarve"])
    built = E.build(kj, "kj-lv", ON)
    lines = {p.title: (p.count, p.positions) for u in built.units for p in u.posts}
    assert lines["sotsiaaltöö peaspetsialist"] == (2, ["kj-peaspetsialist", "kj-peaspetsialist-2"])
    abolished = msgspec.structs.replace(
        kj,
        positions=[
            msgspec.structs.replace(p, abolished=ON) if p.id == "kj-peaspetsialist-2" else p
            for p in kj.positions
        ],
    )
    lines = {p.title: p.count for u in E.build(abolished, "kj-lv", ON).units for p in u.posts}
    assert lines["sotsiaaltöö peaspetsialist"] == 1


def _broken(change: str) -> list[E.EstablishmentProblem]:
    raw = YAML + change
    # Decoded without the registry checks, which refuse such a file (they call `E.check`).
    return E.validate(msgspec.yaml.decode(raw.encode(), type=Registry))


SIMPLE = "[{name: x, posts: [{title: y}]}]"


def _version(version: int, in_force: str, act: str | None = None, units: str = SIMPLE) -> str:
    """One more establishments entry, as YAML."""
    line = f"  - {{agency: lv, version: {version}, in_force: {in_force}, units: {units}"
    if act:
        line += f", act: {{kind: directive, number: '1', date: {act}}}"
    return line + "}\n"


@pytest.mark.parametrize(
    ("extra", "code", "path"),
    [
        (_version(2, "2026-01-01"), "version-twice", "establishments[3].version"),
        (
            "  - {agency: muu, version: 1, in_force: 2026-01-01}\n",
            "unknown-agency",
            "establishments[3].agency",
        ),
        (_version(4, "2025-07-01", "2025-01-01"), "in-force-twice", "establishments[3].in_force"),
        (_version(4, "2020-01-01", "2019-01-01"), "version-order", "establishments[0].version"),
        (
            _version(4, "2027-01-01", "2027-02-01"),
            "in-force-before-act",
            "establishments[3].in_force",
        ),
        (_version(5, "2027-01-01"), "draft-twice", "establishments[3].act"),
        (
            _version(
                4,
                "2027-01-01",
                "2026-01-01",
                "[{name: a, unit: nope, posts: [{title: y, positions: [ghost]}]}, {name: b}]",
            ),
            "unknown-unit",
            "establishments[3].units[0].unit",
        ),
    ],
)
def test_problems_have_codes_paths_and_both_languages(extra: str, code: str, path: str) -> None:
    found = _broken(extra)
    assert (code, path) in [(p.code, p.path) for p in found], found
    for p in found:
        assert p.message_et != p.message_en
        assert p.problem("et").path == p.path


def test_references_in_current_versions_are_checked() -> None:
    units = (
        "[{name: a, unit: sots, posts: [{title: y, positions: [ghost, juh]}, {title: y}]}, "
        "{name: b}, {name: A, unit: sots, posts: [{title: z, positions: [juh]}]}]"
    )
    found = _broken(_version(4, "2027-01-01", "2026-01-01", units))
    codes = {(p.code, p.path) for p in found}
    assert ("unknown-position", "establishments[3].units[0].posts[0].positions[0]") in codes
    assert ("post-twice", "establishments[3].units[0].posts[1].title") in codes
    assert ("empty-unit", "establishments[3].units[1].posts") in codes
    assert ("unit-twice", "establishments[3].units[2].unit") in codes
    assert ("position-twice", "establishments[3].units[2].posts[0].positions[0]") in codes
    assert ("draft-older", "establishments[2].version") in codes
    # the older approved versions are a record: what they name is not checked against today
    assert not any(p.path.startswith(("establishments[0]", "establishments[1]")) for p in found)


def test_changes_name_establishment_versions() -> None:
    r = example()
    fewer = msgspec.structs.replace(r, establishments=r.establishments[:2])
    [change] = changes(r, fewer)
    assert (change.entity, change.kind, change.version) == (
        Entity.ESTABLISHMENT,
        ChangeKind.REMOVED,
        3,
    )
    assert change.message("et") == (
        "Teenistuskohtade koosseis kaob: Näidislinna Linnavalitsus, versioon 3"
    )


def test_the_act_as_documents_cite_it() -> None:
    assert ACT.line("et") == "Võru Linnavalitsus, määrus nr 5, 18.12.2025"
    assert ACT.line("en") == "Võru Linnavalitsus, regulation No. 5 of 2025-12-18"
    bare = Act(kind=ActKind.COUNCIL_DECISION, number="7", date=dt.date(2024, 2, 1))
    assert bare.line("et") == "volikogu otsus nr 7, 01.02.2024"


def _every_post(r: registry.Registry, agency: str) -> Establishment:  # type: ignore[name-defined]
    return E.build(r, agency, ON, act=ACT)


@pytest.mark.parametrize("name", list(SEEDS))
def test_renders_for_every_seed_municipality_listing_every_position(name: str) -> None:
    r = registry.read(SEEDS[name])
    for agency in r.agencies:
        version = _every_post(r, agency.id)
        expected = [
            (p.title, p.seats)
            for p in r.positions
            if any(u.id == p.unit and u.agency == agency.id for u in r.units)
        ]
        titles = {p.title for p in r.positions}
        data = render.render_establishment_docx(r, version, templates_dir=TEMPLATES)
        assert data == render.render_establishment_docx(r, version, templates_dir=TEMPLATES)
        document = docx.Document(io.BytesIO(data))
        rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
        listed = {(row[1], int(row[2])) for row in rows if row[1] in titles}
        by_title: dict[str, int] = {}
        for title, seats in expected:
            by_title[title] = by_title.get(title, 0) + seats
        assert listed == set(by_title.items())
        text = "\n".join(p.text for p in document.paragraphs)
        assert "KINNITATUD" in text and "Võru Linnavalitsus, määrus nr 5, 18.12.2025" in text
        assert "Teenistuskohtade koosseis" in text and agency.name in text
        assert rows[-1][0] == "Teenistuskohti kokku" and rows[-1][2] == str(version.total)

        sheet = openpyxl.load_workbook(io.BytesIO(sheets.establishment_xlsx(r, version)))
        values = [row for row in sheet.active.iter_rows(values_only=True)]
        in_sheet = {(row[1], row[2]) for row in values if row[1] in titles}
        assert in_sheet == set(by_title.items())
        assert ("Kokku", version.total) in {(row[1], row[2]) for row in values}


def test_english_render_and_a_draft() -> None:
    r = registry.read(SEEDS["viimsi"])
    version = E.build(r, "viimsi-vv", ON)
    document = docx.Document(
        io.BytesIO(
            render.render_establishment_docx(r, version, templates_dir=TEMPLATES, language="en")
        )
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "DRAFT" in text and "Staff establishment" in text
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Staff establishment" in header  # Viimsi's running header on every page
    workbook = openpyxl.load_workbook(io.BytesIO(sheets.establishment_xlsx(r, version, "en")))
    assert workbook.active.title == "Establishment"
    assert render.establishment_file_name(version) == "viimsi-vv-koosseis-v1.docx"


def test_text_is_escaped_in_the_document() -> None:
    r = example()
    evil = Establishment(
        agency="lv",
        version=9,
        in_force=ON,
        act=ACT,
        units=[
            EstablishmentUnit(
                name="<w:p>&", posts=[EstablishmentPost(title="=1+1 <b>\x0c", count=3)]
            )
        ],
    )
    document = docx.Document(
        io.BytesIO(render.render_establishment_docx(r, evil, templates_dir=TEMPLATES))
    )
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "<w:p>&" in cells and "=1+1 <b>" in cells
    workbook = openpyxl.load_workbook(io.BytesIO(sheets.establishment_xlsx(r, evil)))
    assert "=1+1 <b>" in [c.value for row in workbook.active.iter_rows() for c in row]
