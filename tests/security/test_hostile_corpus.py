"""The hostile-input corpus fed to every entrance of a running service (issue 14, "Done when").

One `roles serve` process (SQLite in a temporary folder) takes every file of the corpus
(`hostile_corpus`: at least 40) at every entrance that takes its kind — the API, the pages'
upload forms (multipart, with the session's CSRF token) and the command line (run in this
process, on the service's database); the API's JSON entrances get hostile bodies. For each:

- a clear refusal: 4xx with a reason (the command line: a non-zero exit with a message and no
  traceback) within 5 s of processor time (the machine may be busy with other work: the wall
  clock only bounds a hang); verifying a container may instead answer its report, never "valid";
  the import page answers every file with its reason beside it (200, as for a batch in part
  readable);
- the server's memory (its process and its children: the signing worker) grows < 200 MB;
- /health answers, within 2 s, all the while;
- nothing is stored: the registries export as before, the import queue, the container of record
  and the acknowledgements are as they were.

The entrances are warmed once with a good file first, so the memory measured is what the
hostile file costs, not a module loaded for the first time.
"""

from __future__ import annotations

import functools
import io
import os
import re
import socket
import subprocess
import sys
import threading
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from roles import store
from roles.cli import main as cli
from roles.config import settings
from roles.domain import limits
from roles.services import registry_files

from ..api.factories import PASSWORD, populate
from . import hostile_corpus
from .hostile_corpus import Hostile

pytestmark = pytest.mark.slow

M = "/m/tamme"
VERSION = "/api/municipalities/tamme/positions/tamme-spets/versions/1"
ASICE = {"Content-Type": "application/vnd.etsi.asic-e+zip"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECONDS = 5.0  # processor time of the server (or of the command) per request
HANG = 60.0  # wall clock: the machine may be busy with other work, but never this long
GROWTH = 200 * 2**20
HEALTH_SECONDS = 2.0
LOG = os.environ.get("HOSTILE_LOG")
GOOD_DOCUMENT = (
    "AMETIJUHEND\n\nAmetikoht: lastekaitsespetsialist\nStruktuuriüksus: lastekaitse\n\n"
    "1. Ametikoha eesmärk\n1.1. Laste heaolu tagamine vallas.\n"
).encode()


# --- the service ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree(pid: int) -> Iterator[int]:
    """A process and its children (the signing worker), theirs too."""
    yield pid
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                yield from _tree(int(child))
    except OSError:
        pass


def _rss(pid: int) -> int:
    """Resident memory of a process and its children, in bytes."""
    total = 0
    for each in _tree(pid):
        try:
            found = re.search(r"^VmRSS:\s+(\d+) kB", Path(f"/proc/{each}/status").read_text(), re.M)
        except OSError:
            continue
        total += int(found.group(1)) * 1024 if found else 0
    return total


def _cpu(pid: int) -> float:
    """Processor seconds a process and its children have used: what a request costs, however
    busy the machine is with other work (the wall clock is only a bound against hangs)."""
    total = 0
    for each in _tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Session:
    """A logged-in page session: cookies and the CSRF token its forms carry."""

    client: httpx.Client
    csrf: str


@dataclass
class Service:
    url: str
    pid: int
    env: dict[str, str]
    tokens: dict[str, str]
    revision: int = -1  # the municipality's, as a preview of a workbook tells it
    sessions: dict[str, Session] = field(default_factory=dict)

    # one client each for the API and for /health: a client made per request costs more
    # than most refusals (its TLS context)
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))
    health: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=HEALTH_SECONDS))

    def api(self, user: str, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[user]}", **kw.pop("headers", {})}
        return self.http.request(method, self.url + path, headers=headers, **kw)

    def page(self, user: str, path: str, files: dict[str, Any], **fields: str) -> httpx.Response:
        session = self.sessions[user]
        data = {"_csrf": session.csrf, **fields}
        return session.client.post(path, data=data, files=files, timeout=30)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'roles.db'}"
    engine = store.create(url)
    store.upgrade(engine)
    tokens = populate(engine)
    engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "ROLES_DATA_DIR": str(folder),
        "ROLES_DATABASE_URL": url,
        "ROLES_PORT": str(port),
        "ROLES_SECRET_KEY": "hostile-corpus-secret-hostile-corpus-secret",
        "ROLES_SECURE_COOKIES": "0",
        "ROLES_PDF_WARM": "0",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "roles.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the service did not start")
            time.sleep(0.2)
        running = Service(base, server.pid, env, tokens)
        for user in ("hr", "employee"):
            client = httpx.Client(base_url=base, timeout=30)
            login = client.post("/api/auth/login", json={"name": user, "password": PASSWORD})
            assert login.status_code == 200, login.text
            running.sessions[user] = Session(client, login.json()["csrf_token"])
        yield running
        clients = [running.http, running.health, *(s.client for s in running.sessions.values())]
        for client in clients:
            client.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


