"""The warm converter's bridge: run by a Python that has LibreOffice's UNO (Debian `python3-uno`).

Not imported by `roles`: `_warm.py` runs this file with that Python (`python3 -I
_uno_bridge.py CONFIG_JSON`), so it may use only the standard library and `uno`. It starts one
`soffice.bin` as its own child, listening on a named UNO pipe (a unix socket only its owner may
connect to; no TCP port, nothing another local user can reach), connects to it, then answers
frames on stdin/stdout until stdin closes:

    request   kind(1) length(4, big-endian) payload      C = convert DOCX, P = ping, Q = quit
    answer    kind(1) length(4) payload                   R = ready (JSON), K = PDF bytes,
                                                          E = the document failed (text),
                                                          D = LibreOffice died (text),
                                                          F = could not start (text)

Stdin closing without Q means the converter's process is gone: the bridge then also removes
the work directory (profile, log). LibreOffice's own output and ours go to stderr (the
converter points it at a log file); fd 1 is moved aside at start so nothing stray can corrupt
the frames.

Lifetime: soffice.bin gets PR_SET_PDEATHSIG (SIGKILL) from this process, so it never outlives
the bridge; a watchdog thread notices when the parent (the service worker) is gone, however it
died, and then kills LibreOffice, removes the work directory and exits. A conversion that hangs
is ended by the converter killing soffice.bin (its pid is in the ready frame): the call then
fails here, and the bridge reaps the child when stdin closes.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import uno
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.io import XOutputStream

RESTART = 81  # soffice.bin's "restart me" after creating a fresh profile (oosplash's job)
PR_SET_PDEATHSIG = 1
# The same DOCX import as "MS Word 2007 XML" (the PDFs of every seed are equal object for
# object), without what Writer sets up for a document from "MS Word": a VBA event processor
# and its Basic library, built for each document though ours carry no macros.
DOCX_FILTER = "Office Open XML Text"
PDF_FILTER = "writer_pdf_Export"

_out_fd = -1  # the protocol's stdout, moved aside
_office: subprocess.Popen[bytes] | None = None


def send(kind: bytes, payload: bytes = b"") -> None:
    data = kind + struct.pack(">I", len(payload)) + payload
    view = memoryview(data)
    while view:
        view = view[os.write(_out_fd, view) :]


def receive() -> tuple[bytes, bytes] | None:
    head = sys.stdin.buffer.read(5)
    if len(head) < 5:
        return None
    kind, size = head[:1], struct.unpack(">I", head[1:])[0]
    payload = sys.stdin.buffer.read(size)
    return (kind, payload) if len(payload) == size else None


def prop(name: str, value: Any) -> Any:
    return PropertyValue(Name=name, Value=value)


class Collect(unohelper.Base, XOutputStream):  # type: ignore[misc]
    """The PDF as LibreOffice writes it, in memory (no temporary files)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writeBytes(self, data: Any) -> None:
        self.parts.append(data.value)

    def flush(self) -> None:
        pass

    def closeOutput(self) -> None:
        pass


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the watchdog still works
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def spawn(config: dict[str, Any]) -> subprocess.Popen[bytes]:
    command = [
        config["soffice"],
        f"-env:UserInstallation={config['profile']}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        "--nofirststartwizard",
        f"--accept=pipe,name={config['pipe']};urp;StarOffice.ComponentContext",
    ]
    env = {**os.environ, "SAL_ENABLE_FILE_LOCKING": "1"}
    if config.get("preload"):  # an allocator for the office only (see _warm.allocator)
        env["LD_PRELOAD"] = " ".join(filter(None, (config["preload"], env.get("LD_PRELOAD"))))
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=sys.stderr,
        stderr=sys.stderr,
        env=env,
        preexec_fn=_die_with_parent,
    )


def connect(config: dict[str, Any]) -> Any:
    """The office's component context, once it answers; starting it (again) as needed."""
    global _office
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={config['pipe']};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + float(config["start_timeout"])
    _office = spawn(config)
    while True:
        try:
            return resolver.resolve(url)
        except Exception as e:  # NoConnectException until the office listens
            code = _office.poll()
            if code == RESTART:
                _office = spawn(config)
            elif code is not None:
                raise RuntimeError(f"soffice.bin exited with status {code} at start") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"LibreOffice did not answer in time: {e}") from None
            time.sleep(0.05)


# What a conversion never needs, switched off in the office's profile: word completion
# collects every word of every document in idle time (~8 % of the office's work per PDF).
QUIET = {
    "/org.openoffice.Office.Writer/AutoFunction/Completion": {
        "Enable": False,
        "CollectWords": False,
    },
}


