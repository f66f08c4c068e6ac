"""The benchmark of issue 15, in one command: `make bench` (full) or `make bench-quick`.

It builds two datasets with seed_large (a quarter and the full size, each in its own
PostgreSQL database), serves each with production settings (gunicorn, 2 workers x 4
threads, on 127.0.0.1; PostgreSQL; the Redis cache), and loads every page of
bench/pagelist.py from another process with wrk, each interleaved with the trivial view
(/health/) in the same round: the trivial view, then the page, at the same number of
connections, so that the ratio compares like with like on a machine that others share.
Query counts come from bench/pages.py (Django's test client against each database), the
renewal sweep and certificate figures from bench/renewals.py, the Celery worker's memory
from bench/workers.py. Results: var/bench/results.json and a Markdown table on stdout
(and in var/bench/results.md) for bench/RESULTS.md.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = ROOT / "var" / "bench"
PYTHON = sys.executable
sys.path.insert(0, str(BENCH))

from pagelist import ESTATE_ROWS, PAGES, TRIVIAL, select  # noqa: E402
from pages import create_postgres_database  # noqa: E402

MODES = {
    "full": {
        "scales": {"quarter": 0.25, "full": 1.0},
        "schema": None,
        "rounds": 3,
        "connections": {"quarter": (8, 16), "full": (8, 16)},
        "page_seconds": 3.0,
        "trivial_seconds": 2.0,
        "max_seconds": 24.0,
        # The trivial view before every page (1), or before every n-th page.
        "trivial_every": 1,
        "warm_fetches": 4,
        # A write through a service this often while the pages are loaded (bench/writer.py),
        # so that kept pages go stale as they would in use; 0: none.
        "write_every": 1.0,
        # Which datasets are loaded from outside (both: the growth from a quarter to full).
        "load_datasets": ("quarter", "full"),
        # The web workers' memory over two equal batches after the load: up to this many
        # requests per page (and memory_seconds), the same counts in both batches.
        "memory_datasets": ("quarter", "full"),
        "memory_requests": 150,
        "memory_seconds": 20.0,
        "renewal_awards": 100_000,
        "renewal_workers": 2,
        "certificate_runs": 10,
        "certificates": 100,
        "estate_rows": ESTATE_ROWS["full"],
    },
    "quick": {
        "scales": {"quarter": 0.025, "full": 0.1},
        "schema": "quick",
        "rounds": 1,
        "connections": {"quarter": (16,), "full": (16,)},
        "page_seconds": 1.0,
        "trivial_seconds": 1.0,
        "max_seconds": 1.0,  # wrk's shortest run; a slow page has fewer requests, not more time
        "trivial_every": 4,
        "warm_fetches": 2,
        "write_every": 1.0,
        # Under five minutes: the smaller dataset's queries are counted, not loaded.
        "load_datasets": ("full",),
        "memory_datasets": ("full",),
        "memory_requests": 2,
        "memory_seconds": 1.0,
        "renewal_awards": 2_000,
        "renewal_workers": 2,
        "certificate_runs": 3,
        "certificates": 10,
        "estate_rows": ESTATE_ROWS["quick"],
    },
}


def database_url(base: str, schema: str | None) -> str:
    """A database URL, in its own PostgreSQL schema when given (the quick run keeps its
    smaller datasets beside the full ones in the same two databases)."""
    if not schema:
        return base
    options = urllib.parse.quote(f"-c search_path={schema}")
    return f"{base}?options={options}"


def production_env(database: str, prefix: str) -> dict[str, str]:
    """The production settings, as a deployment gives them (no embedded defaults, no DEBUG),
    on this machine's PostgreSQL and Redis. The API's rate limits are raised: one address
    sends every request here, which in production would be many visitors."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SANCTUARY_EMBEDDED", "DEBUG", "SANCTUARY_REQUIRE_MFA", "DATABASE_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sanctuary.settings",
            "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "DATABASE_URL": database,
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
            "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/8"),
            "CACHE_KEY_PREFIX": f"bench-{prefix}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "https://127.0.0.1",
            "SANCTUARY_API_ANON_RATE": "10000000/minute",
            "SANCTUARY_API_USER_RATE": "10000000/minute",
            "PRIVATE_MEDIA_ROOT": str(ROOT / "var" / f"bench-private-{prefix}"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    say("wrk is missing: installing the Debian package")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


# Serving ------------------------------------------------------------------------------
class Server:
    def __init__(self, env: dict[str, str], port: int):
        self.env = env
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self):
        import socket

        for _ in range(120):  # the last server's workers may still be finishing slow pages
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) != 0:
                    break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"something already listens on 127.0.0.1:{self.port}")
        self.process = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "sanctuary.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", "2", "--threads", "4",
                "--worker-tmp-dir", "/dev/shm", "--timeout", "60",
                "--log-level", "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )  # fmt: skip
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped")
            try:
                fetch(self.base + TRIVIAL, None)
            except OSError:
                time.sleep(0.2)
                continue
            if len(self.worker_pids()) == 2:
                return self
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer")

    def __exit__(self, *exc):
        workers = self.worker_pids()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pid in workers:
            for _ in range(120):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.5)

    def worker_pids(self) -> list[int]:
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
        ).stdout.split()
        return [int(pid) for pid in children]

    def worker_rss_kb(self) -> list[int]:
        return [rss_kb(pid) for pid in self.worker_pids()]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def headers(cookie: str | None) -> dict[str, str]:
    # Behind the production proxy, which terminates TLS and says so.
    found = {"X-Forwarded-Proto": "https"}
    if cookie:
        found["Cookie"] = cookie
    return found


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.found.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.found.append(attrs["src"])


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer of its own here (to the sign-in page, say): never followed."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(url: str, cookie: str | None) -> tuple[int, bytes, str]:
    request = urllib.request.Request(
        url, headers={**headers(cookie), "Accept-Encoding": "gzip, br"}
    )
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), ""


