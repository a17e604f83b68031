"""Pure types and rules of the registry: no framework, no database, no I/O."""

from roles.domain.checker import Checker, check
from roles.domain.model import *  # noqa: F403 - the package is the model's public face
from roles.domain.model import __all__ as _model_all
from roles.domain.problem import Problem
from roles.domain.versions import current_description, in_force, takes_effect

__all__ = [
    *_model_all,
    "Checker",
    "Problem",
    "check",
    "current_description",
    "in_force",
    "takes_effect",
]
