"""libdigidocpp in worker processes, so it can neither stall nor grow the server.

libdigidocpp holds the interpreter lock for the whole of a call (an .asice of 60 000 entries
held it for 11 minutes) and allocates as the container asks. Every call therefore runs in a
worker process (spawned, never forked from a threaded server) with an address-space limit
(RLIMIT_AS) and a time-out: a call that runs over is killed with its worker, the caller gets
`EngineTimeout`, and the next call gets a fresh worker. Waiting on a worker releases the
interpreter lock, so the server keeps answering meanwhile.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import traceback
from multiprocessing.connection import Connection
from typing import Any

from roles.sign.errors import LibraryRefused, SigningError
from roles.sign.settings import EngineSettings

_CONTEXT = multiprocessing.get_context("spawn")
_STARTUP = 60.0  # seconds a new worker may take to import and configure libdigidocpp


class EngineTimeout(SigningError):
    """libdigidocpp took longer than allowed; its worker was stopped."""


class EngineCrashed(SigningError):
    """The worker died (out of memory, or libdigidocpp crashed); the next call gets a new one."""


def _serve(connection: Connection, settings: EngineSettings) -> None:  # pragma: no cover
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (settings.memory_bytes, settings.memory_bytes))
    try:
        from roles.sign import _digidoc

        _digidoc.configure(settings)
    except BaseException as error:  # tell the parent why, then stop
        connection.send(("error", SigningError(f"the signing engine did not start: {error}")))
        return
    connection.send(("ready", None))
    while True:
        try:
            operation, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            run: Any = _digidoc.OPERATIONS[operation]
            connection.send(("ok", run(*args)))
        except _digidoc.DigidocError as error:
            connection.send(("refused", str(error)))
        except MemoryError:
            connection.send(("fatal", "the signing engine ran out of memory"))
            return
        except Exception as error:  # anything else: reported, never lost
            detail = "".join(traceback.format_exception_only(error)).strip()
            connection.send(("error", SigningError(f"the signing engine failed: {detail}")))


class _Worker:
    def __init__(self, settings: EngineSettings) -> None:
        self.connection, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=_serve, args=(child, settings), daemon=True, name="roles-digidoc"
        )
        self.process.start()
        child.close()
        try:
            kind, value = self._receive(_STARTUP)
        except SigningError:
            self.stop()
            raise
        if kind != "ready":
            self.stop()
            raise value if isinstance(value, SigningError) else SigningError(str(value))

    def _receive(self, timeout: float) -> tuple[str, Any]:
        try:
            if not self.connection.poll(timeout):
                raise EngineTimeout(f"the signing engine did not answer within {timeout:g} s")
            kind, value = self.connection.recv()
        except (EOFError, OSError):
            raise EngineCrashed("the signing engine stopped (out of memory or crashed)") from None
        return str(kind), value

    def call(self, operation: str, args: tuple[Any, ...], timeout: float) -> tuple[str, Any]:
        try:
            self.connection.send((operation, args))
        except (OSError, ValueError):
            raise EngineCrashed("the signing engine stopped (out of memory or crashed)") from None
        return self._receive(timeout)

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        with contextlib.suppress(OSError):
            self.connection.close()


class Pool:
    """Up to `settings.workers` workers, each serving one call at a time; callers beyond that
    wait for a free one."""

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self._free = threading.BoundedSemaphore(max(1, settings.workers))
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def call(self, operation: str, *args: Any, timeout: float | None = None) -> Any:
        """The operation's result; libdigidocpp's refusals raise LibraryRefused."""
        limit = self.settings.timeout if timeout is None else timeout
        with self._free:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None or not worker.process.is_alive():
                worker = _Worker(self.settings)
            try:
                kind, value = worker.call(operation, args, limit)
            except SigningError:
                worker.stop()
                raise
            if kind == "fatal":
                worker.stop()
                raise EngineCrashed(str(value))
            with self._lock:
                self._idle.append(worker)
        if kind == "refused":
            raise LibraryRefused(str(value))
        if kind == "error":
            raise value if isinstance(value, Exception) else SigningError(str(value))
        return value

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()
