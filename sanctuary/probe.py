"""Health checks for the containers, with no shell and nothing installed beyond the image:

    python -m sanctuary.probe /health/    # the web answers (the image's HEALTHCHECK)
    python -m sanctuary.probe /ready/     # ... and its database, cache, broker and storage
    python -m sanctuary.probe beat        # the one beat has ticked lately

Exits 0 when healthy, 1 otherwise. It asks the web as the proxy would: a host it allows.
"""

import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

# Beat ticks at least every five minutes (Celery's longest sleep) and touches this file.
BEAT_HEARTBEAT = Path(os.environ.get("SANCTUARY_BEAT_HEARTBEAT", "/tmp/celerybeat-heartbeat"))
BEAT_STALE_SECONDS = 600


def allowed_host() -> str:
    host = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip(".")
    return host if host and host != "*" else "localhost"


def probe_web(path: str, port: int = 8000) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": allowed_host()}
    )
    try:
        with urllib.request.urlopen(request, timeout=8) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def probe_beat() -> bool:
    try:
        return time.time() - BEAT_HEARTBEAT.stat().st_mtime < BEAT_STALE_SECONDS
    except OSError:
        return False


def main(argv: list[str]) -> int:
    target = argv[1] if len(argv) > 1 else "/health/"
    healthy = probe_beat() if target == "beat" else probe_web(target)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
