"""Pure types and rules of the registry: no framework, no database, no I/O."""

from roles.domain.model import *  # noqa: F403 - the package is the model's public face
from roles.domain.model import __all__ as _model_all
from roles.domain.rules import Problem, check

# isort: split
# After the model: `model` imports `establishment` part-way through its own definitions.
from roles.domain.establishment import (
    Act,
    ActKind,
    Establishment,
    EstablishmentPost,
    EstablishmentUnit,
)

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
