"""/api/audit and /api/municipalities/{municipality}/audit"""

from litestar import Controller, get
from litestar.params import FromPath, FromQuery

from roles.api.controllers._http import WS, Me, PageNumber, PerPage
from roles.api.errors import READ
from roles.services import audit


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
    ) -> audit.AuditPage:
        """Who changed what in the municipality, newest first; filter by entity kind and id
        (`?kind=position&entity=voru-sts`). Admins and the municipality's HR."""
        return audit.of_municipality(ws, caller, municipality, kind, entity, page, per_page)

    @get("/audit", sync_to_thread=False, raises=READ)
    def all_audit(
        self,
        ws: WS,
        caller: Me,
        kind: FromQuery[str | None] = None,
        entity: FromQuery[str | None] = None,
        page: PageNumber = 1,
        per_page: PerPage = 50,
    ) -> audit.AuditPage:
        """Every entry, accounts included (admins)."""
        return audit.everything(ws, caller, kind, entity, page, per_page)
