"""The production layout, as far as a machine without a container engine can run it.

What the Dockerfile and docker-compose.yml give the app, reproduced in a temporary root:

- a non-root `sanctuary` user (uid and gid 10001, made the Dockerfile's way when missing);
- the code copied in (`COPY . .`), owned by root; the static files collected at "build" time;
  `var/`, `var/media` and `var/private` owned by the app's user (compose's named volumes);
- production settings: no SANCTUARY_EMBEDDED, DEBUG off, a fresh secret, PostgreSQL, Redis
  as cache and broker, MFA required, uploads scanned by a real clamd, mail to a local sink;
- the migration, gunicorn on 127.0.0.1:8311 and a Celery worker, each as that user.

Then, through HTTP (as the proxy would send it: https, one X-Forwarded-For) and the worker:
an organisation's contact signs in, uploads evidence (stored in the private volume and
downloaded again), asks for the award's certificate (rendered by the worker into the private
volume, downloaded); `make backup` runs as the app's user and the files are in its tarball;
and with the private folder no longer writable by the app's user, `manage.py check --deploy`
fails with sanctuary.E001 and the web's start-up check refuses to start.

Run it as root (it creates the user and switches to it), with PostgreSQL and Redis running:

    .venv/bin/python deploy/smoke.py [--keep]

SANCTUARY_SMOKE_DATABASE (sanctuary_smoke), SANCTUARY_SMOKE_POSTGRES
(postgres://postgres@127.0.0.1:5432), SANCTUARY_SMOKE_REDIS (redis://127.0.0.1:6379/12) and
SANCTUARY_SMOKE_PORT (8311) say where. The database is dropped and made again, the Redis
database emptied, at the start and at the end. tests/test_production_smoke.py runs it in CI.

The interpreter: when the app's user cannot run this process's Python (pyenv under /root, a
folder only root enters), a copy of the interpreter goes into the temporary root, with this
virtual environment's packages, as an image holds its own Python.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from smoke_setup import (
    HOST,
    PASSWORD,
    STARTED,
    USER,
    Browser,
    Layout,
    MailSink,
    SmokeError,
    copy_code,
    drop_database,
    empty_redis,
    ensure_user,
    evidence_pdf,
    expect,
    files_in,
    fresh_database,
    interpreter_for_user,
    start_clamd,
    step,
    stop,
    wait_for,
)

# Seed data, written by the app's own code as the app's user --------------------------------

SEED = """
import datetime, json
from django_scopes import scopes_disabled
from tests.factories import StreamFactory
from tests.factories.awards import responses_of, scheme_with_criteria, started_application
from tests.factories.certificates import issued_award
scheme = scheme_with_criteria(
    StreamFactory(name="Schools of Sanctuary", slug="schools"), name="School of Sanctuary"
)
application = started_application(scheme, name="Smoke Primary")
contact = application.lead_contact
contact.set_password({password!r})
contact.save(update_fields=["password"])
held = issued_award(
    scheme,
    awarded_on=datetime.date.today(),
    organisation=application.organisation,
    contact=contact,
)
with scopes_disabled():
    criterion = responses_of(application)[0].criterion_id
print(json.dumps({{"email": contact.email, "application": application.pk,
                  "criterion": criterion, "award": held.pk}}))
"""


# The run, phase by phase --------------------------------------------------------------------


@dataclass
class Where:
    database: str
    admin: str
    redis: str
    port: int

    @classmethod
    def from_env(cls) -> "Where":
        return cls(
            database=os.environ.get("SANCTUARY_SMOKE_DATABASE", "sanctuary_smoke"),
            admin=os.environ.get("SANCTUARY_SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
            redis=os.environ.get("SANCTUARY_SMOKE_REDIS", "redis://127.0.0.1:6379/12"),
            port=int(os.environ.get("SANCTUARY_SMOKE_PORT", "8311")),
        )


def lay_out(root: Path) -> Layout:
    """The image: the code owned by root, var/ and the two volumes owned by the app's user."""
    layout = Layout(root=root, user=ensure_user())
    copy_code(layout)
    for folder in (layout.app / "var", layout.media, layout.private, root / "backups"):
        folder.mkdir(parents=True, exist_ok=True)
        layout.chown(folder)
    (root / "logs").mkdir()
    return layout


def production_env(layout: Layout, where: Where, *, mail_port: int, clamd: Path) -> dict:
    """What compose's x-app environment gives the app, pointed at this machine's services."""
    return {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": layout.user.pw_dir,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "sanctuary.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": f"{where.admin}/{where.database}",
        "REDIS_URL": where.redis,
        "CELERY_BROKER_URL": where.redis,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_port),
        "EMAIL_USE_TLS": "0",
        "DEFAULT_FROM_EMAIL": f"awards@{HOST}",
        "MEDIA_ROOT": str(layout.media),
        "PRIVATE_MEDIA_ROOT": str(layout.private),
        "SANCTUARY_REQUIRE_MFA": "1",
        "SANCTUARY_UPLOAD_SCANNER": "sanctuary.scanning.ClamAVScanner",
        "SANCTUARY_CLAMAV_URL": f"unix://{clamd}",
        "SANCTUARY_TRUSTED_PROXIES": "1",
        "LOG_LEVEL": "WARNING",
    }


