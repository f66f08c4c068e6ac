"""Renewal and certificate benchmark. See bench/README.md.

The daily renewal sweep over 100,000 awards (first run, which catches up, and the next day's,
which is what runs every day), as seconds and as a ratio of one plain scan of the awards
table; its sending, spread over --workers Celery workers (as the sweep task does with a
broker) to an SMTP sink, or with --workers 0 in this process to an in-memory mailbox; and a
certificate's render time through the platform (number, template, WeasyPrint, storage, log)
as a ratio of a bare WeasyPrint render of the same HTML."""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("SECRET_KEY"):  # run by hand: the embedded defaults
    os.environ.setdefault("SANCTUARY_EMBEDDED", "1")
os.environ.setdefault("DEBUG", "")
os.environ["PRIVATE_MEDIA_ROOT"] = str(ROOT / "var" / "bench-private")

sys.path.insert(0, str(ROOT / "bench"))
from pages import create_postgres_database  # noqa: E402


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{ROOT / 'var' / 'bench_renewals.sqlite3'}"
    base, _, name = url.rpartition("/")
    return f"{base}/{name or 'sanctuary'}_bench_renewals"


def build_dataset(awards: int, today: datetime.date) -> None:
    """15 stream schemes with a coordinator each, 20,000 organisations with a contact each,
    and `awards` awards issued over the last three years and two months (so some lapse)."""
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from awards.enums import ApplicationState, DecisionOutcome
    from awards.models import (
        Application,
        Award,
        AwardScheme,
        CriteriaVersion,
        Decision,
        Submission,
    )
    from awards.services.common import add_years
    from members.enums import OrganisationKind, Role
    from members.models import Membership, Organisation, OrganisationContact, User
    from sanctuary.enums import NetworkKind
    from sanctuary.models import Network

    call_command("migrate", verbosity=0)
    with scopes_disabled():
        if Award.objects.count() >= awards:
            return
        rng = random.Random(2026)
        streams = [
            Network(name=f"Bench Stream {i}", slug=f"bench-stream-{i}", kind=NetworkKind.STREAM)
            for i in range(15)
        ]
        Network.objects.bulk_create(streams)
        streams = list(Network.objects.filter(kind=NetworkKind.STREAM).order_by("pk"))
        AwardScheme.objects.bulk_create(
            AwardScheme(network=n, name=f"Bench Award {i}") for i, n in enumerate(streams)
        )
        schemes = list(AwardScheme.objects.order_by("pk"))
        CriteriaVersion.objects.bulk_create(
            CriteriaVersion(scheme=s, number=1, published_at=datetime.datetime.now(datetime.UTC))
            for s in schemes
        )
        versions = {v.scheme_id: v for v in CriteriaVersion.objects.all()}
        coordinators = [
            User(email=f"bench-coordinator{i}@example.org", full_name=f"Coordinator {i}")
            for i in range(15)
        ]
        User.objects.bulk_create(coordinators, batch_size=2000)
        coordinators = list(User.objects.filter(email__startswith="bench-coordinator"))
        Membership.objects.bulk_create(
            Membership(network=n, user=u, role=Role.COORDINATOR)
            for n, u in zip(streams, coordinators, strict=True)
        )
        organisations = 20000
        Organisation.objects.bulk_create(
            (
                Organisation(
                    name=f"Bench School {i}", slug=f"bench-school-{i}", kind=OrganisationKind.SCHOOL
                )
                for i in range(organisations)
            ),
            batch_size=5000,
        )
        organisation_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
        User.objects.bulk_create(
            (
                User(email=f"bench-contact{i}@example.org", full_name=f"Contact {i}")
                for i in range(organisations)
            ),
            batch_size=5000,
        )
        contact_ids = list(
            User.objects.filter(email__startswith="bench-contact")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        OrganisationContact.objects.bulk_create(
            (
                OrganisationContact(organisation_id=o, user_id=u)
                for o, u in zip(organisation_ids, contact_ids, strict=True)
            ),
            batch_size=5000,
        )
        plan = []
        for i in range(awards):
            scheme = schemes[i % len(schemes)]
            awarded_on = today - datetime.timedelta(days=rng.randint(0, 3 * 365 + 60))
            organisation = i % organisations
            plan.append((scheme, organisation, awarded_on))
        Application.objects.bulk_create(
            (
                Application(
                    network_id=scheme.network_id,
                    scheme=scheme,
                    criteria_version=versions[scheme.pk],
                    organisation_id=organisation_ids[o],
                    lead_contact_id=contact_ids[o],
                    state=ApplicationState.AWARDED,
                )
                for scheme, o, _day in plan
            ),
            batch_size=5000,
        )
        application_ids = list(Application.objects.order_by("pk").values_list("pk", flat=True))
        Submission.objects.bulk_create(
            (
                Submission(application_id=a, number=1, submitted_by_id=contact_ids[o])
                for a, (_s, o, _d) in zip(application_ids, plan, strict=True)
            ),
            batch_size=5000,
        )
        submission_ids = list(Submission.objects.order_by("pk").values_list("pk", flat=True))
        Decision.objects.bulk_create(
            (
                Decision(
                    application_id=a,
                    submission_id=s,
                    outcome=DecisionOutcome.AWARDED,
                    decided_on=day,
                    appraisal_report="Bench.",
                    recorded_by_id=coordinators[0].pk,
                )
                for a, s, (_sc, _o, day) in zip(application_ids, submission_ids, plan, strict=True)
            ),
            batch_size=5000,
        )
        decision_ids = list(Decision.objects.order_by("pk").values_list("pk", flat=True))
        Award.objects.bulk_create(
            (
                Award(
                    network_id=scheme.network_id,
                    scheme=scheme,
                    organisation_id=organisation_ids[o],
                    application_id=a,
                    decision_id=d,
                    awarded_on=day,
                    expires_on=add_years(day, 3),
                    certificate_number=f"BENCH-{a}",
                )
                for a, d, (scheme, o, day) in zip(application_ids, decision_ids, plan, strict=True)
            ),
            batch_size=5000,
        )


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


class Workers:
    """`count` Celery workers (one process each, solo pool) on the default queue of the
    broker, sending to an SMTP sink on 127.0.0.1 that keeps what it accepts: the sweep's
    sending as production does it, a chunk of reminders per task."""

    def __init__(self, count: int):
        self.count = count
        self.processes: list[subprocess.Popen] = []
        self.logs = [ROOT / "var" / "bench" / f"sweep-worker-{n}.log" for n in range(count)]

    def __enter__(self):
        from sanctuary.celery import app

        sys.path.insert(0, str(ROOT / "tests"))
        from fakes import SMTPSink

        self.sink = SMTPSink().__enter__()
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(app.conf.task_default_queue)
        env = {
            **os.environ,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.sink.port),
            "EMAIL_USE_TLS": "0",
            "LOG_LEVEL": "WARNING",
        }
        for number, log in enumerate(self.logs):
            log.parent.mkdir(parents=True, exist_ok=True)
            command = [sys.executable, "-m", "celery", "-A", "sanctuary", "worker", "--pool",
                       "solo", "--hostname", f"bench-sweep-{number}@%h", "--without-gossip",
                       "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"]  # fmt: skip
            self.processes.append(
                subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
                )
            )
        deadline = time.monotonic() + 120
        while len(app.control.ping(timeout=1.0)) < self.count:
            if time.monotonic() > deadline:
                raise RuntimeError("the sweep's workers did not answer")
        return self

    def shares(self) -> list[int]:
        """The sending tasks each worker finished."""
        return [
            sum(
                "task_send_reminders[" in line and "succeeded" in line
                for line in log.read_text().splitlines()
            )
            for log in self.logs
        ]

    def __exit__(self, *exc):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=60)
        self.sink.__exit__()


