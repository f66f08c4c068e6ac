"""A person's personal API tokens."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from members.forms.api_tokens import ApiTokenForm
from members.models import ApiToken
from members.permissions import SignedInMixin
from members.queries import api_tokens_for_user
from members.services.api_tokens import ApiTokenError, create_api_token, revoke_api_token
from sanctuary.refusals import add_refusal_to_form


class ApiTokensView(SignedInMixin, FormView):
    """A person's API tokens: create one (its secret is shown on that one answer, never
    again), see when each was last used, revoke. Behind the same sign-in as every private
    page, and so behind two-step sign-in for the roles that need it (RequireMFAMiddleware)."""

    template_name = "members/api_tokens.html"
    form_class = ApiTokenForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = api_tokens_for_user(self.request.user)
        return context

    def form_valid(self, form):
        try:
            token, secret = create_api_token(
                self.request.user, actor=self.request.user, name=form.cleaned_data["name"]
            )
        except ApiTokenError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        # The secret is on this answer only: no redirect to a page that could show it again,
        # and nothing may keep a copy.
        response = self.render_to_response(
            self.get_context_data(form=ApiTokenForm(), new_token=token, secret=secret)
        )
        add_never_cache_headers(response)
        return response


class ApiTokenRevokeView(SignedInMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        token = get_object_or_404(
            ApiToken, pk=kwargs["token_id"], user=request.user, revoked_at__isnull=True
        )
        revoke_api_token(token, actor=request.user)
        messages.success(
            request, _("“%(name)s” is revoked: it no longer works.") % {"name": token.name}
        )
        return redirect("members:api_tokens")
