"""The production container files: docker-compose.yml, the Dockerfile and .env.example."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"

APP_SERVICES = ["migrate", "web", "worker", "beat"]
# Built from parts, so that this file does not name them either.
REGISTRY_ADDRESSES = [
    "pypi" + ".org",
    "files." + "pythonhosted",
    "registry." + "npmjs",
    "deb." + "debian.org",
    "index." + "docker.io",
]
SETTINGS_VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "LOG_LEVEL",
    "SANCTUARY_TRUSTED_PROXIES",
]


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def services() -> dict:
    return compose()["services"]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (keyword, arguments), continuation lines joined."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def test_compose_services_all_present():
    assert set(services()) == {
        "db",
        "redis",
        "migrate",
        "web",
        "worker",
        "beat",
        "proxy",
        "clamav",
        "libretranslate",
    }


def test_compose_scans_uploads_with_clamd_by_default():
    environment = compose()["x-app"]["environment"]
    assert environment["SANCTUARY_UPLOAD_SCANNER"] == (
        "${SANCTUARY_UPLOAD_SCANNER:-sanctuary.scanning.ClamAVScanner}"
    )
    assert environment["SANCTUARY_CLAMAV_URL"] == "${SANCTUARY_CLAMAV_URL:-tcp://clamav:3310}"
    clamav = services()["clamav"]
    assert clamav["image"] == "clamav/clamav:stable"
    assert "ports" not in clamav  # reachable inside compose's network only
    for name in ["web", "worker"]:
        assert services()[name]["depends_on"]["clamav"] == {"condition": "service_started"}


def test_compose_beat_has_exactly_one_replica():
    assert services()["beat"]["deploy"]["replicas"] == 1


def test_compose_beat_runs_celery_beat():
    assert services()["beat"]["command"][:4] == ["celery", "-A", "sanctuary", "beat"]


def test_compose_worker_runs_celery_worker():
    assert services()["worker"]["command"] == [
        "celery",
        "-A",
        "sanctuary",
        "worker",
        "--loglevel",
        "INFO",
    ]


def test_compose_app_services_share_one_build_and_image():
    all_services = services()
    builds = [all_services[name]["build"] for name in APP_SERVICES]
    images = [all_services[name]["image"] for name in APP_SERVICES]
    assert builds == [{"context": "."}] * len(APP_SERVICES)
    assert images == ["${SANCTUARY_IMAGE:-sanctuary:latest}"] * len(APP_SERVICES)


def test_compose_app_services_share_one_environment():
    all_services = services()
    environments = [all_services[name]["environment"] for name in APP_SERVICES]
    assert all(environment == compose()["x-app"]["environment"] for environment in environments)


def test_compose_secret_key_required_form():
    for name in APP_SERVICES:
        assert services()[name]["environment"]["SECRET_KEY"] == "${SECRET_KEY:?set SECRET_KEY}"


def test_compose_database_password_required_form():
    all_services = services()
    assert (
        all_services["db"]["environment"]["POSTGRES_PASSWORD"]
        == "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
    )
    assert all_services["web"]["environment"]["DATABASE_URL"] == (
        "postgres://sanctuary:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@db:5432/sanctuary"
    )


def test_compose_app_environment_sets_every_setting():
    environment = compose()["x-app"]["environment"]
    assert [name for name in SETTINGS_VARIABLES if name not in environment] == []


def test_compose_broker_and_cache_use_separate_redis_databases():
    environment = compose()["x-app"]["environment"]
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/1"


def test_compose_redis_memory_is_bounded_and_evicts_only_expiring_keys():
    # The page cache keeps one entry per address asked for: Redis must stay bounded, and must
    # never evict the broker's queues or the cache's generations (neither expires).
    command = compose()["services"]["redis"]["command"]
    assert "--maxmemory" in command
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"


def test_compose_web_waits_for_migrations_and_redis():
    depends_on = services()["web"]["depends_on"]
    assert depends_on["migrate"] == {"condition": "service_completed_successfully"}
    assert depends_on["redis"] == {"condition": "service_healthy"}


def test_compose_migrate_waits_for_healthy_database():
    migrate = services()["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert migrate["restart"] == "no"


def test_compose_database_and_redis_have_healthchecks():
    all_services = services()
    assert all_services["db"]["image"] == "postgres:17"
    assert all_services["db"]["healthcheck"]["test"] == [
        "CMD-SHELL",
        "pg_isready -U sanctuary -d sanctuary",
    ]
    assert all_services["redis"]["image"] == "redis:7"
    assert all_services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_compose_web_and_worker_share_media_and_private_volumes():
    all_services = services()
    shared = ["media:/app/var/media", "private:/app/var/private"]
    assert all_services["web"]["volumes"][:2] == shared
    assert all_services["worker"]["volumes"][:2] == shared
    assert compose()["x-app"]["environment"]["MEDIA_ROOT"] == "/app/var/media"
    assert compose()["x-app"]["environment"]["PRIVATE_MEDIA_ROOT"] == "/app/var/private"
    assert {"postgres-data", "redis-data", "media", "private"} <= set(compose()["volumes"])


def test_dockerfile_app_user_owns_media_and_private_folders():
    runs = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"]
    build = [arguments for arguments in runs if "collectstatic" in arguments]
    assert len(build) == 1
    assert "mkdir -p locale var/media var/private" in build[0]
    assert build[0].endswith("chown sanctuary:sanctuary var var/media var/private")
    env_arguments = dict(dockerfile_instructions())["ENV"]
    assert "PRIVATE_MEDIA_ROOT=/app/var/private" in env_arguments


def test_compose_web_port_bound_to_loopback_only():
    assert services()["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_compose_only_the_proxy_publishes_on_every_interface():
    published = {
        name: service["ports"] for name, service in services().items() if service.get("ports")
    }
    assert published == {
        "web": ["127.0.0.1:8000:8000"],
        "proxy": ["80:80", "443:443", "443:443/udp"],
    }


def test_compose_proxy_is_caddy_with_the_repository_config():
    proxy = services()["proxy"]
    assert proxy["image"] == "caddy:2"
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "reverse_proxy web:8000" in caddyfile
    assert "max_size {$SANCTUARY_PROXY_MAX_BODY:11MiB}" in caddyfile


def test_compose_app_services_read_env_file_and_trust_one_proxy():
    app = compose()["x-app"]
    assert app["env_file"] == ".env"
    assert app["environment"]["SANCTUARY_TRUSTED_PROXIES"] == "${SANCTUARY_TRUSTED_PROXIES:-1}"


def test_dockerfile_base_image_python_312_on_debian_13():
    # Debian 13 (trixie): bookworm's regular security support ended in June 2026.
    assert dockerfile_instructions()[0] == ("FROM", "python:3.12-slim-trixie")


def test_dockerfile_healthcheck_asks_for_liveness():
    healthcheck = dict(dockerfile_instructions())["HEALTHCHECK"]
    assert healthcheck.endswith('CMD ["python", "-m", "sanctuary.probe", "/health/"]')


def test_compose_health_checks_for_web_worker_and_beat():
    all_services = services()
    assert all_services["web"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "-m",
        "sanctuary.probe",
        "/ready/",
    ]
    assert all_services["worker"]["healthcheck"]["test"] == [
        "CMD-SHELL",
        "celery -A sanctuary inspect ping --destination celery@$$HOSTNAME --timeout 10",
    ]
    assert all_services["beat"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "-m",
        "sanctuary.probe",
        "beat",
    ]
    assert all_services["proxy"]["depends_on"] == {"web": {"condition": "service_healthy"}}


def test_dockerfile_installs_weasyprint_libraries_and_fonts():
    apt_lines = [
        arguments
        for keyword, arguments in dockerfile_instructions()
        if keyword == "RUN" and "apt-get install" in arguments
    ]
    assert len(apt_lines) == 1
    packages = apt_lines[0].split()
    for package in [
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "shared-mime-info",
        "fonts-noto-core",
        "gettext",
        "postgresql-client",
    ]:
        assert package in packages


def test_dockerfile_installs_requirements_with_hashes():
    runs = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"]
    assert "pip install --require-hashes -r requirements.txt" in runs


def test_dockerfile_runs_as_non_root_user():
    users = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "USER"]
    assert users == ["sanctuary"]


def test_dockerfile_user_set_before_command():
    keywords = [keyword for keyword, _ in dockerfile_instructions()]
    assert keywords.index("USER") < keywords.index("CMD")


def test_dockerfile_command_serves_gunicorn_on_port_8000():
    instructions = dict(dockerfile_instructions())
    assert instructions["EXPOSE"] == "8000"
    assert instructions["CMD"].startswith(
        '["gunicorn", "sanctuary.wsgi:application", "--bind", "0.0.0.0:8000"'
    )


def test_dockerfile_build_secret_key_only_on_collectstatic_line():
    instructions = dockerfile_instructions()
    with_key = [arguments for _, arguments in instructions if "SECRET_KEY=" in arguments]
    assert len(with_key) == 1
    assert "collectstatic --noinput" in with_key[0]
    assert [keyword for keyword, _ in instructions if keyword in {"ENV", "ARG"}] == ["ENV"]
    env_arguments = dict(instructions)["ENV"]
    assert "SECRET_KEY" not in env_arguments


def test_production_files_no_registry_addresses():
    for path in [
        COMPOSE_FILE,
        DOCKERFILE,
        ENV_EXAMPLE,
        ROOT / ".dockerignore",
        ROOT / "deploy" / "Caddyfile",
    ]:
        lines = path.read_text(encoding="utf-8").splitlines()
        offending = [
            line for line in lines if any(address in line for address in REGISTRY_ADDRESSES)
        ]
        assert offending == [], path.name


def test_env_example_lists_every_setting():
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    missing = [
        name for name in SETTINGS_VARIABLES if not re.search(rf"^#? ?{name}=", text, re.MULTILINE)
    ]
    assert missing == []


def test_env_example_every_variable_commented():
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    assignments = [
        index for index, line in enumerate(lines) if re.match(r"^#? ?[A-Z][A-Z0-9_]*=", line)
    ]
    assert assignments != []
    for index in assignments:
        assert lines[index - 1].startswith("#"), lines[index]


def env_example_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if re.match(r"^[A-Z][A-Z0-9_]*=", line):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_env_example_secrets_empty():
    values = env_example_values()
    assert values["SECRET_KEY"] == ""
    assert values["POSTGRES_PASSWORD"] == ""
    assert values["EMAIL_HOST_PASSWORD"] == ""


def test_env_example_debug_off():
    assert env_example_values()["DEBUG"] == "0"


def test_env_example_unedited_copy_fails_compose_required_checks():
    values = env_example_values()
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    required = sorted(set(re.findall(r"\$\{([A-Z_]+):\?", text)))
    assert required == [
        "ALLOWED_HOSTS",
        "DEFAULT_FROM_EMAIL",
        "EMAIL_HOST",
        "POSTGRES_PASSWORD",
        "SANCTUARY_DOMAIN",
        "SECRET_KEY",
        "SITE_URL",
    ]
    assert [name for name in required if values[name] == ""] == ["POSTGRES_PASSWORD", "SECRET_KEY"]


def test_dockerignore_excludes_local_state():
    entries = ROOT.joinpath(".dockerignore").read_text(encoding="utf-8").splitlines()
    for entry in [".venv", "var", ".git", "**/__pycache__", ".env", ".pytest_cache"]:
        assert entry in entries


def test_compose_libretranslate_is_optional_and_internal():
    libretranslate = services()["libretranslate"]
    assert libretranslate["profiles"] == ["translate"]
    assert "ports" not in libretranslate  # reachable inside compose's network only
    environment = compose()["x-app"]["environment"]
    assert environment["SANCTUARY_TRANSLATION_PROVIDER"] == (
        "${SANCTUARY_TRANSLATION_PROVIDER:-none}"
    )
