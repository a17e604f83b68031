"""Configuration, read once from environment variables (all optional; see the README).

Only the server and the command line read it; they hand what the layers below need to them
as arguments. The templates and seeds default to the ones the package carries
(`roles/templates`, `roles/seeds`: in a checkout, links to the repository's own folders).
"""

import contextlib
import os
import secrets
import tempfile
from functools import cache
from pathlib import Path

import msgspec

from roles import sign
from roles.mail import SmtpSettings
from roles.render import PdfSettings
from roles.services.options import Options
from roles.services.reminders import MailConfig
from roles.sign import sk

PACKAGE = Path(__file__).resolve().parent


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str  # ROLES_DATABASE_URL: a SQLAlchemy URL; SQLite file by default
    seeds_dir: Path  # ROLES_SEEDS_DIR: registry files loaded into an empty database on serve
    templates_dir: Path  # ROLES_TEMPLATES_DIR: DOCX and page templates
    host: str  # ROLES_HOST
    port: int  # ROLES_PORT
    workers: int  # ROLES_WORKERS: server processes
    data_dir: Path  # ROLES_DATA_DIR: the SQLite file and the generated secret key (./var)
    secret_key: str | None  # ROLES_SECRET_KEY; None: a random key kept in data_dir (`secret`)
    seals_dir: Path | None  # ROLES_SEALS_DIR: `<agency-or-municipality-id>.p12` + `.password`
    tsa_url: str | None  # ROLES_TSA_URL: timestamping service for signatures
    trust_dir: Path | None  # ROLES_TRUST_DIR: PEM files of trusted CA, OCSP and TSA certificates
    secure_cookies: bool = True  # ROLES_SECURE_COOKIES=0: cookies over plain HTTP too (local)
    smtp_url: str | None = None  # ROLES_SMTP_URL: smtp[s]://user:password@host:port (mail)
    mail_from: str | None = None  # ROLES_MAIL_FROM: the sender's address
    public_url: str | None = None  # ROLES_PUBLIC_URL: the service as people reach it, for links
    mail_scheduler: bool = False  # ROLES_MAIL_SCHEDULER=1 (serve --with-scheduler): mail rounds
    mail_tick: float = 300.0  # ROLES_MAIL_TICK: seconds between the scheduler's outbox rounds
    soffice: str = "soffice"  # ROLES_SOFFICE: LibreOffice (a name on PATH or a path)
    uno_python: str = "/usr/bin/python3"  # ROLES_UNO_PYTHON: a Python importing `uno`
    pdf_timeout: float = 30.0  # ROLES_PDF_TIMEOUT: seconds one PDF may take
    pdf_queue: int = 8  # ROLES_PDF_QUEUE: PDFs that may wait per worker (beyond: 503)
    pdf_warm: bool = True  # ROLES_PDF_WARM=0: a cold soffice per PDF, no warm LibreOffice
    smartid: sk.SmartIdSettings | None = None  # ROLES_SMARTID_*: without them, not offered
    mobileid: sk.MobileIdSettings | None = None  # ROLES_MOBILEID_*: without them, not offered


SECRET_FILE = "secret_key"
SECRET_BYTES = 32


def secret(config: Settings) -> str:
    """The key sessions are keyed with: ROLES_SECRET_KEY, or else the random key kept in
    `data_dir/secret_key`, made on first use (mode 0600, atomically: every worker that races
    to make it ends up reading the one that won)."""
    if config.secret_key:
        return config.secret_key
    path = config.data_dir / SECRET_FILE
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    config.data_dir.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".secret-", dir=config.data_dir)  # mode 0600
    try:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(SECRET_BYTES) + "\n")
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):  # another worker's key came first: use it
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    value = path.read_text().strip()
    if len(value) < SECRET_BYTES:
        raise RuntimeError(f"{path}: the secret key is too short; delete the file or fix it")
    return value


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


def _optional_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


class ConfigError(ValueError):
    """An environment variable holds what it may not; the message names it."""


def _number(name: str, default: float, kind: type[float] | type[int]) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        found = kind(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r}: expected a number") from None
    if found <= 0:
        raise ConfigError(f"{name}={value!r}: must be above 0")
    return found


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={value!r}: expected 1 or 0")
def _connection(prefix: str) -> sk.Connection | None:
    """SK's relying-party connection from `<prefix>_URL`, `_RP_UUID`, `_RP_NAME` and its pin:
    `_CERTIFICATES` (a PEM file of SK's server certificates or their CA) and/or `_PINNED_KEYS`
    (comma-separated base64 SHA-256 of the server's public key). None without `_URL`."""
    url = os.environ.get(f"{prefix}_URL")
    if not url:
        return None
    certificates = _optional_path(f"{prefix}_CERTIFICATES")
    try:
        pem = certificates.read_text(encoding="ascii") if certificates else None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{prefix}_CERTIFICATES: cannot read {certificates}: {e}") from e
    pins = tuple(p.strip() for p in os.environ.get(f"{prefix}_PINNED_KEYS", "").split(",") if p)
    connection = sk.Connection(
        base_url=url,
        relying_party_uuid=os.environ.get(f"{prefix}_RP_UUID", ""),
        relying_party_name=os.environ.get(f"{prefix}_RP_NAME", ""),
        trusted_certificates=pem,
        pinned_keys=pins,
    )
    problems = connection.problems()
    if problems:
        raise ConfigError(f"{prefix}_*: " + "; ".join(problems))
    return connection


