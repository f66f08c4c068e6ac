"""The public list of awarded organisations."""

from django.views.generic import ListView
from django_scopes import scopes_disabled

from awards.enums import CURRENT_AWARD_STATES
from awards.models import Award, AwardScheme
from sanctuary.tenancy import Access


class AwardedListView(ListView):
    """Who holds a Sanctuary Award now. Awards are public across every network, so this page
    lifts scoping on purpose, for the award rows and the scheme filter only."""

    access = Access.PUBLIC
    template_name = "awards/awarded_list.html"
    context_object_name = "awards"
    paginate_by = 50

    def get_queryset(self):
        awards = Award.objects.filter(state__in=sorted(CURRENT_AWARD_STATES)).select_related(
            "organisation", "scheme"
        )
        scheme = self.request.GET.get("scheme", "")
        if scheme.isdigit():
            awards = awards.filter(scheme_id=int(scheme))
        return awards.order_by("organisation__name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["schemes"] = list(AwardScheme.objects.order_by("name").values_list("pk", "name"))
        context["selected_scheme"] = self.request.GET.get("scheme", "")
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context

    def get(self, request, *args, **kwargs):
        with scopes_disabled():
            response = super().get(request, *args, **kwargs)
            response.render()
        return response
