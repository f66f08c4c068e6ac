"""The in-process half of the page benchmark (see bench/README.md): against the database in
DATABASE_URL, with the settings the environment gives (bench/run.py gives production's),
it resolves every page of bench/pagelist.py to a path, counts each page's database queries
through Django's test client, times each page in this one process (a median of several
requests, one at a time: the growth from a quarter to the full dataset without the noise of a
loaded machine; and every page also rendered afresh, with nothing kept, as the first visit
after a change is), and writes the personas' session cookies for the load from outside.
bench/run.py runs it once per dataset and reads its JSON."""

import argparse
import gc
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


# Deterministic work counts -------------------------------------------------------------
# Timing cannot tell a page whose work grows with the data from one that only scatters: on a
# shared 2-core machine the same work varies by half one request at a time. So each page's
# work is also counted: the Python function calls of one request (cProfile's profiler, which counts
# every call to a Python function and to a builtin, in C, through sys.monitoring on 3.12),
# and, for every SELECT the request runs, the buffers PostgreSQL touched to answer it (the
# query run again under EXPLAIN ANALYZE). Both are the same for the same request on the
# same data, within a few calls (see bench/README.md), whatever else the machine does.


AFRESH = {"SANCTUARY_PAGE_CACHE": False, "SANCTUARY_PERSONAL_PAGE_CACHE": False}


def _request(client, path: str) -> None:
    """One GET, with a streamed body read to its end (an export's work is in its body)."""
    response = client.get(path, secure=True)
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass
    response.close()


def call_count(path: str, user, afresh: bool = True) -> int:
    """The Python function calls (Python and builtin) of one request, after one to warm up
    (imports, template loading, the kept person and first-use caches do not count).
    `afresh`: with both page caches off; else as served, from a kept copy where there is one."""
    # cProfile's C half: its module would import bench/profile.py in place of the standard
    # library's profile, which bench/ on the path hides.
    import _lsprof

    from django.test import override_settings

    client = client_for(user)
    caches = AFRESH if afresh else {}
    with override_settings(**caches):
        # Twice: a first use (a pattern compiled on its way in, a figure kept) can still be
        # left after the first.
        _request(client, path)
        _request(client, path)
        # The cyclic garbage collector runs when the allocations say so, and what it frees
        # calls __del__ (a model instance's state): collected before and held off during the
        # request, it adds nothing to one count and nothing to the next.
        gc.collect()
        gc.disable()
        profiler = _lsprof.Profiler()
        profiler.enable()
        try:
            _request(client, path)
        finally:
            profiler.disable()
            gc.enable()
    # Each entry is one function, with how often it was called (pstats' total_calls).
    return sum(entry.callcount for entry in profiler.getstats())


def _plan_buffers(plan: dict) -> int:
    """The blocks the top plan node touched (its children's included): shared hit and
    read, and temporary read and written (a sort or hash that spilt to disk)."""
    return sum(
        plan.get(key, 0)
        for key in (
            "Shared Hit Blocks",
            "Shared Read Blocks",
            "Temp Read Blocks",
            "Temp Written Blocks",
        )
    )


class BufferCounter:
    """An execute wrapper that runs every SELECT of the request again under EXPLAIN
    (ANALYZE, BUFFERS, FORMAT JSON), on the same connection and in the same transaction,
    and keeps each one's buffers, rows and text."""

    def __init__(self) -> None:
        self.queries: list[dict] = []

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        head = sql.lstrip()[:6].upper()
        if not many and (head.startswith("SELECT") or head.startswith("WITH")):
            raw = context["connection"].connection
            with raw.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0][0]["Plan"]
            self.queries.append(
                {
                    "buffers": _plan_buffers(plan),
                    "rows": plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1),
                    "sql": sql[:300],
                }
            )
        return result

    def summary(self, top: int = 5) -> dict:
        heaviest = sorted(self.queries, key=lambda q: -q["buffers"])[:top]
        return {
            "buffers": sum(q["buffers"] for q in self.queries),
            "rows": sum(q["rows"] for q in self.queries),
            "selects": len(self.queries),
            "heaviest": heaviest,
        }


def buffer_count(path: str, user, afresh: bool = True) -> dict | None:
    """The buffers and rows of the request's SELECTs (None on a database other than
    PostgreSQL), after one request to warm up, rendered afresh or as served."""
    from django.db import connection
    from django.test import override_settings

    if connection.vendor != "postgresql":
        return None
    client = client_for(user)
    caches = AFRESH if afresh else {}
    counter = BufferCounter()
    with override_settings(**caches):
        _request(client, path)
        with connection.execute_wrapper(counter):
            _request(client, path)
    return counter.summary()


def work_counts(path: str, user) -> dict:
    """A page's work, rendered afresh (counted twice, to show how repeatable the count is)
    and as served (from its kept copy where it has one)."""
    calls = call_count(path, user)
    again = call_count(path, user)
    found: dict = {
        "calls": calls,
        "calls_again": again,
        "calls_kept": call_count(path, user, afresh=False),
    }
    afresh = buffer_count(path, user)
    if afresh is not None:
        kept = buffer_count(path, user, afresh=False)
        found.update(
            {
                "buffers": afresh["buffers"],
                "rows": afresh["rows"],
                "selects": afresh["selects"],
                "heaviest": afresh["heaviest"],
                "buffers_kept": kept["buffers"] if kept else None,
            }
        )
    return found


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
    parser.add_argument(
        "--skip-counts", action="store_true", help="no calls and buffers counted (faster)"
    )
    parser.add_argument(
        "--counts-only", action="store_true", help="calls and buffers only, nothing timed"
    )
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
        "work": {},
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
        if not args.counts_only:
            result["timed"][page.name] = timed(path, users.get(page.persona))
            result["timed_afresh"][page.name] = timed_afresh(path, users.get(page.persona))
        if not args.skip_counts:
            result["work"][page.name] = work_counts(path, users.get(page.persona))
    result["queries"]["trivial view"] = query_count(TRIVIAL, None)[1]
    result["timed"]["trivial view"] = timed(TRIVIAL, None)
    result["cookies"] = {persona: login_cookie(user) for persona, user in users.items()}
    args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
