"""The mail round inside the service (`roles serve --with-scheduler`): a background task of
the server's event loop.

Every `tick` seconds it sends what the outbox has due (retries after an outage come out within
a tick of their back-off); once a day, on its first tick of the day, it runs the whole round
(`reminders.run`: what is due is queued, then sent). Rounds run in a worker thread, never on the
event loop; a round that fails is logged and the next tick tries again, so the task never dies
of a mail server that is down. With several workers each has its task: the outbox's keys and
claims make sure every message is still queued and sent once.
"""

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable

from roles.services import reminders
from roles.services.workspace import Workspace

log = logging.getLogger("roles.mail")


class MailScheduler:
    def __init__(
        self,
        ws: Workspace,
        config: reminders.MailConfig,
        *,
        tick: float = 300.0,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        if not 0.01 <= tick <= 86_400:
            raise ValueError("the scheduler's tick must be 0.01 s – 1 day")
        self.ws, self.config, self.tick, self.clock = ws, config, tick, clock
        self.last_day: dt.date | None = None  # the day of the last whole round
        self.rounds = 0
        self._task: asyncio.Task[None] | None = None

    def round(self) -> reminders.Report:
        """One tick's work: the whole round on a new day, else what the outbox has due."""
        now = self.clock()
        if self.last_day != now.date():
            report = reminders.run(self.ws, self.config, now=now)
            self.last_day = now.date()
        else:
            report = reminders.Report()
            reminders.send_due(self.ws, self.config, now, report)
        self.rounds += 1
        if report.sent or report.deferred or report.failed:
            log.info(
                "mail: sent %d, deferred %d, failed %d",
                len(report.sent),
                len(report.deferred),
                len(report.failed),
            )
        return report

    async def _loop(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.round)
            except Exception:  # keep going: the next tick tries again
                log.exception("mail round failed")
            await asyncio.sleep(self.tick)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="roles-mail-scheduler")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
