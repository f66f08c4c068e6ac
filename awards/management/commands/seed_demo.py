"""The demo data of every app, loaded in the order of the layers (members, streams, awards).

It lives in awards, the top app, because only the top may import every app's demo module.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from awards.demo import seed_awards_demo
from members.demo import seed_demo
from streams.demo import seed_streams_demo


class Command(BaseCommand):
    help = "Load invented demo data (idempotent) and print a login for every persona."

    def handle(self, *args, **options):
        logins = seed_demo()
        seed_streams_demo()
        seed_awards_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ as:"))
        width = max(len(login["persona"]) for login in logins)
        for login in logins:
            self.stdout.write(
                f"  {login['persona']:<{width}}  {login['email']:<34} {login['password']}"
            )
        if settings.SANCTUARY_REQUIRE_MFA and any(login["needs_mfa"] for login in logins):
            self.stdout.write(
                "Staff, coordinators and panellists will be asked to set up an authenticator app "
                "first (SANCTUARY_REQUIRE_MFA is on)."
            )
