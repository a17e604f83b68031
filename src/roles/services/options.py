"""What the services are told by whoever runs them (the server, the command line): where the
document templates are, which e-seal to use, the PDF converter. Never read from the
environment here."""

from dataclasses import dataclass
from pathlib import Path

from roles.render import PdfConverter


@dataclass(frozen=True)
class ESeal:
    """The service's own e-seal: a PKCS#12 file and its password."""

    p12: Path
    password: str | None = None


@dataclass(frozen=True)
class Options:
    templates_dir: Path | None = None  # None: the templates `roles.render` ships with
    eseal: ESeal | None = None  # None: containers are made unsigned, never sealed
    # The process's PDF converter (warm LibreOffice; started and stopped by the server).
    # None: a cold soffice per document (the command line).
    pdf: PdfConverter | None = None
