"""Settings: embedded defaults, and production that fails loudly without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from tests.conftest import IN_CI, skip_or_fail

ROOT = Path(__file__).resolve().parent.parent


def run_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "SANCTUARY_EMBEDDED"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; settings.DATABASES",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "sanctuary.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_fails_at_start():
    result = run_settings({})
    assert result.returncode == 1
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


def test_production_cannot_switch_mfa_off():
    result = run_settings({"SECRET_KEY": "x" * 60, "SANCTUARY_REQUIRE_MFA": "0"})
    assert result.returncode == 1
    assert "SANCTUARY_REQUIRE_MFA may be switched off only in the embedded demo" in result.stderr


def test_secret_key_is_read_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60 + "\n")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(len(settings.SECRET_KEY))"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sanctuary.settings",
            "SECRET_KEY_FILE": str(secret),
            "DEBUG": "",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "60"


def test_ci_runs_against_postgresql():
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        skip_or_fail("DATABASE_URL should point at PostgreSQL")
    assert engine == "django.db.backends.postgresql"


def test_cache_round_trips_through_redis_when_configured():
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL should point at Redis")
    assert settings.CACHES["default"]["BACKEND"] == "sanctuary.redis_cache.RedisCache"
    cache.set("sanctuary-test-key", {"welcome": True}, 30)
    assert cache.get("sanctuary-test-key") == {"welcome": True}
    # One Redis client per pool, reused by every call (Django's makes one per call).
    backend = cache._cache  # type: ignore[attr-defined]
    assert backend.get_client() is backend.get_client("any key")
    cache.delete("sanctuary-test-count")
    assert cache.add("sanctuary-test-count", 0, 30)
    assert cache.incr("sanctuary-test-count") == 1
    # The throttles' count: one more here and the count before, in one round trip, expiring.
    cache.delete_many(["sanctuary-test-window", "sanctuary-test-window-before"])
    cache.set("sanctuary-test-window-before", 7, 30)
    assert cache.count_in_window("sanctuary-test-window", "sanctuary-test-window-before", 30) == (
        1,
        7,
    )  # type: ignore[attr-defined]
    assert cache.count_in_window("sanctuary-test-window", "nothing-before", 30) == (2, 0)  # type: ignore[attr-defined]
    assert 0 < backend.get_client().ttl(cache.make_key("sanctuary-test-window")) <= 30
    assert cache.get("sanctuary-test-window") == 2
    assert cache.get_many(["sanctuary-test-key"]) == {"sanctuary-test-key": {"welcome": True}}


def test_celery_runs_in_process_without_a_broker():
    if IN_CI:
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CELERY_TASK_ALWAYS_EAGER is True


def embedded_setting(expression: str, **env: str) -> str:
    """What `expression` (over `settings`) prints with the embedded defaults and `env`, read
    in a process of its own, where the settings module runs afresh."""
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print({expression})"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sanctuary.settings",
            "SANCTUARY_EMBEDDED": "1",
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def session_engine(redis_url: str) -> str:
    return embedded_setting("settings.SESSION_ENGINE", REDIS_URL=redis_url)


def test_sessions_are_read_from_redis_only_when_there_is_redis():
    """With Redis a signed-in request reads its session without a query (cached_db, written
    to the database too); without it, the database alone: a cache in each process's memory
    would keep a session that another process had ended."""
    assert (
        session_engine("redis://127.0.0.1:6379/9") == "django.contrib.sessions.backends.cached_db"
    )
    assert session_engine("") == "django.contrib.sessions.backends.db"


def test_postgresql_gets_the_planners_random_read_cost_beside_the_urls_own_options():
    """Every PostgreSQL connection prices a random read for data in memory or on SSD, added to
    the options a URL gives (the benchmark's schemas come as `-c search_path=...`), never in
    their place: once it replaced them, and a benchmark wrote into the wrong schema."""
    url = "postgres://postgres@127.0.0.1:5432/sanctuary?options=-c%20search_path%3Dquick"
    options = embedded_setting(
        "settings.DATABASES['default']['OPTIONS']['options']", DATABASE_URL=url
    )
    assert options == "-c search_path=quick -c random_page_cost=1.1"
