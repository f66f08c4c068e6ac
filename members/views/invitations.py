"""The link in an invitation to a role: shows what the role means (for a panellist, who will
see their lived experience), and accepts it for the person signed in with the invited address.
The secret in the link is the key, so the page is public; a wrong link answers 404."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from members.services.invitations import (
    InvitationError,
    accept_invitation,
    get_invitation_by_token,
)
from sanctuary.tenancy import Access


class InvitationView(TemplateView):
    access = Access.PUBLIC
    template_name = "members/membership_invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_invitation_by_token(kwargs["membership_token"])
        if self.invitation is None:
            return self.render_to_response({"invalid": True}, status=404)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "invitation": self.invitation}

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            membership = accept_invitation(self.invitation, actor=request.user)
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(
            request,
            _("Welcome: you are now %(role)s in %(network)s.")
            % {"role": membership.get_role_display(), "network": membership.network.name},
        )
        return redirect("members:dashboard")
