"""The e-seal policy: with an e-seal configured (`Options.eseal`), an approved version's
rendered DOCX is sealed by the service and kept as its container of record; a draft is never
sealed; without one, containers are made unsigned."""

from roles import sign
from roles.services.errors import Invalid, Unavailable
from roles.services.options import Options
from roles.services.slots import slot

RETRY_AFTER = 30  # seconds to wait after a failed seal (OCSP or TSA out of reach)

Files = list[tuple[str, bytes, str]]


def configured(options: Options) -> bool:
    return options.eseal is not None


def sealed(options: Options, files: Files) -> bytes:
    """The files in a container sealed with the service's e-seal."""
    eseal = options.eseal
    if eseal is None:
        raise Unavailable("no e-seal is configured")
    with slot():
        try:
            seal = sign.Seal.from_p12(eseal.p12, eseal.password or "")
            return sign.seal(files, seal)
        except sign.SealError as e:  # the seal itself is unusable: no retry helps
            raise Invalid([], f"the e-seal cannot be used: {e}") from e
        except sign.SigningError as e:
            raise Unavailable(f"the e-seal could not be made: {e}", RETRY_AFTER) from e
