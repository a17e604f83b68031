"""Signing slots: libdigidocpp holds the interpreter lock and waits on OCSP and TSA, so every
call of it runs in a worker thread and takes one of `SIGNING_SLOTS`; a request that finds none
free within `SLOT_WAIT` seconds is refused as Busy (503 with Retry-After)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from roles.services.errors import Busy

SIGNING_SLOTS = threading.BoundedSemaphore(4)
SLOT_WAIT = 20.0  # seconds a request waits for a free slot
RETRY_AFTER = 5  # seconds a refused request is told to wait


@contextmanager
def slot() -> Iterator[None]:
    """One of the signing slots, for one libdigidocpp call."""
    if not SIGNING_SLOTS.acquire(timeout=SLOT_WAIT):
        raise Busy("signing is busy; try again shortly", retry_after=RETRY_AFTER)
    try:
        yield
    finally:
        SIGNING_SLOTS.release()
