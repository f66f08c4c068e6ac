import datetime

from django.core.management.base import BaseCommand, CommandError

from awards.renewals import run_renewal_sweep


class Command(BaseCommand):
    help = (
        "Run the daily renewal sweep now: awards move to renewal due or lapse, and every "
        "reminder due goes out once. --today moves the clock, to try it in the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Sweep as if it were this day (YYYY-MM-DD); e-mails still record the real time.",
        )

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError("Give --today as YYYY-MM-DD, for example 2028-03-14.") from None
        result = run_renewal_sweep(today=day)
        self.stdout.write(
            self.style.SUCCESS(
                f"Renewal sweep for {day or 'today'}: {result.renewal_due} due for renewal, "
                f"{result.lapsed} lapsed, {result.claimed} reminders claimed, "
                f"{result.sent} sent."
            )
        )
