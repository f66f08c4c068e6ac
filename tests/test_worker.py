"""Real parts: a Celery worker process on Redis renders a certificate and delivers a reminder
to an SMTP sink, in its recipient's language; two workers share the sweep's sending and mail
nobody twice; sweep processes killed midway and run twice at once still send every reminder
exactly once (DESIGN.md rule 3).

These need PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL): CI has both. Outside CI
without them they skip; in CI they fail instead. The worker and the sweeps are subprocesses
with the production settings module, pointed at this test's database, the broker and the
sink; this process only writes data and sends tasks to the broker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanctuary_h5 \\
    REDIS_URL=redis://127.0.0.1:6379/5 CELERY_BROKER_URL=redis://127.0.0.1:6379/6 \\
    .venv/bin/python -m pytest tests/test_worker.py
"""

import csv
import datetime
import io
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_scopes import scopes_disabled
from pypdf import PdfReader

from awards import renewals, tasks
from awards.enums import ReminderKind
from awards.models import Award, Reminder
from sanctuary.celery import app
from tests.conftest import skip_or_fail
from tests.factories import StreamFactory
from tests.factories.awards import (
    award,
    coordinator,
    panel_in_review,
    scheme_with_criteria,
    submit_review,
    submitted_application,
)
from tests.factories.certificates import issued_award
from tests.fakes import SMTPSink

# One broker for every test here, and a queue of its own for each test, so that a worker or a
# task left from another test (or another xdist process's database) never takes this test's
# tasks. Under pytest-xdist (`--dist loadgroup`, as `make test` runs) they also go to the same
# process, one after another.
pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery-broker"),
]

WAIT = 90  # seconds: generous for a cold worker on a small machine, and always bounded
RENEWAL_SUBJECTS = {
    "Your Sanctuary Award is due for renewal",
    "A Sanctuary Award in your network is due for renewal",
}


def renewal_subjects(*languages: str) -> set[str]:
    """The renewal subjects in English and in each of `languages` (a Welsh reader's is Welsh)."""
    subjects = set(RENEWAL_SUBJECTS)
    for language in languages:
        with translation.override(language):
            subjects |= {translation.gettext(subject) for subject in RENEWAL_SUBJECTS}
    return subjects


@pytest.fixture(autouse=True)
def real_services():
    if connection.vendor != "postgresql":
        skip_or_fail("the worker tests need PostgreSQL: set DATABASE_URL")
    if not settings.CELERY_BROKER_URL:
        skip_or_fail("the worker tests need Redis as the broker: set CELERY_BROKER_URL")
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=3).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis at CELERY_BROKER_URL does not answer: {error}")


def wait_for(check, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"Gave up after {timeout}s waiting for {what}")


def process_env(sink: SMTPSink, **extra) -> dict[str, str]:
    """The production settings, pointed at this test's database, the broker and the sink."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sanctuary.settings",
        "SANCTUARY_EMBEDDED": "1",
        "DATABASE_URL": (
            f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}"
        ),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": app.conf.task_default_queue,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_TIMEOUT": "10",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "SITE_URL": settings.SITE_URL,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def stop(process: subprocess.Popen) -> None:
    """Stop a process this test started, by its id."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def broker():
    """Tasks go to Redis for the length of the test, to an empty queue of this test's own."""
    default_queue = app.conf.task_default_queue
    queue = f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    use_queue(queue)
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = True
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    use_queue(default_queue)


def use_queue(name: str) -> None:
    """Send this process's tasks to the queue `name` (the workers started read it too)."""
    app.conf.task_default_queue = name
    app.amqp.queues = app.amqp.Queues(app.conf.task_queues, create_missing=True)
    app.amqp.queues.select_add(name)


@pytest.fixture
def worker(broker, tmp_path):
    """A real `celery -A sanctuary worker` process, on the broker, with the sink's address.
    Each worker started has a name of its own (and its log in `tmp_path/<name>.log`)."""
    processes = []

    def start(sink: SMTPSink, name: str = "worker") -> subprocess.Popen:
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        node = f"{name}@%h"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "sanctuary",
                "worker",
                "--pool",
                "solo",
                "--hostname",
                node,
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=settings.BASE_DIR,
            env=process_env(sink),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        destination = [node.replace("%h", socket.gethostname())]
        wait_for(
            lambda: (
                process.poll() is not None or app.control.ping(destination=destination, timeout=1.0)
            ),
            f"the worker {name} to answer a ping",
        )
        assert process.poll() is None, (tmp_path / f"{name}.log").read_text()
        return process

    yield start
    for process, log in processes:
        stop(process)
        log.close()


