"""benchmarks/check_bench.py runs (with --smoke) and finds the incremental check equal to the
whole one on every kind of edit."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_check_bench_smoke() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "check_bench.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "revise ms" in done.stdout and " NO" not in done.stdout