def page_bytes(base: str, path: str, cookie: str | None) -> dict:
    """What a first visit receives: the page, then its CSS and JS, as sent (compressed where
    the server compresses)."""
    status, body, content_type = fetch(base + path, cookie)
    sizes = {"status": status, "html": len(body), "assets": 0}
    if "html" in content_type:
        parser = Assets()
        parser.feed(body.decode("utf-8", "replace"))
        for asset in dict.fromkeys(parser.found):
            sizes["assets"] += len(fetch(urllib.parse.urljoin(base, asset), None)[1])
    sizes["bytes"] = sizes["html"] + sizes["assets"]
    return sizes


def wrk(
    url: str, cookie: str | None, connections: int, seconds: float, max_seconds: float = 24
) -> dict:
    """One wrk run; its figures in milliseconds. A page too slow to finish enough requests
    in the time given runs again for longer."""
    while True:
        command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds:g}s"]
        command += ["--timeout", "60s", "-s", str(BENCH / "wrk_report.lua")]
        for key, value in headers(cookie).items():
            command += ["-H", f"{key}: {value}"]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True)
        figures = json.loads(output.stdout.strip().splitlines()[-1])
        if figures["requests"] >= 2 * connections or seconds >= max_seconds:
            break
        seconds *= 2
    return {
        "requests": figures["requests"],
        "seconds": figures["duration_us"] / 1e6,
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "errors": figures["status"] + figures["timeout"] + figures["connect"] + figures["read"],
    }


class Writer:
    """bench/writer.py in its own process while the pages are loaded: a write through a
    service every `every` seconds (none when it is 0), which makes every kept page stale."""

    def __init__(self, env: dict[str, str], every: float, label: str):
        self.every = every
        self.started = time.perf_counter()
        self.count_file = OUT / f"writes-{label}.txt"
        self.count_file.unlink(missing_ok=True)
        self.process = None
        if every > 0:
            command = [PYTHON, str(BENCH / "writer.py"), "--every", str(every)]
            command += ["--count-file", str(self.count_file)]
            self.process = subprocess.Popen(command, cwd=ROOT, env=env)

    def stop(self) -> dict:
        seconds = time.perf_counter() - self.started
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            if self.process.returncode not in (0, -15):
                raise RuntimeError(f"bench/writer.py stopped with {self.process.returncode}")
        written = int(self.count_file.read_text()) if self.count_file.exists() else 0
        if self.every > 0 and seconds > 10 * self.every and written == 0:
            raise RuntimeError("bench/writer.py wrote nothing")
        return {"every_seconds": self.every, "writes": written, "seconds": seconds}