def test_worker_renders_the_certificate_and_delivers_a_reminder_in_welsh(worker):
    scheme = scheme_with_criteria(
        StreamFactory(name="Schools of Sanctuary", slug="schools"), name="School of Sanctuary"
    )
    chair = coordinator(scheme.network, name="Chair Person")
    application = submitted_application(scheme, name="Parkside Primary")
    contact = application.lead_contact
    contact.preferred_language = "cy"
    contact.save(update_fields=["preferred_language"])
    seats = panel_in_review(application, chair=chair)
    for seat in seats:
        submit_review(seat)
    with SMTPSink() as sink:
        worker(sink)
        today = timezone.localdate()
        award(application, chair=chair, decided_on=today)  # enqueues the certificate task
        with scopes_disabled():
            made = Award.objects.get(application=application)

        def rendered():
            with scopes_disabled():
                made.refresh_from_db()
            return bool(made.certificate_file)

        wait_for(rendered, "the worker to render the certificate")
        with made.certificate_file.open("rb") as stored:
            reader = PdfReader(io.BytesIO(stored.read()))
        text = " ".join(reader.pages[0].extract_text().split())
        assert "Parkside Primary" in text
        assert made.certificate_number in text
        assert reader.trailer["/Root"]["/Lang"] == "cy"  # the lead contact's language

        sweep_day = made.expires_on - datetime.timedelta(days=90)
        tasks.task_run_renewal_sweep.delay(today=sweep_day.isoformat())
        subjects = renewal_subjects("cy")
        wait_for(
            lambda: [m for m in sink.received() if m["Subject"] in subjects][1:],
            "the renewal reminders at the sink",
        )
        reminders = {m["To"]: m for m in sink.received() if m["Subject"] in subjects}
    assert set(reminders) == {contact.email, chair.email}
    body = reminders[contact.email].get_content()
    with translation.override("cy"):
        assert date_format(made.expires_on, "j F Y") in body  # Welsh: the recipient's language
    assert f"/awards/held/{made.pk}/" in body
    with scopes_disabled():
        # The renewal reminders; the coordinators' notices about the application are rows too.
        renewal = [ReminderKind.AWARD_EXPIRY, ReminderKind.AWARD_EXPIRY_NETWORK]
        assert Reminder.objects.filter(sent_at__isnull=False, kind__in=renewal).count() == 2


