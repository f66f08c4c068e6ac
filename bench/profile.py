"""Profile pages of bench/pagelist.py in-process: pyinstrument's call tree and the queries,
slowest first, of one request (after a warm-up request), against DATABASE_URL.

    DATABASE_URL=... SECRET_KEY=... .venv/bin/python bench/profile.py "charter signatories"

Needs pyinstrument (the dev extra). Writes var/bench/profile-<page>.txt."""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="+", help="page names from bench/pagelist.py")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pagelist import PAGES, fixtures
    from pyinstrument import Profiler

    from awards.management.commands.seed_large import BENCH_PERSONAS
    from members.models import User

    values = fixtures()
    pages = {page.name: page for page in PAGES}
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    for name in args.names:
        page = pages[name]
        client = Client(SERVER_NAME="127.0.0.1")
        if page.persona:
            client.force_login(User.objects.get(email=BENCH_PERSONAS[page.persona]))
        path = page.path.format(**values)
        client.get(path, secure=True)
        profiler = Profiler(interval=0.0005)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            profiler.start()
            response = client.get(path, secure=True)
            profiler.stop()
            total = time.perf_counter() - started
        sql_time = sum(float(q["time"]) for q in queries.captured_queries)
        lines = [
            f"{name} {path}: {response.status_code}, {len(response.content)} bytes, "
            f"{total * 1000:.0f} ms, {len(queries)} queries taking {sql_time * 1000:.0f} ms",
            "",
            "Queries, slowest first:",
        ]
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"])):
            lines.append(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:600]}")
        lines += ["", profiler.output_text(unicode=True, color=False, show_all=False)]
        target = out / f"profile-{name.replace(' ', '-')}.txt"
        target.write_text("\n".join(lines))
        print(lines[0])


if __name__ == "__main__":
    main()
