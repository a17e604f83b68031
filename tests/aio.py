"""Running a coroutine from a test, whatever the test ran before it."""

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_apart(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`asyncio.run` on a thread of its own. Playwright's sync API keeps an event loop running
    on the main thread of a worker that ran a browser test, where `asyncio.run` refuses; the
    coroutine is made on that thread too, so a refusal cannot leave one never awaited."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()