def build_and_migrate(layout: Layout) -> dict:
    """The image's collectstatic (as root, while the migration runs: they share nothing),
    compose's one-shot migration as the app's user, then the seed data. Returns the seed's ids."""
    log = layout.root / "logs" / "collectstatic.log"
    with log.open("wb") as written:
        collecting = subprocess.Popen(
            [layout.python, "manage.py", "collectstatic", "--noinput"],
            cwd=layout.app,
            env=layout.env,
            stdout=written,
            stderr=subprocess.STDOUT,
        )
    try:
        layout.manage("migrate", "--noinput")
        seeded = layout.manage("shell", "-c", SEED.format(password=PASSWORD))
        expect(collecting.wait(timeout=600) == 0, log.read_text()[-3000:])
    finally:
        stop(collecting)
    return json.loads(seeded.stdout.strip().splitlines()[-1])


def start_app(layout: Layout, port: int) -> tuple[subprocess.Popen, subprocess.Popen]:
    """The image's gunicorn command (on the loopback) and compose's worker, as the app's
    user; ready when /health/ and /ready/ answer and the worker answers compose's ping."""
    logs = layout.root / "logs"
    web = layout.start_as_user(
        [layout.python, "-m", "gunicorn", "sanctuary.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-tmp-dir", "/dev/shm",
         "--timeout", "60", "--access-logfile", "-"],
        logs / "web.log",
    )  # fmt: skip
    worker = layout.start_as_user(
        [layout.python, "-m", "celery", "-A", "sanctuary", "worker", "--hostname",
         "celery@smoke", "--concurrency", "1", "--without-gossip", "--without-mingle",
         "--loglevel", "INFO"],
        logs / "worker.log",
    )  # fmt: skip
    browser = Browser(port)

    def answers(path: str) -> bool:
        expect(web.poll() is None, (logs / "web.log").read_text()[-3000:])
        try:
            return browser.request("GET", path)[0] == 200
        except OSError:
            return False

    def pong() -> bool:
        expect(worker.poll() is None, (logs / "worker.log").read_text()[-3000:])
        ping = layout.as_user(
            [layout.python, "-m", "celery", "-A", "sanctuary", "inspect", "ping",
             "--destination", "celery@smoke", "--timeout", "5"],
            check=False, timeout=60,
        )  # fmt: skip
        return ping.returncode == 0

    try:
        wait_for(lambda: answers("/health/"), "gunicorn's /health/")
        wait_for(lambda: answers("/ready/"), "/ready/ (database, cache, broker, storage)")
        wait_for(pong, "the worker to answer compose's health check (inspect ping)")
        owners = subprocess.run(
            ["ps", "-o", "user=", "-p", f"{web.pid},{worker.pid}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        expect(owners == [USER, USER], f"the processes run as {owners}, not {USER}")
    except BaseException:
        stop(web)
        stop(worker)
        raise
    return web, worker


def stored_once(layout: Layout, content: bytes, what: str) -> Path:
    """The one file in the private volume holding `content`, owned by the app's user."""
    found = [path for path, body in files_in(layout.private).items() if body == content]
    expect(len(found) == 1, f"{what}: {len(found)} copies in the private volume, not one")
    expect(found[0].stat().st_uid == layout.user.pw_uid, f"{what} is not the app user's")
    print(f"    {what}: {found[0].relative_to(layout.private)}", flush=True)
    return found[0]


def upload_evidence(layout: Layout, browser: Browser, data: dict) -> Path:
    """The contact signs in and adds a PDF to a criterion; it is stored in the private volume
    (after clamd scanned it) and downloads again, byte for byte."""
    _, token = browser.form_token("/accounts/login/")
    status, _, _ = browser.request(
        "POST",
        "/accounts/login/",
        fields={"csrfmiddlewaretoken": token, "login": data["email"], "password": PASSWORD},
    )
    expect(status == 302, f"signing in answered {status}")
    application = f"/awards/applications/{data['application']}/"
    criterion = f"{application}criteria/{data['criterion']}/"
    _, token = browser.form_token(criterion)
    content = evidence_pdf()
    status, _, _ = browser.request(
        "POST",
        criterion,
        fields={
            "csrfmiddlewaretoken": token,
            "self_assessment": "in_progress",
            "narrative": "Assemblies each term welcome families who are new here.",
        },
        files={"file": ("policy.pdf", content, "application/pdf")},
    )
    expect(status == 302, f"the upload answered {status}")
    stored = stored_once(layout, content, "the evidence")
    links = re.findall(rf"{application}files/(\d+)/", browser.page(criterion))
    expect(links, "the criterion's page links no file")
    status, _, downloaded = browser.request("GET", f"{application}files/{links[0]}/")
    expect(status == 200 and downloaded == content, "the evidence does not download as stored")
    return stored


def certificate_by_the_worker(layout: Layout, browser: Browser, data: dict) -> Path:
    """The contact asks for the certificate in Welsh; the worker renders it into the private
    volume; it downloads."""
    held = f"/awards/held/{data['award']}/"
    _, token = browser.form_token(held)
    status, _, _ = browser.request(
        "POST", f"{held}certificate/", fields={"csrfmiddlewaretoken": token, "language": "cy"}
    )
    expect(status == 302, f"asking for the certificate answered {status}")

    def downloaded() -> bytes | None:
        status, _, body = browser.request("GET", f"{held}certificate.pdf")
        return body if status == 200 and body.startswith(b"%PDF") else None

    pdf = wait_for(downloaded, "the worker to render the certificate")
    worker_log = (layout.root / "logs" / "worker.log").read_text()
    expect("task_render_certificate" in worker_log, "the worker's log shows no certificate task")
    return stored_once(layout, pdf, "the certificate")


def backup_holds(layout: Layout, files: list[Path]) -> None:
    """`make backup` as the app's user: the dump, the tarball with these files, the manifest."""
    folder = layout.root / "backups" / "smoke"
    made = layout.as_user(
        ["make", "--no-print-directory", "backup", f"BACKUP_DIR={folder}",
         f"BIN={layout.python.parent}", f"PYTHON={layout.python}"],
    )  # fmt: skip
    names = sorted(path.name for path in folder.iterdir())
    expect(
        names == ["database.dump", "files.tar.gz", "manifest.json"],
        f"the backup holds {names}: {made.stdout[-2000:]}",
    )
    expect((folder / "database.dump").stat().st_size > 0, "an empty database dump")
    with tarfile.open(folder / "files.tar.gz") as archive:
        archived = set(archive.getnames())
    for path in files:
        name = f"private/{path.relative_to(layout.private)}"
        expect(name in archived, f"{name} is not in the backup")


def unwritable_private_folder_stops_the_app(layout: Layout) -> None:
    """The deployment checks pass as they are; with the private folder owned by root they
    fail with sanctuary.E001, and the web's start-up (sanctuary/wsgi.py) refuses to go on."""
    layout.manage("check", "--deploy", "--fail-level", "WARNING")
    layout.chown(layout.private, to_user=False)
    try:
        checked = layout.manage("check", "--deploy", check=False)
        said = checked.stdout + checked.stderr
        expect(checked.returncode != 0 and "sanctuary.E001" in said, said[-3000:])
        starting = layout.as_user([layout.python, "-c", "import sanctuary.wsgi"], check=False)
        expect(
            starting.returncode != 0 and "not writable" in starting.stderr,
            starting.stderr[-3000:],
        )
    finally:
        layout.chown(layout.private)


def run(keep: bool) -> None:
    expect(os.geteuid() == 0, "run as root: it creates the app's user and switches to it")
    os.umask(0o022)
    where = Where.from_env()
    root = Path(tempfile.mkdtemp(prefix="sanctuary-smoke-", dir="/tmp"))
    root.chmod(0o755)
    processes: list[subprocess.Popen] = []
    try:
        step(f"User {USER} and the image's layout in {root}")
        layout = lay_out(root)

        step("clamd, a mail sink, a fresh database, an empty Redis database, the interpreter")
        clamd, clamd_socket = start_clamd(root / "clamd")
        processes.append(clamd)
        fresh_database(where.admin, where.database)
        empty_redis(where.redis)
        with MailSink() as sink:
            layout.env = production_env(layout, where, mail_port=sink.port, clamd=clamd_socket)
            layout.python = interpreter_for_user(layout)
            print(f"    the app's user runs {layout.python}", flush=True)

            step("Build and migrate: collectstatic as root, the migration as the app's user")
            data = build_and_migrate(layout)

            step(f"gunicorn on 127.0.0.1:{where.port} and a Celery worker, both as {USER}")
            processes += start_app(layout, where.port)
            browser = Browser(where.port)

            step("Over HTTP: sign in, upload evidence (scanned, stored), download it")
            evidence = upload_evidence(layout, browser, data)

            step("The certificate: asked for over HTTP, rendered by the worker, downloaded")
            certificate = certificate_by_the_worker(layout, browser, data)

            step("make backup as the app's user: both files are in it")
            backup_holds(layout, [evidence, certificate])

            step("The private folder not writable by the app's user: E001, and no start-up")
            unwritable_private_folder_stops_the_app(layout)
            print(f"    {len(sink.messages)} e-mail(s) reached the sink", flush=True)
    finally:
        for process in reversed(processes):
            stop(process)
        try:
            drop_database(where.admin, where.database)
            empty_redis(where.redis)
        finally:
            if keep:
                print(f"kept {root}")
            else:
                shutil.rmtree(root, ignore_errors=True)
    print(f"smoke: passed in {time.monotonic() - STARTED:.0f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary root")
    arguments = parser.parse_args()
    try:
        run(arguments.keep)
    except SmokeError as error:
        print(f"smoke: FAILED: {error}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
