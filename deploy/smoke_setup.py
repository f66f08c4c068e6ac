"""The parts deploy/smoke.py builds its stand-in for the production image from: the app's
user, the image's layout in a temporary root, an interpreter the user can run, a mail sink,
a real clamd with a one-signature database, the database and Redis made fresh, and a small
HTTP client that keeps its cookies. deploy/smoke.py runs the phases with them.
"""

import grp
import http.client
import io
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import sysconfig
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


def files_in(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
