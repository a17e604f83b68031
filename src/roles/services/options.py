"""What the services are told by whoever runs them (the server, the command line): where the
document templates are and which e-seal to use. Never read from the environment here."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ESeal:
    """The service's own e-seal: a PKCS#12 file and its password."""

    p12: Path
    password: str | None = None


@dataclass(frozen=True)
class Options:
    templates_dir: Path | None = None  # None: the templates `roles.render` ships with
    eseal: ESeal | None = None  # None: containers are made unsigned, never sealed