# --- watching one request ------------------------------------------------------------------------


@dataclass
class Watched:
    seconds: float = 0.0  # processor time of the server, or of this thread for a command
    wall: float = 0.0
    growth: int = 0
    health: list[str] = field(default_factory=list)  # what went wrong with /health


def watch(service: Service, act: Callable[[], Any]) -> tuple[Any, Watched]:
    """`act()` while /health is asked and the server's memory sampled, every 50 ms."""
    seen = Watched()
    before = _rss(service.pid)
    peak = before
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss(service.pid))
            began = time.monotonic()
            try:
                status = service.health.get(service.url + "/health").status_code
                if status != 200:
                    seen.health.append(f"status {status}")
            except httpx.HTTPError as error:
                late = time.monotonic() - began
                seen.health.append(f"{type(error).__name__} after {late:.1f} s")
            done.wait(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    began, server, mine = time.monotonic(), _cpu(service.pid), time.thread_time()
    try:
        result = act()
    finally:
        seen.wall = time.monotonic() - began
        seen.seconds = max(_cpu(service.pid) - server, time.thread_time() - mine)
        done.set()
        poller.join(timeout=10)
    seen.growth = max(peak, _rss(service.pid)) - before
    return result, seen


# --- the entrances -------------------------------------------------------------------------------

Answer = tuple[str, bool]  # what it said (for the failure message), whether it is a clear refusal


def _refused(r: httpx.Response) -> Answer:
    said = f"{r.status_code} {r.text[:300]}"
    clear = 400 <= r.status_code < 500 and "Traceback" not in r.text and bool(r.text.strip())
    return said, clear


def _verified(r: httpx.Response) -> Answer:
    """POST /api/verify may answer the container's report: then it must not be valid."""
    if r.status_code == 200:
        status = r.json()["status"]
        return f"200 report {status}", status != "valid"
    return _refused(r)


def _page_verified(r: httpx.Response) -> Answer:
    """The verification page may show the container's report: never headed "kehtiv"."""
    if r.status_code == 200:
        valid = "Konteiner: kehtiv</h2>" in r.text
        return "200 report", not valid and "Traceback" not in r.text
    return _refused(r)


def _listed(name: str) -> Callable[[httpx.Response], Answer]:
    """The import page answers an upload with each unreadable file named with its reason."""

    def check(r: httpx.Response) -> Answer:
        if r.status_code == 200:
            return "200 page", f"{name}:" in r.text and "Traceback" not in r.text
        return _refused(r)

    return check


def entrances(service: Service, item: Hostile, tmp: Path) -> dict[str, Callable[[], Answer]]:
    """Every entrance that takes a file of `item`'s kind, each as a call that feeds it."""
    name, data = item.name, item.data
    path = tmp / name
    path.write_bytes(data)
    hr, employee = "hr", "employee"
    if item.kind == "registry":
        return {
            "page /m/tamme/registry": lambda: _refused(
                service.page(hr, f"{M}/registry", {"file": (name, data)})
            ),
            "roles load": lambda: _cli(service, ["load", str(path)]),
        }
    if item.kind == "document":
        return {
            "page /m/tamme/import": lambda: _listed(name)(
                service.page(hr, f"{M}/import", {"files": (name, data)})
            ),
            "roles import-document --load": lambda: _cli(
                service, ["import-document", str(path), "--municipality", "tamme", "--load"]
            ),
        }
    if item.kind == "workbook":
        sheets = "/api/municipalities/tamme/sheets"
        typed = {"Content-Type": XLSX}
        return {
            "POST …/sheets/preview": lambda: _refused(
                service.api(hr, "POST", f"{sheets}/preview", content=data, headers=typed)
            ),
            "POST …/sheets/import": lambda: _refused(
                service.api(
                    hr,
                    "POST",
                    f"{sheets}/import?revision={service.revision}",
                    content=data,
                    headers=typed,
                )
            ),
            "page /m/tamme/sheets": lambda: _refused(
                service.page(hr, f"{M}/sheets", {"file": (name, data)}, op="preview")
            ),
            "roles sheets import": lambda: _cli(
                service, ["sheets", "import", str(path), "--municipality", "tamme"]
            ),
        }
    if item.kind == "container":
        return {
            "POST /api/verify": lambda: _verified(
                service.api(employee, "POST", "/api/verify", content=data, headers=ASICE)
            ),
            "POST …/signed-container": lambda: _refused(
                service.api(
                    employee, "POST", f"{VERSION}/signed-container", content=data, headers=ASICE
                )
            ),
            "page /verify": lambda: _page_verified(
                service.page(employee, "/verify", {"file": (name, data)})
            ),
            "page /me/signed": lambda: _refused(
                service.page(employee, "/me/signed/tamme/tamme-spets/1", {"file": (name, data)})
            ),
            "roles verify": lambda: _cli(service, ["verify", str(path)]),
        }
    raise AssertionError(item.kind)


def _cli(service: Service, args: list[str]) -> Answer:
    """The command run in this process against the service's database: a non-zero exit
    with a message, by SystemExit (click's own errors included), never another exception."""
    with pytest.MonkeyPatch.context() as patch:
        for key in ("ROLES_DATA_DIR", "ROLES_DATABASE_URL", "ROLES_SECRET_KEY"):
            patch.setenv(key, service.env[key])
        settings.cache_clear()
        try:
            result = CliRunner().invoke(cli, args)
        finally:
            settings.cache_clear()
    said = f"exit {result.exit_code}: {result.output[-300:]}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        return f"{said}\n{trace}", False
    clear = (
        result.exit_code != 0 and bool(result.output.strip()) and "Traceback" not in result.output
    )
    return said, clear


def judged(where: str, said: str, clear: bool, seen: Watched) -> list[str]:
    """What is wrong with one answer, each as a line of the failure message."""
    wrong = [] if clear else [f"{where}: not a clear refusal: {said}"]
    if seen.seconds > SECONDS or seen.wall > HANG:
        wrong.append(f"{where}: {seen.seconds:.1f} s ({seen.wall:.1f} s by the clock)")
    if seen.growth > GROWTH:
        wrong.append(f"{where}: the server grew {seen.growth / 2**20:.0f} MB")
    if seen.health:
        wrong.append(f"{where}: /health failed: {seen.health[:3]}")
    if LOG:  # HOSTILE_LOG=FILE: every answer with its cost, to see where the time goes
        with open(LOG, "a") as log:
            log.write(f"{where}: {seen.seconds:.2f} s {seen.wall:.2f} s {seen.growth >> 20} MB\n")
    return wrong


# --- what is stored ------------------------------------------------------------------------------


def stored(service: Service) -> tuple[Any, ...]:
    """What a hostile file must leave as it was."""
    export = service.sessions["hr"].client.get(f"{M}/registry/tamme.yaml").content
    municipalities = service.api("admin", "GET", "/api/municipalities").json()
    return export, municipalities


KEPT = ("the container of record", "the acknowledgements", "the import queue")


def kept(service: Service) -> tuple[Any, ...]:
    """What is checked once at the end: the container of record, the acknowledgements and the
    import queue."""
    container = service.api("employee", "GET", f"{VERSION}/document.asice").content
    with zipfile.ZipFile(io.BytesIO(container)) as opened:  # made anew, with the time, if unsealed
        record = {i.filename: opened.read(i) for i in opened.infolist()}
    acks = service.api("hr", "GET", f"{VERSION}/acknowledgements").json()
    queue = service.sessions["hr"].client.get(f"{M}/import").text
    return record, acks, "lastekaitsespetsialist" in queue


# --- the test ------------------------------------------------------------------------------------


def corpus(service: Service) -> list[Hostile]:
    export = service.api("hr", "GET", "/api/municipalities/tamme/sheets/export.xlsx")
    assert export.status_code == 200, export.text
    record = service.api("employee", "GET", f"{VERSION}/document.asice")
    assert record.status_code == 200, record.text
    return [
        *hostile_corpus.registries(limits.REGISTRY["positions"], registry_files.MAX_BYTES),
        *hostile_corpus.documents(),
        *hostile_corpus.workbooks(export.content),
        *hostile_corpus.containers(record.content),
    ]


def warm(service: Service, tmp: Path) -> None:
    """Each entrance once with a good file: modules loaded, caches filled; and an import
    queue of one readable document, which no hostile upload may take away."""
    hr = service.sessions["hr"]
    export = hr.client.get(f"{M}/registry/tamme.yaml")
    assert export.status_code == 200
    good = service.page("hr", f"{M}/registry", {"file": ("tamme.yaml", export.content)})
    assert good.status_code == 200, good.text[:500]
    queued = service.page("hr", f"{M}/import", {"files": ("ametijuhend.txt", GOOD_DOCUMENT)})
    assert queued.status_code == 200 and "lastekaitsespetsialist" in queued.text
    workbook = service.api("hr", "GET", "/api/municipalities/tamme/sheets/export.xlsx").content
    preview = service.api(
        "hr", "POST", "/api/municipalities/tamme/sheets/preview", content=workbook
    )
    assert preview.status_code == 200, preview.text
    service.revision = preview.json()["revision"]
    good = tmp / "ametijuhend.txt"
    good.write_bytes(GOOD_DOCUMENT)
    said, _ = _cli(service, ["import-document", str(good), "--municipality", "tamme"])
    assert said.startswith("exit 0"), said
    record = service.api("employee", "GET", f"{VERSION}/document.asice").content
    assert service.api("employee", "POST", "/api/verify", content=record).status_code == 200


def test_every_hostile_file_is_refused_at_every_entrance(service: Service, tmp_path: Path) -> None:
    items = corpus(service)
    assert len(items) >= 40
    assert {i.kind for i in items} == {"registry", "document", "workbook", "container"}
    warm(service, tmp_path)
    before, before_kept = stored(service), kept(service)
    assert before_kept[2], "the warm-up's document waits in the import queue"
    wrong: list[str] = []
    for item in items:
        for entrance, feed in entrances(service, item, tmp_path).items():
            (said, clear), seen = watch(service, feed)
            wrong += judged(f"{item.name} at {entrance}", said, clear, seen)
        if stored(service) != before:
            wrong.append(f"{item.name}: something was stored")
            before = stored(service)
    after_kept = kept(service)
    for what, was, now in zip(KEPT, before_kept, after_kept, strict=True):
        if was != now:
            wrong.append(f"{what} changed")
    assert not wrong, "\n".join(wrong)


def test_every_hostile_json_body_is_refused(service: Service) -> None:
    position = service.api("hr", "GET", hostile_corpus.POSITION)
    assert position.status_code == 200
    before = stored(service)
    wrong: list[str] = []
    cases = list(hostile_corpus.json_bodies(position.content))
    assert len(cases) >= 10
    for item, method, path in cases:
        etag = service.api("hr", "GET", hostile_corpus.POSITION).headers["etag"]
        headers = {"Content-Type": "application/json", "If-Match": etag}
        feed = functools.partial(
            service.api, "hr", method, path, content=item.data, headers=headers
        )
        (said, clear), seen = watch(service, lambda feed=feed: _refused(feed()))
        wrong += judged(item.name, said, clear, seen)
    assert stored(service) == before
    assert not wrong, "\n".join(wrong)
