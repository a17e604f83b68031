"""Server-rendered pages for HR staff, managers and employees, in the API's Litestar app.

`ROUTER` holds every page and the static files; `app.create_app` registers it. Pages call the
API's services (`roles.api.services`) with the caller from the session cookie, so they show and
change exactly what the API would let that caller see and change.
"""

from litestar import Router
from litestar.static_files import create_static_files_router

from roles.web.base import PAGE_ERRORS, STATIC
from roles.web.coverage import CoveragePages
from roles.web.editor import EditorPages
from roles.web.files import FilePages
from roles.web.me import MyPages
from roles.web.pages import AccountPages, MunicipalityPages

ROUTER = Router(
    path="/",
    route_handlers=[
        AccountPages,
        MunicipalityPages,
        CoveragePages,
        EditorPages,
        MyPages,
        FilePages,
        create_static_files_router(path="/static", directories=[STATIC], include_in_schema=False),
    ],
    exception_handlers=PAGE_ERRORS,
    include_in_schema=False,
)

__all__ = ["ROUTER"]
