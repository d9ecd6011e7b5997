"""The ``enlace`` command: Django's manage.py with the settings preset.

Why a console script instead of manage.py: operators on air-gapped servers get one
command on their PATH (``enlace web``, ``enlace worker``, ``enlace audit verify``) that cannot be
run against the wrong settings module by accident.

Settings: ``DJANGO_SETTINGS_MODULE`` when set (production sets
``enlace.config.settings.production``); otherwise ``ENLACE_ENV`` (``dev`` or ``production``);
otherwise development, so that ``make run`` shows the demo without configuration.

Why two database URLs: the application connects with ``DATABASE_URL`` as a role that may not
TRUNCATE, ALTER or disable triggers on the audit tables; commands that change the schema or the
roles (``migrate``, ``db``) connect with ``ENLACE_MIGRATE_DATABASE_URL`` as the owner when it is set.
"""

import os
import sys

ENVIRONMENTS = {"dev": "enlace.config.settings.dev", "production": "enlace.config.settings.production"}
OWNER_COMMANDS = {"migrate", "db", "createcachetable"}


def database_url_for(argv: list[str], environ: dict[str, str]) -> str | None:
    """The database URL this command must use: the owner's for schema commands, else the application's."""
    command = argv[1] if len(argv) > 1 else ""
    if command in OWNER_COMMANDS and environ.get("ENLACE_MIGRATE_DATABASE_URL"):
        return environ["ENLACE_MIGRATE_DATABASE_URL"]
    return environ.get("DATABASE_URL")


def main() -> None:
    env = os.environ.get("ENLACE_ENV", "dev")
    if env not in ENVIRONMENTS:
        sys.exit(f"ENLACE_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", ENVIRONMENTS[env])
    url = database_url_for(sys.argv, dict(os.environ))
    if url:
        os.environ["DATABASE_URL"] = url
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