def load_dataset(label: str, mode: dict, env: dict, measured: dict, port: int, pages: list) -> dict:
    """Serve one dataset and load every page of it; the figures per page and connections,
    and the web workers' memory: after the warm-up, after the load, and after each of two
    equal batches of requests (memory_batches)."""
    flush_redis(env["REDIS_URL"])
    cookies = measured["cookies"]
    results: dict = {"pages": {}, "memory": {}}
    served = 0
    with Server(env, port) as server:
        base = server.base
        for page in pages:
            cookie = cookies.get(page.persona) if page.persona else None
            results["pages"][page.name] = {
                "wire": page_bytes(base, measured["paths"][page.name], cookie)
            }
        # Warm: each page a few times, so every worker has imported and cached what it uses.
        for page in pages:
            cookie = cookies.get(page.persona) if page.persona else None
            for _ in range(mode["warm_fetches"]):
                fetch(base + measured["paths"][page.name], cookie)
        results["memory"]["web_rss_before_kb"] = server.worker_rss_kb()
        writer = Writer(env, mode["write_every"], label)
        try:
            trivial_runs: dict[int, dict] = {}
            for number, page in enumerate(pages, 1):
                cookie = cookies.get(page.persona) if page.persona else None
                url = base + measured["paths"][page.name]
                entry = results["pages"][page.name]
                for connections in mode["connections"][label]:
                    rounds = []
                    for _ in range(mode["rounds"]):
                        # The trivial view just before the page (in quick mode, before every
                        # n-th page: the last one measured, seconds earlier).
                        if (number - 1) % mode["trivial_every"] == 0 or mode["rounds"] > 1:
                            trivial_runs[connections] = wrk(
                                base + TRIVIAL, None, connections, mode["trivial_seconds"]
                            )
                            served += trivial_runs[connections]["requests"]
                        trivial = trivial_runs[connections]
                        loaded = wrk(
                            url, cookie, connections, mode["page_seconds"], mode["max_seconds"]
                        )
                        served += loaded["requests"]
                        if loaded["requests"] < 2 * connections:
                            # A page too slow for its time leaves requests queued at the server
                            # after wrk stops: wait for them, so the next page is measured alone.
                            fetch(base + TRIVIAL, None)
                        rounds.append(
                            {
                                "trivial": trivial,
                                "page": loaded,
                                "p50_ratio": ratio(loaded["p50_ms"], trivial["p50_ms"]),
                                "p95_ratio": ratio(loaded["p95_ms"], trivial["p95_ms"]),
                            }
                        )
                    entry[str(connections)] = summarise(rounds)
                last = entry[str(mode["connections"][label][-1])]
                say(
                    f"  {label} {number:>2}/{len(pages)} {page.name}: p50 {last['p50_ms']:.1f} ms, "
                    f"{last['p50_ratio']:.1f}x trivial"
                )
        finally:  # never leave the writer running, even when a load fails
            results["writes"] = writer.stop()
        results["memory"]["web_rss_after_kb"] = server.worker_rss_kb()
        results["memory"]["requests_between"] = served
        if label in mode["memory_datasets"]:
            results["memory"].update(memory_batches(server, mode, measured, pages, results, label))
    return results


