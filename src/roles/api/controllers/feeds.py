"""Calendar feeds: a caller makes, lists and revokes their feeds; anyone holding a feed's
secret URL reads it as iCalendar (calendar programs cannot log in), and a revoked one is 404.
Also the one-click link in digests that stops them (RFC 8058)."""

from typing import Any

import msgspec
from litestar import Controller, MediaType, Request, Response, delete, get, post
from litestar.params import FromPath, JSONBody

from roles.api.controllers._http import WS, Me
from roles.api.errors import CREATE, READ
from roles.services import feeds, mail_preferences
from roles.services.feeds import Feed, FeedIn

CALENDAR = "text/calendar; charset=utf-8"


class FeedOut(msgspec.Struct, frozen=True, kw_only=True):
    feed: Feed
    token: str  # shown once
    url: str  # subscribe to this URL: it is the feed's only key


class FeedController(Controller):
    path = "/api/feeds"
    tags = ("feeds",)

    @post("/", sync_to_thread=True, raises=CREATE, status_code=201)
    def create(
        self, ws: WS, caller: Me, data: JSONBody[FeedIn], request: Request[Any, Any, Any]
    ) -> FeedOut:
        """Make a feed: `person` (your own; HR any person they see) or `unit` (a manager's or
        HR's unit, with the units below it). The URL is shown only now: keep it secret."""
        made = feeds.create(ws, caller, data)
        url = f"{str(request.base_url).rstrip('/')}/feeds/{made.token}.ics"
        return FeedOut(feed=made.feed, token=made.token, url=url)

    @get("/", sync_to_thread=True, raises=READ)
    def list_feeds(self, ws: WS, caller: Me) -> list[Feed]:
        """Your feeds (their URLs are not kept: revoke one and make a new one if lost)."""
        return feeds.mine(ws, caller)

    @delete("/{feed:int}", sync_to_thread=True, raises=READ)
    def revoke(self, ws: WS, caller: Me, feed: FromPath[int]) -> None:
        """Revoke a feed: its URL answers 404 from now on."""
        feeds.revoke(ws, caller, feed)


@get("/feeds/{name:str}", sync_to_thread=True, include_in_schema=False)
def feed_calendar(ws: WS, name: FromPath[str], request: Request[Any, Any, Any]) -> Response[bytes]:
    """The feed behind a secret URL, as iCalendar; 404 for an unknown or revoked one."""
    token = name.removesuffix(".ics")
    body = feeds.calendar(ws, token, request.url.hostname or "localhost")
    return Response(
        body,
        media_type=CALENDAR,
        headers={"Cache-Control": "private, max-age=300", "Content-Disposition": "inline"},
    )


_DONE = (
    "<!doctype html><html lang=et><meta charset=utf-8><title>roles</title>"
    "<p lang=et>Kokkuvõtteid ja ülevaateid Sulle enam ei saadeta. Ametijuhendi "
    "meeldetuletused tulevad edasi.</p><p lang=en>You will get no more digests or summaries. "
    "Reminders of a job description to acknowledge still come.</p></html>"
)
_ASK = (
    "<!doctype html><html lang=et><meta charset=utf-8><title>roles</title>"
    "<form method=post><p lang=et>Kas lõpetada kokkuvõtete saatmine?</p>"
    "<p lang=en>Stop the digests and summaries?</p>"
    "<button>Lõpeta / Stop</button></form></html>"
)


@get("/mail/unsubscribe/{token:str}", sync_to_thread=False, include_in_schema=False)
def unsubscribe_page(token: FromPath[str]) -> Response[str]:
    """A link opened in a browser asks first (mail scanners follow links; they do not post)."""
    return Response(_ASK, media_type=MediaType.HTML)


@post(
    "/mail/unsubscribe/{token:str}", sync_to_thread=True, include_in_schema=False, status_code=200
)
def unsubscribe(ws: WS, token: FromPath[str]) -> Response[str]:
    """RFC 8058 one-click: stop digests and summaries for the link's user."""
    with ws.sessions() as session, session.begin():
        mail_preferences.unsubscribe(session, token)
    return Response(_DONE, media_type=MediaType.HTML)
