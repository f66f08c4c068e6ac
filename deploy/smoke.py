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
import grp
import http.client
import io
import json
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
USER = "sanctuary"
ID = 10001  # the Dockerfile's uid and gid
HOST = "sanctuary.test"
PASSWORD = secrets.token_urlsafe(16)
WAIT = 90  # seconds for anything to come up; every wait is bounded
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
# The EICAR test string (eicar.org) in two halves, for clamd's one-signature database.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-" + rb"STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class SmokeError(Exception):
    pass


STARTED = time.monotonic()


def step(message: str) -> None:
    print(f"--> [{time.monotonic() - STARTED:5.1f} s] {message}", flush=True)


def expect(condition: object, message: str) -> None:
    if not condition:
        raise SmokeError(message)


def wait_for(check, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    raise SmokeError(f"gave up after {timeout:.0f} s waiting for {what}")


# The user and the layout -------------------------------------------------------------------


def ensure_user() -> pwd.struct_passwd:
    """The Dockerfile's system user, made the same way when this machine has none."""
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        pass
    try:
        grp.getgrnam(USER)
    except KeyError:
        free = all(group.gr_gid != ID for group in grp.getgrall())
        subprocess.run(
            ["groupadd", "--system", *(["--gid", str(ID)] if free else []), USER], check=True
        )
    free = all(person.pw_uid != ID for person in pwd.getpwall())
    subprocess.run(
        [
            "useradd",
            "--system",
            *(["--uid", str(ID)] if free else []),
            "--gid",
            USER,
            "--create-home",
            "--home-dir",
            f"/home/{USER}",
            "--shell",
            "/usr/sbin/nologin",
            USER,
        ],
        check=True,
    )
    return pwd.getpwnam(USER)


@dataclass
class Layout:
    root: Path
    user: pwd.struct_passwd
    env: dict[str, str] = field(default_factory=dict)
    python: Path = Path(sys.executable)

    @property
    def app(self) -> Path:
        return self.root / "app"

    @property
    def media(self) -> Path:
        return self.app / "var" / "media"

    @property
    def private(self) -> Path:
        return self.app / "var" / "private"

    def chown(self, path: Path, *, to_user: bool = True) -> None:
        os.chown(path, self.user.pw_uid if to_user else 0, self.user.pw_gid if to_user else 0)

    def as_user(self, arguments: list, *, check: bool = True, timeout: float = 300, **kwargs):
        """Run a command as the app's user, from the app's folder, with its environment."""
        result = subprocess.run(
            [str(argument) for argument in arguments],
            cwd=self.app,
            env=self.env,
            user=self.user.pw_uid,
            group=self.user.pw_gid,
            extra_groups=[],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,
        )
        if check and result.returncode != 0:
            raise SmokeError(
                f"{' '.join(map(str, arguments[:4]))} failed as {USER} ({result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def start_as_user(self, arguments: list, log: Path) -> subprocess.Popen:
        with log.open("wb") as written:
            return subprocess.Popen(
                [str(argument) for argument in arguments],
                cwd=self.app,
                env=self.env,
                user=self.user.pw_uid,
                group=self.user.pw_gid,
                extra_groups=[],
                stdout=written,
                stderr=subprocess.STDOUT,
            )

    def manage(self, *arguments, **kwargs):
        return self.as_user([self.python, "manage.py", *arguments], **kwargs)


def copy_code(layout: Layout) -> None:
    """The image's `COPY . .`: the tracked files (the compiled translations among them)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = REPO / os.fsdecode(name)
        if source.is_file():
            target = layout.app / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def user_can_run(layout: Layout, python: Path) -> bool:
    try:
        return layout.as_user([python, "-c", "import django, gunicorn, celery"], check=False,
                              timeout=60).returncode == 0  # fmt: skip
    except OSError:  # the interpreter is in a folder the user may not enter
        return False


def interpreter_for_user(layout: Layout) -> Path:
    """This Python if the app's user can run it; otherwise a copy in the temporary root (the
    interpreter, and this environment's packages, linked when the user can read them)."""
    if user_can_run(layout, Path(sys.executable)):
        return Path(sys.executable)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    base = layout.root / "python"
    shutil.copytree(
        sys.base_prefix,
        base,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            "test", "site-packages", "idlelib", "tkinter", "turtledemo", "ensurepip", "config-*"
        ),
    )
    venv = layout.root / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text(
        f"home = {base / 'bin'}\ninclude-system-site-packages = false\n"
        f"version = {sys.version.split()[0]}\n"
    )
    python = venv / "bin" / "python"
    python.symlink_to(base / "bin" / f"python{version}")
    packages = Path(sysconfig.get_paths()["purelib"])
    site = venv / "lib" / f"python{version}" / "site-packages"
    site.parent.mkdir(parents=True)
    readable = layout.as_user(["test", "-r", packages / "django" / "__init__.py"], check=False)
    if readable.returncode == 0:
        site.symlink_to(packages)
    else:
        shutil.copytree(packages, site, symlinks=True)
    layout.env["LD_LIBRARY_PATH"] = str(base / "lib")  # a shared libpython, if it has one
    expect(user_can_run(layout, python), f"{USER} cannot run the copied interpreter {python}")
    return python


# The services around the app ---------------------------------------------------------------


class MailSink:
    """A mail server on 127.0.0.1 that keeps what it accepts (what the worker sends)."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.port = 0
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"

    def __enter__(self):
        from aiosmtpd.controller import Controller

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop()


def start_clamd(folder: Path) -> tuple[subprocess.Popen, Path]:
    """clamd on a Unix socket the app's user may use, with a one-signature database (no
    network for freshclam here; production's clamav service keeps the real one)."""
    expect(Path(CLAMD).exists(), f"clamd is not installed at {CLAMD} (clamav-daemon)")
    database = folder / "db"
    database.mkdir(parents=True)
    (database / "sanctuary.ndb").write_text(f"Sanctuary.Smoke.EICAR:0:*:{EICAR.hex()}\n")
    sock = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        f"DatabaseDirectory {database}\nLocalSocket {sock}\nLocalSocketMode 666\n"
        f"LogFile {folder / 'clamd.log'}\nPidFile {folder / 'clamd.pid'}\n"
        f"TemporaryDirectory {folder}\nForeground yes\nSelfCheck 0\n"
    )
    with (folder / "clamd.out").open("wb") as written:
        process = subprocess.Popen(
            [CLAMD, "--config-file", str(config)], stdout=written, stderr=subprocess.STDOUT
        )

    def answers() -> bool:
        expect(process.poll() is None, f"clamd stopped: {(folder / 'clamd.out').read_text()}")
        try:
            with socket.socket(socket.AF_UNIX) as connection:
                connection.settimeout(1)
                connection.connect(str(sock))
                connection.sendall(b"zPING\0")
                return connection.recv(16).startswith(b"PONG")
        except OSError:
            return False

    wait_for(answers, "clamd to answer")
    return process, sock


