"""Public pages: the list of awarded organisations, certificate verification, badges."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.generic import ListView, View
from django_scopes import scopes_disabled

from awards.enums import PUBLIC_STATUS, AwardState
from awards.models import AwardScheme
from awards.queries.awards import award_for_number, listed_awards
from members.places import PlaceNotFound, find_place
from members.queries import distance_from
from sanctuary.page_cache import personal_page, public_page
from sanctuary.tenancy import Access


@public_page
@personal_page
class AwardedListView(ListView):
    """Who holds a Sanctuary Award now. Awards are public across every network, so this page
    lifts scoping on purpose, for the award rows and the scheme filter only."""

    access = Access.PUBLIC
    template_name = "awards/awarded_list.html"
    context_object_name = "awards"
    paginate_by = 50

    def get_queryset(self):
        awards = listed_awards()
        scheme = self.request.GET.get("scheme", "")
        # Only plain ASCII digits of a sane length: "²" or a huge number is no scheme at all.
        if scheme.isascii() and scheme.isdigit() and len(scheme) < 10:
            awards = awards.filter(scheme_id=int(scheme))
        # Near a place: an organisation's area is its local group, so the awards of located
        # groups' organisations, nearest group first.
        self.near_query = " ".join(self.request.GET.get("near", "").split())[:100]
        self.near = self.near_error = None
        self.suggestions: list[str] = []
        if self.near_query:
            try:
                self.near = find_place(self.near_query)
            except PlaceNotFound as error:
                self.near_error, self.suggestions = str(error), error.suggestions
        if self.near is not None:
            return (
                awards.filter(organisation__local_group__latitude__isnull=False)
                .annotate(distance_km=distance_from(self.near, "organisation__local_group__"))
                .order_by("distance_km", "organisation__name", "pk")
            )
        return awards.order_by("organisation__name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["schemes"] = list(AwardScheme.objects.order_by("name").values_list("pk", "name"))
        context["selected_scheme"] = self.request.GET.get("scheme", "")
        context["near"] = self.near
        context["near_query"] = self.near_query
        context["near_error"] = self.near_error
        context["suggestions"] = self.suggestions
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context

    def get(self, request, *args, **kwargs):
        with scopes_disabled():
            response = super().get(request, *args, **kwargs)
            response.render()
        return response


@public_page
@personal_page
class VerifyView(View):
    """Anyone can check a certificate: the organisation, the award, the awarding network,
    the dates and the status. Nothing else: no people, no reasons, no reports."""

    access = Access.PUBLIC

    def get(self, request, certificate_number):
        award = award_for_number(certificate_number)
        if award is None:
            return render(
                request,
                "awards/verify_not_found.html",
                {"number": certificate_number},
                status=404,
            )
        return render(
            request,
            "awards/verify.html",
            {"award": award, "status_text": PUBLIC_STATUS[award.state]},
        )


@public_page
class BadgeView(View):
    """The badge for an organisation's own website: an SVG image of the award and its status,
    made from escaped text only (no script, no links, no outside resources)."""

    access = Access.PUBLIC

    def get(self, request, certificate_number):
        award = award_for_number(certificate_number)
        if award is None:
            raise Http404("No such certificate")
        language = request.GET.get("lang", "")
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        with translation.override(language):
            svg = render_to_string(
                "awards/badge.svg",
                {
                    "award": award,
                    "language": language,
                    "rtl": translation.get_language_bidi(),
                    "status": AwardState(award.state).label,
                },
            )
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Cache-Control"] = "public, max-age=3600"
        return response