def memory_batches(
    server: Server, mode: dict, measured: dict, pages: list, load: dict, label: str
) -> dict:
    """Two equal batches of requests after the load, the workers' memory after each: growth
    over the first and none over the second is caches filling up; growth over both, a leak.
    Each page is sent memory_requests times in a batch, fewer when its p50 under the load
    says that many would take longer than memory_seconds; the second batch sends the same."""
    from concurrent.futures import ThreadPoolExecutor

    cookies = measured["cookies"]
    widest = str(mode["connections"][label][-1])
    requests: list[tuple[str, str | None]] = []
    for page in pages:
        p50 = load["pages"][page.name][widest]["p50_ms"] / 1000 or mode["memory_seconds"]
        count = max(1, min(mode["memory_requests"], int(mode["memory_seconds"] / p50)))
        cookie = cookies.get(page.persona) if page.persona else None
        requests += [(server.base + measured["paths"][page.name], cookie)] * count

    def batch() -> None:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda request: fetch(*request), requests))

    say(f"  memory: two equal batches of {len(requests)} requests")
    batch()
    after_first = server.worker_rss_kb()
    batch()
    return {
        "batch_requests": len(requests),
        "web_rss_after_batch_1_kb": after_first,
        "web_rss_after_batch_2_kb": server.worker_rss_kb(),
    }


def summarise(rounds: list[dict]) -> dict:
    """The median over the rounds of each figure; every round kept too."""

    def median(key, part="page"):
        return statistics.median(r[part][key] for r in rounds)

    return {
        "p50_ms": median("p50_ms"),
        "p95_ms": median("p95_ms"),
        "rps": median("rps"),
        "trivial_p50_ms": median("p50_ms", "trivial"),
        "trivial_p95_ms": median("p95_ms", "trivial"),
        "p50_ratio": statistics.median(r["p50_ratio"] for r in rounds),
        "p95_ratio": statistics.median(r["p95_ratio"] for r in rounds),
        "errors": sum(r["page"]["errors"] for r in rounds),
        "rounds": rounds,
    }


# Putting it together --------------------------------------------------------------------
def dataset_fingerprint(scale: float) -> str:
    """What a seeded dataset depends on: its scale, every migration and seed_large itself."""
    import hashlib

    digest = hashlib.sha256(f"scale={scale}".encode())
    sources = sorted(ROOT.glob("*/migrations/0*.py"))
    sources.append(ROOT / "awards" / "management" / "commands" / "seed_large.py")
    for source in sources:
        digest.update(str(source.relative_to(ROOT)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def applied_migrations(url: str) -> int | None:
    """How many migrations the database (or the schema its URL names) has applied; None
    when it has none yet."""
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            return connection.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    except psycopg.Error:
        return None


def prepare(label: str, scale: float, url: str, pages: list, reuse: bool) -> dict:
    env = production_env(url, label)
    create_postgres_database(url)
    marker = OUT / f"dataset-{label}-{scale:g}.json"
    fingerprint = dataset_fingerprint(scale)
    known = json.loads(marker.read_text()) if marker.exists() else {}
    current = (
        reuse
        and known.get("url") == url
        and known.get("fingerprint") == fingerprint
        and applied_migrations(url) == known.get("migrations")
    )
    if current:
        say(f"{label}: the dataset at scale {scale} is there and current; not seeded again")
    else:
        say(f"{label}: migrate and seed_large --scale {scale}")
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run([PYTHON, "manage.py", "seed_large", "--scale", str(scale)], env)
        # The staff's export page lists ready files: make them, as a worker would.
        run([PYTHON, "manage.py", "make_signatory_exports"], env)
        marker.write_text(
            json.dumps(
                {"url": url, "fingerprint": fingerprint, "migrations": applied_migrations(url)}
            )
        )
    say(f"{label}: counting queries per page")
    target = OUT / f"queries-{label}.json"
    names = ",".join(page.name for page in pages)
    run([PYTHON, str(BENCH / "pages.py"), "--json", str(target), "--exact", names], env)
    return json.loads(target.read_text())


def static_is_stale() -> bool:
    """Whether the collected files (hashed and compressed, as production serves them) are
    older than any file in static/."""
    manifest = ROOT / "var" / "static" / "staticfiles.json"
    if not manifest.exists():
        return True
    newest = max(p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file())
    return newest > manifest.stat().st_mtime


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        ),
    }


