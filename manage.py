#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Like cookiecutter-django's manage.py (local settings) beside wsgi.py
    # (production settings): commands run on a developer's machine default to
    # DEBUG, so `manage.py extract_claims FILE` works with no environment.
    # The web server (wsgi/asgi) and Celery workers keep DEBUG off and refuse
    # to start without SECRET_KEY; production sets DEBUG=0 for commands too.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
