"""A checked archive to read from: `zipfile.ZipFile`, read-only, over bytes that passed
`inspect`."""

from __future__ import annotations

import io
import zipfile
from typing import IO, Any

from roles.archive._inspect import Inventory, inspect
from roles.archive._limits import Limits


class CheckedArchive(zipfile.ZipFile):
    """Reads are bounded: `zipfile` never returns more than an entry's declared size, and
    `inspect` proved every declared size to be the real one and within the limits, so
    `read`/`open` give exactly what was checked. Writing is refused."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.inventory: Inventory = inspect(data, limits)
        self.data = bytes(data)
        super().__init__(io.BytesIO(self.data))

    def open(
        self,
        name: str | zipfile.ZipInfo,
        mode: str = "r",
        pwd: bytes | None = None,
        **kwargs: Any,
    ) -> IO[bytes]:
        if mode != "r":
            raise ValueError("a checked archive is read-only")
        return super().open(name, "r", pwd)


def open_checked(data: bytes, limits: Limits) -> CheckedArchive:
    """The archive after every check passed; raises ArchiveRefused otherwise."""
    return CheckedArchive(data, limits)