def _smartid() -> sk.SmartIdSettings | None:
    connection = _connection("ROLES_SMARTID")
    if connection is None:
        return None
    scheme = os.environ.get("ROLES_SMARTID_SCHEME", "smart-id")  # smart-id-demo in SK's demo
    return sk.SmartIdSettings(connection=connection, scheme_name=scheme)


def _mobileid() -> sk.MobileIdSettings | None:
    connection = _connection("ROLES_MOBILEID")
    return None if connection is None else sk.MobileIdSettings(connection=connection)


def from_environment() -> Settings:
    data_dir = _path("ROLES_DATA_DIR", Path.cwd() / "var")
    return Settings(
        database_url=os.environ.get("ROLES_DATABASE_URL") or f"sqlite:///{data_dir / 'roles.db'}",
        seeds_dir=_path("ROLES_SEEDS_DIR", PACKAGE / "seeds"),
        templates_dir=_path("ROLES_TEMPLATES_DIR", PACKAGE / "templates"),
        host=os.environ.get("ROLES_HOST", "127.0.0.1"),
        port=int(os.environ.get("ROLES_PORT", "8000")),
        workers=int(os.environ.get("ROLES_WORKERS", "1")),
        data_dir=data_dir,
        secret_key=os.environ.get("ROLES_SECRET_KEY") or None,
        seals_dir=_optional_path("ROLES_SEALS_DIR"),
        tsa_url=os.environ.get("ROLES_TSA_URL"),
        trust_dir=_optional_path("ROLES_TRUST_DIR"),
        secure_cookies=os.environ.get("ROLES_SECURE_COOKIES", "1") not in ("0", "false", "no"),
        smtp_url=os.environ.get("ROLES_SMTP_URL") or None,
        mail_from=os.environ.get("ROLES_MAIL_FROM") or None,
        public_url=os.environ.get("ROLES_PUBLIC_URL") or None,
        mail_scheduler=os.environ.get("ROLES_MAIL_SCHEDULER", "") in ("1", "true", "yes"),
        mail_tick=float(os.environ.get("ROLES_MAIL_TICK") or 300),
        soffice=os.environ.get("ROLES_SOFFICE") or "soffice",
        uno_python=os.environ.get("ROLES_UNO_PYTHON") or "/usr/bin/python3",
        pdf_timeout=_number("ROLES_PDF_TIMEOUT", 30.0, float),
        pdf_queue=int(_number("ROLES_PDF_QUEUE", 8, int)),
        pdf_warm=_flag("ROLES_PDF_WARM", True),
        smartid=_smartid(),
        mobileid=_mobileid(),
    )


@cache
def settings() -> Settings:
    return from_environment()


def seals(config: Settings) -> dict[str, sign.Seal]:
    """The seals in ROLES_SEALS_DIR (none without it). Raises ConfigError naming the
    file that cannot be read: a service with a broken seal does not start."""
    if config.seals_dir is None:
        return {}
    if not config.seals_dir.is_dir():
        raise ConfigError(f"ROLES_SEALS_DIR: {config.seals_dir} is not a directory")
    try:
        return sign.load_seals(config.seals_dir)
    except sign.SealError as e:
        raise ConfigError(f"ROLES_SEALS_DIR: {e}") from e


def service_options(config: Settings) -> Options:
    """What the services are told of the settings."""
    return Options(
        templates_dir=config.templates_dir,
        seals=seals(config),
        smartid=config.smartid,
        mobileid=config.mobileid,
    )


def pdf_settings(config: Settings) -> PdfSettings:
    """How each worker's PDF converter runs."""
    return PdfSettings(
        soffice=config.soffice,
        python=config.uno_python,
        timeout=config.pdf_timeout,
        queue_size=config.pdf_queue,
        warm=config.pdf_warm,
    )


def configure_signing(config: Settings) -> None:
    """The signing engine's trust and timestamping service, once per process; the engine's
    defaults (the Estonian trust, no TSA) when the settings name neither."""
    if config.trust_dir is not None or config.tsa_url is not None:
        sign.configure(config.trust_dir, config.tsa_url)


def mail_config(config: Settings) -> MailConfig:
    """The mail settings as the reminder service takes them; ValueError says what is wrong
    (never the password). Without ROLES_SMTP_URL, `smtp` is None: nothing can be sent."""
    smtp = None if config.smtp_url is None else SmtpSettings.from_url(config.smtp_url)
    sender = config.mail_from or f"roles@{config.host if config.host != '0.0.0.0' else 'localhost'}"
    public = config.public_url or f"http://{config.host}:{config.port}"
    if not public.startswith(("http://", "https://")):
        raise ValueError("ROLES_PUBLIC_URL must start with http:// or https://")
    return MailConfig(smtp=smtp, sender=sender, public_url=public)
