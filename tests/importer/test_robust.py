"""Whatever text comes in, the import either gives a registry accounting for every line or says
in words why it cannot (ImporterError): never another exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roles.domain import check
from roles.importer import ImporterError, import_lines, source

WORDS = [
    "Ametijuhend", "AMETIJUHEND", "Vahetu juht:", "Asendaja", "Kes asendab", "Alluvad:",
    "spetsialist", "juhatajale", "asendab", "allub", "teda", "vajadusel", "üksteist", "teine",
    "1.", "2.1.", "III", "•", "-", ":", ";", ",", ".", "(", ")", "Tööülesanded", "Õigused",
    "KINNITATUD", "käskkirjaga nr 1-2/3", "12. märtsi 2023. a", "äraolekul", "osakonna", "on",
    "alluv", "direktori poolt määratud", "███", "\t", "ō", "Lk 1 / 2", "poolt", "ja", "või",
]  # fmt: skip
LINE = st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=1, max_size=25))
def test_any_text_imports_or_is_refused_in_words(lines: list[str]) -> None:
    read = source.read_text("\n".join(lines))
    try:
        outcome = import_lines(read, "fuzz")
    except ImporterError as e:
        assert e.message("et") and e.message("en")
        return
    assert check(outcome.registry) == []
    assert outcome.accounting.missing(line.number for line in read) == []


def test_a_text_too_long_for_its_field_is_cut_and_said_not_the_document_refused() -> None:
    """A paragraph run on past what a clause holds (a document whose line breaks were lost)."""
    long = " ".join(["pikk lause ilma lõputa"] * 400)  # 9 199 characters; a clause holds 5 000
    lines = ["AMETIJUHEND", "Ametikoha nimetus: raamatupidaja", "TÖÖÜLESANDED", f"1. {long}"]
    read = source.read_text("\n".join(lines))
    outcome = import_lines(read, "kase")
    assert check(outcome.registry) == []
    (description,) = outcome.registry.job_descriptions
    texts = [c.text for s in description.sections for c in s.clauses]
    cut = next(t for t in texts if t.startswith("pikk lause"))
    assert len(cut) <= 5000 and cut.endswith("…") and long.startswith(cut[:-1])
    (note,) = [n for n in outcome.notes if n.key == "unsure.cut"]
    assert "5000" in note.et and "lõigati" in note.et and "cut" in note
    assert note.details["rest"] == long[len(cut) - 1 :][:200]
