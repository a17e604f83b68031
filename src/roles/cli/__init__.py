"""The `roles` command. Each group of subcommands lives in its own module and is added here."""

import click

from roles import __version__
from roles.config import ConfigError


class _Commands(click.Group):
    """The command group: a setting that cannot work is a one-line error, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ConfigError as error:
            raise click.ClickException(f"configuration: {error}") from None


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="roles")
def main() -> None:
    """roles: municipal positions, job descriptions and substitution chains.

    Configuration comes from ROLES_* environment variables (see the README).
    """


# Subcommands: one import and add_command per module, in the order `roles --help` lists them.
from roles.cli import registry_cmds  # noqa: E402

main.add_command(registry_cmds.load)
main.add_command(registry_cmds.export)
main.add_command(registry_cmds.db)
main.add_command(registry_cmds.serve)

from roles.cli import coverage_cmds  # noqa: E402

main.add_command(coverage_cmds.check_cmd)
main.add_command(coverage_cmds.who_acts_cmd)
main.add_command(coverage_cmds.calendar_cmd)

from roles.cli import import_cmd  # noqa: E402

main.add_command(import_cmd.import_document_cmd)

from roles.cli import render_cmd  # noqa: E402

main.add_command(render_cmd.render)

from roles.cli import user_cmds  # noqa: E402

main.add_command(user_cmds.user)
main.add_command(user_cmds.token)

from roles.cli import sign_cmds  # noqa: E402

main.add_command(sign_cmds.verify)
main.add_command(sign_cmds.seal)

from roles.cli import ack_cmds  # noqa: E402

main.add_command(ack_cmds.acknowledgements)
main.add_command(ack_cmds.housekeeping)

from roles.cli import mail_cmds  # noqa: E402

main.add_command(mail_cmds.remind)
main.add_command(mail_cmds.mail_group)

from roles.cli import hr_cmds  # noqa: E402

main.add_command(hr_cmds.sheets_group)
main.add_command(hr_cmds.establishment)
