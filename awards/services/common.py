"""Small helpers that several award services share."""

import datetime

from awards.models import Application
from members.models import Organisation, OrganisationContact, User


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year, so an
    award never lasts longer than its years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def locked(application: Application) -> Application:
    """Re-read the application's state under a row lock, so two clicks cannot both change it."""
    fresh = Application.objects.select_for_update().only("state").get(pk=application.pk)
    application.state = fresh.state
    return application


def is_contact(user: User, organisation: Organisation) -> bool:
    return OrganisationContact.objects.filter(organisation=organisation, user=user).exists()
