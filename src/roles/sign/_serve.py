"""The signing worker's main: `python -m roles.sign._serve FD`, FD one end of a socket pair.

A clean interpreter (not a fork of the threaded server, and without re-running the server's
main module as multiprocessing's spawn would): it limits its own address space, sets
libdigidocpp up with the settings it is sent, then answers one call at a time."""

from __future__ import annotations

import resource
import sys
import traceback
from multiprocessing.connection import Connection
from typing import Any

from roles.sign.errors import SigningError


def serve(connection: Connection) -> None:
    settings = connection.recv()
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


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])))
