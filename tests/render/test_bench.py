"""benchmarks/render_bench.py runs (--smoke), so a refactor that breaks it fails the tests."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.render.pdfs import have_warm

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not have_warm(), reason="needs LibreOffice and python3-uno")
def test_render_benchmark_runs_in_smoke_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "render_bench.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for figure in ("roles.render", "docxtpl", "floor (zip)", "warm converter", "cold soffice"):
        assert figure in out, figure
    assert "memory over 8 warm PDFs" in out and "after     8 PDFs" in out
