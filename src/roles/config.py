"""Configuration, read once from environment variables (all optional; see the README).

Only the server and the command line read it; they hand what the layers below need to them
as arguments. The templates and seeds default to the ones the package carries
(`roles/templates`, `roles/seeds`: in a checkout, links to the repository's own folders).
"""

import os
from functools import cache
from pathlib import Path

import msgspec

from roles import sign
from roles.services.options import Options
from roles.sign import sk

PACKAGE = Path(__file__).resolve().parent


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str  # ROLES_DATABASE_URL: a SQLAlchemy URL; SQLite file by default
    seeds_dir: Path  # ROLES_SEEDS_DIR: registry files loaded into an empty database on serve
    templates_dir: Path  # ROLES_TEMPLATES_DIR: DOCX and page templates
    host: str  # ROLES_HOST
    port: int  # ROLES_PORT
    workers: int  # ROLES_WORKERS: server processes
    secret_key: str  # ROLES_SECRET_KEY: signs session cookies; set it in production
    seals_dir: Path | None  # ROLES_SEALS_DIR: `<agency-or-municipality-id>.p12` + `.password`
    tsa_url: str | None  # ROLES_TSA_URL: timestamping service for signatures
    trust_dir: Path | None  # ROLES_TRUST_DIR: PEM files of trusted CA, OCSP and TSA certificates
    secure_cookies: bool = False  # ROLES_SECURE_COOKIES=1: cookies only over HTTPS
    smartid: sk.SmartIdSettings | None = None  # ROLES_SMARTID_*: without them, not offered
    mobileid: sk.MobileIdSettings | None = None  # ROLES_MOBILEID_*: without them, not offered


class ConfigurationError(ValueError):
    """A setting that cannot work; the message names the variable."""


DEV_SECRET = "dev-only-secret-change-me-in-production!"


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


def _optional_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


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
        raise ConfigurationError(f"{prefix}_CERTIFICATES: cannot read {certificates}: {e}") from e
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
        raise ConfigurationError(f"{prefix}_*: " + "; ".join(problems))
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
        secret_key=os.environ.get("ROLES_SECRET_KEY", DEV_SECRET),
        seals_dir=_optional_path("ROLES_SEALS_DIR"),
        tsa_url=os.environ.get("ROLES_TSA_URL"),
        trust_dir=_optional_path("ROLES_TRUST_DIR"),
        secure_cookies=os.environ.get("ROLES_SECURE_COOKIES", "") in ("1", "true", "yes"),
        smartid=_smartid(),
        mobileid=_mobileid(),
    )


@cache
def settings() -> Settings:
    return from_environment()


def seals(config: Settings) -> dict[str, sign.Seal]:
    """The seals in ROLES_SEALS_DIR (none without it). Raises ConfigurationError naming the
    file that cannot be read: a service with a broken seal does not start."""
    if config.seals_dir is None:
        return {}
    if not config.seals_dir.is_dir():
        raise ConfigurationError(f"ROLES_SEALS_DIR: {config.seals_dir} is not a directory")
    try:
        return sign.load_seals(config.seals_dir)
    except sign.SealError as e:
        raise ConfigurationError(f"ROLES_SEALS_DIR: {e}") from e


def service_options(config: Settings) -> Options:
    """What the services are told of the settings."""
    return Options(
        templates_dir=config.templates_dir,
        seals=seals(config),
        smartid=config.smartid,
        mobileid=config.mobileid,
    )


def configure_signing(config: Settings) -> None:
    """The signing engine's trust (the Estonian default unless ROLES_TRUST_DIR names one) and
    timestamping service, once per process."""
    sign.configure(config.trust_dir, config.tsa_url)
