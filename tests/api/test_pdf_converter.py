"""PDF downloads through the worker's own converter: warm LibreOffice started with the app and
stopped with it, a cold soffice per document when warm is switched off, and a full queue
answered 503 with Retry-After."""

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy.engine import Engine

from roles import render
from tests.render.pdfs import have_cold, have_warm, pdfa_claim

from ..conftest import make_app
from .conftest import Api
from .factories import populate

PDF = "/api/municipalities/tamme/positions/tamme-spets/versions/1/document.pdf"
SECRET = "test-secret-test-secret-test-secret"


def _client(engine: Engine, database_url: str, **settings: Any) -> Iterator[tuple[Api, Any]]:
    tokens = populate(engine)
    app = make_app(database_url, SECRET, **settings)
    with TestClient(app) as client:
        yield Api(client, tokens), app.state.workspace.options.pdf
    assert app.state.workspace.options.pdf.status().mode == "stopped"  # stopped at shutdown


@pytest.fixture
def warm(engine: Engine, database_url: str) -> Iterator[tuple[Api, Any]]:
    yield from _client(engine, database_url, pdf_warm=True)


@pytest.fixture
def cold(engine: Engine, database_url: str) -> Iterator[tuple[Api, Any]]:
    yield from _client(engine, database_url, pdf_warm=False)


@pytest.mark.skipif(not have_warm(), reason="needs LibreOffice and python3-uno")
def test_a_pdf_comes_from_the_warm_converter_the_app_started(warm: tuple[Api, Any]) -> None:
    api, converter = warm
    for _ in range(2):
        r = api.as_("hr").get(PDF)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/pdf" and r.content[:4] == b"%PDF"
    assert pdfa_claim(r.content) == ("2", "B")
    status = converter.status()
    assert status.mode == "warm" and status.documents == 2 and status.office_pid is not None


@pytest.mark.skipif(not have_cold(), reason="needs LibreOffice")
def test_with_warm_switched_off_a_cold_soffice_makes_the_pdf(cold: tuple[Api, Any]) -> None:
    api, converter = cold
    r = api.as_("hr").get(PDF)
    assert r.status_code == 200, r.text
    assert r.content[:4] == b"%PDF"
    status = converter.status()
    assert status.mode == "cold" and status.office_pid is None


def test_a_full_queue_is_answered_503_with_retry_after(
    cold: tuple[Api, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    api, converter = cold

    def busy(*_: Any) -> bytes:
        raise render.ConverterBusy(8, 30)

    monkeypatch.setattr(converter, "convert", busy)
    r = api.as_("hr").get(PDF)
    assert r.status_code == 503, r.text
    assert r.headers["retry-after"] == "30"
    assert "busy" in r.text


@pytest.mark.parametrize(
    ("name", "value"),
    [("ROLES_PDF_TIMEOUT", "soon"), ("ROLES_PDF_QUEUE", "0"), ("ROLES_PDF_WARM", "maybe")],
)
def test_converter_settings_that_make_no_sense_name_the_variable(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roles import config

    monkeypatch.setenv(name, value)
    with pytest.raises(config.ConfigError, match=name):
        config.from_environment()


def test_converter_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from roles import config

    for name, value in {
        "ROLES_SOFFICE": "/opt/lo/soffice",
        "ROLES_UNO_PYTHON": "/opt/lo/python",
        "ROLES_PDF_TIMEOUT": "12.5",
        "ROLES_PDF_QUEUE": "3",
        "ROLES_PDF_WARM": "0",
    }.items():
        monkeypatch.setenv(name, value)
    made = config.pdf_settings(config.from_environment())
    assert (made.soffice, made.python, made.timeout, made.queue_size, made.warm) == (
        "/opt/lo/soffice",
        "/opt/lo/python",
        12.5,
        3,
        False,
    )
