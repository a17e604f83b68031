"""What the services are told by whoever runs them (the server, the command line): where the
document templates are, each agency's or municipality's e-seal, the Smart-ID and Mobile-ID
relying-party settings and the PDF converter. Never read from the environment here."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from roles import sign
from roles.render import PdfConverter
from roles.sign import sk


@dataclass(frozen=True)
class Options:
    templates_dir: Path | None = None  # None: the templates `roles.render` ships with
    # Seals by owner: an agency's or municipality's id → its e-seal (`sign.load_seals`). A
    # document is sealed with its agency's, else its municipality's; without either, never.
    seals: Mapping[str, sign.Seal] = field(default_factory=dict)
    smartid: sk.SmartIdSettings | None = None  # None: Smart-ID is not offered
    mobileid: sk.MobileIdSettings | None = None  # None: Mobile-ID is not offered
    # The process's PDF converter (warm LibreOffice; started and stopped by the server).
    # None: a cold soffice per document (the command line).
    pdf: PdfConverter | None = None
