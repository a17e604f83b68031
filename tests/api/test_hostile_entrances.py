"""The hostile container corpus (tests/fixtures/hostile/containers) at both entrances that take
a container from outside: POST /api/verify and the employee's signed upload. Every one is
answered with a report or a 4xx with its reason, never a server error."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "sign"))
sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "hostile" / "containers"))

import hostile_containers as corpus
import loopback
import pki
from loopback import LoopbackPKI

from roles import config, sign

from .conftest import Api

V = "/api/municipalities/tamme/positions/tamme-spets/versions"
ASICE = {"Content-Type": "application/vnd.etsi.asic-e+zip"}


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> LoopbackPKI:
    return loopback.shared(tmp_path_factory, pytestconfig)


@pytest.fixture
def sealed(test_pki: LoopbackPKI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seals = tmp_path / "seals"
    seals.mkdir()
    (seals / "tamme.p12").write_bytes(test_pki.eseal_p12.read_bytes())
    (seals / "tamme.password").write_text(pki.P12_PASSWORD)
    monkeypatch.setenv("ROLES_SEALS_DIR", str(seals))
    config.settings.cache_clear()


def test_hostile_containers_get_a_reason_at_both_entrances(
    test_pki: LoopbackPKI, sealed: None, api: Api
) -> None:
    employee = api.as_("employee")
    record = employee.get(f"{V}/1/document.asice")
    assert record.status_code == 200, record.text
    # The corpus is made from a sealed container of one data file, 'ametijuhend.txt'.
    seal = sign.Seal.from_p12(test_pki.eseal_p12, pki.P12_PASSWORD, "tamme")
    cases = corpus.cases(sign.seal([("ametijuhend.txt", b"Ametijuhend\n", "text/plain")], seal))
    assert len(cases) >= 20
    answers: dict[str, tuple[int, int]] = {}
    for name, data, _ in cases:
        verified = employee.post("/api/verify", content=data, headers=ASICE)
        uploaded = employee.post(f"{V}/1/signed-container", content=data, headers=ASICE)
        answers[name] = (verified.status_code, uploaded.status_code)
        for r in (verified, uploaded):
            assert r.status_code < 500, (name, r.status_code, r.text)
            if r.status_code >= 400:
                assert r.json()["detail"], (name, r.text)
        if verified.status_code == 200:
            assert verified.json()["status"] != "valid", name
        assert uploaded.status_code in (409, 413, 422), (name, uploaded.text)
    # Nothing hostile became the container of record, nor an acknowledgement.
    assert employee.get(f"{V}/1/document.asice").content == record.content
    assert api.as_("hr").get(f"{V}/1/acknowledgements").json() == []


@pytest.mark.parametrize("size", [15 * 2**20, 20 * 2**20 + 1])
def test_a_container_up_to_its_bound_is_read_and_one_past_it_is_told_why(
    api: Api, size: int
) -> None:
    """Between the server's default body limit (10 MB) and the containers' (20 MB) a body is
    read and judged by the archive checks; past 20 MB it is refused as too large, in words."""
    employee = api.as_("employee")
    data = b"PK\x05\x06" + b"\0" * (size - 4)  # an empty ZIP's end record, then padding
    for url in ("/api/verify", f"{V}/1/signed-container"):
        got = employee.post(url, content=data, headers=ASICE)
        assert got.status_code in (413, 422) if size > 20 * 2**20 else got.status_code == 422
        assert got.json()["detail"], got.text
