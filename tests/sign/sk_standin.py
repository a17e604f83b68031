"""A local stand-in for SK's Smart-ID RP API v3 and Mobile-ID REST API, over HTTPS on 127.0.0.1,
in a process of its own (pydigidoc holds the interpreter lock in the tests' process).

Run as `python sk_standin.py CONFIG.json`; prints the port, serves until killed. It checks every
request against SK's documented shapes (400 for a wrong one, 401 for a wrong relying party),
issues the configured test accounts' certificates and signs digests with their keys, as the
phone would. What the person does is scripted through `POST /_control/scenario`:

    running_polls      status polls answered RUNNING before a session ends (default 0)
    certificate_result end result of a certificate choice (default OK)
    signature_result   end result of a signature (default OK), e.g. USER_REFUSED, TIMEOUT
    result_details     Smart-ID `result.details`, e.g. {"interaction": "displayTextAndPIN"}
    sign_with          personal code of another account whose key signs instead
    answer_cert_of     personal code whose certificate a Smart-ID signature's answer carries
    certificate_level  Smart-ID certificate level in answers (default QUALIFIED)
    http_status        status every API request is answered with (e.g. 580, 401)

`POST /_app/scan {"link", "personal_code"}` is the Smart-ID app scanning a QR code: the link's
authCode is checked as SK's server would. `GET /_control/sessions/ID` tells what the phone shows
(verification code, display text); `GET /_control/requests` counts the API requests received.

One file over the usual size on purpose: it runs as a script in its own process, importing
nothing from the project, so both APIs and their scripting live together.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import ssl
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

HASHES = {"SHA-256": hashes.SHA256(), "SHA-384": hashes.SHA384(), "SHA-512": hashes.SHA512()}
PKCS1 = {
    "sha256WithRSAEncryption": "SHA-256",
    "sha384WithRSAEncryption": "SHA-384",
    "sha512WithRSAEncryption": "SHA-512",
}
MID_HASHES = {"SHA256": "SHA-256", "SHA384": "SHA-384", "SHA512": "SHA-512"}
HOLD = 0.05  # seconds a scripted RUNNING answer waits, standing in for a long poll


class BadRequest(Exception):
    pass


@dataclass
class Account:
    personal_code: str
    phone: str | None
    service: str
    cert: x509.Certificate
    key: Any
    document_number: str

    @property
    def cert_b64(self) -> str:
        return base64.b64encode(self.cert.public_bytes(serialization.Encoding.DER)).decode()


@dataclass
class Session:
    service: str
    kind: str  # certificate, signature
    account: Account | None
    scenario: dict[str, Any]
    flow_type: str = "Notification"
    digest: bytes = b""
    algorithm: str = ""  # SHA-256 …
    scheme: str = ""  # pss, pkcs1, ecdsa
    interactions: list[dict[str, str]] = field(default_factory=list)
    vc: str | None = None
    display_text: str | None = None
    token: str = ""
    secret: bytes = b""
    started: float = 0.0
    callback_url: str = ""
    polls_left: int = 0
    answer: dict[str, Any] | None = None


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise BadRequest(f"{what} must be a string")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest(f"{what} is not base64") from None


def sign(key: Any, digest: bytes, algorithm: str, scheme: str) -> bytes:
    prehashed = utils.Prehashed(HASHES[algorithm])
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = utils.decode_dss_signature(key.sign(digest, ec.ECDSA(prehashed)))
        size = (key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    assert isinstance(key, rsa.RSAPrivateKey)
    if scheme == "pss":
        pss = padding.PSS(padding.MGF1(HASHES[algorithm]), len(digest))
        return key.sign(digest, pss, prehashed)
    return key.sign(digest, padding.PKCS1v15(), prehashed)


class StandIn:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.accounts = [self._account(spec) for spec in config["accounts"]]
        self.sessions: dict[str, Session] = {}
        self.scenario: dict[str, Any] = {}
        self.requests = 0
        self.changed = threading.Condition()

    @staticmethod
    def _account(spec: dict[str, Any]) -> Account:
        cert = x509.load_pem_x509_certificate(Path(spec["cert"]).read_bytes())
        key = serialization.load_pem_private_key(Path(spec["key"]).read_bytes(), None)
        return Account(
            spec["personal_code"],
            spec.get("phone"),
            spec["service"],
            cert,
            key,
            f"PNOEE-{spec['personal_code']}-MOCK-Q",
        )

    def find(self, service: str, **wanted: str | None) -> Account | None:
        for account in self.accounts:
            if account.service == service and all(
                getattr(account, k) == v for k, v in wanted.items()
            ):
                return account
        return None

    def new_session(self, session: Session) -> str:
        session.polls_left = int(session.scenario.get("running_polls", 0))
        session_id = str(uuid.uuid4())
        with self.changed:
            self.sessions[session_id] = session
        return session_id

    # --- Smart-ID --------------------------------------------------------------------------

    def check_party(self, body: dict[str, Any], section: str) -> None:
        party = self.config[section]
        if body.get("relyingPartyUUID") != party["rp_uuid"]:
            raise PermissionError("relyingPartyUUID")
        if str(body.get("relyingPartyName", "")).lower() != party["rp_name"].lower():
            raise PermissionError("relyingPartyName")

    def sid_post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.check_party(body, "smart_id")
        level = body.get("certificateLevel", "QUALIFIED")
        if level not in ("QUALIFIED", "QSCD", "ADVANCED"):
            raise BadRequest("certificateLevel")
        scenario = dict(self.scenario)
        if match := re.fullmatch(r"signature/certificate-choice/notification/etsi/(.+)", path):
            self.known(body, {"certificateLevel", "nonce", "requestProperties", "capabilities"})
            account = self.sid_person(match.group(1))
            if account is None:
                return 404, {"type": "about:blank", "title": "Not Found", "status": 404}
            session = Session("smart-id", "certificate", account, scenario)
            return 200, {"sessionID": self.new_session(session)}
        if path == "signature/certificate-choice/device-link/anonymous":
            self.known(
                body,
                {"certificateLevel", "nonce", "requestProperties", "capabilities"}
                | {"initialCallbackUrl"},
            )
            callback = body.get("initialCallbackUrl", "")
            if callback and not re.fullmatch(r"https://[^|#]+", callback):
                raise BadRequest("initialCallbackUrl")
            session = Session("smart-id", "certificate", None, scenario)
            session.token = uuid.uuid4().hex[:24]
            session.secret = hashlib.sha256(uuid.uuid4().bytes).digest()
            session.started, session.callback_url = time.monotonic(), callback
            session_id = self.new_session(session)
            return 200, {
                "sessionID": session_id,
                "sessionToken": session.token,
                "sessionSecret": b64(session.secret),
                "deviceLinkBase": self.config["smart_id"]["device_link_base"],
            }
        linked = re.fullmatch(r"signature/notification/linked/([A-Za-z0-9-]+)", path)
        document = re.fullmatch(r"signature/notification/document/([A-Za-z0-9-]+)", path)
        if linked or document:
            number = (linked or document).group(1)  # type: ignore[union-attr]
            account = next((a for a in self.accounts if a.document_number == number), None)
            if account is None or account.service != "smart-id":
                return 404, {"type": "about:blank", "title": "Not Found", "status": 404}
            extra = {"linkedSessionID"} if linked else set()
            self.known(
                body,
                {"certificateLevel", "signatureProtocol", "signatureProtocolParameters"}
                | {"interactions", "nonce", "requestProperties", "capabilities"}
                | extra,
            )
            session = Session("smart-id", "signature", account, scenario)
            self.raw_digest(body, session, linked is not None)
            if linked:
                previous = self.sessions.get(str(body.get("linkedSessionID")))
                if previous is None or previous.kind != "certificate" or previous.account is None:
                    raise BadRequest("linkedSessionID")
                if previous.account.document_number != number:
                    raise BadRequest("linkedSessionID belongs to another document")
                return 200, {"sessionID": self.new_session(session)}
            # v3: the server picks the code and tells the RP; here, from the digest as v2 did.
            session.vc = (
                f"{int.from_bytes(hashlib.sha256(session.digest).digest()[-2:], 'big') % 10000:04d}"
            )
            return 200, {
                "sessionID": self.new_session(session),
                "vc": {"type": "numeric4", "value": session.vc},
            }
        raise LookupError(path)

    def sid_person(self, identifier: str) -> Account | None:
        match = re.fullmatch(r"PNO([A-Z]{2})-([0-9]{11})", identifier)
        if not match:
            raise BadRequest("id-etsi-qcs-SemanticsId-Natural")
        return self.find("smart-id", personal_code=match.group(2))

    @staticmethod
    def known(body: dict[str, Any], optional: set[str]) -> None:
        unknown = set(body) - optional - {"relyingPartyUUID", "relyingPartyName"}
        if unknown:
            raise BadRequest(f"unknown fields {sorted(unknown)}")

    def raw_digest(self, body: dict[str, Any], session: Session, linked: bool) -> None:
        if body.get("signatureProtocol") != "RAW_DIGEST_SIGNATURE":
            raise BadRequest("signatureProtocol")
        parameters = body.get("signatureProtocolParameters")
        if not isinstance(parameters, dict):
            raise BadRequest("signatureProtocolParameters")
        session.digest = unb64(parameters.get("digest"), "digest")
        name = parameters.get("signatureAlgorithm")
        if name == "rsassa-pss":
            algorithm = (parameters.get("signatureAlgorithmParameters") or {}).get("hashAlgorithm")
            session.scheme = "pss"
        elif name in PKCS1:
            algorithm, session.scheme = PKCS1[name], "pkcs1"
        else:
            raise BadRequest("signatureAlgorithm")
        if algorithm not in HASHES or len(session.digest) != HASHES[algorithm].digest_size:
            raise BadRequest("digest does not fit hashAlgorithm")
        session.algorithm = algorithm
        allowed = {"displayTextAndPIN", "confirmationMessage"}
        if not linked:
            allowed.add("confirmationMessageAndVerificationCodeChoice")
        listed = json.loads(unb64(body.get("interactions"), "interactions"))
        if not isinstance(listed, list) or not listed:
            raise BadRequest("interactions")
        types = [item.get("type") for item in listed]
        if len(set(types)) != len(types) or not set(types) <= allowed:
            raise BadRequest(f"interactions {types}")
        for item in listed:
            text_key = "displayText60" if item["type"] == "displayTextAndPIN" else "displayText200"
            limit = 60 if text_key == "displayText60" else 200
            if set(item) != {"type", text_key} or not 0 < len(item[text_key]) <= limit:
                raise BadRequest(f"interaction {item}")
        session.interactions = listed
        session.display_text = listed[0][next(k for k in listed[0] if k != "type")]

    def scan(self, link: str, personal_code: str) -> tuple[int, dict[str, Any]]:
        """The Smart-ID app reading a device link: authCode checked as SK's server checks it."""
        unprotected, _, auth_code = link.rpartition("&authCode=")
        query = dict(parse_qsl(urlsplit(unprotected).query))
        with self.changed:
            session = next(
                (s for s in self.sessions.values() if s.token == query.get("sessionToken")), None
            )
            if session is None or session.answer is not None:
                return 400, {"error": "no such session waiting"}
            party = self.config["smart_id"]
            callback = "" if query.get("deviceLinkType") == "QR" else session.callback_url
            payload = "|".join(
                [
                    party["scheme_name"],
                    "",
                    "",
                    b64(party["rp_name"].encode()),
                    "",
                    "",
                    callback,
                    unprotected,
                ]
            ).encode()
            expected = base64.urlsafe_b64encode(
                hmac.new(session.secret, payload, hashlib.sha256).digest()
            ).rstrip(b"=")
            if not hmac.compare_digest(expected.decode(), auth_code):
                return 400, {"error": "authCode does not match"}
            if query.get("deviceLinkType") == "QR":
                elapsed = time.monotonic() - session.started
                if abs(int(query.get("elapsedSeconds", "-99")) - elapsed) > 2:
                    return 400, {"error": f"elapsedSeconds {query.get('elapsedSeconds')} is stale"}
            account = self.find("smart-id", personal_code=personal_code)
            if account is None:
                return 400, {"error": "no such account"}
            session.account, session.flow_type = account, str(query.get("deviceLinkType"))
            session.polls_left = 0
            self.changed.notify_all()
        return 200, {"scanned": True}

    def sid_complete(self, session: Session) -> dict[str, Any]:
        scenario, account = session.scenario, session.account
        assert account is not None
        key = "certificate_result" if session.kind == "certificate" else "signature_result"
        end = scenario.get(key, "OK")
        if end != "OK":
            result: dict[str, Any] = {"endResult": end}
            if "result_details" in scenario:
                result["details"] = scenario["result_details"]
            return {"state": "COMPLETE", "result": result}
        other = scenario.get("answer_cert_of") if session.kind == "signature" else None
        answer_account = self.find("smart-id", personal_code=other) or account
        cert = {
            "value": answer_account.cert_b64,
            "certificateLevel": scenario.get("certificate_level", "QUALIFIED"),
        }
        result = {"endResult": "OK", "documentNumber": account.document_number}
        if session.kind == "certificate":
            return {
                "state": "COMPLETE",
                "result": result,
                "signature": {"flowType": session.flow_type},
                "cert": cert,
                "deviceIpAddress": "203.0.113.34",  # a field the client does not know
            }
        signer = self.find("smart-id", personal_code=scenario.get("sign_with")) or account
        signature: dict[str, Any] = {
            "value": b64(sign(signer.key, session.digest, session.algorithm, session.scheme)),
            "flowType": "Notification",
        }
        if session.scheme == "pss":
            signature["signatureAlgorithm"] = "rsassa-pss"
            signature["signatureAlgorithmParameters"] = {
                "hashAlgorithm": session.algorithm,
                "maskGenAlgorithm": {
                    "algorithm": "id-mgf1",
                    "parameters": {"hashAlgorithm": session.algorithm},
                },
                "saltLength": len(session.digest),
                "trailerField": "0xbc",
            }
        else:
            signature["signatureAlgorithm"] = next(
                name for name, h in PKCS1.items() if h == session.algorithm
            )
        return {
            "state": "COMPLETE",
            "result": result,
            "signatureProtocol": "RAW_DIGEST_SIGNATURE",
            "signature": signature,
            "cert": cert,
            "interactionTypeUsed": session.interactions[0]["type"],
            "ignoredProperties": [],
        }

    # --- Mobile-ID -------------------------------------------------------------------------

    def mid_post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.check_party(body, "mobile_id")
        phone, code = body.get("phoneNumber"), body.get("nationalIdentityNumber")
        if not isinstance(phone, str) or not re.fullmatch(r"\+[0-9]{7,15}", phone):
            raise BadRequest("phoneNumber")
        if not isinstance(code, str) or not re.fullmatch(r"[0-9]{11}", code):
            raise BadRequest("nationalIdentityNumber")
        account = self.find("mobile-id", phone=phone, personal_code=code)
        if path == "certificate":
            if account is None:
                return 200, {"result": "NOT_FOUND", "time": "2026-11-29T12:00:00", "traceId": "1"}
            return 200, {"result": "OK", "cert": account.cert_b64, "time": "2026-11-29T12:00:00"}
        if path != "signature":
            raise LookupError(path)
        hash_type = body.get("hashType")
        if hash_type not in MID_HASHES:
            raise BadRequest("hashType")
        digest = unb64(body.get("hash"), "hash")
        if len(digest) != HASHES[MID_HASHES[hash_type]].digest_size:
            raise BadRequest("The length of the hash must match the type of hash")
        if body.get("language") not in ("EST", "ENG", "RUS", "LIT"):
            raise BadRequest("language")
        text, text_format = body.get("displayText", ""), body.get("displayTextFormat", "GSM-7")
        if text_format not in ("GSM-7", "UCS-2") or len(text) > (
            100 if text_format == "GSM-7" else 50
        ):
            raise BadRequest("displayText")
        session = Session("mobile-id", "signature", account, dict(self.scenario))
        session.digest, session.algorithm = digest, MID_HASHES[hash_type]
        session.display_text = text
        # What the phone shows: 6 first and 7 last bits of the hash (MID REST API 2.4.1).
        session.vc = f"{((digest[0] >> 2) << 7) | (digest[-1] & 0x7F):04d}"
        return 200, {"sessionID": self.new_session(session)}

    def mid_complete(self, session: Session) -> dict[str, Any]:
        end = session.scenario.get("signature_result", "OK")
        if session.account is None:
            end = "NOT_MID_CLIENT"
        if end != "OK":
            return {"state": "COMPLETE", "result": end, "time": "2026-11-29T12:00:00"}
        signer = (
            self.find("mobile-id", personal_code=session.scenario.get("sign_with"))
            or session.account
        )
        key_type = "EC" if isinstance(signer.key, ec.EllipticCurvePrivateKey) else "RSA"
        return {
            "state": "COMPLETE",
            "result": "OK",
            "signature": {
                "value": b64(sign(signer.key, session.digest, session.algorithm, "pkcs1")),
                "algorithm": f"{session.algorithm.replace('-', '')}With{key_type}Encryption",
            },
            "time": "2026-11-29T12:00:00",
            "traceId": "d8de38e7bb5d8f8a",
        }

    # --- both ------------------------------------------------------------------------------

    def status(self, session_id: str, timeout_ms: int) -> tuple[int, dict[str, Any]]:
        deadline = time.monotonic() + timeout_ms / 1000
        with self.changed:
            session = self.sessions.get(session_id)
            if session is None:
                return 404, {"error": "SessionID not found"}
            while session.answer is None:
                if session.account is None:  # a device link nobody has scanned yet
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return 200, {"state": "RUNNING"}
                    self.changed.wait(left)
                    continue
                if session.polls_left > 0:
                    session.polls_left -= 1
                    self.changed.wait(min(HOLD, timeout_ms / 1000))
                    return 200, {"state": "RUNNING"}
                session.answer = (
                    self.sid_complete(session)
                    if session.service == "smart-id"
                    else self.mid_complete(session)
                )
            return 200, session.answer


