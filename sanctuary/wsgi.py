import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
application = get_wsgi_application()

# A web process that could not store an upload must not start (sanctuary/checks.py).
from sanctuary.checks import require_writable_storage  # noqa: E402

require_writable_storage()
