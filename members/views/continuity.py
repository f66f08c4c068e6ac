"""Rule 9 pages: after a new version becomes current, coordinators see who in their network
has signed it and remind the others; staff set the grace period and see which affiliated
groups accepted the new handbook terms; a group accepts them."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from members.enums import COORDINATORS, AffiliationState, DocumentSlug
from members.models import AffiliationApplication, DocumentVersion, Signature
from members.permissions import NetworkAccessMixin, StaffRequiredMixin, get_affiliation_for_user
from members.queries import current_version
from members.queries.signatures import network_signatories
from members.services.affiliation import AffiliationError, accept_handbook_terms
from members.services.charter import SignatureError, remind_to_sign_again, set_grace_period
from sanctuary.page_cache import personal_page
from sanctuary.tenancy import Access

SIGNED_DOCUMENTS = (DocumentSlug.CHARTER, DocumentSlug.DECLARATION)


def _document(request) -> str:
    document = request.GET.get("document") or request.POST.get("document") or DocumentSlug.CHARTER
    if document not in SIGNED_DOCUMENTS:
        raise Http404("No such document")
    return document


@personal_page
class NetworkSignatoriesView(NetworkAccessMixin, TemplateView):
    """Who in the network has signed the current version, and who signed only an earlier one."""

    allowed_roles = COORDINATORS
    template_name = "members/network_signatories.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = _document(self.request)
        rows = list(network_signatories(self.network, document))
        context.update(
            document=document,
            document_name=DocumentSlug(document).label,
            documents=[(d, DocumentSlug(d).label) for d in SIGNED_DOCUMENTS],
            version=current_version(document),
            signed=[s for s in rows if s.version.is_current],
            not_yet=[s for s in rows if not s.version.is_current],
        )
        return context


class NetworkSignatoryRemindView(NetworkAccessMixin, View):
    allowed_roles = COORDINATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        signature = get_object_or_404(
            Signature.objects.select_related("version"),
            pk=kwargs["signature_id"],
            network=self.network,
            confirmed_at__isnull=False,
        )
        try:
            reminder = remind_to_sign_again(signature, actor=request.user, network=self.network)
        except SignatureError as error:
            messages.error(request, str(error))
        else:
            if reminder is None:
                messages.info(
                    request, _("%(name)s was reminded already.") % {"name": signature.name}
                )
            else:
                messages.success(
                    request, _("A reminder is on its way to %(name)s.") % {"name": signature.name}
                )
        url = redirect("members:network_signatories", network_slug=self.network.slug).url
        return redirect(f"{url}?document={signature.version.document}")


class StaffGracePeriodView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = get_object_or_404(DocumentVersion, pk=kwargs["version_id"])
        try:
            months = int(request.POST.get("grace_months", ""))
            set_grace_period(version, months, actor=request.user)
        except ValueError:
            messages.error(request, _("Give a number of months from 0 to 60."))
        except SignatureError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The grace period is saved."))
        return redirect("members:staff_documents")


@personal_page
class StaffHandbookTermsView(StaffRequiredMixin, TemplateView):
    """Affiliated groups, and whether each has accepted the current handbook terms."""

    template_name = "members/staff_handbook_terms.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = list(
            AffiliationApplication.objects.filter(
                state__in=[AffiliationState.AFFILIATED, AffiliationState.SUSPENDED]
            )
            .select_related("handbook_version")
            .defer("handbook_version__body", "handbook_version__translations")
            .order_by("group_name")
        )
        context.update(
            version=current_version(DocumentSlug.HANDBOOK),
            accepted=[a for a in applications if a.handbook_version.is_current],
            not_yet=[a for a in applications if not a.handbook_version.is_current],
        )
        return context


class AffiliationAcceptTermsView(View):
    """The group's applicant accepts the current handbook terms."""

    access = Access.OBJECT
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.application = get_affiliation_for_user(request.user, kwargs["application_id"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        application = self.application
        version = get_object_or_404(DocumentVersion, pk=request.POST.get("version"))
        try:
            accept_handbook_terms(application, version, actor=request.user)
        except AffiliationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: the new handbook terms are accepted."))
        return redirect("members:affiliation_detail", application_id=application.pk)
