"""The seed registry files (`seeds/`) against the five real job descriptions they come from.

The originals are read from ../shared/seeds beside the clone; the byte-for-byte copies in
tests/fixtures/originals stand in when ../shared is missing.
"""

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from roles.domain.model import (
    Clause,
    JobDescription,
    JobDescriptionStatus,
    Registry,
    SubstitutionRule,
    duty_refs,
    walk_clauses,
)
from roles.registry import canonical, decode, encode, read
from tests.conftest import FIXTURES, ORIGINALS, SHARED_SEEDS
from tests.textmeasure import five_gram_share, missing_five_grams, registry_text, runs, words

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = SHARED_SEEDS
COPIES = FIXTURES / "originals"
LAYOUTS = frozenset({"voru", "viljandi", "kohtla-jarve", "viimsi"})

# original → (seed file, position id of the description made from it)
SOURCES = {
    "000_b84d608ddfdf034f.txt": ("voru.yaml", "voru-sts"),
    "001_f4670d383cf38d46.txt": ("voru.yaml", "voru-juhtumikorraldaja"),
    "002_8134c814bab138d5.txt": ("viljandi.yaml", "viljandi-spetsialist"),
    "003_bf3b2d55eb40352a.txt": ("kohtla-jarve.yaml", "kj-peaspetsialist"),
    "004_ed5ac4f9cf7b1261.txt": ("viimsi.yaml", "viimsi-srv"),
}
FILES = sorted({file for file, _ in SOURCES.values()})

# The target for the share of each original's word 5-grams in its registry file.
TARGET = 0.98
# Where each original's body starts: what comes before it is front matter (the approval block,
# Viimsi's document-control header), which the registry keeps as data, not text, and
# test_front_matter_is_kept_as_data compares field by field.
BODY_STARTS = {
    "000_b84d608ddfdf034f.txt": r"Sotsiaalteenuste spetsialisti",
    "001_f4670d383cf38d46.txt": r"Sotsiaaltöötaja-juhtumikorraldaja",
    "002_8134c814bab138d5.txt": r"AMETIJUHEND",
    "003_bf3b2d55eb40352a.txt": r"\*\*KOHTLA-JÄRVE",
    "004_ed5ac4f9cf7b1261.txt": r"1\. ÜLDSÄTTED",
}
# "(allkirjastatud digitaalselt)" and "/allkirjastatud digitaalselt/" are `digital: true`.
DIGITAL_MARK = re.compile(r"\s*[*(/]*allkirjastatud digitaalselt[/)*]*\s*")
# Values made of two stretches of the original: 003's table cells split across rows, joined.
REJOINED = {
    "Sotsiaalvaldkonna asjaajamine ja valdkonna õigusaktide täitmine",
    "õigusaktide täitmise järgimine oma tegevusvaldkonnas;",
}
REJOINED_PREFIX = "valitsuse kirjalangile vormistatud või muude enda poolt koostatud dokumentide"
# Words of an original that no text of its file carries, and why. Anything else missing fails.
NOT_TEXT = {
    # 000: none.
    "000_b84d608ddfdf034f.txt": set(),
    # 001: the approval block ("KINNITATUD … 25.01.2024 käskkirja nr … Lisaga 2") is data.
    "001_f4670d383cf38d46.txt": {"kinnitatud", "25", "01", "2024", "käskkirja", "nr", "lisaga"},
    # 002: approval block; "(allkirjastatud digitaalselt)" is `digital: true`.
    "002_8134c814bab138d5.txt": {
        "kinnitatud",
        "04",
        "11",
        "2021",
        "käskkirjaga",
        "nr",
        "allkirjastatud",
        "digitaalselt",
    },
    # 003: table markup, approval ("KINNITAN", date), "/allkirjastatud digitaalselt/".
    "003_bf3b2d55eb40352a.txt": {
        "ul",
        "li",
        "p",
        "style",
        "list",
        "type",
        "none",
        "b",
        "kinnitan",
        "9",
        "mai",
        "2022",
        "a",
        "allkirjastatud",
        "digitaalselt",
    },
    # 004: page header "… 1 / 3", document control ("Versioon nr: 01", "Keel: EE", "Lehe nr:
    # 1(3)", "Haldaja", "Staatus", "(EE) 19/04/2023", "Kinnitas", "Käskkirja nr"), the
    # signature line's "/allkirjastatud digitaalselt/".
    "004_ed5ac4f9cf7b1261.txt": {
        "versioon",
        "keel",
        "lehe",
        "haldaja",
        "staatus",
        "kinnitas",
        "käskkirja",
        "nr",
        "19",
        "04",
        "2023",
        "allkirjastatud",
        "digitaalselt",
    },
}


