"""/api/audit and /api/municipalities/{municipality}/audit"""

from litestar import Controller, get
from litestar.params import FromPath, FromQuery

from roles.api import audit, schemas
from roles.api.controllers._http import WS, Me, PageNumber, PerPage
from roles.api.errors import READ, not_found
from roles.api.services import common


class AuditController(Controller):
    path = "/api"
    tags = ("audit",)

    @get("/municipalities/{municipality:str}/audit", sync_to_thread=False, raises=READ)
    def municipality_audit(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        kind: FromQuery[str | None] = None,
        entity: FromQuery[str | None] = None,
        page: PageNumber = 1,
        per_page: PerPage = 50,
    ) -> schemas.AuditPage:
        """Who changed what in the municipality, newest first; filter by entity kind and id
        (`?kind=position&entity=voru-sts`). Admins and the municipality's HR."""
        snap, view = common.visible(ws, caller, municipality)
        if not view.everything:
            raise not_found("municipality", municipality)
        with ws.sessions() as session:
            return audit.read(session, snap.id, kind, entity, page, per_page)

    @get("/audit", sync_to_thread=False, raises=READ)
    def all_audit(
        self,
        ws: WS,
        caller: Me,
        kind: FromQuery[str | None] = None,
        entity: FromQuery[str | None] = None,
        page: PageNumber = 1,
        per_page: PerPage = 50,
    ) -> schemas.AuditPage:
        """Every entry, accounts included (admins)."""
        if not common.is_admin(caller):
            raise not_found("audit log", "")
        with ws.sessions() as session:
            return audit.read(session, None, kind, entity, page, per_page)
