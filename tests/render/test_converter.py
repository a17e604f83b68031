"""The warm PDF converter as a supervisor: it starts, converts, survives LibreOffice dying or
hanging, refuses a full queue, stops without leaving a process behind, and falls back to a cold
soffice when the warm one cannot start."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from roles.render import (
    ConversionTimeout,
    ConverterBusy,
    ConverterStopped,
    PdfConverter,
    PdfSettings,
)
from roles.render._warm import allocator
from tests.aio import run_apart
from tests.render.pdfs import SYSTEM_PYTHON, have_cold, have_warm, pdfa_claim
from tests.render.test_pdf import LAYOUT_SEEDS, docx_of

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not have_warm(), reason=f"needs LibreOffice and its UNO for {SYSTEM_PYTHON} (python3-uno)"
)

Make = Callable[..., PdfConverter]


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Make]:
    """Started converters with a private work directory; all stopped at the end."""
    made: list[PdfConverter] = []

    def make(**settings: object) -> PdfConverter:
        base = {"python": SYSTEM_PYTHON, "work_dir": tmp_path / "work", "timeout": 30.0}
        converter = PdfConverter(PdfSettings(**{**base, **settings}))  # type: ignore[arg-type]
        converter.start()
        made.append(converter)
        return converter

    yield make
    for converter in made:
        converter.stop()


def running(pid: int | None) -> bool:
    """Whether the process exists and is not a zombie."""
    if pid is None:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def exists(pid: int | None) -> bool:
    return pid is not None and Path(f"/proc/{pid}").exists()


def eventually(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_starts_warm_and_converts_every_seed_layout(make: Make) -> None:
    converter = make()
    status = converter.status()
    assert status.mode == "warm", status.why_cold
    assert running(status.office_pid) and running(status.bridge_pid)
    for layout, seed in LAYOUT_SEEDS.items():
        pdf = converter.convert(docx_of(seed), f"{layout}.docx")
        assert pdfa_claim(pdf) == ("2", "B"), layout
    assert converter.status().documents == len(LAYOUT_SEEDS)


def allocates_with_jemalloc(pid: int | None) -> bool:
    return "libjemalloc" in Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.skipif(allocator() is None, reason="needs jemalloc (Debian libjemalloc2)")
def test_libreoffice_allocates_with_jemalloc_unless_told_not_to(make: Make, tmp_path: Path) -> None:
    assert allocates_with_jemalloc(make().status().office_pid)
    plain = make(jemalloc=False, work_dir=tmp_path / "plain")
    assert not allocates_with_jemalloc(plain.status().office_pid)
    assert pdfa_claim(plain.convert(docx_of("004"))) == ("2", "B")


def test_libreoffice_killed_mid_run_is_restarted_and_every_document_converts(make: Make) -> None:
    converter = make()
    first = converter.status().office_pid
    assert first is not None
    docx = docx_of("004")
    futures = [converter.submit(docx) for _ in range(6)]
    futures[0].result(60)
    os.kill(first, signal.SIGKILL)  # while the next documents are queued or converting
    pdfs = [f.result(120) for f in futures]
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs)
    status = converter.status()
    assert status.restarts == 1 and status.office_pid != first and running(status.office_pid)
    assert not exists(first)  # reaped by its bridge, no zombie
    assert converter.convert(docx_of("000")).startswith(b"%PDF")


def test_a_stuck_conversion_times_out_without_hanging_the_caller(make: Make) -> None:
    converter = make(timeout=2.0)
    stuck = converter.status().office_pid
    assert stuck is not None
    os.kill(stuck, signal.SIGSTOP)  # LibreOffice stops answering, as a hung office does
    started = time.monotonic()
    with pytest.raises(ConversionTimeout) as caught:
        converter.convert(docx_of("000"))
    assert time.monotonic() - started < 2.0 + 5.0
    assert "2 s" in caught.value.message_en and "2 sekundiga" in caught.value.message_et
    assert eventually(lambda: not exists(stuck))  # abandoned: killed and reaped
    assert converter.convert(docx_of("000")).startswith(b"%PDF")  # a fresh office
    assert converter.status().office_pid != stuck


def test_a_full_queue_is_refused_at_once(make: Make) -> None:
    converter = make(timeout=3.0, queue_size=1)
    office = converter.status().office_pid
    assert office is not None
    os.kill(office, signal.SIGSTOP)
    docx = docx_of("000")
    running_one = converter.submit(docx)
    assert eventually(lambda: converter.status().waiting == 0)  # the worker took it
    waiting = converter.submit(docx)
    started = time.monotonic()
    with pytest.raises(ConverterBusy) as caught:
        converter.submit(docx)
    assert time.monotonic() - started < 0.5
    assert caught.value.retry_after >= 1 and caught.value.code == "pdf-busy"
    assert "hõivatud" in caught.value.message_et
    with pytest.raises(ConversionTimeout):
        running_one.result(30)
    assert waiting.result(60).startswith(b"%PDF")  # the next one, on a fresh office


def test_stop_ends_libreoffice_and_its_bridge_reaped_and_cleans_up(
    make: Make, tmp_path: Path
) -> None:
    converter = make()
    status = converter.status()
    pipes_before = set(Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_roles-*"))
    converter.stop()
    assert not exists(status.office_pid) and not exists(status.bridge_pid)
    assert list((tmp_path / "work").iterdir()) == []  # profile and log removed
    assert set(Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_roles-*")) <= pipes_before
    assert converter.status().mode == "stopped"
    with pytest.raises(ConverterStopped):
        converter.convert(docx_of("000"))
    converter.stop()  # idempotent


def test_stop_fails_waiting_documents_instead_of_leaving_them_hanging(make: Make) -> None:
    converter = make(timeout=30.0)
    office = converter.status().office_pid
    assert office is not None
    os.kill(office, signal.SIGSTOP)
    docx = docx_of("000")
    futures = [converter.submit(docx) for _ in range(3)]
    started = time.monotonic()
    converter.stop(grace=1.0)
    assert time.monotonic() - started < 10
    for future in futures:
        with pytest.raises(ConverterStopped):
            future.result(5)
    assert not exists(office)


def test_an_idle_office_that_dies_is_noticed_by_the_health_check(make: Make) -> None:
    converter = make(health_interval=0.3)
    first = converter.status().office_pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    assert eventually(lambda: running(converter.status().office_pid)
                      and converter.status().office_pid != first, 30)  # fmt: skip
    assert converter.status().restarts == 1


def test_two_converters_side_by_side_share_nothing(make: Make, tmp_path: Path) -> None:
    """As two service workers do: each its own office, profile and pipe, converting at once."""
    one, two = make(work_dir=tmp_path / "one"), make(work_dir=tmp_path / "two")
    assert one.status().office_pid != two.status().office_pid
    futures = [c.submit(docx_of(seed)) for seed in ("000", "004") for c in (one, two)]
    assert all(f.result(120).startswith(b"%PDF") for f in futures)
    assert one.status().documents == two.status().documents == 2


def test_convert_async_waits_on_the_event_loop(make: Make) -> None:
    converter = make()

    async def both() -> list[bytes]:
        return list(await asyncio.gather(
            converter.convert_async(docx_of("000")), converter.convert_async(docx_of("004"))
        ))  # fmt: skip

    assert all(pdf.startswith(b"%PDF") for pdf in run_apart(both))


def test_recycling_restarts_libreoffice_after_so_many_documents(make: Make) -> None:
    converter = make(recycle_after=2)
    first = converter.status().office_pid
    for _ in range(3):
        converter.convert(docx_of("000"))
    assert converter.status().restarts == 1 and converter.status().office_pid != first


@pytest.mark.skipif(not have_cold(), reason="needs LibreOffice")
def test_falls_back_to_a_cold_soffice_when_the_warm_one_cannot_start(make: Make) -> None:
    converter = make(python=sys.executable)  # our venv's Python: no LibreOffice UNO in it
    status = converter.status()
    assert status.mode == "cold" and status.office_pid is None
    assert status.why_cold is not None and "uno" in status.why_cold
    pdf = converter.convert(docx_of("003"))
    assert pdfa_claim(pdf) == ("2", "B")


def test_switched_off_warm_converts_cold(make: Make) -> None:
    converter = make(warm=False)
    assert converter.status().mode == "cold"
    assert converter.convert(docx_of("000")).startswith(b"%PDF")


def test_a_missing_libreoffice_is_a_clear_error(make: Make) -> None:
    converter = make(soffice="/nonexistent/soffice")
    assert converter.status().mode == "cold"
    with pytest.raises(Exception, match="LibreOffice not found"):
        converter.convert(docx_of("000"))


# The service dies without stopping its converter (kill -9, OOM): LibreOffice and the bridge
# must go too. A harness process stands in for init (a child subreaper), so the orphans are
# reaped and counted, as a real init would reap them.
HARNESS = r"""
import ctypes, json, os, subprocess, sys, time
ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
service = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, text=True)
started = json.loads(service.stdout.readline())
os.kill(service.pid, 9)
service.wait()
deadline, left = time.monotonic() + 10, {started["office"], started["bridge"]}
while left and time.monotonic() < deadline:
    for pid in list(left):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)  # orphans are ours now
        except ChildProcessError:
            done = pid  # reaped already (the office by its bridge)
        if done == pid:
            left.discard(pid)
    time.sleep(0.05)