def original(name: str) -> str:
    return (ORIGINALS / name).read_text(encoding="utf-8")


def load(file: str) -> Registry:
    return read(SEEDS / file, layouts=LAYOUTS)


def description(registry: Registry, position: str) -> JobDescription:
    (found,) = [d for d in registry.job_descriptions if d.position == position]
    return found


def by_title(registry: Registry, title: str) -> list[str]:
    return [p.id for p in registry.positions if p.title == title]


# --- loading and round trips --------------------------------------------------------------


@pytest.mark.parametrize("file", FILES)
def test_seed_loads(file: str) -> None:
    registry = load(file)
    assert registry.municipality.id == file.removesuffix(".yaml")
    assert registry.municipality.layout == registry.municipality.id
    assert registry.job_descriptions
    assert all(d.layout == registry.municipality.layout for d in registry.job_descriptions)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize("file", FILES)
def test_export_load_export_is_byte_identical(file: str, suffix: str) -> None:
    registry = load(file)
    name = "export" + suffix
    first = encode(registry, name)
    again = decode(first, name, layouts=LAYOUTS)
    assert again == canonical(registry)
    assert encode(again, name) == first


def test_originals_copies_are_byte_identical() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/seeds is not beside the clone; the copies are the originals")
    assert sorted(p.name for p in COPIES.glob("*.txt")) == sorted(SOURCES)
    for name in SOURCES:
        assert (COPIES / name).read_bytes() == (SHARED / name).read_bytes(), name


# --- the text of the originals ------------------------------------------------------------


def body(name: str) -> str:
    """The original from its title on, without the digital-signature marks."""
    lines = original(name).split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(r"\s*" + BODY_STARTS[name], line))
    return "\n".join(line for line in lines[start:] if not DIGITAL_MARK.fullmatch(line))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_share_of_the_original_in_the_registry_file(name: str) -> None:
    file, _ = SOURCES[name]
    text = registry_text(SEEDS / file)
    share = five_gram_share(body(name), text)
    whole = five_gram_share(original(name), text)
    print(
        f"{name} in seeds/{file}: body {share:.4f}, whole original incl. front matter {whole:.4f}"
    )
    assert share >= TARGET, "\n".join(missing_five_grams(body(name), text))


def test_front_matter_is_kept_as_data() -> None:
    voru = description(load("voru.yaml"), "voru-juhtumikorraldaja").approval
    assert voru is not None
    assert (voru.by, voru.date, voru.directive, voru.annex) == (
        "Võru linnapea",
        dt.date(2024, 1, 25),
        "20.1-1/29",
        "Lisa 2",
    )
    assert voru.directive_title and "Sotsiaaltööosakonna teenistujate ametijuhendite" in (
        voru.directive_title
    )
    assert description(load("voru.yaml"), "voru-sts").approval is None  # 000 prints none
    viljandi = description(load("viljandi.yaml"), "viljandi-spetsialist").approval
    assert viljandi is not None
    assert (viljandi.by, viljandi.date, viljandi.directive) == (
        "Linnapea",
        dt.date(2021, 11, 4),
        "12-1/21/112",
    )
    kj = description(load("kohtla-jarve.yaml"), "kj-peaspetsialist").approval
    assert kj is not None
    assert (kj.name, kj.by, kj.date) == (
        "Toomas Nael",
        "Kohtla-Järve Linnaeapea",
        dt.date(2022, 5, 9),
    )
    viimsi = description(load("viimsi.yaml"), "viimsi-srv")
    assert viimsi.approval is not None and viimsi.control is not None
    assert (viimsi.approval.name, viimsi.approval.by, viimsi.approval.date) == (
        "Illar Lemetti",
        "vallavanem",
        dt.date(2023, 4, 19),
    )
    assert viimsi.approval.directive == "5-4/80_"
    c = viimsi.control
    assert (c.version, c.status, c.keeper, c.language) == (
        "01",
        "kehtiv",
        "PO/ personaliosakond",
        "EE",
    )


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_digital_signature_marks_are_digital_signatures(name: str) -> None:
    file, position = SOURCES[name]
    marks = sum(bool(DIGITAL_MARK.fullmatch(line)) for line in original(name).split("\n"))
    signatures = description(load(file), position).signatures
    assert sum(s.digital for s in signatures) == marks


