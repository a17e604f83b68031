"""Every hostile container is answered with a reason (a refusal's code, or a report whose
reasons carry the code), in Estonian and English, quickly; never with another exception."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "hostile" / "containers"))

import hostile_containers as corpus

from conftest import LoopbackPKI
from roles import sign


@pytest.fixture(scope="module")
def sealed_one(voru_seal: sign.Seal) -> bytes:
    return sign.seal([("ametijuhend.txt", b"Ametijuhend\n", "text/plain")], voru_seal)


@pytest.fixture(scope="module")
def cases(sealed_one: bytes) -> list[tuple[str, bytes, str]]:
    return corpus.cases(sealed_one)


def test_the_corpus_is_large_enough(cases: list[tuple[str, bytes, str]]) -> None:
    assert len(cases) >= 20


def _answer(data: bytes) -> tuple[str, sign.Report | sign.ContainerError]:
    try:
        report = sign.verify(data)
    except sign.ContainerError as refused:
        assert refused.message_et and refused.message_en
        return refused.code, refused
    return report.status, report


def test_every_hostile_container_gets_its_reason(
    test_pki: LoopbackPKI, cases: list[tuple[str, bytes, str]]
) -> None:
    wrong = []
    for name, data, expected in cases:
        start = time.perf_counter()
        status, answer = _answer(data)
        elapsed = time.perf_counter() - start
        assert elapsed < 5, f"{name}: {elapsed:.1f} s"
        if isinstance(answer, sign.ContainerError):
            codes = {answer.code}
        else:
            assert status != "valid", name
            problems = answer.problems + [p for s in answer.signatures for p in s.problems]
            codes = {p.code for p in problems}
            assert all(p.message_et and p.message_en for p in problems), name
        if expected not in codes:
            wrong.append((name, expected, sorted(codes)))
    assert not wrong


def test_a_reference_uri_with_a_quote_is_a_reason_not_an_xpath_error(
    cases: list[tuple[str, bytes, str]],
) -> None:
    [(_, data, _)] = [c for c in cases if c[0] == "reference-uri-quote"]
    report = sign.verify(data)
    [signature] = report.signatures
    assert signature.status == "invalid"
    assert any(p.code == "reference-dangling" for p in signature.problems)


def test_a_file_slipped_into_meta_inf_is_named(cases: list[tuple[str, bytes, str]]) -> None:
    [(_, data, _)] = [c for c in cases if c[0] == "meta-inf-added"]
    report = sign.verify(data)
    [extra] = [f for f in report.files if f.kind == "meta-inf-extra"]
    assert (extra.name, extra.signed_by) == ("META-INF/evil.xml", [])
    [problem] = report.problems
    assert problem.code == "meta-inf-extra" and "META-INF/evil.xml" in problem.message_et
