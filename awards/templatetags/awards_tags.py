"""Award pieces that other apps' pages show."""

from django import template
from django_scopes import scopes_disabled

from awards.enums import CLOSED_STATES, CURRENT_AWARD_STATES
from awards.models import Application, Award

register = template.Library()


@register.inclusion_tag("awards/includes/organisation_awards.html")
def organisation_awards(organisation):
    """An organisation's current awards and open applications, for its own page (its contacts
    and staff). Its rows live in the networks of its schemes, so scoping is lifted for them."""
    with scopes_disabled():
        awards = list(
            Award.objects.filter(organisation=organisation, state__in=sorted(CURRENT_AWARD_STATES))
            .select_related("scheme")
            .order_by("-awarded_on")
        )
        applications = list(
            Application.objects.filter(organisation=organisation)
            .exclude(state__in=sorted(CLOSED_STATES))
            .select_related("scheme")
            .order_by("-created_at")
        )
    return {"organisation": organisation, "awards": awards, "applications": applications}
