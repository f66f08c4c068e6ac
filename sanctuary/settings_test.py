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
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# One folder per test process, so test runs side by side never see each other's files.
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private" / str(os.getpid())  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
# A fake at the edge of the world: it finds the EICAR test string, as a real scanner would.
SANCTUARY_UPLOAD_SCANNER = "tests.fakes.eicar_scanner"
# Tests run tasks in-process unless a test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
