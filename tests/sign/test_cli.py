"""`roles verify` and `roles seal`."""

from __future__ import annotations

import json
from pathlib import Path

import pki
import pytest
from click.testing import CliRunner
from helpers import rewrite

from conftest import LoopbackPKI
from roles import config
from roles.cli import main


def test_verify_exits_0_for_valid_1_for_invalid_2_for_unreadable(
    sealed: bytes, tmp_path: Path
) -> None:
    valid, invalid, unreadable = tmp_path / "a.asice", tmp_path / "b.asice", tmp_path / "c.asice"
    valid.write_bytes(sealed)
    invalid.write_bytes(rewrite(sealed, "lisa.pdf", lambda data: data + b"!"))
    unreadable.write_bytes(b"not a container")
    runner = CliRunner()

    ok = runner.invoke(main, ["verify", str(valid)])
    assert ok.exit_code == 0, ok.output
    assert "signer: Võru Linnavalitsus" in ok.output

    bad = runner.invoke(main, ["verify", str(invalid), "--format", "json"])
    assert bad.exit_code == 1
    assert json.loads(bad.output)["signatures"][0]["data_files_intact"] is False

    assert runner.invoke(main, ["verify", str(unreadable)]).exit_code == 2


@pytest.mark.xfail(
    strict=True,
    reason="`roles seal` must name whose seal (sign.seal takes a Seal now): the lead rewires the "
    "CLI to sign.load_seals/sign.Seal.from_p12 (issue 15)",
)
def test_seal_puts_files_in_a_sealed_container(
    test_pki: LoopbackPKI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLES_ESEAL_P12", str(test_pki.eseal_p12))
    monkeypatch.setenv("ROLES_ESEAL_PASSWORD", pki.P12_PASSWORD)
    config.settings.cache_clear()
    document = tmp_path / "ametijuhend.txt"
    document.write_text("Ametijuhend\n", encoding="utf-8")
    out = tmp_path / "ametijuhend.asice"
    try:
        result = CliRunner().invoke(main, ["seal", str(document), "-o", str(out)])
    finally:
        config.settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["verify", str(out)]).exit_code == 0
