"""roles: a registry of municipal positions, their job descriptions and substitution chains."""

__version__ = "0.1.0"
