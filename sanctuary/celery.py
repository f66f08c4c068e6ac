"""The Celery app. Exactly one beat process runs the schedule below in production."""

import os
from pathlib import Path

from celery import Celery, signals
from celery.beat import PersistentScheduler
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")

app = Celery("sanctuary")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class HeartbeatScheduler(PersistentScheduler):
    """Celery's own scheduler, touching a file on every tick (at least every five minutes),
    so that the beat container's health check (sanctuary/probe.py) can tell it is alive."""

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        from sanctuary.probe import BEAT_HEARTBEAT

        Path(BEAT_HEARTBEAT).touch()
        return interval


app.conf.beat_scheduler = "sanctuary.celery:HeartbeatScheduler"


@signals.worker_init.connect
def _require_writable_storage(**kwargs) -> None:
    """A worker that could not store a certificate must not start (sanctuary/checks.py)."""
    from sanctuary.checks import require_writable_storage

    require_writable_storage()


# The beat schedule lives in code, so there is one place to read it. Nothing is scheduled
# years ahead: the daily sweep reads the dates from the database (awards/renewals.py).
app.conf.beat_schedule = {
    "renewal-sweep": {
        "task": "awards.tasks.task_run_renewal_sweep",
        "schedule": crontab(hour=6, minute=30),  # Europe/London (CELERY_TIMEZONE)
    },
    # Removes unconfirmed signatures, expired invitations and old API tokens (retention).
    "retention": {
        "task": "members.tasks.task_apply_retention",
        "schedule": crontab(hour=3, minute=15),
    },
    # After the sweep, so the digest lists what the sweep found overdue.
    "coordinator-digests": {
        "task": "awards.tasks.task_send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
}
