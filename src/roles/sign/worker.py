"""libdigidocpp in worker processes, so it can neither stall nor grow the server.

libdigidocpp holds the interpreter lock for the whole of a call (an .asice of 60 000 entries
held it for 11 minutes) and allocates as the container asks. Every call therefore runs in a
worker process (spawned, never forked from a threaded server) with an address-space limit
(RLIMIT_AS) and a time-out: a call that runs over is killed with its worker, the caller gets
`EngineTimeout`, and the next call gets a fresh worker. Waiting on a worker releases the
interpreter lock, so the server keeps answering meanwhile.
"""

from __future__ import annotations

import atexit
import contextlib
import socket
import subprocess
import sys
import threading
import weakref
from multiprocessing.connection import Connection
from typing import Any

from roles.sign.errors import LibraryRefused, SigningError
from roles.sign.settings import EngineSettings

_STARTUP = 60.0  # seconds a new worker may take to import and configure libdigidocpp


class EngineTimeout(SigningError):
    """libdigidocpp took longer than allowed; its worker was stopped."""


class EngineCrashed(SigningError):
    """The worker died (out of memory, or libdigidocpp crashed); the next call gets a new one."""


class _Worker:
    def __init__(self, settings: EngineSettings) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "roles.sign._serve", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        self.connection = Connection(ours.detach())
        try:
            self.connection.send(settings)
            kind, value = self._receive(_STARTUP)
        except SigningError:
            self.stop()
            raise
        if kind != "ready":
            self.stop()
            raise value if isinstance(value, SigningError) else SigningError(str(value))

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

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
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
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
        self._closed = False
        _pools.add(self)

    def call(self, operation: str, *args: Any, timeout: float | None = None) -> Any:
        """The operation's result; libdigidocpp's refusals raise LibraryRefused."""
        limit = self.settings.timeout if timeout is None else timeout
        if not self._free.acquire(timeout=limit):
            raise EngineTimeout(f"the signing engine stayed busy for {limit:g} s; try again")
        try:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is not None and not worker.alive():
                worker.stop()
                worker = None
            if worker is None:
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
                if self._closed:  # replaced by a new configuration meanwhile
                    worker.stop()
                else:
                    self._idle.append(worker)
        finally:
            self._free.release()
        if kind == "refused":
            raise LibraryRefused(str(value))
        if kind == "error":
            raise value if isinstance(value, Exception) else SigningError(str(value))
        return value

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


_pools: weakref.WeakSet[Pool] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:  # workers end with the server
    for pool in list(_pools):
        pool.close()
