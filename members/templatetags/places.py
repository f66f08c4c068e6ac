from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from members.places import km_to_miles

register = template.Library()


@register.filter
def distance(km: float | None) -> str:
    """ "10 km (6 miles)", in the page's language and its way of writing numbers."""
    if km is None:
        return ""
    if km < 1:
        return gettext("under 1 km (under a mile)")
    kilometres = round(km, 1) if km < 10 else round(km)
    miles = max(1, round(km_to_miles(km)))
    return ngettext("%(km)s km (%(miles)s mile)", "%(km)s km (%(miles)s miles)", miles) % {
        "km": number_format(kilometres, decimal_pos=1 if km < 10 else 0, use_l10n=True),
        "miles": number_format(miles, use_l10n=True),
    }
