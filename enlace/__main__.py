"""The ``enlace`` command: Django's manage.py with the settings preset.

Why a console script instead of manage.py: operators on air-gapped servers get one
command on their PATH (``enlace web``, ``enlace worker``, ``enlace audit verify``).

Settings: ``DJANGO_SETTINGS_MODULE`` when set (production sets
``enlace.config.settings.production``); otherwise ``ENLACE_ENV`` (``dev`` or ``production``);
otherwise development, so that ``make run`` shows the demo without configuration.
"""

import os
import sys

ENVIRONMENTS = {"dev": "enlace.config.settings.dev", "production": "enlace.config.settings.production"}


def main() -> None:
    env = os.environ.get("ENLACE_ENV", "dev")
    if env not in ENVIRONMENTS:
        sys.exit(f"ENLACE_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", ENVIRONMENTS[env])
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
