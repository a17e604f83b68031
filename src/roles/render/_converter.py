"""The PDF converter: one warm LibreOffice per process, supervised, behind a bounded queue.

One worker thread owns the office (`_warm.WarmOffice`: a bridge process in LibreOffice's
Python and the soffice.bin it runs) and converts one document at a time; LibreOffice works one
document at a time anyway (its SolarMutex), so a second office per process would only add
memory. Callers submit from any thread (or await from the event loop); the queue holds at most
`queue_size` documents beyond the one converting, and a full queue is refused at once with
`ConverterBusy` rather than waited on.

Supervision, all in the worker thread:
- start: the office answers within `start_timeout`, else the converter runs cold (a cold
  `soffice --convert-to` per document, same PDF/A filter) and tries warm again after
  `retry_after` seconds;
- each document has `timeout` seconds; past it soffice.bin is killed, the caller gets
  `ConversionTimeout`, and a fresh office starts for the next document;
- LibreOffice dying mid-document (crash, OOM killer, kill) restarts it and converts that
  document once more; a second death fails only that document;
- idle for `health_interval`, the office is pinged; no answer restarts it;
- `recycle_after` documents (0 = never) restarts it on purpose, bounding slow growth.

Processes: several service workers each own a converter (own profile directory, own UNO pipe
with a random name): nothing is shared, so nothing needs locking across processes, and each
worker's office uses its own core. The office never outlives the converter's process: see
`_uno_bridge.py`.

Why our own bridge rather than PyPI `unoserver` (3.6, tried here): measured side by side on
the Viimsi seed, unoserver converted about half as many PDFs a second (XML-RPC, temporary
files, a filter search and an index update per document); it listens on two TCP ports (any
local user could drive LibreOffice, and its API reads and writes arbitrary paths), sleeps a
fixed 7 s at start, and exits on a time-out instead of being supervised. The bridge is one
small file over stdin/stdout and an owner-only UNO pipe; it needs only Debian's python3-uno.
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import shutil
import tempfile
import threading
import time
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from roles.render._errors import (
    ConversionFailed,
    ConversionTimeout,
    ConverterBusy,
    ConverterStopped,
    RenderError,
)
from roles.render._pdf import PDF_EXPORT, pdf_from_docx
from roles.render._warm import DocumentFailed, OfficeDied, OfficeHung, OfficeUnavailable, WarmOffice

log = logging.getLogger("roles.render")

Mode = Literal["stopped", "starting", "warm", "cold"]


@dataclass(frozen=True, kw_only=True)
class PdfSettings:
    """How the converter runs; the service fills it from its configuration."""

    soffice: str = "soffice"  # LibreOffice: a name on PATH, the launcher, or soffice.bin
    python: str = "/usr/bin/python3"  # a Python that imports `uno` (Debian: python3-uno)
    timeout: float = 30.0  # seconds one document may take
    start_timeout: float = 60.0  # seconds LibreOffice may take to answer at start
    queue_size: int = 8  # documents that may wait beyond the one converting
    health_interval: float = 30.0  # idle seconds between pings
    retry_after: float = 60.0  # seconds of cold running before trying warm again
    recycle_after: int = 0  # restart LibreOffice after this many documents (0: never)
    work_dir: Path | None = None  # where profiles live (default: the system's temporary dir)
    warm: bool = True  # False: always the cold soffice (e.g. where python3-uno is missing)
    jemalloc: bool = True  # the warm office allocates with jemalloc where installed (libjemalloc2)

    def __post_init__(self) -> None:
        positive = {
            "timeout": self.timeout,
            "start_timeout": self.start_timeout,
            "queue_size": self.queue_size,  # queue.Queue(0) would be unbounded
            "health_interval": self.health_interval,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"PdfSettings.{name} must be positive, not {value}")
        if self.recycle_after < 0 or self.retry_after < 0:
            raise ValueError("PdfSettings.recycle_after and retry_after must not be negative")


@dataclass(frozen=True)
class ConverterStatus:
    mode: Mode
    office_pid: int | None  # soffice.bin, when warm
    bridge_pid: int | None
    documents: int  # converted since start
    restarts: int  # warm offices replaced (death, hang, health, recycling)
    waiting: int  # documents in the queue
    why_cold: str | None  # why the warm office is not running, when cold


@dataclass
class _Job:
    docx: bytes
    name: str
    future: Future[bytes] = field(default_factory=Future)


_STOP = object()


class PdfConverter:
    """DOCX → PDF/A-2b through one supervised, warm LibreOffice (see the module docstring).

    converter = PdfConverter(PdfSettings(timeout=20))
    converter.start()                  # at service start-up, in each worker process
    pdf = converter.convert(docx)      # from any thread; or: await converter.convert_async(docx)
    converter.stop()                   # at shutdown
    """

    def __init__(self, settings: PdfSettings | None = None) -> None:
        self.settings = settings or PdfSettings()
        self._queue: queue.Queue[_Job | object] = queue.Queue(self.settings.queue_size)
        self._lock = threading.Lock()  # guards the state below against submit/stop races
        self._mode: Mode = "stopped"
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._ready = threading.Event()
        self._office: WarmOffice | None = None
        self._work_dir: Path | None = None
        self._why_cold: str | None = None
        self._cold_since = 0.0
        self._documents = 0
        self._restarts = 0
        self._since_start = 0

    # --- public --------------------------------------------------------------------------

    def start(self, *, wait: bool = True) -> None:
        """Start the worker and LibreOffice; with `wait`, return once it is warm or cold."""
        with self._lock:
            if self._thread is not None:
                raise RuntimeError("the PDF converter is already started")
            self._pid = os.getpid()
            self._mode = "starting"
            self._thread = threading.Thread(target=self._run, name="roles-pdf", daemon=True)
            self._thread.start()
        if wait:
            self._ready.wait()

    def submit(self, docx: bytes, name: str = "document.docx") -> Future[bytes]:
        """Queue one DOCX; its future holds the PDF or a `RenderError`.

        Raises `ConverterBusy` at once when the queue is full, `ConverterStopped` when not running.
        """
        job = _Job(docx, name)
        with self._lock:
            if self._mode == "stopped" or os.getpid() != self._pid:
                raise ConverterStopped()
            try:
                self._queue.put_nowait(job)
            except queue.Full:
                retry = max(1, round(self.settings.timeout))
                raise ConverterBusy(self._queue.qsize(), retry) from None
        return job.future

    def convert(self, docx: bytes, name: str = "document.docx") -> bytes:
        """The PDF/A-2b bytes of one DOCX; blocks (call it from a worker thread)."""
        future = self.submit(docx, name)
        try:
            return future.result(self._longest_wait())
        except FutureTimeout:
            future.cancel()
            raise ConversionTimeout(self._longest_wait()) from None
        except CancelledError:
            raise ConverterStopped() from None

    async def convert_async(self, docx: bytes, name: str = "document.docx") -> bytes:
        """`convert` for the event loop: waits without holding a thread."""
        future = self.submit(docx, name)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self._longest_wait())
        except TimeoutError:
            future.cancel()
            raise ConversionTimeout(self._longest_wait()) from None

    def status(self) -> ConverterStatus:
        office = self._office
        return ConverterStatus(
            mode=self._mode,
            office_pid=office.office_pid if office is not None else None,
            bridge_pid=office.pid if office is not None else None,
            documents=self._documents,
            restarts=self._restarts,
            waiting=self._queue.qsize(),
            why_cold=self._why_cold if self._mode == "cold" else None,
        )

    def stop(self, grace: float = 5.0) -> None:
        """Fail the waiting documents, let the one converting finish (up to `grace` seconds),
        then end LibreOffice and its bridge, reaped, and remove the profile. Idempotent."""
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is None:
                return
            self._mode = "stopped"
            while True:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if isinstance(job, _Job):
                    job.future.set_exception(ConverterStopped())
            self._queue.put_nowait(_STOP)
        if os.getpid() != self._pid:
            return  # a forked copy: the office belongs to the parent
        thread.join(grace)
        if thread.is_alive():
            office = self._office
            if office is not None:
                office.kill_office()
            thread.join()
        self._ready.clear()

    def __enter__(self) -> PdfConverter:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the worker thread ------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._ensure_office()
            self._ready.set()
            while True:
                try:
                    job = self._queue.get(timeout=self.settings.health_interval)
                except queue.Empty:
                    self._health()
                    continue
                if not isinstance(job, _Job):
                    break
                if not job.future.set_running_or_notify_cancel():
                    continue
                try:
                    job.future.set_result(self._convert(job))
                except RenderError as e:
                    job.future.set_exception(e)
                except Exception as e:  # a future must never be left hanging
                    log.exception("PDF conversion failed unexpectedly")
                    job.future.set_exception(ConversionFailed(f"{type(e).__name__}: {e}"))
        finally:
            self._ready.set()
            self._close_office()
            if self._work_dir is not None:
                shutil.rmtree(self._work_dir, ignore_errors=True)
                self._work_dir = None

    def _convert(self, job: _Job) -> bytes:
        timeout = self.settings.timeout
        for attempt in (1, 2):
            office = self._ensure_office()
            if office is None:
                limit = timeout + self.settings.start_timeout
                return pdf_from_docx(
                    job.docx, job.name, soffice=self.settings.soffice, timeout=limit
                )
            try:
                pdf = office.convert(job.docx, timeout)
            except DocumentFailed as e:
                raise ConversionFailed(str(e)) from None
            except OfficeHung:
                log.warning("LibreOffice overran %g s on %s; restarting it", timeout, job.name)
                self._replace_office()
                raise ConversionTimeout(timeout) from None
            except OfficeDied as e:
                log.warning(
                    "LibreOffice ended while converting %s (%s); restarting it", job.name, e
                )
                self._replace_office()
                if self._mode == "stopped":
                    raise ConverterStopped() from None
                if attempt == 2:
                    raise ConversionFailed(
                        "LibreOffice ended while converting this document"
                    ) from None
                continue
            self._documents += 1
            self._since_start += 1
            if self.settings.recycle_after and self._since_start >= self.settings.recycle_after:
                self._replace_office()
            return pdf
        raise AssertionError("unreachable")

    def _health(self) -> None:
        office = self._office
        if office is None:
            if self._mode == "cold" and self.settings.warm:
                self._ensure_office()  # warm again, once `retry_after` has passed
            return
        try:
            office.ping(min(10.0, self.settings.timeout))
        except (OfficeDied, OfficeHung, DocumentFailed) as e:
            log.warning("LibreOffice failed its health check (%s); restarting it", e)
            self._replace_office()

    def _ensure_office(self) -> WarmOffice | None:
        """The running warm office, started if needed; None while running cold."""
        office = self._office
        if office is not None and office.alive():
            return office
        if office is not None:
            self._replace_office()
            return self._office
        if not self.settings.warm:
            self._go_cold("the warm converter is switched off")
            return None
        if (
            self._why_cold is not None
            and time.monotonic() - self._cold_since < self.settings.retry_after
        ):
            return None
        self._office = self._start_office()
        if self._office is not None:
            with self._lock:
                if self._mode != "stopped":
                    self._mode, self._why_cold = "warm", None
        return self._office

    def _start_office(self) -> WarmOffice | None:
        if self._work_dir is None:
            base = self.settings.work_dir
            if base is not None:
                base.mkdir(parents=True, exist_ok=True)
            self._work_dir = Path(tempfile.mkdtemp(prefix="roles-pdf-", dir=base))
        self._work_dir.mkdir(mode=0o700, exist_ok=True)  # a bridge that lost us removed it
        profile = self._work_dir / "profile"
        for fresh_profile in (False, True):
            if fresh_profile:  # a crash may have left the profile unusable
                if not profile.exists():
                    break
                shutil.rmtree(profile, ignore_errors=True)
            try:
                office = WarmOffice(
                    python=self.settings.python,
                    soffice=self.settings.soffice,
                    work_dir=self._work_dir,
                    filter_data=PDF_EXPORT,
                    start_timeout=self.settings.start_timeout,
                    jemalloc=self.settings.jemalloc,
                )
            except OfficeUnavailable as e:
                why = str(e)
                continue
            except Exception as e:  # whatever it is, PDFs still come (cold)
                log.exception("the warm LibreOffice could not start")
                why = f"{type(e).__name__}: {e}"
                continue
            self._since_start = 0
            return office
        self._go_cold(why)
        return None

    def _replace_office(self) -> None:
        self._close_office()
        self._restarts += 1
        if self._mode != "stopped":
            self._office = self._start_office()

    def _close_office(self) -> None:
        office, self._office = self._office, None
        if office is not None:
            office.close()

    def _go_cold(self, why: str) -> None:
        if self._why_cold is None:
            log.warning("PDFs from a cold LibreOffice per document: %s", why)
        with self._lock:
            self._why_cold, self._cold_since = why, time.monotonic()
            if self._mode != "stopped":
                self._mode = "cold"

    def _longest_wait(self) -> float:
        """What a caller may wait at most: every queued document timing out and restarting."""
        s = self.settings
        return (s.queue_size + 1) * (s.timeout + s.start_timeout) + 10
