"""Never invent: text becomes a position only when it reads as a position title."""

import pytest

from roles.importer import ImporterError, import_lines, source
from roles.importer.titles import reads_as_title


def _positions(text: str) -> set[str]:
    outcome = import_lines(source.read_text(text), "testvald")
    return {p.title for p in outcome.registry.positions}


def test_a_value_running_into_the_next_label_is_cut_at_the_label() -> None:
    titles = _positions(
        "AMETIJUHEND\n"
        "Ametikoha nimetus: osakonna juhataja Teenistuse liik: töötaja\n"
        "Vahetu juht: vallavanem Asendaja: arendusspetsialist\n"
        "Tööülesanded\n1. Osakonna töö juhtimine.\n"
    )
    assert titles == {"osakonna juhataja", "vallavanem", "arendusspetsialist"}


def test_a_run_away_value_makes_no_position() -> None:
    runaway = " ".join(["Korraldab valla arendustegevust ja nõustab elanikke"] * 30)
    titles = _positions(
        "Raamatupidaja ametijuhend\n"
        f"Vahetu juht: {runaway}\n"
        f"Asendaja: {runaway}\n"
        "Tööülesanded\n1. Arvete kirjendamine.\n"
    )
    assert titles == {"raamatupidaja"}


def test_labels_without_values_make_no_position() -> None:
    outcome = import_lines(
        source.read_text(
            "Arhivaari ametijuhend\nVahetu juht:\nAsendaja:\nKeda asendab:\n"
            "Tööülesanded\n1. Arhiivi korrastamine.\n"
        ),
        "testvald",
    )
    assert {p.title for p in outcome.registry.positions} == {"arhivaar"}
    own = outcome.registry.positions[0]
    assert (own.reports_to, own.substitutes, own.substitutes_for) == (None, [], [])


def test_prose_without_a_title_is_refused_not_guessed() -> None:
    with pytest.raises(ImporterError) as caught:
        import_lines(
            source.read_text(
                "Käesolev dokument kirjeldab töökorraldust.\n"
                "Töötaja korraldab dokumentide liikumist ja nõustab kolleege.\n"
                "Tööülesanded\n1. Dokumentide registreerimine.\n2. Kirjade saatmine.\n"
            ),
            "testvald",
        )
    assert caught.value.code == "no_title"
    assert "ametikoha nimetust ei leitud" in caught.value.message("et")
    assert "no position title" in caught.value.message("en")


def test_a_substitute_that_is_not_a_title_is_reported_not_created() -> None:
    outcome = import_lines(
        source.read_text(
            "Linnasekretäri ametijuhend\n1. Üldsätted\n"
            "1.1. Linnasekretäri asendab tema äraolekul linnapea poolt määratud ametnik.\n"
        ),
        "testvald",
    )
    assert {p.title for p in outcome.registry.positions} == {"linnasekretär"}
    assert any(n.key == "unsure.not_a_title" for n in outcome.notes)


@pytest.mark.parametrize(
    "phrase",
    [
        "osakonna juhataja Teenistuse liik",
        "Teenistuse liik: töötaja",
        "linnapea poolt määratud ametnik",
        "töötab iseseisvalt ja vastutab",
        "abivajava lapse abivajaduse hindamine",
        "██████",
        "sotsiaalosakond",
        "12.03.2024",
        "x" * 100,
    ],
)
def test_what_does_not_read_as_a_title(phrase: str) -> None:
    assert not reads_as_title(phrase)


@pytest.mark.parametrize(
    "phrase",
    ["sotsiaal- ja tervishoiuosakonna juhataja", "õpetaja abi", "valvur", "Vallasekretär"],
)
def test_what_reads_as_a_title(phrase: str) -> None:
    assert reads_as_title(phrase)


def test_a_text_that_does_not_call_itself_a_job_description_names_no_position() -> None:
    with pytest.raises(ImporterError) as caught:
        import_lines(source.read_text("broken\n"), "testvald")
    assert caught.value.code == "no_title"
