"""libdigidocpp never stalls or grows the server: containers pass roles.archive before it
sees them, and it runs in worker processes with a time-out and an address-space limit."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "archive"))

import itertools

from craft import build, entry

from roles import sign
from roles.sign.container import ASICE_MIMETYPE
from roles.sign.settings import EngineSettings, GiB
from roles.sign.worker import EngineTimeout, Pool

MANIFEST = (
    b'<?xml version="1.0"?><manifest:manifest '
    b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    b'<manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.etsi.asic-e+zip"/></manifest:manifest>'
)


def many_entries(count: int) -> bytes:
    """An .asice of `count` empty entries: the container that held the server 11 minutes."""
    entries = [entry("mimetype", ASICE_MIMETYPE.encode(), stored=True, flags=0)]
    entries += [entry(f"{i}.txt", stored=True) for i in range(count)]
    entries.append(entry("META-INF/manifest.xml", MANIFEST))
    return build(entries)


@contextmanager
def heartbeat() -> Iterator[list[float]]:
    """A second thread that notes the time every 10 ms: the server's other requests."""
    beats: list[float] = []
    stop = threading.Event()

    def beat() -> None:
        while not stop.is_set():
            beats.append(time.perf_counter())
            time.sleep(0.01)

    thread = threading.Thread(target=beat)
    thread.start()
    try:
        yield beats
    finally:
        stop.set()
        thread.join()
        beats.append(time.perf_counter())


def longest_pause(beats: list[float]) -> float:
    return max(b - a for a, b in itertools.pairwise(beats))


def test_a_container_of_sixty_thousand_entries_is_refused_at_once_and_the_server_keeps_going(
    test_pki: object,
) -> None:
    data = many_entries(60_000)
    with heartbeat() as beats:
        start = time.perf_counter()
        with pytest.raises(sign.ContainerError) as refused:
            sign.verify(data)
        elapsed = time.perf_counter() - start
    assert refused.value.code == "too-many-entries"
    assert "liiga palju" in refused.value.message_et
    assert elapsed < 2.0
    assert longest_pause(beats) < 3.0  # (it was 11 minutes; the margin is for a loaded machine)


@pytest.fixture
def impatient() -> Iterator[Pool]:
    pool = Pool(EngineSettings(timeout=1.0, workers=1))
    yield pool
    pool.close()


def test_libdigidocpp_that_runs_over_its_time_is_stopped_and_the_server_keeps_going(
    impatient: Pool,
) -> None:
    """Past roles.archive's limits (the worker is the second line): 3 000 entries keep
    libdigidocpp busy for some 4 s; the caller hears after 1 s, while other work goes on."""
    first = impatient.call("status")["pid"]
    with heartbeat() as beats:
        start = time.perf_counter()
        with pytest.raises(EngineTimeout, match="did not answer within 1 s"):
            impatient.call("problems", many_entries(3000))
        elapsed = time.perf_counter() - start
    assert 0.9 < elapsed < 3.0
    assert longest_pause(beats) < 3.0  # (it was 11 minutes; the margin is for a loaded machine)
    assert impatient.call("status")["pid"] != first  # a fresh worker took over


def test_a_worker_runs_within_an_address_space_limit() -> None:
    pool = Pool(EngineSettings(memory_bytes=int(1.5 * GiB), workers=1))
    try:
        assert pool.call("status")["address_space"] == int(1.5 * GiB)
    finally:
        pool.close()


def test_a_worker_too_small_to_start_says_so_instead_of_hanging() -> None:
    pool = Pool(EngineSettings(memory_bytes=64 * 1024 * 1024, workers=1))
    try:
        with pytest.raises(sign.SigningError, match="signing engine"):
            pool.call("status")
    finally:
        pool.close()


def test_a_worker_that_died_is_replaced(impatient: Pool) -> None:
    pid = impatient.call("status")["pid"]
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.1)
    assert impatient.call("status")["pid"] != pid


def test_the_server_process_never_loads_libdigidocpp(sealed: bytes) -> None:
    assert sign.verify(sealed).valid
    assert "pydigidoc" not in sys.modules


def test_a_caller_finding_every_worker_busy_is_told_so_in_time(impatient: Pool) -> None:
    outcome: list[str] = []
    slow_container = many_entries(3000)
    calling = threading.Event()

    def hold_the_worker() -> None:
        calling.set()
        try:
            impatient.call("problems", slow_container)
        except EngineTimeout:
            outcome.append("timed out")

    slow = threading.Thread(target=hold_the_worker)
    slow.start()
    calling.wait()
    time.sleep(0.3)  # the only worker is taken
    start = time.perf_counter()
    with pytest.raises(EngineTimeout, match="stayed busy"):
        impatient.call("status", timeout=0.2)
    assert time.perf_counter() - start < 1.0
    slow.join()
    assert outcome == ["timed out"]
