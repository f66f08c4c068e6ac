"""The Celery app. Exactly one beat process runs the schedule below in production."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")

app = Celery("sanctuary")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

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
}