def table(results: dict, mode_name: str) -> str:
    pages = results["pages"]
    widest = max(results["connections"])
    lines = [
        f"Mode {mode_name}; datasets at scales {results['scales']}; p50 and p95 at {widest} "
        "connections on the full dataset, as multiples of the trivial view in the same round.",
        "",
        "| page | persona | p50 ms | p50 × | p95 × | req/s | p50 ms 8c | full/¼ ms "
        "| full/¼ × | one at a time ¼ / full ms | full/¼ one at a time | afresh full/¼ "
        "| calls full/¼ | buffers full/¼ | queries ¼ | queries full | KB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for entry in pages:
        eight = entry.get("p50_ms_8")
        inproc, inproc_growth, afresh, calls, buffers = "", "", "", "", ""
        if "inproc_ms_full" in entry:
            inproc = f"{entry['inproc_ms_quarter']:.1f} / {entry['inproc_ms_full']:.1f}"
            inproc_growth = f"{entry['inproc_growth']:.2f}"
        if "afresh_growth" in entry:
            afresh = f"{entry['afresh_growth']:.2f} ({entry['afresh_ms_full']:.1f} ms)"
        if "calls_growth" in entry:
            calls = f"{entry['calls_growth']:.2f}"
        if "buffers_growth" in entry:
            # No SELECT at all on either dataset: nothing to grow.
            buffers = "–" if not entry["buffers_quarter"] else f"{entry['buffers_growth']:.2f}"
        lines.append(
            f"| {entry['name']} | {entry['persona'] or 'anyone'} | {entry['p50_ms']:.1f} "
            f"| {entry['p50_ratio']:.1f} | {entry['p95_ratio']:.1f} | {entry['rps']:.0f} "
            f"| {'' if eight is None else f'{eight:.1f}'} | {entry['growth']:.2f} "
            f"| {entry['growth_ratio']:.2f} | {inproc} | {inproc_growth} | {afresh} "
            f"| {calls} | {buffers} | {entry['queries_quarter']} | {entry['queries_full']} "
            f"| {entry['bytes'] / 1024:.1f} |"
        )
    trivial = results["trivial"]
    lines += [
        "",
        f"Trivial view: p50 {trivial['p50_ms']:.2f} ms, p95 {trivial['p95_ms']:.2f} ms at "
        f"{widest} connections (median over every round on the full dataset).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=sorted(MODES), default="full")
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sanctuary_bench"
        ),
    )
    parser.add_argument(
        "--quarter-database",
        default=os.environ.get(
            "BENCH_QUARTER_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/sanctuary_bench_quarter",
        ),
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8100")))
    parser.add_argument("--skip-load", action="store_true", help="queries only")
    parser.add_argument("--rounds", type=int, help="rounds per page (default: the mode's)")
    parser.add_argument(
        "--pages",
        help="only the pages whose name contains one of these (comma-separated, any case)",
    )
    parser.add_argument(
        "--connections",
        help="numbers of connections, comma-separated (default: the mode's, e.g. 8,16)",
    )
    parser.add_argument(
        "--page-seconds",
        type=int,
        help="each page's load per round, in whole seconds as wrk takes them (the mode's)",
    )
    parser.add_argument(
        "--trivial-seconds", type=int, help="the trivial view's, per round (the mode's)"
    )
    parser.add_argument(
        "--write-every",
        type=float,
        help="seconds between the writes made while pages are loaded; 0: none (the mode's)",
    )
    parser.add_argument(
        "--reseed",
        action="store_true",
        help="migrate and seed the datasets even when they are there and current",
    )
    parser.add_argument(
        "--skip-extras",
        action="store_true",
        help="pages only: no renewal sweep, certificates, Celery memory or estate import",
    )
    parser.add_argument(
        "--reuse-loads",
        action="store_true",
        help="take a dataset's load from var/bench/load-<dataset>.json when there",
    )
    args = parser.parse_args()
    mode = MODES[args.mode]
    if args.rounds:
        mode["rounds"] = args.rounds
    for option in ("page_seconds", "trivial_seconds", "write_every"):
        if getattr(args, option) is not None:
            mode[option] = getattr(args, option)
    if args.connections:
        chosen = tuple(int(n) for n in args.connections.split(","))
        mode["connections"] = dict.fromkeys(mode["connections"], chosen)
    pages = select(PAGES, args.pages)
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_wrk()
    started = time.perf_counter()
    urls = {
        "quarter": database_url(args.quarter_database, mode["schema"]),
        "full": database_url(args.database, mode["schema"]),
    }
    results: dict = {"mode": args.mode, "settings": mode, "machine_before": machine()}
    results["scales"] = mode["scales"]
    results["connections"] = list(mode["connections"]["full"])
    results["pages_chosen"] = [page.name for page in pages]
    say(f"machine: {results['machine_before']['uptime']}")
    if static_is_stale():
        say("collectstatic: hashed and compressed, as production serves them")
        collect_static = [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"]
        run(collect_static, production_env(urls["full"], "full"))
    measured = {
        label: prepare(label, mode["scales"][label], urls[label], pages, not args.reseed)
        for label in urls
    }
    loads = {}
    if not args.skip_load:
        for label in mode["load_datasets"]:
            saved = OUT / f"load-{label}.json"
            if args.reuse_loads and saved.exists():
                say(f"{label}: the load measured before, from {saved.name}")
                loads[label] = json.loads(saved.read_text())
                continue
            say(f"{label}: serving and loading {len(pages)} pages")
            env = production_env(urls[label], label)
            loads[label] = load_dataset(label, mode, env, measured[label], args.port, pages)
            (OUT / f"load-{label}.json").write_text(json.dumps(loads[label], indent=1))

    if not args.skip_extras:
        results.update(extras(args, mode))
    results["measured"] = {
        label: {k: v for k, v in m.items() if k != "cookies"} for label, m in measured.items()
    }
    results["loads"] = loads
    results["pages"] = collect(mode, measured, loads, pages)
    widest = str(results["connections"][-1])
    if "full" in loads:
        rounds = [
            r["trivial"]
            for entry in loads["full"]["pages"].values()
            for r in entry[widest]["rounds"]
        ]
        results["trivial"] = {
            "p50_ms": statistics.median(r["p50_ms"] for r in rounds),
            "p95_ms": statistics.median(r["p95_ms"] for r in rounds),
        }
    results["machine_after"] = machine()
    results["seconds"] = time.perf_counter() - started
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str))
    if "full" in loads:
        text = table(results, args.mode) + "\n\n" + summary(results)
        (OUT / "results.md").write_text(text + "\n")
        print(text)
    say(f"machine: {results['machine_after']['uptime']}")
    say(f"done in {results['seconds']:.0f}s; var/bench/results.json written")


