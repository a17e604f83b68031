"""One warm LibreOffice: the bridge process (`_uno_bridge.py`) and the soffice.bin it runs.

Not thread-safe: the converter's one worker thread owns it. Every call has a deadline; a
conversion that overruns it kills soffice.bin (the caller then replaces the whole pair).
Frames are exchanged over the bridge's stdin/stdout with `select`, never a blocking read.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import json
import os
import select
import shutil
import struct
import subprocess
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

BRIDGE = Path(__file__).with_name("_uno_bridge.py")
LOG = "bridge.log"


class OfficeUnavailable(Exception):
    """The warm LibreOffice could not start; the message says why."""


class OfficeDied(Exception):
    """LibreOffice (or its bridge) ended during a call."""


class OfficeHung(Exception):
    """A call overran its deadline; LibreOffice has been killed."""


class DocumentFailed(Exception):
    """LibreOffice is fine but could not convert this document."""


def office_binary(soffice: str) -> str:
    """soffice.bin for `soffice` (a name on PATH, the launcher script, or soffice.bin itself).

    The launcher (a shell script, then oosplash) would put two processes between us and the
    office; running soffice.bin directly lets its parent kill and reap it.
    """
    found = shutil.which(soffice)
    if found is None:
        raise OfficeUnavailable(
            f"LibreOffice not found ({soffice}); install libreoffice-writer-nogui"
        )
    real = Path(found).resolve()
    if real.name.endswith(".bin"):
        return str(real)
    candidate = real.with_name("soffice.bin")
    if not candidate.is_file():
        raise OfficeUnavailable(f"no soffice.bin beside {real}")
    return str(candidate)


def allocator() -> str | None:
    """jemalloc's library name, when installed (Debian libjemalloc2), for LD_PRELOAD.

    LibreOffice allocates and frees millions of small objects per document; measured on the
    Viimsi seed, soffice.bin spent 10-20 % less CPU per PDF on jemalloc than on glibc's malloc,
    with the same PDFs and resident memory as flat.
    """
    return ctypes.util.find_library("jemalloc")


class WarmOffice:
    """A started bridge and office; `close()` always, even after a failure."""

    def __init__(
        self,
        *,
        python: str,
        soffice: str,
        work_dir: Path,
        filter_data: Mapping[str, object],
        start_timeout: float,
        jemalloc: bool = True,
    ) -> None:
        self.work_dir = work_dir
        self.office_pid: int | None = None
        binary = office_binary(soffice)
        config = {
            "soffice": binary,
            "profile": (work_dir / "profile").as_uri(),
            "pipe": f"roles-{uuid.uuid4().hex}",
            "parent": os.getpid(),
            "work_dir": str(work_dir),
            "start_timeout": start_timeout,
            "filter_data": dict(filter_data),
            "preload": allocator() if jemalloc else None,
        }
        self._log = open(work_dir / LOG, "wb")  # noqa: SIM115 (lives as long as the bridge)
        try:
            self._process = subprocess.Popen(
                [python, "-I", str(BRIDGE), json.dumps(config)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
                start_new_session=True,  # the terminal's Ctrl-C is the service's to handle
                close_fds=True,
            )
        except OSError as e:
            self._log.close()
            raise OfficeUnavailable(f"cannot run {python}: {e.strerror}") from None
        assert self._process.stdin is not None and self._process.stdout is not None
        self._in, self._out = self._process.stdin.fileno(), self._process.stdout.fileno()
        os.set_blocking(self._in, False)
        self._buffer = bytearray()
        try:
            kind, payload = self._read(time.monotonic() + start_timeout + 5)
        except (OfficeDied, OfficeHung):
            kind, payload = b"F", b""
        if kind != b"R":
            self.close()
            raise OfficeUnavailable(payload.decode(errors="replace") or self._why())
        self.office_pid = int(json.loads(payload)["office_pid"])

    @property
    def pid(self) -> int:
        return self._process.pid

    def alive(self) -> bool:
        return self._process.poll() is None

    def convert(self, docx: bytes, timeout: float) -> bytes:
        return self._call(b"C", docx, timeout)

    def ping(self, timeout: float) -> None:
        self._call(b"P", b"", timeout)

    def close(self, grace: float = 5.0) -> None:
        """Stop the bridge (it ends and reaps LibreOffice first), then reap it."""
        process = self._process
        if process.stdin is not None and not process.stdin.closed:
            with contextlib.suppress(OSError):  # Q: keep the profile for the next office
                os.write(self._in, b"Q" + struct.pack(">I", 0))
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill_office()
            try:
                process.wait(grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()
        self._log.close()

    def kill_office(self) -> None:
        """SIGKILL soffice.bin. Safe against pid reuse: until the bridge reaps it, it is ours."""
        if self.office_pid is not None and self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.office_pid, 9)

    # --- frames ---------------------------------------------------------------------------

    def _call(self, kind: bytes, payload: bytes, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        self._write(kind + struct.pack(">I", len(payload)) + payload, deadline)
        answer, data = self._read(deadline)
        if answer == b"K":
            return data
        message = data.decode(errors="replace")
        if answer == b"E":
            raise DocumentFailed(message)
        raise OfficeDied(message or self._why())

    def _write(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            self._wait(self._in, deadline, write=True)
            try:
                view = view[os.write(self._in, view) :]
            except BrokenPipeError:
                raise OfficeDied(self._why()) from None
            except BlockingIOError:
                continue

    def _read(self, deadline: float) -> tuple[bytes, bytes]:
        while True:
            if len(self._buffer) >= 5:
                size = struct.unpack(">I", self._buffer[1:5])[0]
                if len(self._buffer) >= 5 + size:
                    kind, data = bytes(self._buffer[:1]), bytes(self._buffer[5 : 5 + size])
                    del self._buffer[: 5 + size]
                    return kind, data
            self._wait(self._out, deadline, write=False)
            chunk = os.read(self._out, 1 << 20)
            if not chunk:
                raise OfficeDied(self._why())
            self._buffer += chunk

    def _wait(self, fd: int, deadline: float, *, write: bool) -> None:
        left = max(deadline - time.monotonic(), 0)
        readable, writable, _ = select.select(
            [] if write else [fd], [fd] if write else [], [], left
        )
        if not (readable or writable):
            self.kill_office()
            raise OfficeHung("no answer from LibreOffice in time")

    def _why(self) -> str:
        """The last lines LibreOffice and the bridge wrote: why it failed, for the error."""
        try:
            tail = (self.work_dir / LOG).read_bytes()[-2000:].decode(errors="replace")
        except OSError:
            tail = ""
        lines = [line for line in tail.splitlines() if line.strip() and "javaldx" not in line]
        code = self._process.poll()
        exited = f"the bridge exited with status {code}" if code is not None else "no answer"
        return "; ".join([exited, *lines[-3:]])
