"""`python -m roles.cli` runs the `roles` command."""

from roles.cli import main

main()