def extras(args, mode: dict) -> dict:
    """The renewal sweep and certificates, the Celery worker's memory, the estate import."""
    found: dict = {}
    say("renewal sweep and certificates (bench/renewals.py)")
    renewals_url = database_url(args.database, f"renewals_{args.mode}")
    renewals_env = production_env(renewals_url, "renewals")
    create_postgres_database(renewals_url)
    sweep_json = OUT / "renewals.json"
    run(
        [PYTHON, str(BENCH / "renewals.py"), "--database", renewals_url,
         "--awards", str(mode["renewal_awards"]), "--workers", str(mode["renewal_workers"]),
         "--runs", str(mode["certificate_runs"]), "--json", str(sweep_json)],
        renewals_env,
    )  # fmt: skip
    found["renewals"] = json.loads(sweep_json.read_text())
    say("Celery worker memory over two batches of certificates (bench/workers.py)")
    worker_json = OUT / "worker.json"
    run(
        [PYTHON, str(BENCH / "workers.py"), "--certificates", str(mode["certificates"]),
         "--json", str(worker_json)],
        renewals_env,
    )  # fmt: skip
    found["celery"] = json.loads(worker_json.read_text())
    say(f"estate import of {mode['estate_rows']} organisations (bench/estate.py)")
    base, _, name = args.database.rpartition("/")
    estate_url = f"{base}/{name}_estate_{args.mode}"
    estate_json = OUT / "estate.json"
    run(
        [PYTHON, str(BENCH / "estate.py"), "--organisations", str(mode["estate_rows"]),
         "--database", estate_url, "--json", str(estate_json)],
        production_env(estate_url, "estate"),
    )  # fmt: skip
    found["estate"] = json.loads(estate_json.read_text())
    return found


