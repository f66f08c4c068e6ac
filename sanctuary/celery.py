"""The Celery app. Exactly one beat process runs the schedule below in production."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")

app = Celery("sanctuary")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule lives in code, so there is one place to read it.
app.conf.beat_schedule = {}
