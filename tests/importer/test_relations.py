"""Substitution and reporting sentences read by case, in any word order."""

import datetime as dt

import pytest

from roles.importer import refs
from roles.importer.front import parse_date
from roles.importer.relations import OWN, read, split_list
from roles.importer.titles import nominative


def _subs(sentence: str) -> list[tuple[str, str, bool, str | None]]:
    subs, _ = read(sentence)
    return [
        (
            nominative(s.absent.phrase) if s.absent.phrase else OWN,
            nominative(s.substitute.phrase) if s.substitute.phrase else OWN,
            s.substitute.if_needed,
            s.scope,
        )
        for s in subs
    ]


def _reports(sentence: str) -> list[tuple[str, str]]:
    _, reports = read(sentence)
    return [
        (nominative(r.subordinate) if r.subordinate else OWN, nominative(r.superior))
        for r in reports
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Raamatupidajat asendab personalispetsialist, vajadusel pearaamatupidaja.",
            [
                ("raamatupidaja", "personalispetsialist", False, None),
                ("raamatupidaja", "pearaamatupidaja", True, None),
            ],
        ),
        (
            "Personalispetsialist asendab raamatupidajat.",
            [("raamatupidaja", "personalispetsialist", False, None)],
        ),
        (
            "Ehitusnõunikku asendab tema puhkuse ajal keskkonnaspetsialist.",
            [("ehitusnõunik", "keskkonnaspetsialist", False, None)],
        ),
        (
            "Raamatupidaja äraolekul asendab teda kassapidaja.",
            [("raamatupidaja", "kassapidaja", False, None)],
        ),
        ("Teda asendab kassapidaja.", [(OWN, "kassapidaja", False, None)]),
        (
            "Direktori äraolekul asendab teda õppealajuhataja, tema puudumisel majandusjuhataja.",
            [
                ("direktor", "õppealajuhataja", False, None),
                ("direktor", "majandusjuhataja", False, None),
            ],
        ),
        ("Valvurid asendavad vajadusel üksteist.", [("valvur", "valvur", True, None)]),
        (
            "Juhataja asendab abilinnapead sotsiaalvaldkonna küsimustes.",
            [("abilinnapea", "juhataja", False, "sotsiaalvaldkonna küsimustes")],
        ),
    ],
)
def test_substitution_sentences(
    sentence: str, expected: list[tuple[str, str, bool, str | None]]
) -> None:
    assert _subs(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Haldusjuhile allub majahoidja.", [("majahoidja", "haldusjuht")]),
        ("Majahoidja allub haldusjuhile.", [("majahoidja", "haldusjuht")]),
        ("Valvur allub otseselt haldusjuhile.", [("valvur", "haldusjuht")]),
        (
            "Direktor on raamatukogu juht, kes allub Tapa vallavanemale.",
            [("direktor", "vallavanem")],
        ),
        # "on" takes a complement, not a second subject
        ("Logopeed on lasteaia tugispetsialist ja allub direktorile.", [("logopeed", "direktor")]),
        ("Tema vahetu juht on osakonna juhataja.", [(OWN, "osakonna juhataja")]),
        (
            "Noorsootöötaja on vahetult alluv noortekeskuse juhatajale.",
            [("noorsootöötaja", "noortekeskuse juhataja")],
        ),
        (
            "Haldusjuhile alluvad majahoidja ja valvurid.",
            [("majahoidja", "haldusjuht"), ("valvur", "haldusjuht")],
        ),
    ],
)
def test_reporting_sentences(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _reports(sentence) == expected


def test_field_lists() -> None:
    assert [(n.phrase, n.if_needed, n.another_holder) for n in split_list(
        "büroo juhataja; vajadusel teine inspektor"
    )] == [("büroo juhataja", False, False), ("inspektor", True, True)]  # fmt: skip
    assert [n.phrase for n in split_list("laste ja perede heaolu spetsialist")] == [
        "laste ja perede heaolu spetsialist"
    ]
    assert split_list("puuduvad") == []


def test_inflected_month_names_are_dates_not_clause_numbers() -> None:
    assert parse_date("3. oktoobri 2023. a käskkirjaga") == dt.date(2023, 10, 3)
    assert parse_date("12. märtsi 2023. a.") == dt.date(2023, 3, 12)
    assert refs.split("3. oktoobri 2023. a käskkirjaga nr 5") is None
    assert refs.split("1.Üldsätted") is not None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Arhivaar on allutatud kantselei juhatajale.", [("arhivaar", "kantselei juhataja")]),
        ("Arhivaar töötab kantselei juhataja alluvuses.", [("arhivaar", "kantselei juhataja")]),
    ],
)
def test_other_ways_to_say_who_reports_to_whom(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _reports(sentence) == expected


def test_doing_someones_duties_is_substituting_them() -> None:
    assert _subs("Raamatupidaja puhkuse ajal täidab tema ülesandeid pearaamatupidaja.") == [
        ("raamatupidaja", "pearaamatupidaja", False, None)
    ]
