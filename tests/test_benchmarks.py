"""Every script in benchmarks/ runs in smoke mode (`--smoke`: a tiny scale, a few seconds), so
a refactor that breaks a benchmark fails the tests; the full runs stay manual.

The scripts whose own package has a smoke test run there (their figures are checked in
detail); this module runs the rest and checks that none is left out.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"

ELSEWHERE = {  # script → the test that runs it with --smoke
    "render_bench.py": "tests/render/test_bench.py",
    "sign_bench.py": "tests/sign/test_sign_bench.py",
    "check_bench.py": "tests/test_check_bench.py",
    "import_bench.py": "tests/importer/test_bench.py",
}
HERE = {  # script → what its smoke run must print
    "api_load.py": ["write PUT position ms", "first read after a write", "stale reads"],
    "coverage_bench.py": ["national findings"],
    "fuzz_api.py": ['"server_errors": 0'],
    "load_bench.py": ["generated"],
    "pages_bench.py": ["ms"],
    "synth.py": ["all pass domain.check"],
    "write_cpu.py": ["write CPU ms (median)", "catch-up CPU ms (median)"],
}


def test_every_benchmark_has_a_smoke_run() -> None:
    scripts = {p.name for p in BENCHMARKS.glob("*.py")}
    assert scripts == set(ELSEWHERE) | set(HERE)
    for script, test in ELSEWHERE.items():
        assert "--smoke" in (ROOT / test).read_text(), test
        assert script in (ROOT / test).read_text(), test


@pytest.mark.parametrize("script", sorted(HERE))
def test_benchmark_runs_in_smoke_mode(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    for figure in HERE[script]:
        assert figure in done.stdout + done.stderr, (figure, done.stdout[-2000:])