def texts(d: JobDescription) -> Iterator[str]:
    """Every value of a description that is the original's wording."""
    for value in (d.title,):
        if value:
            yield value
    if d.approval:
        yield from (v for v in (d.approval.by, d.approval.name, d.approval.directive_title) if v)
    if d.control:
        c = d.control
        yield from (v for v in (c.version, c.status, c.keeper, c.language) if v)
    for section in d.sections:
        yield from (v for v in (section.ref, section.title, section.intro) if v)
        yield from section.columns
        for clause in walk_clauses(section.clauses):
            yield from (v for v in (clause.ref, clause.label, clause.text, clause.result) if v)
    for signature in d.signatures:
        yield from (v for v in (signature.title, signature.caption) if v)
        yield from signature.lines


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_texts_are_verbatim(name: str) -> None:
    """Each text of the description is one stretch of the original's words (joined cells: two)."""
    file, position = SOURCES[name]
    text = original(name)
    wrong = []
    for value in texts(description(load(file), position)):
        allowed = 2 if value in REJOINED or value.startswith(REJOINED_PREFIX) else 1
        found = runs(value, text)
        if found is None or found > allowed:
            wrong.append(f"{found} stretches: {value!r}")
    assert not wrong, "\n".join(wrong)


def _find(haystack: list[str], needle: list[str], start: int) -> int:
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i : i + len(needle)] == needle:
            return i
    return -1


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_clauses_keep_the_original_order(name: str) -> None:
    """Clause texts and results, in file order, occur in the original one after another."""
    file, position = SOURCES[name]
    have = words(original(name))
    at = 0
    for section in description(load(file), position).sections:
        for clause in walk_clauses(section.clauses):
            for value in (clause.text, clause.result):
                if not value or runs(value, original(name)) != 1:
                    continue  # rejoined cells are checked by test_texts_are_verbatim
                found = _find(have, words(value), at)
                assert found >= 0, f"out of order: {value!r}"
                at = found + len(words(value))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_word_of_the_original_is_in_the_file(name: str) -> None:
    file, _ = SOURCES[name]
    missing = set(words(original(name))) - set(words(registry_text(SEEDS / file)))
    assert missing <= NOT_TEXT[name], sorted(missing - NOT_TEXT[name])


def test_clause_order_and_numbering() -> None:
    voru = load("voru.yaml")
    refs = duty_refs(description(voru, "voru-sts"))
    assert refs == [
        "2.1",
        "2.2",
        "2.2.1",
        "2.2.2",
        "2.2.3",
        "2.2.4",
        *(f"2.{i}" for i in range(3, 10)),
    ]
    assert duty_refs(description(voru, "voru-juhtumikorraldaja")) == [
        f"2.{i}" for i in range(1, 15)
    ]
    sts = description(voru, "voru-sts")
    assert [s.kind for s in sts.sections] == [
        "general",
        "duties",
        "responsibilities",
        "rights",
        "qualifications",
    ]
    assert sts.sections[3].clauses[-1].ref == "4.5"  # the restriction stays under rights
    viljandi = description(load("viljandi.yaml"), "viljandi-spetsialist")
    assert duty_refs(viljandi) == [f"{i})" for i in range(1, 15)]
    kj = description(load("kohtla-jarve.yaml"), "kj-peaspetsialist")
    duties = next(s for s in kj.sections if s.kind == "duties")
    assert [len(c.clauses) for c in duties.clauses] == [7, 4, 18, 0]
    assert [(s.ref, s.level) for s in kj.sections if s.level == 2][:2] == [("8.1", 2), ("8.2", 2)]
    viimsi = description(load("viimsi.yaml"), "viimsi-srv")
    table = next(s for s in viimsi.sections if s.kind == "duties")
    assert table.columns == ["Teenistuskoha tööülesanne", "Soovitud tulemus / väljund"]
    assert [c.ref for c in table.clauses] == [f"3.{i}" for i in range(1, 12)]
    assert all(c.result for c in table.clauses)