def sweep_in_phases(day: datetime.date, workers: Workers | None) -> dict:
    """run_renewal_sweep(), step by step in its order, timing the set-based part (states and
    claims: what grows with the awards) apart from the sending: handed to the workers in
    chunks and timed until the last row is sent, or, without workers, one e-mail at a time
    in this process."""
    import uuid

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from awards import renewals, tasks
    from awards.models import Reminder

    token = uuid.uuid4()
    with scopes_disabled():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            due = renewals.mark_renewal_due(day)
            renewals.claim_reminders(day, token=token)
            lapsed = renewals.mark_lapsed(day)
            claiming = time.perf_counter() - started
        claimed = Reminder.objects.filter(claim_token=token).count()
        if workers is None:
            sending, outcome = timed(renewals.send_pending_reminders, token=token)
            return {
                "claiming": claiming,
                "sending": sending,
                "queries": len(queries),
                "due": due,
                "lapsed": lapsed,
                "claimed": claimed,
                "sent": outcome.sent,
            }
        shares_before = workers.shares()
        mails_before = len(workers.sink.received())
        started = time.perf_counter()
        chunks = renewals.dispatch_reminders(token=token, dispatch=tasks.enqueue_reminders)
        unsent = Reminder.objects.filter(sent_at__isnull=True, given_up_at__isnull=True)
        while unsent.exists():
            if time.perf_counter() - started > 3600:
                raise RuntimeError("the workers did not send the sweep's reminders in an hour")
            time.sleep(0.2)
        sending = time.perf_counter() - started
        sent = len(workers.sink.received()) - mails_before
    return {
        "claiming": claiming,
        "sending": sending,
        "queries": len(queries),
        "due": due,
        "lapsed": lapsed,
        "claimed": claimed,
        "sent": sent,
        "tasks": chunks,
        "tasks_per_worker": [
            after - before for after, before in zip(workers.shares(), shares_before, strict=True)
        ],
    }


