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
from roles.render import PdfSettings
from roles.services.options import ESeal, Options

PACKAGE = Path(__file__).resolve().parent


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str  # ROLES_DATABASE_URL: a SQLAlchemy URL; SQLite file by default
    seeds_dir: Path  # ROLES_SEEDS_DIR: registry files loaded into an empty database on serve
    templates_dir: Path  # ROLES_TEMPLATES_DIR: DOCX and page templates
    host: str  # ROLES_HOST
    port: int  # ROLES_PORT
    workers: int  # ROLES_WORKERS: server processes
    secret_key: str  # ROLES_SECRET_KEY: signs session cookies; set it in production
    eseal_p12: Path | None  # ROLES_ESEAL_P12: PKCS#12 file of the service's e-seal
    eseal_password: str | None  # ROLES_ESEAL_PASSWORD
    tsa_url: str | None  # ROLES_TSA_URL: timestamping service for signatures
    trust_dir: Path | None  # ROLES_TRUST_DIR: PEM files of trusted CA, OCSP and TSA certificates
    secure_cookies: bool = False  # ROLES_SECURE_COOKIES=1: cookies only over HTTPS
    soffice: str = "soffice"  # ROLES_SOFFICE: LibreOffice (a name on PATH or a path)
    uno_python: str = "/usr/bin/python3"  # ROLES_UNO_PYTHON: a Python importing `uno`
    pdf_timeout: float = 30.0  # ROLES_PDF_TIMEOUT: seconds one PDF may take
    pdf_queue: int = 8  # ROLES_PDF_QUEUE: PDFs that may wait per worker (beyond: 503)
    pdf_warm: bool = True  # ROLES_PDF_WARM=0: a cold soffice per PDF, no warm LibreOffice


DEV_SECRET = "dev-only-secret-change-me-in-production!"


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
        eseal_p12=_optional_path("ROLES_ESEAL_P12"),
        eseal_password=os.environ.get("ROLES_ESEAL_PASSWORD"),
        tsa_url=os.environ.get("ROLES_TSA_URL"),
        trust_dir=_optional_path("ROLES_TRUST_DIR"),
        secure_cookies=os.environ.get("ROLES_SECURE_COOKIES", "") in ("1", "true", "yes"),
        soffice=os.environ.get("ROLES_SOFFICE") or "soffice",
        uno_python=os.environ.get("ROLES_UNO_PYTHON") or "/usr/bin/python3",
        pdf_timeout=_number("ROLES_PDF_TIMEOUT", 30.0, float),
        pdf_queue=int(_number("ROLES_PDF_QUEUE", 8, int)),
        pdf_warm=_flag("ROLES_PDF_WARM", True),
    )


@cache
def settings() -> Settings:
    return from_environment()


def service_options(config: Settings) -> Options:
    """What the services are told of the settings."""
    eseal = None if config.eseal_p12 is None else ESeal(config.eseal_p12, config.eseal_password)
    return Options(templates_dir=config.templates_dir, eseal=eseal)


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
