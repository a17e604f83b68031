"""The application: `create_app(settings)` puts the API and the pages together over one
workspace. It is what `roles serve` runs in every worker (`roles.server:create_app`)."""

from typing import Any

from litestar import Litestar
from litestar.di import Provide

from roles import api, config, store, web
from roles.services.scheduler import MailScheduler
from roles.services.workspace import Workspace


def create_app(
    settings: config.Settings | None = None, *, extra_handlers: list[Any] | None = None
) -> Litestar:
    """The service's application; `settings` default to the environment's."""
    settings = settings or config.settings()
    config.configure_signing(settings)
    workspace = Workspace(store.create(settings.database_url), config.service_options(settings))

    scheduler = None
    if settings.mail_scheduler:  # roles serve --with-scheduler
        scheduler = MailScheduler(workspace, config.mail_config(settings), tick=settings.mail_tick)

    async def start() -> None:
        if scheduler is not None:
            await scheduler.start()

    async def dispose() -> None:
        if scheduler is not None:
            await scheduler.stop()
        await workspace.aclose()

    app = Litestar(
        route_handlers=[
            api.router(),
            web.router(settings.templates_dir),
            *(extra_handlers or []),
        ],
        # No parameters: Litestar then calls it without parsing anything.
        dependencies={"ws": Provide(lambda: workspace, sync_to_thread=False)},
        exception_handlers=api.HANDLERS,
        openapi_config=api.openapi(),
        on_startup=[start],
        on_shutdown=[dispose],
    )
    app.state.scheduler = scheduler
    app.state.workspace = workspace
    app.state.secret = settings.secret_key
    app.state.secure_cookies = settings.secure_cookies
    app.state.callers = {}
    return app
