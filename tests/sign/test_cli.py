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
    assert "allkirjastaja: Võru Linnavalitsus; kood: 75000012" in ok.output
    english = runner.invoke(main, ["verify", str(valid), "--lang", "en"])
    assert "signer: Võru Linnavalitsus; code: 75000012" in english.output
    assert "level: qualified electronic seal" in english.output, english.output
    assert "file lisa.pdf" in english.output and "covered by S" in english.output

    bad = runner.invoke(main, ["verify", str(invalid), "--format", "json"])
    assert bad.exit_code == 1
    assert json.loads(bad.output)["signatures"][0]["data_files_intact"] is False

    assert runner.invoke(main, ["verify", str(unreadable)]).exit_code == 2


def test_seal_puts_files_in_a_sealed_container(
    test_pki: LoopbackPKI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLES_SEAL_PASSWORD", pki.P12_PASSWORD)
    config.settings.cache_clear()
    document = tmp_path / "ametijuhend.txt"
    document.write_text("Ametijuhend\n", encoding="utf-8")
    out = tmp_path / "ametijuhend.asice"
    try:
        result = CliRunner().invoke(
            main, ["seal", str(document), "-o", str(out), "--p12", str(test_pki.eseal_p12)]
        )
    finally:
        config.settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["verify", str(out)]).exit_code == 0
