"""Pure types and rules of the registry: no framework, no database, no I/O."""

from collections.abc import Collection

from roles.domain import rules as _rules
from roles.domain.model import *  # noqa: F403 - the package is the model's public face
from roles.domain.model import Registry as _Registry
from roles.domain.model import __all__ as _model_all
from roles.domain.rules import Problem

# isort: split
# After the model: `model` imports `establishment` part-way through its own definitions.
from roles.domain import establishment as _establishment
from roles.domain.establishment import (
    Act,
    ActKind,
    Establishment,
    EstablishmentPost,
    EstablishmentUnit,
)


def check(registry: _Registry, layouts: Collection[str] | None = None) -> list[Problem]:
    """Every problem of a decoded registry (`rules.check`, then the staff establishment's,
    which live apart because they name rules' Problem); empty when it may be stored."""
    return [*_rules.check(registry, layouts), *_establishment.check(registry)]


__all__ = [
    *_model_all,
    "Act",
    "ActKind",
    "Establishment",
    "EstablishmentPost",
    "EstablishmentUnit",
    "Problem",
    "check",
]
