"""Award pieces that other apps' pages show."""

from django import template
from django_scopes import scopes_disabled

from awards.enums import CLOSED_STATES, CURRENT_AWARD_STATES
from awards.models import Application, Award

register = template.Library()


@register.inclusion_tag("awards/includes/organisation_awards.html")
def organisation_awards(organisation):
    """An organisation's current awards and open applications, for its own page (its contacts
    and staff), and the history of its earlier awards: renewed, lapsed or withdrawn, which
    keep their place here. Its rows live in the networks of its schemes, so scoping is lifted
    for them."""
    with scopes_disabled():
        every = list(
            Award.objects.filter(organisation=organisation)
            .select_related("scheme")
            .order_by("-awarded_on", "-pk")
        )
        applications = list(
            Application.objects.filter(organisation=organisation)
            .exclude(state__in=sorted(CLOSED_STATES))
            .select_related("scheme")
            .order_by("-created_at")
        )
    return {
        "organisation": organisation,
        "awards": [award for award in every if award.state in CURRENT_AWARD_STATES],
        "past_awards": [award for award in every if award.state not in CURRENT_AWARD_STATES],
        "applications": applications,
    }
