"""The e-seal policy: each agency or municipality seals with its own e-seal (`Options.seals`).
An approved version's rendered DOCX and its PDF/A are sealed with the seal of the position's
agency, else of its municipality, and kept as its container of record; a draft is never sealed;
a document whose owners have no seal gets none (never another's) and its containers are made
unsigned."""

from roles import domain, sign
from roles.services.errors import Invalid, Unavailable
from roles.services.options import Options
from roles.services.slots import slot
from roles.services.snapshot import Snapshot

RETRY_AFTER = 30  # seconds to wait after a failed seal (OCSP or TSA out of reach)

Files = list[tuple[str, bytes, str]]


def owners(snap: Snapshot, position: str) -> tuple[str, ...]:
    """Whose seal a position's documents take, most specific first: its agency, its
    municipality."""
    found = snap.positions.get(position)
    unit = snap.units.get(found.unit) if found is not None else None
    agency = (unit.agency,) if unit is not None and unit.agency else ()
    return (*agency, snap.id)


def seal_of(options: Options, snap: Snapshot, position: str) -> sign.Seal | None:
    """The seal a position's documents are sealed with; None when neither its agency nor its
    municipality has one."""
    return sign.seal_for(dict(options.seals), *owners(snap, position))


def sealed(seal: sign.Seal, files: Files | bytes) -> bytes:
    """The files (or a container) sealed with `seal`, verified."""
    with slot():
        try:
            return sign.seal(files, seal)
        except sign.SealError as e:  # the seal itself is unusable: no retry helps
            raise Invalid([domain.Problem("seal", f"the e-seal cannot be used: {e}")]) from e
        except sign.SigningError as e:
            raise Unavailable(f"the e-seal could not be made: {e}", RETRY_AFTER) from e