def summary(results: dict) -> str:
    """The figures beside the pages' table: memory, the sweep, certificates, the import."""
    lines = []

    def mb(kb_list) -> str:
        return " and ".join(f"{kb / 1024:.0f}" for kb in kb_list) + " MB"

    for label, load in results.get("loads", {}).items():
        writes = load.get("writes")
        if writes and writes["writes"]:
            lines.append(
                f"Writes while loading ({label}): {writes['writes']} in "
                f"{writes['seconds']:.0f} s, one every {writes['every_seconds']:g} s, each "
                "making every kept page stale."
            )
        elif writes is not None:
            lines.append(f"Writes while loading ({label}): none; every page was kept.")
        memory = load["memory"]
        line = (
            f"Web workers ({label}): {mb(memory['web_rss_before_kb'])} after the warm-up, "
            f"{mb(memory['web_rss_after_kb'])} after the load "
            f"({memory['requests_between']} requests)"
        )
        if "web_rss_after_batch_1_kb" in memory:
            line += (
                f", {mb(memory['web_rss_after_batch_1_kb'])} after a batch of "
                f"{memory['batch_requests']} more and {mb(memory['web_rss_after_batch_2_kb'])} "
                "after a second equal batch"
            )
        lines.append(line + ".")
    celery = results.get("celery")
    if celery:
        lines.append(
            f"Celery worker's child: {mb(celery['before']['children_kb'])} after one certificate, "
            f"{mb(celery['after']['children_kb'])} after {celery['certificates']} more and "
            f"{mb(celery['after_second']['children_kb'])} after {celery['certificates_second']} "
            f"more again (main process {mb([celery['after_second']['main_kb']])})."
        )
    renewals = results.get("renewals")
    if renewals:
        first = renewals["sweep"]["sweeps"]["first sweep (catches up)"]
        shares = first.get("tasks_per_worker")
        lines.append(
            f"Renewal sweep over {renewals['sweep']['awards']} awards: states and claims "
            f"{first['claiming']:.2f} s ({first['queries']} queries); {first['sent']} reminders "
            f"sent in {first['sending']:.1f} s"
            + (f" by {len(shares)} workers (tasks each: {shares})." if shares else " in-process.")
        )
        certificate = renewals["certificate"]
        lines.append(
            "Certificate: "
            + "; ".join(
                f"{label} {c['median_ms']:.0f} ms ({c['x_bare']:.2f}x bare)"
                for label, c in certificate.items()
            )
            + "."
        )
    estate = results.get("estate")
    if estate:
        lines.append(
            f"Estate import of {estate['organisations']} organisations: "
            + "; ".join(
                f"{label} {run_['rows_per_second']:.0f} rows/s"
                for label, run_ in estate["runs"].items()
            )
            + "."
        )
    return "\n".join(f"- {line}" for line in lines)


def ratio(a: float, b: float) -> float:
    """a / b, or NaN when b is nothing (a page that finished no request in its time) or
    not measured."""
    return a / b if b and b == b else float("nan")