# --- positions, rules and approval data ---------------------------------------------------

NAMED = {
    "voru.yaml": [
        "osakonna juhataja",
        "osakonna juhataja asetäitja",
        "sotsiaalteenuste spetsialist",
        "sotsiaaltööspetsialist (eakate ja puudega inimeste hoolduse alal)",
        "sotsiaaltöötaja-juhtumikorraldaja",
        "sotsiaaltööspetsialist (toimetulekuraskustega isikute hoolekande alal)",
    ],
    "viljandi.yaml": [
        "spetsialist",
        "laste heaolu spetsialist",
        "laste heaolu teenistuse juht",
        "sotsiaalameti juhataja",
    ],
    "kohtla-jarve.yaml": ["sotsiaaltöö peaspetsialist", "sotsiaalteenistuse abilinnapea"],
    "viimsi.yaml": [
        "sotsiaalregistri vanemspetsialist",
        "sotsiaal- ja tervishoiuosakonna juhataja",
        "sotsiaaltöö peaspetsialist",
        "sotsiaaltöö vanemspetsialist",
    ],
}


@pytest.mark.parametrize("file", FILES)
def test_named_positions_exist_and_rules_resolve(file: str) -> None:
    registry = load(file)
    for title in NAMED[file]:
        assert by_title(registry, title), title
    ids = {p.id for p in registry.positions}
    units = {u.id for u in registry.units}
    for p in registry.positions:
        assert p.unit in units
        assert p.reports_to is None or p.reports_to in ids
        assert all(rule.position in ids for rule in p.substitutes), p.id
        assert set(p.substitutes_for) <= ids, p.id


def test_voru_rules() -> None:
    r = load("voru.yaml")
    positions = {p.id: p for p in r.positions}
    (eakad,) = by_title(r, "sotsiaaltööspetsialist (eakate ja puudega inimeste hoolduse alal)")
    (toimetulek,) = by_title(
        r, "sotsiaaltööspetsialist (toimetulekuraskustega isikute hoolekande alal)"
    )
    (asetaitja,) = by_title(r, "osakonna juhataja asetäitja")
    sts = positions["voru-sts"]
    assert sts.seats == 2
    assert sts.reports_to == asetaitja
    assert sts.substitutes == [
        SubstitutionRule(position="voru-sts"),
        SubstitutionRule(position=eakad),
    ]
    korraldaja = positions["voru-juhtumikorraldaja"]
    assert korraldaja.reports_to == asetaitja
    assert korraldaja.substitutes == [SubstitutionRule(position=asetaitja)]
    assert korraldaja.substitutes_for == [toimetulek]
    # 001 clause 1.6: one scoped rule, naming duties of the reconstructed draft.
    (rule,) = positions[toimetulek].substitutes
    assert rule.position == "voru-juhtumikorraldaja"
    assert rule.scoped and rule.duties == ["2.1", "2.2", "2.3"]
    draft = description(r, toimetulek)
    assert draft.status is JobDescriptionStatus.DRAFT
    assert "1.6" in (draft.title or "")
    assert duty_refs(draft) == ["2.1", "2.2", "2.3"]
    sts_doc = description(r, "voru-sts")
    assert sts_doc.status is JobDescriptionStatus.APPROVED and sts_doc.approval is None
    approval = description(r, "voru-juhtumikorraldaja").approval
    assert approval is not None
    assert (approval.by, approval.date, approval.directive, approval.annex) == (
        "Võru linnapea",
        dt.date(2024, 1, 25),
        "20.1-1/29",
        "Lisa 2",
    )
    req = sts_doc.requirements
    assert req is not None
    assert [(q.education, q.experience_years) for q in req.alternatives] == [
        ("higher", None),
        (None, 5),
    ]
    assert [(lang.language, lang.level) for lang in req.languages] == [
        ("et", "C1"),
        ("foreign", "B1"),
    ]


