# The production image. The web (gunicorn), the Celery worker and the one Celery beat all run
# from it; docker-compose.yml shows how. Settings come from the environment (see .env.example).
FROM python:3.12-slim-trixie

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=sanctuary.settings \
    MEDIA_ROOT=/app/var/media \
    PRIVATE_MEDIA_ROOT=/app/var/private \
    WEB_CONCURRENCY=3

# WeasyPrint renders certificates with Pango and HarfBuzz; fontconfig finds the fonts.
# Noto core covers every language the platform offers: Latin (English, Welsh), Cyrillic
# (Ukrainian), Arabic script (Arabic, Farsi, Kurdish Sorani) and Ethiopic (Tigrinya).
# DejaVu is the fallback. gettext compiles the translations below. The PostgreSQL client
# gives `manage.py backup` and `restore` their pg_dump and pg_restore (sanctuary/backup.py).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fontconfig \
        shared-mime-info \
        fonts-noto-core \
        fonts-dejavu-core \
        gettext \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && fc-cache --force

# The processes run as this user, never as root.
RUN groupadd --system --gid 10001 sanctuary \
    && useradd --system --uid 10001 --gid sanctuary --create-home --home-dir /home/sanctuary \
        --shell /usr/sbin/nologin sanctuary

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. Every pin carries its hashes.
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt

COPY . .

# Translations and static files are built into the image. The SECRET_KEY here exists only for
# this build step, so that the settings load; the real one comes from the environment at run time.
# The app's user owns var/ and the folders for media and private files (evidence, governing
# documents, certificates): compose mounts named volumes there, and a new named volume takes
# the owner of the folder it is mounted on.
RUN mkdir -p locale var/media var/private \
    && SECRET_KEY=build-only-throwaway-key-never-used-at-run-time python manage.py compilemessages \
    && SECRET_KEY=build-only-throwaway-key-never-used-at-run-time python manage.py collectstatic --noinput \
    && chown sanctuary:sanctuary var var/media var/private

USER sanctuary

EXPOSE 8000

# Liveness: the web process answers /health/ (sanctuary/probe.py). Compose checks the worker
# and beat its own way, and the web's readiness (/ready/).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "sanctuary.probe", "/health/"]

# gunicorn reads the worker count from WEB_CONCURRENCY (3 above; about 2 x CPUs + 1 suits most hosts).
CMD ["gunicorn", "sanctuary.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--timeout", "60", "--access-logfile", "-"]
