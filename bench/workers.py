"""A Celery worker's resident memory before and after rendering certificates (issue 15).

With the environment bench/run.py gives (production settings, the Redis broker, the
renewal benchmark's database of awards), it starts one worker (prefork, one child, a queue
of its own), renders one certificate to warm it (fonts, imports), reads the memory of the
worker and its child, sends N more certificate tasks, waits until the database shows them
all rendered, reads the memory again, and does the same with a second batch of N. Memory that
grows over the first batch and stays flat over the second is caches filling up; memory that
grows over both is a leak."""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUEUE = "bench-certificates"


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def memory(worker: subprocess.Popen) -> dict[str, object]:
    return {
        "main_kb": rss_kb(worker.pid),
        "children_kb": [rss_kb(pid) for pid in children(worker.pid)],
    }


def render(award_ids: list[int], timeout: float) -> float:
    """Send a task per award and wait until every one of them is rendered; the seconds."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from awards.models import Award
    from awards.tasks import task_render_certificate

    since = timezone.now()
    started = time.perf_counter()
    for pk in award_ids:
        task_render_certificate.apply_async(kwargs={"award_id": pk, "language": "en"}, queue=QUEUE)
    while time.perf_counter() - started < timeout:
        with scopes_disabled():
            done = Award.objects.filter(pk__in=award_ids, certificate_rendered_at__gte=since)
            if done.count() == len(award_ids):
                return time.perf_counter() - started
        time.sleep(0.5)
    raise RuntimeError(f"the worker rendered too slowly ({len(award_ids)} certificates)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--certificates", type=int, default=100)
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
    import django

    django.setup()
    from django_scopes import scopes_disabled

    from awards.models import Award

    with scopes_disabled():
        ids = list(
            Award.objects.order_by("pk").values_list("pk", flat=True)[: 2 * args.certificates + 1]
        )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sanctuary", "worker", "--pool", "prefork",
         "--concurrency", "1", "--queues", QUEUE, "--loglevel", "WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=os.environ,
    )  # fmt: skip
    first, second = ids[1 : args.certificates + 1], ids[args.certificates + 1 :]
    try:
        warm = render(ids[:1], timeout=300)
        before = memory(worker)
        seconds = render(first, timeout=60 + 10 * len(first))
        after = memory(worker)
        seconds_second = render(second, timeout=60 + 10 * len(second))
        after_second = memory(worker)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    figures = {
        "certificates": len(first),
        "first_seconds": warm,
        "seconds": seconds,
        "per_certificate_ms": seconds / max(1, len(first)) * 1000,
        "before": before,
        "after": after,
        # The second batch, as many again: flat here means caches, not a leak.
        "certificates_second": len(second),
        "seconds_second": seconds_second,
        "after_second": after_second,
    }
    args.json.write_text(json.dumps(figures, indent=1))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