print(json.dumps({"left": sorted(left), "work_dir": os.path.exists(started["work_dir"]),
                  "seconds": round(time.monotonic() - deadline + 10, 2)}))
"""

SERVICE = r"""
import json, sys
from roles.render import PdfConverter, PdfSettings
c = PdfConverter(PdfSettings(python=%r))
c.start()
c.convert(open(%r, "rb").read())
s = c.status()
work = str(c._work_dir)
print(json.dumps({"office": s.office_pid, "bridge": s.bridge_pid, "work_dir": work}), flush=True)
import time; time.sleep(60)
"""


def test_libreoffice_does_not_outlive_a_killed_service(tmp_path: Path) -> None:
    docx = tmp_path / "doc.docx"
    docx.write_bytes(docx_of("000"))
    service = SERVICE % (SYSTEM_PYTHON, str(docx))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, service],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["left"] == [], result
    assert result["work_dir"] is False  # the bridge removed the profile on its way out


@pytest.mark.parametrize("bad", [{"queue_size": 0}, {"timeout": 0}, {"recycle_after": -1}])
def test_settings_that_would_unbound_or_break_the_converter_are_refused(
    bad: dict[str, float],
) -> None:
    with pytest.raises(ValueError, match="PdfSettings"):
        PdfSettings(**bad)  # type: ignore[arg-type]