def test_viljandi_rules() -> None:
    r = load("viljandi.yaml")
    positions = {p.id: p for p in r.positions}
    units = {u.id: u for u in r.units}
    p = positions["viljandi-spetsialist"]
    (lh,) = by_title(r, "laste heaolu spetsialist")
    (juht,) = by_title(r, "laste heaolu teenistuse juht")
    assert p.substitutes == [
        SubstitutionRule(position=lh),
        SubstitutionRule(position=juht, if_needed=True),
    ]
    assert p.substitutes_for == [lh, juht]
    assert p.reports_to == juht and p.anti_corruption_official and p.service == "official"
    assert units[p.unit].name == "laste heaolu teenistus"
    parent = units[p.unit].parent
    assert parent is not None and units[parent].name == "sotsiaalamet"
    d = description(r, "viljandi-spetsialist")
    general = d.sections[0]
    assert general.kind == "general" and general.title is None
    assert [c.label for c in general.clauses if c.label] == [
        "Ametikoha nimetus",
        "Ametiasutus",
        "Struktuuriüksus",
        "Teenistus",
        "Vahetu juht",
        "Kes asendab",
        "Keda asendab",
    ]
    assert d.sections[-1].kind == "acknowledgement"
    assert [(s.role, s.digital) for s in d.signatures] == [("head", True), ("holder", True)]
    assert d.requirements is not None and d.requirements.licences == ["B"]


def test_kohtla_jarve_rules() -> None:
    r = load("kohtla-jarve.yaml")
    first, second = by_title(r, "sotsiaaltöö peaspetsialist")
    positions = {p.id: p for p in r.positions}
    assert positions[first].substitutes == [SubstitutionRule(position=second)]
    assert positions[second].substitutes == [SubstitutionRule(position=first)]
    assert positions[first].substitutes_for == [second]
    (abilinnapea,) = by_title(r, "sotsiaalteenistuse abilinnapea")
    assert positions[first].reports_to == abilinnapea
    d = description(r, "kj-peaspetsialist")
    kinds = [s.kind for s in d.sections]
    for kind in ("coordination", "information", "proposals", "amendment"):
        assert kind in kinds
    assert all(
        c.result
        for s in d.sections
        if s.kind in {"coordination", "information", "proposals"}
        for c in s.clauses
    )
    assert [s.title for s in d.signatures] == ["Teenistuskoha täitja", "Vahetu juht"]
    assert all(s.caption == "(ees- ja perekonnanimi)" and s.digital for s in d.signatures)


def test_viimsi_rules() -> None:
    r = load("viimsi.yaml")
    positions = {p.id: p for p in r.positions}
    p = positions["viimsi-srv"]
    (stp,) = by_title(r, "sotsiaaltöö peaspetsialist")
    (stv,) = by_title(r, "sotsiaaltöö vanemspetsialist")
    (juhataja,) = by_title(r, "sotsiaal- ja tervishoiuosakonna juhataja")
    assert p.substitutes == [SubstitutionRule(position=stp), SubstitutionRule(position=stv)]
    assert p.substitutes_for == [stv]
    assert p.reports_to == juhataja and p.anti_corruption_official
    d = description(r, "viimsi-srv")
    assert d.control is not None and d.approval is not None
    assert (d.control.version, d.control.status, d.control.keeper, d.control.language) == (
        "01",
        "kehtiv",
        "PO/ personaliosakond",
        "EE",
    )
    assert (d.approval.by, d.approval.name, d.approval.date, d.approval.directive) == (
        "vallavanem",
        "Illar Lemetti",
        dt.date(2023, 4, 19),
        "5-4/80_",
    )
    assert d.tools and {"STAR", "SPOKU"} <= set(d.systems)
    (signature,) = d.signatures
    assert signature.lines == ["Nimi", "Allkiri", "Kuupäev"] and signature.digital


@pytest.mark.parametrize("file", FILES)
def test_no_extraction_artefacts_left(file: str) -> None:
    for d in load(file).job_descriptions:
        for s in d.sections:
            for c in walk_clauses(s.clauses):
                for value in (c.text, c.result or "", s.title or "", s.intro or ""):
                    assert "<" not in value and "**" not in value and "•" not in value, value
                    assert "  " not in value and "\n" not in value, value
                    assert "1 / 3" not in value, value


