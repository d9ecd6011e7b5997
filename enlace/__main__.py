"""The ``enlace`` command: Django's manage.py with the settings preset.

Why a console script instead of manage.py: operators on air-gapped servers get one
command on their PATH (``enlace serve``, ``enlace audit verify``) that cannot be run
against the wrong settings module by accident.

Why two database URLs: the application connects with ``DATABASE_URL`` as a role that may not
TRUNCATE, ALTER or disable triggers on the audit tables; commands that change the schema or the
roles (``migrate``, ``db``) connect with ``ENLACE_MIGRATE_DATABASE_URL`` as the owner when it is set.
"""

import os
import sys

OWNER_COMMANDS = {"migrate", "db", "createcachetable"}


def database_url_for(argv: list[str], environ: dict[str, str]) -> str | None:
    """The database URL this command must use: the owner's for schema commands, else the application's."""
    command = argv[1] if len(argv) > 1 else ""
    if command in OWNER_COMMANDS and environ.get("ENLACE_MIGRATE_DATABASE_URL"):
        return environ["ENLACE_MIGRATE_DATABASE_URL"]
    return environ.get("DATABASE_URL")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings.dev")
    url = database_url_for(sys.argv, dict(os.environ))
    if url:
        os.environ["DATABASE_URL"] = url
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
