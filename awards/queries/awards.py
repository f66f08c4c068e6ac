"""Lookups of awards held: the public list, and an award found by its certificate number."""

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from awards.certificates import normalise_number
from awards.enums import CURRENT_AWARD_STATES, AwardState
from awards.models import Award


def public_awards() -> QuerySet[Award]:
    """The awards held now, which anyone may see: the public list and the API start here.
    Awards belong to every network, so read it with scoping lifted."""
    return Award.objects.filter(state__in=sorted(CURRENT_AWARD_STATES)).select_related(
        "organisation__local_group", "scheme", "network"
    )


def listed_awards() -> QuerySet[Award]:
    """The public list of awarded organisations: the awards held now, and those suspended
    while a concern is looked into (shown as suspended). Read with scoping lifted."""
    return Award.objects.filter(
        state__in=sorted(CURRENT_AWARD_STATES | {AwardState.SUSPENDED})
    ).select_related("organisation__local_group", "scheme", "network")


def award_for_number(number: str) -> Award | None:
    """The award with this certificate number. Public facts across every network, so
    scoping is lifted for this one lookup."""
    # Numbers imported from earlier records are kept as given (any case, with "/" or "."),
    # and no two differ only in case (a constraint), so the lookup ignores case.
    with scopes_disabled():
        found = Award.objects.select_related("organisation", "scheme", "network")
        return (
            found.filter(certificate_number__iexact=number.strip()).first()
            or found.filter(certificate_number__iexact=normalise_number(number)).first()
        )
