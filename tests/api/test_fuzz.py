"""Schemathesis against a live server: no server error, no response off the documented schema.

A small run; `benchmarks/fuzz_api.py` makes the full one (≥ 5 000 requests).
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import fuzz_api


@pytest.mark.slow
def test_fuzzing_finds_no_server_error_or_schema_violation(database_url: str) -> None:
    counts = fuzz_api.fuzz(database_url, examples=3, seed_value=1, phases="examples,fuzzing")
    assert counts["server_errors"] == 0, counts
    assert counts["exit_code"] == 0, Path("/tmp/roles-fuzz-last.txt").read_text()[-4000:]
    assert counts["requests"] > 100
