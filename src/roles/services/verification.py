"""Verifying a container someone sends: the report of `roles.sign.verify`, in a signing slot."""

from roles import archive, domain, sign
from roles.services.errors import Invalid
from roles.services.slots import slot

# The largest container anyone may send (the archive checks' bound): an entrance's body limit,
# so that what is refused past it is refused in words by the archive checks, not by size alone.
MAX_BYTES = archive.CONTAINER.max_archive_bytes
UPLOAD_BYTES = MAX_BYTES + 2**20  # as a form's file: room for the multipart wrapping


class Unreadable(Invalid):
    """Not a readable ASiC-E container; the reason in Estonian and English for pages."""

    def __init__(self, field: str, message_et: str, message_en: str) -> None:
        super().__init__([domain.Problem(field, message_en)])
        self.message_et, self.message_en = message_et, message_en


def verify(data: bytes, field: str = "body") -> sign.Report:
    """The verification report of an ASiC-E container; Unreadable when it is empty or not
    one (the archive checks' refusals included: huge, nested, odd entries)."""
    if not data:
        raise Unreadable(
            field, "Saada .asice-konteiner.", "send the .asice container as the request body"
        )
    with slot():
        try:
            return sign.verify(data)
        except sign.ContainerError as e:
            raise Unreadable(
                field, e.message_et, f"not a readable ASiC-E container: {e.message_en}"
            ) from None
