"""The movement writing while bench/run.py loads its pages: every `--every` seconds, one
write through a service (a group's profile summary changed, with its activity-log entry),
as a coordinator saving their group's page would. Any such write makes every kept page
stale, public and personal alike (sanctuary/page_cache.py renews both generations when it
commits), so the pages loaded meanwhile are measured as a mix of kept answers and pages
rendered afresh, not as kept answers alone. One write a second is far more than the
movement makes (200,000 signatures over five years is about one an hour; reviews, drafts and
profile changes add a few a minute on a busy day).

    DATABASE_URL=... SECRET_KEY=... .venv/bin/python bench/writer.py --every 1 --count-file F

It runs until stopped (SIGTERM), and writes the number of writes made to --count-file after
each one."""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A group none of bench/pagelist.py's pages shows: the pages' own content stays the same size.
NETWORK = "bench-group-1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--every", type=float, default=1.0, help="seconds between writes")
    parser.add_argument("--count-file", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
    import django

    django.setup()
    from django.db import transaction

    from sanctuary.models import Network
    from sanctuary.services import update_network_profile

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    network = Network.objects.get(slug=NETWORK)
    written = 0
    next_at = time.monotonic() + args.every
    while not stopping:
        time.sleep(max(0.0, next_at - time.monotonic()))
        next_at += args.every
        if stopping:
            break
        with transaction.atomic():
            update_network_profile(
                network, actor=None, summary=f"A group of the benchmark, changed {written + 1}x."
            )
        written += 1
        args.count_file.write_text(str(written))


if __name__ == "__main__":
    main()
