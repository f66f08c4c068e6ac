"""Test settings: the real settings with a fast password hasher and mail kept in memory.

The database, cache and broker still come from the environment, so CI runs the suite
against PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SANCTUARY_EMBEDDED", "1")
# The suite makes thousands of API requests from one address, and the cache (Redis in CI)
# outlives each test; tests/test_api_core.py proves the limits at a rate of its own.
os.environ.setdefault("SANCTUARY_API_ANON_RATE", "100000/minute")
os.environ.setdefault("SANCTUARY_API_USER_RATE", "100000/minute")

from sanctuary.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SECURE_SSL_REDIRECT = False
SANCTUARY_REQUIRE_MFA = True
# Everything a test process writes is its own: pytest-xdist runs one process per worker
# (gw0, gw1, ...) and pytest-django gives each its own test database; the upload folders and
# the cache keys (Redis in CI, shared by every worker) carry the worker's name and process id,
# so workers, and test runs side by side, never see each other's files or counters.
TEST_PROCESS = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / TEST_PROCESS  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private" / TEST_PROCESS  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
_cache = CACHES["default"]  # noqa: F405
_cache["KEY_PREFIX"] = f"{_cache.get('KEY_PREFIX', 'sanctuary')}-test-{TEST_PROCESS}"
# A fake at the edge of the world: it finds the EICAR test string, as a real scanner would.
SANCTUARY_UPLOAD_SCANNER = "tests.fakes.eicar_scanner"
# Tests run tasks in-process unless a test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