def analyse() -> None:
    """The planner's statistics, as PostgreSQL's autovacuum keeps them in production: the
    benchmark's databases run without it, and a day passes between two sweeps. Without this,
    the next day's sweep planned its reminders' anti-join for the empty table the statistics
    still described (one row) and took 34 s instead of well under one."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def bench_sweep(today: datetime.date, workers: int) -> dict:
    from contextlib import nullcontext

    from django.test.utils import override_settings
    from django_scopes import scopes_disabled

    from awards.models import Award

    with scopes_disabled():
        awards = Award.objects.count()
        scan = statistics.median(
            timed(lambda: list(Award.objects.values_list("pk", "expires_on").order_by()))[0]
            for _ in range(3)
        )
    locmem = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    rows = []
    with (
        Workers(workers) if workers else nullcontext() as pool,
        override_settings(MAILERS=locmem),
    ):
        for label, day in [
            ("first sweep (catches up)", today),
            ("next day's sweep", today + datetime.timedelta(days=1)),
            ("same day again", today + datetime.timedelta(days=1)),
        ]:
            analyse()
            rows.append((label, sweep_in_phases(day, pool)))
    how = (
        f"sent by {workers} Celery workers to an SMTP sink"
        if workers
        else "sent in this process to an in-memory mailbox"
    )
    print(f"\n{awards} awards; one plain scan of them (pk, expiry) takes {scan * 1000:.0f} ms")
    print(f"reminders {how}")
    print(
        f"{'sweep':<26} {'states+claims s':>15} {'x scan':>7} {'queries':>8} {'due':>6} "
        f"{'lapsed':>7} {'claimed':>8} {'sending s':>10} {'ms/e-mail':>10} {'tasks per worker':>17}"
    )
    for label, r in rows:
        per_mail = r["sending"] / r["sent"] * 1000 if r["sent"] else 0.0
        print(
            f"{label:<26} {r['claiming']:>15.2f} {r['claiming'] / scan:>7.1f} "
            f"{r['queries']:>8} {r['due']:>6} {r['lapsed']:>7} {r['claimed']:>8} "
            f"{r['sending']:>10.2f} {per_mail:>10.1f} "
            f"{' '.join(map(str, r.get('tasks_per_worker', []))) or '-':>17}"
        )
    return {"awards": awards, "scan_seconds": scan, "workers": workers, "sweeps": dict(rows)}


def bench_certificate(runs: int) -> dict:
    import weasyprint
    from django_scopes import scopes_disabled

    from awards.certificates import (
        CERTIFICATE_CSS,
        certificate_html,
        certificate_stylesheet,
        data_only_fetcher,
        weasyprint_setup,
    )
    from awards.models import Award
    from awards.services.certificates import render_certificate

    with scopes_disabled():
        award = Award.objects.select_related("organisation", "scheme", "network").first()
    html = certificate_html(award, "en")

    def bare():
        """WeasyPrint on the same HTML with the platform's fetcher and parsed stylesheet, and
        nothing else: a FontConfiguration of its own each time, as WeasyPrint makes by default
        (round one's bare render)."""
        weasyprint.HTML(string=html, base_url=str(ROOT), url_fetcher=data_only_fetcher()).write_pdf(
            stylesheets=[certificate_stylesheet()], pdf_variant="pdf/ua-1"
        )

    def bare_with_fonts_kept():
        """The WeasyPrint call render_pdf() makes, font configuration kept per thread: what
        the platform adds beyond it is the template, the QR code, storage and the log."""
        font_config, stylesheet = weasyprint_setup()
        weasyprint.HTML(string=html, base_url=str(ROOT), url_fetcher=data_only_fetcher()).write_pdf(
            stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1"
        )

    def weasyprint_defaults():
        """WeasyPrint as it comes: its default fetcher reads the certificate store each time."""
        weasyprint.HTML(string=html, base_url=str(ROOT)).write_pdf(
            stylesheets=[weasyprint.CSS(filename=str(CERTIFICATE_CSS))], pdf_variant="pdf/ua-1"
        )

    def platform():
        render_certificate(award, actor=None, language="en")

    rows = [
        ("bare WeasyPrint render", bare),
        ("platform render", platform),
        ("bare, fonts kept", bare_with_fonts_kept),
        ("WeasyPrint defaults", weasyprint_defaults),
    ]
    for _label, function in rows:  # warm up: fonts, imports
        function()
    medians = {label: statistics.median(timed(f)[0] for _ in range(runs)) for label, f in rows}
    bare_median = medians["bare WeasyPrint render"]
    print(f"\n{'certificate':<26} {'median ms':>10} {'x bare':>7}")
    for label, median in medians.items():
        print(f"{label:<26} {median * 1000:>10.0f} {median / bare_median:>7.2f}")
    return {
        label: {"median_ms": m * 1000, "x_bare": m / bare_median} for label, m in medians.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--awards", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10, help="certificate renders to time")
    parser.add_argument("--database", help="a database URL (default: see bench/README.md)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="Celery workers that share the sending (0: this process sends, as in round one)",
    )
    args = parser.parse_args()
    if args.workers:  # the broker the workers share (bench/run.py gives its own)
        os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/8")

    database_url = args.database or bench_database_url()
    create_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanctuary.settings")
    import django

    django.setup()
    import logging

    from django.utils import timezone

    for noisy in ("mail.log", "weasyprint", "weasyprint.progress"):  # the sink's, the renders'
        logging.getLogger(noisy).setLevel(logging.WARNING)

    today = timezone.localdate()
    started = time.perf_counter()
    build_dataset(args.awards, today)
    print(f"dataset ready in {time.perf_counter() - started:.1f}s ({database_url.split('@')[-1]})")
    # The sweep changes the awards: start every run from the same state.
    from django_scopes import scopes_disabled

    from awards.models import Award, Reminder
    from sanctuary.models import ActivityLog

    with scopes_disabled():
        Reminder.objects.all().delete()
        ActivityLog.objects.filter(action__startswith="awards.").delete()
        Award.objects.update(state="active")
    figures = {
        "sweep": bench_sweep(today, args.workers),
        "certificate": bench_certificate(args.runs),
    }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str))


if __name__ == "__main__":
    main()
