"""benchmarks/sign_bench.py runs (with --smoke) and prints its figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "sign_bench.py"


def test_the_signing_benchmark_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--smoke"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    for figure in ("e-seals", "verifications", "archive checks", "verification / e-seal"):
        assert figure in done.stdout
