#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
    # Without a secret this is a developer's checkout: run the embedded defaults. Production
    # always sets SECRET_KEY, and the web and worker processes never take this path, so a
    # missing secret there still stops them at start-up.
    if not os.environ.get("SECRET_KEY") and not os.environ.get("SECRET_KEY_FILE"):
        os.environ.setdefault("SANCTUARY_EMBEDDED", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
