"""The headers and cookie settings SECURITY.md points at: a strict Content Security Policy,
no sniffing, no framing, a same-origin referrer, HSTS over HTTPS, and production cookies that
only travel over HTTPS and stay out of scripts."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def test_pages_carry_a_strict_content_security_policy_and_browser_headers(db, client):
    response = client.get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# The production defaults (the tests run embedded, over plain HTTP).
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_PRELOAD=True)
def test_https_answers_carry_strict_transport_security(db, client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_production_cookies_are_secure_http_only_and_passwords_slow_to_guess():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.DEBUG, s.PASSWORD_HASHERS[0]]))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"SANCTUARY_EMBEDDED", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "sanctuary.settings", "SECRET_KEY": "s" * 60},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(result.stdout) == [
        True,
        True,
        True,
        "Lax",
        True,
        31536000,
        False,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
