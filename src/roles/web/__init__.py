"""Server-rendered pages for HR staff, managers and employees.

`router(templates_dir)` holds every page and the static files; `roles.server` mounts it beside
the API. Pages call `roles.services` with the caller of the session cookie, so they show and
change exactly what the API would let that caller see and change. Every handler gets its
`Page` (language, caller, workspace, templates) from a dependency: the caller comes from the
callers the worker has met or, in a worker thread, from the database; never a blocking read on
the event loop.
"""

from pathlib import Path
from typing import Any

from litestar import Request, Router
from litestar.di import NamedDependency, Provide
from litestar.static_files import create_static_files_router

from roles.services import auth
from roles.services.errors import NotAuthenticated
from roles.services.workspace import Workspace
from roles.web.account import AccountPage
from roles.web.coverage import CoveragePages
from roles.web.editor import EditorPages
from roles.web.errors import handlers
from roles.web.files import FilePages
from roles.web.hr import HrPages, SubscriptionPages
from roles.web.library import LibraryPages, SearchPages
from roles.web.me import MyPages
from roles.web.organisation import OrganisationPages
from roles.web.page import Page, environment
from roles.web.pages import AccountPages, MunicipalityPages
from roles.web.people import PeoplePages
from roles.web.position_edit import PositionEditPages
from roles.web.rules import RulePages
from roles.web.signing import SigningPages
from roles.web.users import UsersPages

STATIC = Path(__file__).parent / "static"


def router(templates_dir: Path) -> Router:
    """Every page, served from the page templates in `templates_dir / "pages"`."""
    env = environment(templates_dir / "pages")

    async def page(request: Request[Any, Any, Any], ws: NamedDependency[Workspace]) -> Page:
        """The page of a logged-in caller; NotAuthenticated (→ the login page) without one.
        The same look-up as the API's (`auth.identify`): a caller this worker has met answers
        from memory while the accounts' revision is the one it was read at."""
        cookie = request.cookies.get(auth.SESSION_COOKIE)
        if not cookie:
            raise NotAuthenticated("log in")
        committed = await ws.committed()
        caller = await auth.identify(
            ws, request.app.state.secret, committed, authorization=None, cookie=cookie
        )
        request.state.caller = caller  # for an error page's menu
        return Page(request, caller, ws, env)

    def visitor(request: Request[Any, Any, Any], ws: NamedDependency[Workspace]) -> Page:
        """The page of someone not logged in (the login form)."""
        return Page(request, None, ws, env)

    return Router(
        path="/",
        route_handlers=[
            AccountPages,
            AccountPage,
            MunicipalityPages,
            CoveragePages,
            EditorPages,
            MyPages,
            SigningPages,
            FilePages,
            OrganisationPages,
            PositionEditPages,
            RulePages,
            PeoplePages,
            LibraryPages,
            SearchPages,
            HrPages,
            SubscriptionPages,
            UsersPages,
            create_static_files_router(
                path="/static", directories=[STATIC], include_in_schema=False
            ),
        ],
        dependencies={
            "page": Provide(page),
            "visitor": Provide(visitor, sync_to_thread=False),
        },
        exception_handlers=handlers(env),
        include_in_schema=False,
    )


def error_handlers(templates_dir: Path) -> Any:
    """The pages' exception handlers: what `roles.server` answers a browser with when it
    navigates to an API address (a download link) and the answer is an error."""
    return handlers(environment(templates_dir / "pages"))


__all__ = ["error_handlers", "router"]
