"""`roles check` runs over every seed registry: findings are expected, failures are not."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from roles.cli.coverage_cmds import check_cmd

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.yaml"))


@pytest.mark.skipif(not SEEDS, reason="no seed registries yet")
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_runs_over_the_seed(seed: Path, fmt: str) -> None:
    result = CliRunner().invoke(check_cmd, [str(seed), "--on", "2026-03-01", "--format", fmt])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1), result.output  # 1 = error findings, never bad input
