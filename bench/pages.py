"""The in-process half of the page benchmark (see bench/README.md): against the database in
DATABASE_URL, with the settings the environment gives (bench/run.py gives production's),
it resolves every page of bench/pagelist.py to a path, counts each page's database queries
through Django's test client, times each page in this one process (a median of several
requests, one at a time: the growth from a quarter to the full dataset without the noise of a
loaded machine; and every page also rendered afresh, with nothing kept, as the first visit
after a change is), and writes the personas' session cookies for the load from outside.
bench/run.py runs it once per dataset and reads its JSON."""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def create_postgres_database(url: str) -> None:
    """CREATE DATABASE for a PostgreSQL URL if it is missing (and the schema its
    search_path names, if any); nothing for SQLite."""
    if not url.startswith("postgres"):
        return
    import urllib.parse

    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    server = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    options = urllib.parse.parse_qs(parts.query).get("options", [""])[0]
    if "search_path=" in options:
        schema = options.split("search_path=")[1].split()[0]
        database = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        with psycopg.connect(database, autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')


def login_cookie(user) -> str:
    """A signed-in session written straight into the session store, as the login form
    would leave it (the persona has a real authenticator, so MFA is settled)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


_clients: dict = {}


def client_for(user):
    """One test client per persona, signed in once (not once per page)."""
    from django.test import Client

    key = user.pk if user is not None else None
    if key not in _clients:
        client = Client(SERVER_NAME="127.0.0.1")
        if user is not None:
            client.force_login(user)
        _clients[key] = client
    return _clients[key]


def query_count(path: str, user) -> tuple[int, int]:
    """The page's status and its number of queries, on the second request (the first warms
    caches such as content types and the cache backend). A signed-in page's are its view's,
    rendered afresh; a public page's are those of its kept copy (none)."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    client = client_for(user)
    client.get(path, secure=True)
    with (
        CaptureQueriesContext(connection) as queries,
        override_settings(SANCTUARY_PERSONAL_PAGE_CACHE=False),
    ):
        response = client.get(path, secure=True)
    return response.status_code, len(queries)


# Requests per page for the in-process time; a page slower than SLOW_SECONDS (the whole export)
# is timed once.
TIMED_RUNS = 7
SLOW_SECONDS = 1.0


def timed(path: str, user) -> dict[str, float]:
    """The page's median wall time (PostgreSQL's work included) and this process's CPU time,
    in milliseconds, over TIMED_RUNS requests after one to warm up."""
    client = client_for(user)
    started = time.perf_counter()
    client.get(path, secure=True)
    runs = 1 if time.perf_counter() - started > SLOW_SECONDS else TIMED_RUNS
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path, secure=True)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return {"wall_ms": statistics.median(walls), "cpu_ms": statistics.median(cpus)}


def timed_afresh(path: str, user=None) -> dict[str, float]:
    """A page rendered as if nothing were kept: the first visit after a write renews the kept
    pages, public and personal (any write at all renews a signed-in person's)."""
    from django.test import override_settings

    with override_settings(SANCTUARY_PAGE_CACHE=False, SANCTUARY_PERSONAL_PAGE_CACHE=False):
        return timed(path, user)


def table_sizes() -> dict[str, int]:
    from django_scopes import scopes_disabled

    from awards.models import Application, Award, Review
    from members.models import Organisation, Signature
    from sanctuary.models import Network

    with scopes_disabled():
        return {
            "networks": Network.objects.count(),
            "organisations": Organisation.objects.count(),
            "signatures": Signature.objects.count(),
            "applications": Application.objects.count(),
            "reviews": Review.objects.count(),
            "awards": Award.objects.count(),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, required=True, help="where to write the figures")
    parser.add_argument(
        "--exact", help="only these pages, by their exact names, comma-separated (bench/run.py)"
    )
    parser.add_argument("--pages", help="only the pages whose name contains one of these")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
    import django

    django.setup()
    from pagelist import PAGES, TRIVIAL, fixtures, select

    from awards.management.commands.seed_large import BENCH_PERSONAS
    from members.models import User

    values = fixtures()
    users = {p: User.objects.get(email=e) for p, e in BENCH_PERSONAS.items()}
    result = {
        "paths": {},
        "status": {},
        "queries": {},
        "timed": {},
        "timed_afresh": {},
        "cookies": {},
        "sizes": table_sizes(),
    }
    pages = select(PAGES, args.pages)
    if args.exact:
        names = set(args.exact.split(","))
        pages = [page for page in pages if page.name in names]
    for page in pages:
        path = page.path.format(**values)
        status, queries = query_count(path, users.get(page.persona))
        result["paths"][page.name] = path
        result["status"][page.name] = status
        result["queries"][page.name] = queries
        result["timed"][page.name] = timed(path, users.get(page.persona))
        result["timed_afresh"][page.name] = timed_afresh(path, users.get(page.persona))
    result["queries"]["trivial view"] = query_count(TRIVIAL, None)[1]
    result["timed"]["trivial view"] = timed(TRIVIAL, None)
    result["cookies"] = {persona: login_cookie(user) for persona, user in users.items()}
    args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