def serve(config: dict[str, Any]) -> None:
    app = StandIn(config)
    sid_base, mid_base = config["smart_id"]["base"], config["mobile_id"]["base"]

    class Handler(BaseHTTPRequestHandler):
        def reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def body(self) -> dict[str, Any]:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                parsed = json.loads(raw)
            except ValueError:
                raise BadRequest("not JSON") from None
            if not isinstance(parsed, dict):
                raise BadRequest("not a JSON object")
            return parsed

        def handle_api(self, method: str) -> None:
            path, _, query = self.path.partition("?")
            if path.startswith("/_control/") or path.startswith("/_app/"):
                return self.control(method, path)
            app.requests += 1
            if "http_status" in app.scenario:
                return self.reply(int(app.scenario["http_status"]), {"error": "scripted"})
            try:
                if method == "GET":
                    params = dict(parse_qsl(query))
                    timeout = int(params.get("timeoutMs", "10000"))
                    if not 1000 <= timeout <= 120_000:
                        raise BadRequest("timeoutMs")
                    if match := re.fullmatch(f"{sid_base}/session/([0-9a-f-]+)", path):
                        return self.reply(*app.status(match.group(1), timeout))
                    if match := re.fullmatch(f"{mid_base}/signature/session/([0-9a-f-]+)", path):
                        return self.reply(*app.status(match.group(1), timeout))
                    raise LookupError(path)
                if path.startswith(sid_base + "/"):
                    return self.reply(*app.sid_post(path[len(sid_base) + 1 :], self.body()))
                if path.startswith(mid_base + "/"):
                    return self.reply(*app.mid_post(path[len(mid_base) + 1 :], self.body()))
                raise LookupError(path)
            except BadRequest as error:
                self.reply(
                    400,
                    {
                        "type": "about:blank",
                        "status": 400,
                        "title": "Bad Request",
                        "detail": str(error),
                    },
                )
            except PermissionError as error:
                self.reply(401, {"error": f"Failed to authorize user: {error}"})
            except LookupError as error:
                self.reply(404, {"error": f"no such endpoint {error}"})

        def control(self, method: str, path: str) -> None:
            if path == "/_control/scenario" and method == "POST":
                app.scenario = self.body()
                return self.reply(200, app.scenario)
            if path == "/_control/requests":
                return self.reply(200, {"requests": app.requests})
            if match := re.fullmatch(r"/_control/sessions/([0-9a-f-]+)", path):
                session = app.sessions.get(match.group(1))
                if session is None:
                    return self.reply(404, {})
                return self.reply(
                    200,
                    {
                        "verification_code": session.vc,
                        "display_text": session.display_text,
                        "interactions": session.interactions,
                        "digest": b64(session.digest),
                    },
                )
            if path == "/_app/scan" and method == "POST":
                body = self.body()
                return self.reply(*app.scan(str(body["link"]), str(body["personal_code"])))
            self.reply(404, {})

        def do_GET(self) -> None:
            self.handle_api("GET")

        def do_POST(self) -> None:
            self.handle_api("POST")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(config["tls"]["cert"], config["tls"]["key"])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(json.loads(Path(sys.argv[1]).read_text()))
