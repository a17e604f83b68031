"""The application: `create_app(settings)` puts the API and the pages together over one
workspace. It is what `roles serve` runs in every worker (`roles.server:create_app`)."""

import dataclasses
from typing import Any

from litestar import Litestar
from litestar.di import Provide

from roles import api, config, render, store, web
from roles.services.workspace import Workspace


def create_app(
    settings: config.Settings | None = None, *, extra_handlers: list[Any] | None = None
) -> Litestar:
    """The service's application; `settings` default to the environment's."""
    settings = settings or config.settings()
    config.configure_signing(settings)
    pdf = render.PdfConverter(config.pdf_settings(settings))  # one per worker process
    options = dataclasses.replace(config.service_options(settings), pdf=pdf)
    workspace = Workspace(store.create(settings.database_url), options)

    def start_pdf() -> None:
        pdf.start(wait=False)  # LibreOffice warms up while the first requests come in

    async def dispose() -> None:
        pdf.stop()
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
        on_startup=[start_pdf],
        on_shutdown=[dispose],
    )
    app.state.workspace = workspace
    app.state.secret = settings.secret_key
    app.state.secure_cookies = settings.secure_cookies
    app.state.callers = {}
    return app
