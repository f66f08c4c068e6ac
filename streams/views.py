from django.views.generic import ListView

from members.enums import ORGANISATION_ROLES
from members.models import Organisation
from members.permissions import NetworkAccessMixin
from streams.models import StreamMembership


class NetworkOrganisationsView(NetworkAccessMixin, ListView):
    """The organisations a network works with: a stream's members, or a group's area."""

    allowed_roles = ORGANISATION_ROLES
    template_name = "streams/network_organisations.html"
    context_object_name = "rows"
    paginate_by = 50

    def get_queryset(self):
        if self.network.is_stream:
            return (
                StreamMembership.objects.filter(network=self.network)
                .select_related("organisation", "organisation__local_group", "local_lead")
                .order_by("organisation__name")
            )
        return Organisation.objects.filter(local_group=self.network).order_by("name")
