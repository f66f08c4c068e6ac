"""Operations: liveness and readiness, request ids and JSON logs, Sentry without personal data,
no-store on everything private, the session idle timeout, the beat heartbeat, and the API's
JSON answer to someone who still needs two-step sign-in."""

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from sanctuary import probe
from sanctuary.middleware import SessionIdleTimeoutMiddleware
from sanctuary.observability import JSONFormatter, RequestContextFilter
from tests.conftest import skip_or_fail
from tests.factories import UserFactory
from tests.test_url_walk import ROUTES, insider_for, url_for

ROOT = Path(__file__).resolve().parent.parent


# Liveness and readiness ---------------------------------------------------------------------


def test_health_is_trivial(client):
    response = client.get("/health/")
    assert (response.status_code, response.content) == (200, b"ok")


def test_ready_answers_200_when_everything_answers(db, client):
    response = client.get("/ready/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
        "failed": [],
    }
    assert response["Cache-Control"] == "no-store"


def test_ready_checks_the_broker_when_tasks_go_to_workers(db, client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "failed"
    assert response.json()["failed"] == ["broker"]


@pytest.mark.services
def test_ready_reports_a_live_broker(db, client, settings):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        skip_or_fail("CELERY_BROKER_URL should point at Redis")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/ready/")
    assert (response.status_code, response.json()["checks"]["broker"]) == (200, "ok")


def test_ready_answers_503_naming_the_storage_when_it_cannot_write(db, client, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(storages["private"], "save", refuse)
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "checks": {"database": "ok", "cache": "ok", "storage": "failed"},
        "failed": ["storage"],
    }


def test_probe_beat_follows_the_heartbeat(tmp_path, monkeypatch):
    heartbeat = tmp_path / "heartbeat"
    monkeypatch.setattr(probe, "BEAT_HEARTBEAT", heartbeat)
    assert probe.main(["probe", "beat"]) == 1
    heartbeat.touch()
    assert probe.main(["probe", "beat"]) == 0
    stale = time.time() - probe.BEAT_STALE_SECONDS - 1
    os.utime(heartbeat, (stale, stale))
    assert probe.main(["probe", "beat"]) == 1


def test_beat_scheduler_touches_the_heartbeat_on_every_tick(tmp_path, monkeypatch):
    from sanctuary.celery import HeartbeatScheduler, app

    heartbeat = tmp_path / "heartbeat"
    monkeypatch.setattr(probe, "BEAT_HEARTBEAT", heartbeat)
    scheduler = HeartbeatScheduler(app, schedule_filename=str(tmp_path / "schedule"), lazy=True)
    scheduler.setup_schedule()
    try:
        scheduler.tick()
    finally:
        scheduler.close()
    assert heartbeat.exists()
    assert app.conf.beat_scheduler == "sanctuary.celery:HeartbeatScheduler"


def test_probe_reports_an_unreachable_web():
    assert probe.probe_web("/health/", port=1) is False


# Request ids and logs -------------------------------------------------------------------------


def test_every_answer_carries_a_request_id(client):
    first, second = client.get("/health/"), client.get("/health/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_request_id_from_a_trusted_proxy_is_kept_and_a_forged_one_is_not(client, settings):
    assert client.get("/health/", HTTP_X_REQUEST_ID="abcdef123456")["X-Request-ID"] != (
        "abcdef123456"
    )
    settings.SANCTUARY_TRUSTED_PROXIES = 1
    kept = client.get("/health/", HTTP_X_REQUEST_ID="abcdef123456")
    assert kept["X-Request-ID"] == "abcdef123456"
    injected = client.get("/health/", HTTP_X_REQUEST_ID="abc\nfake log line")
    assert injected["X-Request-ID"] != "abc\nfake log line"


def test_log_lines_inside_a_request_carry_its_id_and_address(db, client, settings, monkeypatch):
    settings.SANCTUARY_TRUSTED_PROXIES = 1
    seen = []

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(json.loads(self.format(record)))

    handler = Keep()
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JSONFormatter())
    logger = logging.getLogger("sanctuary.views")
    logger.addHandler(handler)
    monkeypatch.setattr(storages["private"], "save", refuse)
    try:
        response = client.get(
            "/ready/", HTTP_X_REQUEST_ID="req-0001-abcd", HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 503
    assert [(line["message"], line["request_id"], line["client_ip"]) for line in seen] == [
        ("Readiness: the storage did not answer.", "req-0001-abcd", "203.0.113.9")
    ]
    assert seen[0]["level"] == "ERROR"
    assert "PermissionError: read-only" in seen[0]["exception"]


def test_json_log_line_keeps_a_newline_inside_one_line():
    record = logging.LogRecord("sanctuary", logging.INFO, __file__, 1, "a\nforged line", (), None)
    RequestContextFilter().filter(record)
    line = JSONFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line)["message"] == "a\nforged line"


def production_settings(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SANCTUARY_EMBEDDED", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "sanctuary.settings",
            "SECRET_KEY": "s" * 60,
            "ALLOWED_HOSTS": "sanctuary.example.org",
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_logs_are_json_lines():
    result = production_settings(
        "import django; django.setup(); import logging; "
        "logging.getLogger('sanctuary').warning('Hello %s', 'operators')"
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert {key: line[key] for key in ["level", "logger", "message", "request_id"]} == {
        "level": "WARNING",
        "logger": "sanctuary",
        "message": "Hello operators",
        "request_id": "-",
    }


def test_sentry_starts_with_a_dsn_and_sends_nothing_personal():
    result = production_settings(
        "import django; django.setup(); import sentry_sdk; o = sentry_sdk.get_client().options; "
        "print(o['dsn'], o['send_default_pii'], o['max_request_body_size'], "
        "o['include_local_variables'])",
        SENTRY_DSN="https://public@sentry.example.org/1",
    )
    assert result.stdout.split() == [
        "https://public@sentry.example.org/1",
        "False",
        "never",
        "False",
    ]


def test_sentry_stays_off_without_a_dsn():
    result = production_settings(
        "import django; django.setup(); import sentry_sdk; "
        "print(sentry_sdk.get_client().is_active())"
    )
    assert result.stdout.strip() == "False"


# No-store -------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=[r.name or r.route for r in ROUTES])
def test_private_answers_are_never_stored(route, world, client):
    from sanctuary.tenancy import Access, view_access

    level = view_access(route.callback)
    insider = insider_for(level, world)
    if insider is None:
        insider = world.member_a  # a signed-in person's answers are private, public pages too
    client.force_login(insider)
    url = url_for(route, world)
    response = client.get(url)
    if response.streaming:  # a FileResponse (staff's stored lists): read to its end, and
        # the test client closes the file. Not response.close(): that would also close the
        # test's database connection (request_finished), mid-transaction on PostgreSQL.
        b"".join(response.streaming_content)
    assert "no-store" in response.get("Cache-Control", ""), route.name
    if level != Access.PUBLIC:
        client.logout()
        anonymous = client.get(url)
        if route.is_api:
            assert "no-store" in anonymous.get("Cache-Control", ""), route.name


def test_public_pages_for_visitors_stay_cacheable(world, client):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")
    assert "no-store" not in client.get("/api/v1/networks/").get("Cache-Control", "")


# Session idle timeout -------------------------------------------------------------------------


def test_idle_session_is_signed_out(world, client, settings):
    client.force_login(world.member_a)
    dashboard = reverse("members:dashboard")
    assert client.get(dashboard).status_code == 200
    session = client.session
    session[SessionIdleTimeoutMiddleware.SESSION_KEY] = (
        int(time.time()) - settings.SANCTUARY_SESSION_IDLE_SECONDS - 1
    )
    session.save()
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_active_session_stays_signed_in_and_its_clock_moves(world, client, settings):
    client.force_login(world.member_a)
    session = client.session
    a_while_ago = int(time.time()) - settings.SANCTUARY_SESSION_IDLE_SECONDS + 120
    session[SessionIdleTimeoutMiddleware.SESSION_KEY] = a_while_ago
    session.save()
    assert client.get(reverse("members:dashboard")).status_code == 200
    assert client.session[SessionIdleTimeoutMiddleware.SESSION_KEY] > a_while_ago


def test_session_ends_twelve_hours_after_sign_in_however_busy(world, client, settings):
    assert settings.SANCTUARY_SESSION_MAX_SECONDS == settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SANCTUARY_SESSION_IDLE_SECONDS == 60 * 60
    client.force_login(world.member_a)
    session = client.session
    session[SessionIdleTimeoutMiddleware.SIGNED_IN_KEY] = (
        int(time.time()) - settings.SANCTUARY_SESSION_MAX_SECONDS - 1
    )
    session[SessionIdleTimeoutMiddleware.SESSION_KEY] = int(time.time())  # active just now
    session.save()
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_signing_in_gives_a_new_session_and_signing_out_ends_it(world, client):
    from django.contrib.sessions.models import Session

    from tests.factories import TEST_PASSWORD

    client.get(reverse("account_login"))
    before = client.cookies.get("sessionid")
    client.post(
        reverse("account_login"), {"login": world.member_a.email, "password": TEST_PASSWORD}
    )
    signed_in = client.cookies["sessionid"].value
    assert before is None or before.value != signed_in
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=signed_in).exists()


# Two-step sign-in and the API -----------------------------------------------------------------


def test_api_call_from_someone_needing_mfa_answers_json_403(world, client):
    world.coordinator_a.authenticator_set.all().delete()
    client.force_login(world.coordinator_a)
    response = client.get(f"/api/v1/networks/{world.network_a.slug}/members/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Your role needs two-step sign-in. Add a passkey or set up an authenticator "
        "app on the platform's pages, then try again.",
        "errors": {},
    }
    page = client.get(reverse("members:network_manage", args=[world.network_a.slug]))
    assert page["Location"] == reverse("mfa_activate_totp")


def test_api_call_from_someone_needing_no_mfa_is_unaffected(db, client):
    client.force_login(UserFactory())
    assert client.get("/api/v1/me/organisations/").status_code == 200
