import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
application = get_wsgi_application()

# A web process that could not store an upload must not start (sanctuary/checks.py).
from sanctuary.checks import require_writable_storage  # noqa: E402

require_writable_storage()

# What loading made (modules, URL patterns, settings) lives as long as the process: out of the
# collector's full passes, which otherwise walk all of it now and then in the middle of a
# request (on the review page such a pass took about 170 ms, and half that with this).
gc.freeze()
