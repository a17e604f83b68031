"""The signing engine's runtime: libdigidocpp in worker processes (`worker.py`), set up once per
process by `configure` (trust, TSA, OCSP, the workers' bounds) and called through `call`.

Until `configure` is called the defaults apply: the Estonian trust of `esteid-certificates`, no
TSA. Calling it again with other settings replaces the workers. `engine` (which makes
signatures) and `verify` (which checks them) both stand on this module.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from roles.sign.container import ContainerError, check_container
from roles.sign.errors import LibraryRefused
from roles.sign.settings import EngineSettings, GiB, estonian_trust, trust_from_directory
from roles.sign.worker import Pool

_lock = threading.Lock()
_active: tuple[EngineSettings, Pool] | None = None


def configure(
    trust_dir: Path | None = None,
    tsa_url: str | None = None,
    ocsp_urls: dict[str, str] | None = None,
    *,
    proxy: str | None = None,
    timeout: float = 60.0,
    memory_bytes: int = GiB // 2,
    workers: int = 2,
) -> EngineSettings:
    """Sets the engine up for this process. `trust_dir`: PEM files of the trusted CAs, OCSP
    responders and TSAs, instead of the Estonian default. Again with the same settings is a
    no-op; with others, the workers are replaced."""
    global _active
    wanted = EngineSettings(
        trust=trust_from_directory(trust_dir) if trust_dir else estonian_trust(),
        trust_dir=trust_dir,
        tsa_url=tsa_url,
        ocsp_urls=tuple(sorted((ocsp_urls or {}).items())),
        proxy=proxy,
        timeout=timeout,
        memory_bytes=memory_bytes,
        workers=workers,
    )
    with _lock:
        if _active is not None:
            if _active[0] == wanted:
                return wanted
            _active[1].close()
        _active = (wanted, Pool(wanted))
        return wanted


def _engine() -> tuple[EngineSettings, Pool]:
    if _active is None:
        configure()
    assert _active is not None
    return _active


def settings() -> EngineSettings:
    return _engine()[0]


def call(operation: str, *args: Any, timeout: float | None = None) -> Any:
    return _engine()[1].call(operation, *args, timeout=timeout)


def libdigidocpp_problems(container: bytes) -> dict[str, list[str]]:
    """libdigidocpp's own verdict: signature id -> its error messages (empty when valid).
    The container must have passed `check_container`."""
    try:
        problems: dict[str, list[str]] = call("problems", container)
    except LibraryRefused as error:
        raise ContainerError.of("library", detail=str(error)) from None
    return problems


def describe(container: bytes) -> list[dict[str, Any]]:
    """What libdigidocpp reads in each signature: id, profile, roles, timestamps."""
    check_container(container)
    described: list[dict[str, Any]] = call("describe", container)
    return described