def fresh_database(admin_url: str, name: str) -> None:
    import psycopg

    expect(re.fullmatch(r"[a-z0-9_]+", name), f"a plain database name, not {name!r}")
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def empty_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_timeout=5).flushdb()


def stop(process: subprocess.Popen | None) -> None:
    """Stop a process this script started, by its id."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# HTTP, as the proxy sends it ----------------------------------------------------------------


class Browser:
    """One visitor's requests to gunicorn, as Caddy forwards them: https, one proxy. Cookies
    are kept by hand (they are Secure, and this leg is plain HTTP on the loopback)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, fields=None, files=None):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "User-Agent": "sanctuary-smoke",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
            if files:
                body, headers["Content-Type"] = multipart(fields or {}, files)
            else:
                body = urllib.parse.urlencode(fields or {}).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        location = response.getheader("Location") or ""
        return response.status, urllib.parse.urlsplit(location).path, content

    def page(self, path: str) -> str:
        status, _, content = self.request("GET", path)
        expect(status == 200, f"GET {path} answered {status}")
        return content.decode()

    def form_token(self, path: str) -> tuple[str, str]:
        page = self.page(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        expect(found, f"no form token on {path}")
        return page, found.group(1) if found else ""


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(f"{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def evidence_pdf() -> bytes:
    """A one-page PDF any reader opens, with a line of text."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 100 Td (Our welcome policy, smoke test) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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


def files_in(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


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
