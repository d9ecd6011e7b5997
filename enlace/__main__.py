"""The ``enlace`` command: Django's manage.py with the settings preset.

Why a console script instead of manage.py: operators on air-gapped servers get one
command on their PATH (``enlace serve``, ``enlace audit verify``) that cannot be run
against the wrong settings module by accident.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