def run_sweep(sink: SMTPSink, day: datetime.date, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_renewal_sweep", "--today", day.isoformat()],
        cwd=settings.BASE_DIR,
        # A claim counts as stale after 2 seconds here (10 minutes in production).
        env=process_env(sink, SANCTUARY_REMINDER_RETRY_SECONDS="2"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def test_sweep_killed_midway_and_run_twice_at_once_sends_each_reminder_once(tmp_path):
    scheme = scheme_with_criteria(
        StreamFactory(name="Schools of Sanctuary", slug="schools"), name="School of Sanctuary"
    )
    chair = coordinator(scheme.network, name="Chair Person")
    awarded_on = datetime.date(2026, 3, 2)
    held = [
        issued_award(scheme, awarded_on=awarded_on, name=f"School {index}") for index in range(5)
    ]
    expected = Counter([a.application.lead_contact.email for a in held] + [chair.email] * len(held))
    day = held[0].expires_on - datetime.timedelta(days=90)
    log = open(tmp_path / "sweeps.log", "w")  # noqa: SIM115
    processes = []
    try:
        with SMTPSink(mail_delay=0.5) as sink:
            first = run_sweep(sink, day, log)
            processes.append(first)
            # Kill it while it waits on the mail server, after three e-mails went out.
            wait_for(
                lambda: len(sink.received()) >= 3 and sink.mail_commands > len(sink.received()),
                "the first sweep to be part way through",
            )
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
            delivered_before = len(sink.received())
            with scopes_disabled():
                unsent = Reminder.objects.filter(sent_at__isnull=True).count()
            assert delivered_before + unsent == sum(expected.values())
            assert unsent > 0
            time.sleep(2.5)  # the dead sweep's claims go stale
            sink.mail_delay = 0.05
            pair = [run_sweep(sink, day, log) for _ in range(2)]
            processes += pair
            for process in pair:
                assert process.wait(timeout=WAIT) == 0, (tmp_path / "sweeps.log").read_text()
            delivered = Counter(
                m["To"] for m in sink.received() if m["Subject"] in RENEWAL_SUBJECTS
            )
    finally:
        for process in processes:
            stop(process)
        log.close()
    assert delivered == expected
    with scopes_disabled():
        assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
        assert Reminder.objects.count() == sum(expected.values())


def test_two_workers_share_the_sweeps_sending_and_mail_each_person_once(
    worker, tmp_path, monkeypatch
):
    scheme = scheme_with_criteria(
        StreamFactory(name="Schools of Sanctuary", slug="schools"), name="School of Sanctuary"
    )
    chair = coordinator(scheme.network, name="Chair Person")
    held = [
        issued_award(scheme, awarded_on=datetime.date(2026, 3, 2), name=f"School {index}")
        for index in range(6)
    ]
    expected = Counter([a.application.lead_contact.email for a in held] + [chair.email] * len(held))
    day = held[0].expires_on - datetime.timedelta(days=90)
    monkeypatch.setattr(renewals, "SEND_CHUNK", 2)  # 12 reminders: six sending tasks
    with SMTPSink(mail_delay=0.2) as sink:
        worker(sink, "one")
        worker(sink, "two")
        with scopes_disabled():
            result = renewals.run_renewal_sweep(today=day, dispatch=tasks.enqueue_reminders)
        assert (result.claimed, result.dispatched, result.sent) == (12, 6, 0)

        def all_sent():
            with scopes_disabled():
                return not Reminder.objects.filter(sent_at__isnull=True).exists()

        wait_for(all_sent, "the workers to send every reminder")
        # A second sweep that day finds nothing to send, and hands out nothing.
        with scopes_disabled():
            again = renewals.run_renewal_sweep(today=day, dispatch=tasks.enqueue_reminders)
        assert (again.claimed, again.dispatched) == (0, 0)
        time.sleep(1)  # anything sent twice would arrive by now
        delivered = Counter(m["To"] for m in sink.received() if m["Subject"] in RENEWAL_SUBJECTS)
    assert delivered == expected
    # Both workers took a share of the six sending tasks.
    done = {
        name: sum(
            "task_send_reminders[" in line and "succeeded" in line
            for line in (tmp_path / f"{name}.log").read_text().splitlines()
        )
        for name in ("one", "two")
    }
    assert sum(done.values()) == 6, done
    assert all(done.values()), done
    with scopes_disabled():
        assert Reminder.objects.filter(sent_at__isnull=False).count() == 12


def test_worker_makes_the_public_list_of_signatories_that_staff_asked_for(worker, world):
    from members.enums import DocumentSlug, ExportState
    from members.models import SignatoryExport
    from members.services.exports import request_signatory_export
    from tests.factories.charter import DocumentVersionFactory, SignatureFactory

    charter = DocumentVersionFactory(document=DocumentSlug.CHARTER, is_current=True)
    lucy = SignatureFactory(version=charter, name="Listed Lucy", email="lucy@example.org")
    SignatureFactory(version=charter, name="Private Pete", listed_publicly=False)
    with SMTPSink() as sink:
        worker(sink)
        export, started = request_signatory_export(DocumentSlug.CHARTER, actor=world.staff)
        assert started  # committed at once here, and the task is on the broker

        def finished():
            export.refresh_from_db()
            return export.state != ExportState.ASKED

        wait_for(finished, "the worker to make the list")
    assert (export.state, export.rows) == (ExportState.READY, 1)
    with export.file.open("rb") as stored:
        rows = list(csv.reader(io.StringIO(stored.read().decode())))
    day = lucy.confirmed_at.astimezone(datetime.UTC).date().isoformat()
    version = [str(charter.number), charter.title, "no"]
    assert rows[1:] == [["Listed Lucy", "individual", "", "", *version, day]]
    assert SignatoryExport.objects.count() == 1
