"""Page benchmark: median time under concurrent load as a ratio of a trivial view's, and query
counts that must not grow with the data. See bench/README.md."""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SANCTUARY_EMBEDDED", "1")
os.environ.setdefault("DEBUG", "")


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    base, _, name = url.rpartition("/")
    return f"{base}/{name or 'sanctuary'}_bench"


def create_postgres_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def build_dataset(scale: float) -> None:
    """About 150 groups, 15 streams, 20,000 organisations and their memberships at scale 1."""
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from members.enums import OrganisationKind, Role
    from members.models import Membership, Organisation, User
    from sanctuary.enums import AreaType, Nation, NetworkKind
    from sanctuary.models import ActivityLog, Network
    from streams.models import StreamMembership

    call_command("migrate", verbosity=0)
    if Network.objects.filter(slug="bench-group-0").exists():
        return
    from django.contrib.contenttypes.models import ContentType

    groups = [
        Network(
            name=f"Bench Group {i}",
            slug=f"bench-group-{i}",
            kind=NetworkKind.LOCAL_GROUP,
            area_type=AreaType.CITY,
            nation=list(Nation)[i % 4],
        )
        for i in range(max(2, int(150 * scale)))
    ]
    streams = [
        Network(name=f"Bench Stream {i}", slug=f"bench-stream-{i}", kind=NetworkKind.STREAM)
        for i in range(15)
    ]
    Network.objects.bulk_create(groups + streams, batch_size=1000)
    groups = list(Network.objects.filter(kind=NetworkKind.LOCAL_GROUP))
    streams = list(Network.objects.filter(kind=NetworkKind.STREAM))
    organisations = [
        Organisation(
            name=f"Bench Organisation {i}",
            slug=f"bench-org-{i}",
            kind=OrganisationKind.SCHOOL,
            local_group=groups[i % len(groups)],
        )
        for i in range(int(20000 * scale))
    ]
    Organisation.objects.bulk_create(organisations, batch_size=2000)
    organisations = list(Organisation.objects.all().only("pk"))
    users = [
        User(email=f"bench{i}@example.org", full_name=f"Bench Person {i}")
        for i in range(int(5000 * scale))
    ]
    User.objects.bulk_create(users, batch_size=2000)
    users = list(User.objects.filter(email__startswith="bench").only("pk"))
    content_type = ContentType.objects.get_for_model(Membership)
    with scopes_disabled():
        Membership.objects.bulk_create(
            [
                Membership(network=groups[i % len(groups)], user=user, role=Role.MEMBER)
                for i, user in enumerate(users)
            ],
            batch_size=2000,
        )
        StreamMembership.objects.bulk_create(
            [
                StreamMembership(
                    network=streams[i % len(streams)], organisation=org, status="active"
                )
                for i, org in enumerate(organisations)
            ],
            batch_size=2000,
        )
        ActivityLog.objects.bulk_create(
            [
                ActivityLog(
                    network=groups[i % len(groups)],
                    actor=users[i % len(users)],
                    content_type=content_type,
                    object_id=str(i),
                    action="members.membership.added",
                    data={},
                )
                for i in range(int(50000 * scale))
            ],
            batch_size=5000,
        )


def login_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def bench_user():
    from allauth.mfa.models import Authenticator

    from members.enums import Role
    from members.models import Membership, User
    from sanctuary.models import Network

    user, created = User.objects.get_or_create(
        email="bench-staff@example.org", defaults={"full_name": "Bench Staff", "is_staff": True}
    )
    if created:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
        from django_scopes import scopes_disabled

        with scopes_disabled():
            Membership.objects.create(
                network=Network.objects.get(slug="bench-group-0"), user=user, role=Role.COORDINATOR
            )
    return user


PAGES = [
    ("trivial view", "/health/", False),
    ("home", "/", False),
    ("directory", "/groups/", False),
    ("directory search", "/groups/?q=Group+1&nation=england", False),
    ("network profile", "/bench-group-0/", False),
    ("dashboard", "/dashboard/", True),
    ("network members", "/bench-group-0/manage/members/", True),
    ("network activity", "/bench-group-0/manage/activity/", True),
    ("stream organisations", "/bench-stream-0/manage/organisations/", True),
    ("staff overview", "/staff/", True),
    ("staff activity", "/staff/activity/", True),
    ("staff movement", "/staff/movement/", True),
    ("movement applications", "/staff/movement/applications/?state=backlog", True),
    ("movement awards", "/staff/movement/awards/?state=current", True),
    ("movement waiting", "/staff/movement/waiting/streams.joining/", True),
]


def query_count(path: str, user) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm caches such as content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def load(url: str, cookie: str | None, requests: int, concurrency: int) -> list[float]:
    timings: list[float] = []
    lock = threading.Lock()
    per_thread = max(1, requests // concurrency)

    def worker():
        for _ in range(per_thread):
            request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            with lock:
                timings.append(time.perf_counter() - start)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    database_url = bench_database_url()
    create_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
    os.environ["SANCTUARY_REQUIRE_MFA"] = "1"
    import django

    django.setup()
    started = time.perf_counter()
    build_dataset(args.scale)
    print(f"dataset ready in {time.perf_counter() - started:.1f}s ({database_url.split('@')[-1]})")
    user = bench_user()
    cookie = login_cookie(user)

    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sanctuary.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/health/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        rows = []
        for name, path, signed_in in PAGES:
            load(base + path, cookie if signed_in else None, 20, 4)  # warm up
            timings = load(
                base + path, cookie if signed_in else None, args.requests, args.concurrency
            )
            rows.append(
                (
                    name,
                    path,
                    statistics.median(timings),
                    query_count(path, user if signed_in else None),
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    trivial = rows[0][2]
    print(f"\n{'page':<22} {'median ms':>10} {'x trivial':>10} {'queries':>8}")
    for name, _path, median, queries in rows:
        print(f"{name:<22} {median * 1000:>10.1f} {median / trivial:>10.1f} {queries:>8}")


if __name__ == "__main__":
    main()
