"""What awards adds to members' public pages, through members.extensions: members may not
import awards, so awards registers these renderers when the app is ready (awards/apps.py).

A registry rather than a template tag in members' templates: a `{% load awards_tags %}` there
would be an upward dependency that no import contract sees, and the page would break without
awards. This way members' pages only render what was registered, and the queries stay here,
one per section whatever the number of awards.
"""

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from awards.models import AwardScheme
from awards.movement_cache import movement_figure
from awards.queries.awards import public_awards
from members.places import Place
from sanctuary.enums import NetworkKind
from sanctuary.links import row_link
from sanctuary.models import Network
from sanctuary.templatetags.sanctuary_i18n import in_lang

# A network's page shows its most recently welcomed organisations; the rest are one link
# away on the public list, so the page stays the same size however many it has welcomed.
WELCOMED_SHOWN = 24


def welcomed_organisations(request: HttpRequest, network: Network) -> str:
    """A network's public page lists the organisations it has welcomed into an award: those in
    its area (their local group is this one) and those holding its own award schemes, the
    newest first and at most WELCOMED_SHOWN, with how many there are in all. Awards live in
    the networks of their schemes, so scoping is lifted for these queries.

    The two kinds are read apart, each newest first along an index and cut at WELCOMED_SHOWN,
    then merged: as one query, their OR across the join to the organisations let no index
    order it, and every current award was read to find a page's few. The area's are found
    through its organisations, more as the group grows; so the list and how many there are
    in all are kept as one of the movement's figures (renewed by any write of an award, a
    scheme, an organisation or a network), not read on every view.

    Each row reads only the columns it shows, and its words (the scheme's name in the page's
    language, the month awarded) are made once per scheme and month, and its link from one
    reversed URL (sanctuary.links), not once per row: the list is as long as WELCOMED_SHOWN
    on a busy network's page, a quarter of it on a quiet one."""
    found = movement_figure(f"welcomed-list:{network.pk}", lambda: _welcomed_awards(network))
    awards, total, scheme_id = found["awards"], found["total"], found["scheme_id"]
    if not awards:
        return ""
    schemes: dict[int, str] = {}
    months: dict[tuple[int, int], str] = {}
    verify_url = row_link("awards:verify", "certificate_number")
    check = _("Check the certificate of %(organisation)s")
    rows = []
    for award in awards:
        scheme = award["scheme_id"]
        if scheme not in schemes:
            named = AwardScheme(
                name=award["scheme__name"], translations=award["scheme__translations"]
            )
            schemes[scheme] = in_lang(named.display_name)
        awarded_on = award["awarded_on"]
        if (awarded_on.year, awarded_on.month) not in months:
            months[awarded_on.year, awarded_on.month] = _("awarded %(awarded)s") % {
                "awarded": date_format(awarded_on, "F Y")
            }
        name = award["organisation__name"]
        rows.append(
            {
                "name": name,
                "town": award["organisation__town"],
                "scheme": schemes[scheme],
                "awarded": months[awarded_on.year, awarded_on.month],
                "verify_url": verify_url(award["certificate_number"])
                if award["certificate_number"]
                else "",
                "check": check % {"organisation": name},
            }
        )
    return render_to_string(
        "awards/includes/welcomed_organisations.html",
        {"rows": rows, "network": network, "total": total, "scheme_id": scheme_id},
        request=request,
    )


def _welcomed_awards(network: Network) -> dict:
    """The awards a network's page lists (their columns, in no language yet), how many there
    are in all, and the scheme a "see all" link filters to."""
    newest = ("-awarded_on", "-pk")
    shown = (
        "pk",
        "awarded_on",
        "certificate_number",
        "scheme_id",
        "scheme__name",
        "scheme__translations",
        "organisation__name",
        "organisation__town",
    )
    with scopes_disabled():
        read = public_awards().select_related(None)
        own = read.filter(network=network).order_by(*newest).values(*shown)
        in_area = read.filter(organisation__local_group=network).order_by(*newest).values(*shown)
        found = {a["pk"]: a for a in [*own[:WELCOMED_SHOWN], *in_area[:WELCOMED_SHOWN]]}
        awards = sorted(found.values(), key=lambda a: (a["awarded_on"], a["pk"]), reverse=True)
        awards = awards[:WELCOMED_SHOWN]
        total = (
            len(awards)
            if len(awards) < WELCOMED_SHOWN
            else public_awards()
            .filter(Q(network=network) | Q(organisation__local_group=network))
            .count()
        )
        scheme_id = (
            AwardScheme.objects.filter(network=network).values_list("pk", flat=True).first()
            # A stream's welcomed are its own award's holders: the list filtered to it shows
            # the same. A local group's include other awards in its area: the whole list.
            if total > len(awards) and network.kind == NetworkKind.STREAM
            else None
        )
    return {"awards": awards, "total": total, "scheme_id": scheme_id}


def awarded_near(request: HttpRequest, place: Place) -> str:
    """The directory's results near a place point to the awarded organisations there."""
    return render_to_string(
        "awards/includes/awarded_near_link.html", {"place": place}, request=request
    )
