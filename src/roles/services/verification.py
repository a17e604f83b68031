"""Verifying a container someone sends: the report of `roles.sign.verify`, in a signing slot."""

from roles import domain, sign
from roles.services.errors import Invalid
from roles.services.slots import slot


def verify(data: bytes, field: str = "body") -> sign.Report:
    """The verification report of an ASiC-E container; Invalid when it is empty or not one."""
    if not data:
        raise Invalid([domain.Problem(field, "send the .asice container as the request body")])
    with slot():
        try:
            return sign.verify(data)
        except sign.ContainerError as e:
            raise Invalid(
                [domain.Problem(field, f"not a readable ASiC-E container: {e}")]
            ) from None