def quieten(manager: Any, context: Any) -> None:
    provider = manager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context
    )
    for path, values in QUIET.items():
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess", (prop("nodepath", path),)
        )
        for name, value in values.items():
            access.setPropertyValue(name, value)
        access.commitChanges()


def cleanup(config: dict[str, Any], work_dir: str | None) -> None:
    """End LibreOffice (reaped: no zombie), remove its pipe and, if given, the work directory."""
    if _office is not None and _office.poll() is None:
        _office.kill()
    if _office is not None:
        _office.wait()
    # osl puts the pipe's socket in /tmp (owner-only) and leaves it behind when killed
    Path(f"/tmp/OSL_PIPE_{os.getuid()}_{config['pipe']}").unlink(missing_ok=True)
    if work_dir:
        shutil.rmtree(work_dir, ignore_errors=True)


def watch_parent(parent: int, config: dict[str, Any]) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    cleanup(config, config["work_dir"])
    os._exit(0)


def main() -> None:
    global _out_fd
    config = json.loads(sys.argv[1])
    _out_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints go to the log, not into the frames
    parent = int(config["parent"])
    if os.getppid() != parent:  # the parent died before we got here
        return
    threading.Thread(target=watch_parent, args=(parent, config), daemon=True).start()
    filter_data = tuple(prop(k, v) for k, v in config["filter_data"].items())
    store = (
        prop("FilterName", PDF_FILTER),
        prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", filter_data)),
    )
    try:
        context = connect(config)
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        quieten(manager, context)
    except Exception as e:
        send(b"F", str(e).encode())
        cleanup(config, None)
        return
    assert _office is not None
    send(b"R", json.dumps({"office_pid": _office.pid}).encode())

    # One hidden frame (LibreOffice's window) serves every document, without its user interface:
    # a frame per document comes with a status bar (which recounts the document's words on
    # every update), toolbars and a sidebar, a good part of the office's work per PDF, for
    # nothing anyone sees.
    frames: list[Any] = []

    def frame() -> Any:
        if not frames:
            made = desktop.findFrame("_blank", 0)
            made.LayoutManager = None  # no bars, no sidebar: nothing to lay out or update
            frames.append(made)
        return frames[0]

    def convert(data: bytes) -> bytes:
        stream = manager.createInstanceWithArgumentsAndContext(
            "com.sun.star.io.SequenceInputStream", (uno.ByteSequence(data),), context
        )
        load = (
            prop("InputStream", stream),
            prop("FilterName", DOCX_FILTER),
            prop("Hidden", True),
            prop("ReadOnly", True),
        )
        window = frame()
        try:
            document = window.loadComponentFromURL("private:stream", "_self", 0, load)
        except Exception:
            frames.clear()  # whatever state it is in, the next document gets a fresh frame
            with contextlib.suppress(Exception):
                window.dispose()
            raise
        if document is None:
            raise ValueError("LibreOffice could not read the document")
        try:
            out = Collect()
            document.storeToURL("private:stream", (*store, prop("OutputStream", out)))
            return b"".join(out.parts)
        finally:
            # detached first: closing a document that has a frame would close the frame too
            window.setComponent(None, None)
            document.close(True)

    asked = False
    with contextlib.suppress(OSError):  # the converter closed our pipes
        asked = serve(desktop, convert)
    # Asked to quit, the converter replaces or stops us: its profile may serve the next office.
    # Stdin closed without asking: the parent is gone (its pipes close before the kernel
    # reparents us, so getppid cannot tell yet), and nobody else will clean up.
    if asked and _office is not None and _office.poll() is None:
        # an orderly exit leaves the profile whole for the next office; a hung office is
        # killed by the converter meanwhile, which ends this call
        with contextlib.suppress(Exception):
            desktop.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            _office.wait(3)
    cleanup(config, None if asked else config["work_dir"])


def serve(desktop: Any, convert: Any) -> bool:
    """Answer requests until asked to quit (True) or stdin closes (False)."""
    assert _office is not None
    while (request := receive()) is not None:
        kind, payload = request
        if kind == b"Q":
            return True
        try:
            if kind == b"C":
                send(b"K", convert(payload))
            elif kind == b"P":
                send(b"K", str(desktop.getFrames().getCount()).encode())
            else:
                send(b"E", f"unknown request {kind!r}".encode())
        except Exception as e:
            # pyuno names the class "com.sun.star.lang.DisposedException": the connection is
            # gone, which the kernel shows before the process is a reapable zombie
            dead = type(e).__name__.endswith("DisposedException") or _office.poll() is not None
            send(b"D" if dead else b"E", f"{type(e).__name__}: {e}".encode())
            if dead:
                return True  # the converter sees D and replaces us
    return False


if __name__ == "__main__":
    main()