def collect(mode: dict, measured: dict, loads: dict, pages: list) -> list[dict]:
    """One entry per page: the fields results.json promises, then the detail. A dataset not
    loaded (the quick mode's smaller one) leaves the growth as NaN."""
    entries = []
    widest = str(mode["connections"]["full"][-1])
    nothing = {widest: {"p50_ms": float("nan"), "p50_ratio": float("nan")}, "wire": {}}
    for page in pages:
        entry = {
            "name": page.name,
            "persona": page.persona,
            "path": measured["full"]["paths"][page.name],
            "queries_quarter": measured["quarter"]["queries"][page.name],
            "queries_full": measured["full"]["queries"][page.name],
            "status": measured["full"]["status"][page.name],
        }
        # In-process, one request at a time (bench/pages.py): the growth without the load.
        timed = {label: measured[label].get("timed", {}).get(page.name) for label in measured}
        if timed.get("quarter") and timed.get("full"):
            entry["inproc_ms_quarter"] = timed["quarter"]["wall_ms"]
            entry["inproc_ms_full"] = timed["full"]["wall_ms"]
            entry["inproc_cpu_ms_full"] = timed["full"]["cpu_ms"]
            entry["inproc_growth"] = ratio(timed["full"]["wall_ms"], timed["quarter"]["wall_ms"])
        afresh = {
            label: measured[label].get("timed_afresh", {}).get(page.name) for label in measured
        }
        if afresh.get("quarter") and afresh.get("full"):
            entry["afresh_ms_quarter"] = afresh["quarter"]["wall_ms"]
            entry["afresh_ms_full"] = afresh["full"]["wall_ms"]
            entry["afresh_growth"] = ratio(afresh["full"]["wall_ms"], afresh["quarter"]["wall_ms"])
        # The work of one request, counted (bench/pages.py): Python calls and PostgreSQL's
        # buffers, rendered afresh, and as served from a kept copy ("kept").
        work = {label: measured[label].get("work", {}).get(page.name) for label in measured}
        if work.get("quarter") and work.get("full"):
            quarter_work, full_work = work["quarter"], work["full"]
            entry["calls_quarter"] = quarter_work["calls"]
            entry["calls_full"] = full_work["calls"]
            entry["calls_growth"] = ratio(full_work["calls"], quarter_work["calls"])
            entry["calls_kept_quarter"] = quarter_work["calls_kept"]
            entry["calls_kept_full"] = full_work["calls_kept"]
            if "buffers" in quarter_work and "buffers" in full_work:
                entry["buffers_quarter"] = quarter_work["buffers"]
                entry["buffers_full"] = full_work["buffers"]
                entry["buffers_growth"] = ratio(full_work["buffers"], quarter_work["buffers"])
                entry["rows_quarter"] = quarter_work["rows"]
                entry["rows_full"] = full_work["rows"]
        if "full" in loads:
            full = loads["full"]["pages"][page.name]
            quarter = loads.get("quarter", {}).get("pages", {}).get(page.name, nothing)
            entry.update(
                {
                    "p50_ratio": full[widest]["p50_ratio"],
                    "p95_ratio": full[widest]["p95_ratio"],
                    "p50_ms": full[widest]["p50_ms"],
                    "p95_ms": full[widest]["p95_ms"],
                    "rps": full[widest]["rps"],
                    "bytes": full["wire"]["bytes"],
                    "html_bytes": full["wire"]["html"],
                    "wire_status": full["wire"]["status"],
                    "errors": full[widest]["errors"],
                    "p50_ms_quarter": quarter[widest]["p50_ms"],
                    "p50_ratio_quarter": quarter[widest]["p50_ratio"],
                    # Slower at full than at a quarter: in milliseconds, and as multiples
                    # of the trivial view (which discounts the load others put on the machine).
                    "growth": ratio(full[widest]["p50_ms"], quarter[widest]["p50_ms"]),
                    "growth_ratio": ratio(full[widest]["p50_ratio"], quarter[widest]["p50_ratio"]),
                    "bytes_quarter": quarter["wire"].get("bytes"),
                }
            )
            if "8" in full:
                entry["p50_ms_8"] = full["8"]["p50_ms"]
                entry["p50_ratio_8"] = full["8"]["p50_ratio"]
        entries.append(entry)
    return entries


if __name__ == "__main__":
    main()