# --- sample people and coverage -----------------------------------------------------------


def acting(registry: Registry, position: str, day: dt.date) -> str | None:
    """Who acts for a position on a day, as ../shared/registry-format.md describes it."""
    positions = {p.id: p for p in registry.positions}

    def present(pid: str) -> list[str]:
        holders = [
            (a.start, person.id)
            for person in registry.people
            for a in person.assignments
            if a.position == pid and a.active_on(day) and not person.absent_on(day)
        ]
        return [pid_ for _, pid_ in sorted(holders)]

    if present(position):
        return present(position)[0]
    seen, level = {position}, [position]
    for _ in range(3):
        following: list[str] = []
        for pid in level:
            for rule in positions[pid].substitutes:
                if rule.duties is not None:
                    continue
                if present(rule.position):
                    return present(rule.position)[0]
                if rule.position not in seen:
                    seen.add(rule.position)
                    following.append(rule.position)
        level = following
    return None


def names(registry: Registry) -> dict[str, str]:
    return {p.id: p.name for p in registry.people}


@pytest.mark.parametrize("file", FILES)
def test_sample_people_are_marked_and_show_coverage(file: str) -> None:
    registry = load(file)
    assert registry.people and all(p.sample for p in registry.people)
    summer = [dt.date(2026, 6, 1) + dt.timedelta(days=i) for i in range(92)]
    covered_by_substitute = uncovered = 0
    for p in registry.positions:
        for day in summer:
            holders = {
                person.id
                for person in registry.people
                for a in person.assignments
                if a.position == p.id and a.active_on(day)
            }
            who = acting(registry, p.id, day)
            if who is None:
                uncovered += 1
            elif who not in holders:
                covered_by_substitute += 1
    assert covered_by_substitute and uncovered


def test_coverage_stories() -> None:
    day = dt.date
    voru = load("voru.yaml")
    n = names(voru)
    assert n[acting(voru, "voru-sts", day(2026, 7, 6)) or ""] == "Kati Katsetaja"
    assert acting(voru, "voru-sts", day(2026, 7, 16)) is None
    assert n[acting(voru, "voru-juhtumikorraldaja", day(2026, 8, 5)) or ""] == "Peeter Proovija"
    assert acting(voru, "voru-juhtumikorraldaja", day(2026, 8, 18)) is None
    assert acting(voru, "voru-tss-toimetulek", day(2026, 6, 10)) is None
    viljandi = load("viljandi.yaml")
    n = names(viljandi)
    assert n[acting(viljandi, "viljandi-spetsialist", day(2026, 6, 24)) or ""] == "Priit Prototüüp"
    assert n[acting(viljandi, "viljandi-spetsialist", day(2026, 7, 1)) or ""] == "Ülle Üldnimi"
    assert acting(viljandi, "viljandi-spetsialist", day(2026, 8, 11)) is None
    kj = load("kohtla-jarve.yaml")
    assert names(kj)[acting(kj, "kj-peaspetsialist", day(2026, 6, 20)) or ""] == "Vello Võltsnimi"
    assert acting(kj, "kj-peaspetsialist", day(2026, 8, 18)) is None
    viimsi = load("viimsi.yaml")
    assert names(viimsi)[acting(viimsi, "viimsi-srv", day(2026, 7, 7)) or ""] == "Rein Rollimäng"
    assert acting(viimsi, "viimsi-srv", day(2026, 7, 14)) is None
    assert acting(viimsi, "viimsi-stv", day(2026, 7, 1)) is None  # vacant


def _clauses(d: JobDescription) -> list[Clause]:
    return [c for s in d.sections for c in walk_clauses(s.clauses)]


@pytest.mark.parametrize("file", FILES)
def test_each_original_is_version_1_approved(file: str) -> None:
    registry = load(file)
    originals = {pos for f, pos in SOURCES.values() if f == file}
    for d in registry.job_descriptions:
        if d.position in originals:
            assert (d.version, d.status) == (1, JobDescriptionStatus.APPROVED)
            assert d.requirements is not None and d.requirements.alternatives
            assert _clauses(d)
