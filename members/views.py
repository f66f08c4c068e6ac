import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View
from django_scopes import scopes_disabled

from members.enums import (
    AFFILIATION_OPEN,
    MEMBER_LIST_ROLES,
    AffiliationState,
    AmbassadorStatus,
    DocumentSlug,
    PartyKind,
    Role,
)
from members.forms import (
    AddMemberForm,
    AffiliationCommentForm,
    AffiliationForm,
    AffiliationStateForm,
    AmbassadorForm,
    ApiTokenForm,
    DocumentVersionForm,
    ForumMemberForm,
    InviteAdvisersForm,
    NetworkProfileForm,
    NetworkSearchForm,
    NominateAdviserForm,
    PartnershipForumForm,
    ProfileForm,
    SignatorySearchForm,
    SignForm,
    TranslationForm,
)
from members.models import (
    AffiliationApplication,
    Ambassador,
    ApiToken,
    DocumentVersion,
    ForumMember,
    Membership,
    PartnershipForum,
    TrusteeMeetingInvitation,
    User,
)
from members.permissions import (
    NetworkAccessMixin,
    SignedInMixin,
    StaffRequiredMixin,
    get_affiliation_for_user,
    get_organisation_for_user,
)
from members.queries import (
    advisory_rotation,
    affiliation_history,
    api_tokens_for_user,
    current_version,
    directory_networks,
    get_signature_by_token,
    listed_local_streams,
    memberships_for_user,
    organisation_has_pledge,
    organisations_for_user,
    public_partnership_forums,
    public_signatories,
    signature_counts_by_network,
    signature_to_sign_again,
)
from members.services import (
    AffiliationError,
    ApiTokenError,
    ForumError,
    LivedExperienceError,
    MembershipError,
    SignatureError,
    add_affiliation_comment,
    add_forum_member,
    add_membership,
    apply_for_affiliation,
    confirm_signature,
    create_api_token,
    create_document_version,
    create_partnership_forum,
    invite_next_advisers,
    make_version_current,
    nominate_to_advisory_group,
    register_ambassador,
    remove_forum_member,
    remove_membership,
    resubmit_affiliation_application,
    revoke_api_token,
    save_version_translation,
    set_affiliation_state,
    set_ambassador_status,
    sign_document,
    update_own_profile,
)
from members.texts import section_titles
from sanctuary.enums import NetworkKind
from sanctuary.models import ActivityLog, Network
from sanctuary.services import update_network_profile
from sanctuary.tenancy import Access

COORDINATORS = frozenset({Role.COORDINATOR})


class NetworkDirectoryView(ListView):
    """Find a group or a stream network near you."""

    access = Access.PUBLIC
    template_name = "members/network_directory.html"
    context_object_name = "networks"
    paginate_by = 40

    def get_queryset(self):
        self.form = NetworkSearchForm(self.request.GET or None)
        if self.form.is_valid():
            return directory_networks(**self.form.cleaned_data)
        return directory_networks()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class NetworkProfileView(TemplateView):
    """A network's public page: what it is, where, and how to get in touch."""

    access = Access.PUBLIC
    template_name = "members/network_profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        network = self.request.network
        context["network"] = network
        local_streams = listed_local_streams(network)
        if local_streams is not None:
            context["local_streams"] = local_streams
        return context


class DashboardView(SignedInMixin, TemplateView):
    template_name = "members/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = memberships_for_user(self.request.user)
        by_network: dict[int, dict] = {}
        for membership in memberships:
            entry = by_network.setdefault(
                membership.network_id, {"network": membership.network, "roles": []}
            )
            entry["roles"].append(membership.get_role_display())
        context["my_networks"] = list(by_network.values())
        context["my_organisations"] = organisations_for_user(self.request.user)
        return context


class ProfileView(SignedInMixin, FormView):
    template_name = "members/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        # A fresh copy: the form writes onto its instance, and the service compares old and new.
        return {**super().get_form_kwargs(), "instance": User.objects.get(pk=self.request.user.pk)}

    def form_valid(self, form):
        update_own_profile(self.request.user, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Your details are saved."))
        return redirect("members:profile")


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
            form.add_error("name", str(error))
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


class NetworkManageView(NetworkAccessMixin, TemplateView):
    """The network's own home for the people who have a role in it."""

    template_name = "members/network_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role_counts"] = (
            Membership.objects.filter(network=self.network)
            .values("role")
            .annotate(count=Count("id"))
            .order_by("role")
        )
        role_names = dict(Role.choices)
        for row in context["role_counts"]:
            row["label"] = role_names.get(row["role"], row["role"])
        context["my_role_names"] = sorted(role_names[role] for role in self.roles)
        return context


class NetworkMembersView(NetworkAccessMixin, ListView):
    allowed_roles = MEMBER_LIST_ROLES
    template_name = "members/network_members.html"
    context_object_name = "memberships"
    paginate_by = 100

    def get_queryset(self):
        return (
            Membership.objects.filter(network=self.network)
            .select_related("user")
            .order_by("user__full_name", "user__email", "role")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AddMemberForm())
        context["can_manage"] = self.request.user.is_staff or Role.COORDINATOR in self.roles
        return context


class MembershipAddView(NetworkAccessMixin, FormView):
    allowed_roles = COORDINATORS
    form_class = AddMemberForm
    template_name = "members/network_members.html"
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            add_membership(
                self.network, form.user, form.cleaned_data["role"], actor=self.request.user
            )
        except MembershipError as error:
            form.add_error("role", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The role is given."))
        return redirect("members:network_members", network_slug=self.network.slug)

    def form_invalid(self, form):
        # Show the list again with the typed values and the messages beside the fields.
        view = NetworkMembersView()
        view.setup(self.request, **self.kwargs)
        view.network, view.roles = self.network, self.roles
        view.object_list = view.get_queryset()
        return self.render_to_response(view.get_context_data(form=form))


class MembershipRemoveView(NetworkAccessMixin, View):
    allowed_roles = COORDINATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            Membership.objects.select_related("user", "network"),
            pk=kwargs["membership_id"],
            network=self.network,
        )
        try:
            remove_membership(membership, actor=request.user)
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The role is removed."))
        return redirect("members:network_members", network_slug=self.network.slug)


class NetworkProfileEditView(NetworkAccessMixin, FormView):
    allowed_roles = COORDINATORS
    template_name = "members/network_profile_edit.html"
    form_class = NetworkProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Network.objects.get(pk=self.network.pk)}

    def form_valid(self, form):
        update_network_profile(self.network, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The public profile is saved."))
        return redirect("members:network_manage", network_slug=self.network.slug)


class NetworkActivityView(NetworkAccessMixin, ListView):
    allowed_roles = COORDINATORS
    template_name = "members/network_activity.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return (
            ActivityLog.objects.filter(network=self.network)
            .select_related("actor", "content_type")
            .order_by("-timestamp", "-pk")
        )


class OrganisationDetailView(DetailView):
    """An organisation's own page, for its contacts and for staff."""

    access = Access.OBJECT
    template_name = "members/organisation_detail.html"
    context_object_name = "organisation"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_organisation_for_user(self.request.user, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The organisation's own stream rows, across the streams it belongs to.
        with scopes_disabled():
            context["streams"] = list(
                self.object.stream_memberships.select_related("network").order_by("network__name")
            )
        context["contacts"] = self.object.contacts.select_related("user")
        context["has_pledge"] = organisation_has_pledge(self.object)
        return context


# The charter, the declaration and the handbook terms ---------------------------------------


class DocumentView(TemplateView):
    """A document to read: the current version, or an earlier one by number."""

    access = Access.PUBLIC
    template_name = "members/document.html"
    document = DocumentSlug.CHARTER

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(
            DocumentVersion.objects.filter(document=self.document)
            .exclude(published_on__isnull=True, is_current=False)
            .defer("body", "translations")
            .order_by("-number")
        )
        number = self.kwargs.get("number")
        if number is None:
            version = DocumentVersion.objects.filter(
                document=self.document, is_current=True
            ).first()
        else:
            # A version staff have not published yet is not public.
            published = DocumentVersion.objects.filter(
                Q(is_current=True) | Q(published_on__isnull=False)
            )
            version = get_object_or_404(published, document=self.document, number=number)
        context.update(
            document=self.document,
            document_name=DocumentSlug(self.document).label,
            version=version,
            versions=versions,
            sections=section_titles(version.display_body) if version else [],
            sign_url=SIGN_URLS.get(self.document),
            list_url=LIST_URLS.get(self.document),
        )
        return context


SIGN_URLS = {
    DocumentSlug.CHARTER: reverse_lazy("members:charter_sign"),
    DocumentSlug.DECLARATION: reverse_lazy("members:declaration_endorse"),
}
LIST_URLS = {
    DocumentSlug.CHARTER: reverse_lazy("members:charter_signatories"),
    DocumentSlug.DECLARATION: reverse_lazy("members:declaration_endorsers"),
}


class SignView(FormView):
    """Sign the current version, with or without an account."""

    access = Access.PUBLIC
    template_name = "members/sign.html"
    form_class = SignForm
    document = DocumentSlug.CHARTER

    def dispatch(self, request, *args, **kwargs):
        self.version = current_version(self.document)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        earlier = signature_to_sign_again(self.request.GET.get("again", ""))
        if earlier is not None and earlier.version.document == self.document:
            # Invited to sign a new version: what they gave for the earlier one.
            return {
                "party_kind": earlier.party_kind,
                "name": earlier.name,
                "email": earlier.email,
                "organisation": earlier.organisation_id,
                "group": earlier.group_id,
                "party_name": ""
                if earlier.organisation_id or earlier.group_id
                else earlier.party_name,
                "role_title": earlier.role_title,
                "network": earlier.network_id,
                "listed_publicly": earlier.listed_publicly,
            }
        user = self.request.user
        if user.is_authenticated:
            return {"name": user.full_name, "email": user.email}
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            version=self.version,
            endorse=self.document == DocumentSlug.DECLARATION,
            read_url=(
                reverse("members:declaration")
                if self.document == DocumentSlug.DECLARATION
                else reverse("members:charter")
            ),
            list_url=LIST_URLS[self.document],
        )
        return context

    def form_valid(self, form):
        if self.version is None:
            form.add_error(None, _("Signing opens once the text is published."))
            return self.form_invalid(form)
        data = form.cleaned_data
        try:
            signature = sign_document(
                self.version,
                actor=self.request.user,
                name=data["name"],
                email=data["email"],
                party_kind=data["party_kind"],
                organisation=data.get("organisation"),
                group=data.get("group"),
                party_name=data["party_name"],
                role_title=data["role_title"],
                network=data["network"],
                listed_publicly=data["listed_publicly"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except SignatureError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if signature.is_confirmed:
            messages.success(self.request, _("Thank you. Your signature counts from now."))
            return redirect(LIST_URLS[self.document])
        messages.success(
            self.request,
            _(
                "Thank you. We have sent a link to %(email)s: please follow it to confirm, "
                "and your signature counts."
            )
            % {"email": signature.email},
        )
        return redirect(SIGN_DONE_URLS[self.document])


SIGN_DONE_URLS = {
    DocumentSlug.CHARTER: reverse_lazy("members:charter"),
    DocumentSlug.DECLARATION: reverse_lazy("members:declaration"),
}


class ConfirmSignatureView(TemplateView):
    """The link in the confirmation e-mail. Opening it shows a button, so that mail scanners
    that follow links do not confirm on the person's behalf."""

    access = Access.PUBLIC
    template_name = "members/signature_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        self.signature = get_signature_by_token(kwargs["token"])
        if self.signature is None:
            return self.render_to_response({"invalid": True}, status=404)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signature"] = self.signature
        return context

    def post(self, request, *args, **kwargs):
        confirm_signature(self.signature, actor=request.user)
        document = self.signature.version.document
        if self.signature.listed_publicly:
            messages.success(request, _("Thank you: your signature is confirmed and listed."))
        else:
            messages.success(request, _("Thank you: your signature is confirmed."))
        return redirect(LIST_URLS.get(document, reverse("members:charter")))


class SignatoriesView(ListView):
    """The public list: who signed and agreed to be listed, by kind and by local group."""

    access = Access.PUBLIC
    template_name = "members/signatories.html"
    context_object_name = "signatures"
    paginate_by = 50
    document = DocumentSlug.CHARTER

    def get_queryset(self):
        self.form = SignatorySearchForm(self.request.GET or None)
        signatures = public_signatories(self.document)
        if self.form.is_valid():
            query = self.form.cleaned_data["q"]
            if query:
                signatures = signatures.filter(
                    Q(party_kind=PartyKind.INDIVIDUAL, name__icontains=query)
                    | Q(party_name__icontains=query)
                )
            if self.form.cleaned_data["kind"]:
                signatures = signatures.filter(party_kind=self.form.cleaned_data["kind"])
            if self.form.cleaned_data["network"]:
                signatures = signatures.filter(network=self.form.cleaned_data["network"])
        return signatures

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=self.form,
            query_string=query.urlencode(),
            counts=signature_counts_by_network(self.document),
            version=current_version(self.document),
            endorse=self.document == DocumentSlug.DECLARATION,
            sign_url=SIGN_URLS[self.document],
        )
        return context


class StaffDocumentsView(StaffRequiredMixin, TemplateView):
    """Staff keep the charter, the declaration and the handbook terms: versions, which one
    is current, translations."""

    template_name = "members/staff_documents.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = (
            DocumentVersion.objects.annotate(
                signature_count=Count(
                    "signatures", filter=Q(signatures__confirmed_at__isnull=False)
                )
            )
            .defer("body")
            .order_by("document", "-number")
        )
        by_document = {slug: [] for slug in DocumentSlug.values}
        for version in versions:
            by_document[version.document].append(version)
        context["documents"] = [
            {"slug": slug, "name": DocumentSlug(slug).label, "versions": rows}
            for slug, rows in by_document.items()
        ]
        return context


class StaffVersionCreateView(StaffRequiredMixin, FormView):
    template_name = "members/staff_version_form.html"
    form_class = DocumentVersionForm

    def get_initial(self):
        return {"document": self.request.GET.get("document", DocumentSlug.CHARTER)}

    def form_valid(self, form):
        data = form.cleaned_data
        create_document_version(
            data["document"],
            actor=self.request.user,
            title=data["title"],
            period=data["period"],
            body=data["body"],
            language=data["language"],
            published_on=data["published_on"],
            make_current=data["make_current"],
        )
        messages.success(self.request, _("The new version is saved."))
        return redirect("members:staff_documents")


class StaffVersionMakeCurrentView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = get_object_or_404(DocumentVersion, pk=kwargs["version_id"])
        make_version_current(version, actor=request.user)
        messages.success(
            request,
            _("“%(title)s” is now the current version.") % {"title": version.title},
        )
        return redirect("members:staff_documents")


class StaffVersionTranslateView(StaffRequiredMixin, FormView):
    template_name = "members/staff_version_translate.html"
    form_class = TranslationForm

    def dispatch(self, request, *args, **kwargs):
        self.version = get_object_or_404(DocumentVersion, pk=kwargs["version_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version": self.version}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "version": self.version}

    def form_valid(self, form):
        data = form.cleaned_data
        save_version_translation(
            self.version,
            data["language"],
            actor=self.request.user,
            title=data["title"],
            body=data["body"],
        )
        messages.success(self.request, _("The translation is saved."))
        return redirect("members:staff_documents")


def _csv_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


class StaffSignatoriesExportView(StaffRequiredMixin, View):
    """The signatories who agreed to be listed, as CSV, for staff to share. No addresses, and
    nobody who did not agree to be listed."""

    def get(self, request, *args, **kwargs):
        document = request.GET.get("document", DocumentSlug.CHARTER)
        if document not in DocumentSlug.values:
            raise Http404("No such document")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{document}-signatories.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "name",
                "signed_as",
                "role",
                "local_group",
                "version",
                "version_title",
                "signed_an_earlier_version",
                "confirmed_on",
            ]
        )
        for signature in public_signatories(document).iterator(chunk_size=2000):
            writer.writerow(
                [
                    _csv_cell(signature.display_name),
                    signature.party_kind,
                    _csv_cell(signature.role_title),
                    _csv_cell(signature.network.name if signature.network else ""),
                    signature.version.number,
                    _csv_cell(signature.version.title),
                    "yes" if not signature.version.is_current else "no",
                    signature.confirmed_at.date().isoformat(),
                ]
            )
        return response


# Group affiliation -------------------------------------------------------------------------


class AffiliationApplyView(SignedInMixin, FormView):
    """A group applies to affiliate. Needs an account: the applicant becomes its coordinator."""

    template_name = "members/affiliation_apply.html"
    form_class = AffiliationForm

    def dispatch(self, request, *args, **kwargs):
        self.handbook = current_version(DocumentSlug.HANDBOOK)
        self.charter = current_version(DocumentSlug.CHARTER)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"contact_email": self.request.user.email}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            handbook=self.handbook,
            charter=self.charter,
            my_applications=AffiliationApplication.objects.filter(
                applicant=self.request.user
            ).order_by("-submitted_at"),
        )
        return context

    def form_valid(self, form):
        if self.handbook is None or self.charter is None:
            form.add_error(
                None, _("Applications open once the charter and handbook are published.")
            )
            return self.form_invalid(form)
        data = dict(form.cleaned_data)
        upload = data.pop("document")
        role_title = data.pop("role_title")
        listed = data.pop("listed_publicly")
        data.pop("accept_handbook")
        data.pop("sign_charter")
        try:
            application = apply_for_affiliation(
                actor=self.request.user,
                upload=upload,
                handbook_version=self.handbook,
                role_title=role_title,
                listed_publicly=listed,
                **data,
            )
        except (AffiliationError, SignatureError) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Thank you. Your application is with movement staff; we will e-mail you."),
        )
        return redirect(application.get_absolute_url())


class AffiliationDetailView(FormView):
    """The applicant follows their application, and makes changes when staff ask for them."""

    access = Access.OBJECT
    template_name = "members/affiliation_detail.html"
    form_class = AffiliationForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.application = get_affiliation_for_user(request.user, kwargs["application_id"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def can_resubmit(self) -> bool:
        return (
            self.application.state == AffiliationState.CHANGES_REQUESTED
            and self.application.applicant_id == self.request.user.pk
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # A fresh copy: the form writes onto its instance, and the service compares old and new.
        kwargs["instance"] = AffiliationApplication.objects.get(pk=self.application.pk)
        kwargs["resubmit"] = True
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(application=self.application, can_resubmit=self.can_resubmit)
        return context

    def post(self, request, *args, **kwargs):
        if not self.can_resubmit:
            messages.error(request, _("This application is not waiting for changes."))
            return redirect(self.application.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        upload = data.pop("document")
        try:
            resubmit_affiliation_application(
                self.application, actor=self.request.user, upload=upload, **data
            )
        except AffiliationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you. Your changes are with movement staff."))
        return redirect(self.application.get_absolute_url())


class AffiliationDocumentView(View):
    """The governing document, to the applicant and staff only, as a download."""

    access = Access.OBJECT

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        application = get_affiliation_for_user(request.user, kwargs["application_id"])
        if not application.governing_document:
            raise Http404("No document")
        # Read whole (uploads are small, see SANCTUARY_UPLOAD_MAX_BYTES) so the file is closed
        # however the response ends.
        with application.governing_document.open("rb") as stored:
            content = stored.read()
        response = HttpResponse(content, content_type=application.governing_document_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=application.governing_document_name
        )
        return response


class StaffAffiliationsView(StaffRequiredMixin, ListView):
    template_name = "members/staff_affiliations.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self):
        self.state = self.request.GET.get("state", "open")
        applications = AffiliationApplication.objects.select_related("applicant", "network")
        if self.state == "open":
            applications = applications.filter(state__in=AFFILIATION_OPEN)
        elif self.state in AffiliationState.values:
            applications = applications.filter(state=self.state)
        return applications.order_by("submitted_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            state=self.state,
            states=[("open", _("Waiting for staff")), *AffiliationState.choices, ("all", _("All"))],
            query_string=f"state={self.state}",
        )
        return context


class StaffAffiliationDetailView(StaffRequiredMixin, TemplateView):
    template_name = "members/staff_affiliation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = kwargs.get("application") or get_affiliation_for_user(
            self.request.user, self.kwargs["application_id"]
        )
        context.update(
            application=application,
            comments=application.comments.select_related("author"),
            state_form=kwargs.get("state_form") or AffiliationStateForm(application=application),
            comment_form=kwargs.get("comment_form") or AffiliationCommentForm(),
            history=affiliation_history(application),
        )
        return context


class StaffAffiliationStateView(StaffAffiliationDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        application = get_affiliation_for_user(request.user, kwargs["application_id"])
        form = AffiliationStateForm(request.POST, application=application)
        if form.is_valid():
            try:
                set_affiliation_state(
                    application,
                    form.cleaned_data["state"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    network=form.cleaned_data["network"],
                )
            except AffiliationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The status is changed and the group is told."))
                return redirect("members:staff_affiliation", application_id=application.pk)
        return self.render_to_response(
            self.get_context_data(application=application, state_form=form)
        )


class StaffAffiliationCommentView(StaffAffiliationDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        application = get_affiliation_for_user(request.user, kwargs["application_id"])
        form = AffiliationCommentForm(request.POST)
        if form.is_valid():
            add_affiliation_comment(application, actor=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Your comment is saved."))
            return redirect("members:staff_affiliation", application_id=application.pk)
        return self.render_to_response(
            self.get_context_data(application=application, comment_form=form)
        )


# Sanctuary Ambassadors and the Advisory Group: only the person and staff see any of it. -----


class AmbassadorView(SignedInMixin, FormView):
    """A person with lived experience registers as a Sanctuary Ambassador, or keeps their
    details up to date."""

    template_name = "members/ambassador.html"
    form_class = AmbassadorForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.ambassador = Ambassador.objects.filter(user=request.user).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.ambassador is not None:
            kwargs["instance"] = Ambassador.objects.get(pk=self.ambassador.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "ambassador": self.ambassador}

    def form_valid(self, form):
        register_ambassador(self.request.user, actor=self.request.user, **form.cleaned_data)
        if self.ambassador is None:
            messages.success(
                self.request,
                _("Thank you for registering. Movement staff will be in touch."),
            )
        else:
            messages.success(self.request, _("Your details are saved."))
        return redirect("members:ambassador")


class StaffAmbassadorsView(StaffRequiredMixin, ListView):
    template_name = "members/staff_ambassadors.html"
    context_object_name = "ambassadors"
    paginate_by = 50

    def get_queryset(self):
        return (
            Ambassador.objects.select_related("user", "advisory_membership")
            .annotate(
                waiting=Case(
                    When(status=AmbassadorStatus.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("waiting", "registered_at", "pk")
        )


class StaffAmbassadorStatusView(StaffRequiredMixin, View):
    """Approve or decline a registration (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        ambassador = get_object_or_404(
            Ambassador.objects.select_related("user"), pk=kwargs["ambassador_id"]
        )
        status = request.POST.get("status", "")
        if status not in AmbassadorStatus.values:
            raise Http404("No such status")
        try:
            set_ambassador_status(ambassador, status, actor=request.user)
        except LivedExperienceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(person)s: %(status)s.")
                % {
                    "person": ambassador.user.get_full_name(),
                    "status": AmbassadorStatus(status).label,
                },
            )
        return redirect("members:staff_ambassadors")


class StaffAdvisoryGroupView(StaffRequiredMixin, TemplateView):
    """The Advisory Group in rotation order, with who is next, and the forms to nominate and
    to invite the next ones to a trustees' meeting."""

    template_name = "members/staff_advisory_group.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rotation=list(advisory_rotation()),
            invitations=list(
                TrusteeMeetingInvitation.objects.select_related(
                    "member__ambassador__user"
                ).order_by("-meeting_date", "pk")[:30]
            ),
            invite_form=kwargs.get("invite_form") or InviteAdvisersForm(),
            nominate_form=kwargs.get("nominate_form") or NominateAdviserForm(),
        )
        return context


class StaffAdvisoryInviteView(StaffAdvisoryGroupView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = InviteAdvisersForm(request.POST)
        if form.is_valid():
            try:
                invitations = invite_next_advisers(actor=request.user, **form.cleaned_data)
            except LivedExperienceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Invited: %(people)s.")
                    % {
                        "people": ", ".join(
                            invitation.member.ambassador.user.get_full_name()
                            for invitation in invitations
                        )
                    },
                )
                return redirect("members:staff_advisory_group")
        return self.render_to_response(self.get_context_data(invite_form=form))


class StaffAdvisoryNominateView(StaffAdvisoryGroupView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = NominateAdviserForm(request.POST)
        if form.is_valid():
            try:
                nominate_to_advisory_group(form.cleaned_data["ambassador"], actor=request.user)
            except LivedExperienceError as error:
                form.add_error("ambassador", str(error))
            else:
                messages.success(request, _("Nominated to the Advisory Group."))
                return redirect("members:staff_advisory_group")
        return self.render_to_response(self.get_context_data(nominate_form=form))


# Sanctuary Partnership forums -------------------------------------------------------------


class NetworkForumsView(NetworkAccessMixin, TemplateView):
    """A local group's partnership forums; its coordinators start new ones."""

    template_name = "members/network_forums.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            forums=PartnershipForum.objects.filter(network=self.network)
            .annotate(member_count=Count("members"))
            .order_by("name"),
            can_manage=self.request.user.is_staff or Role.COORDINATOR in self.roles,
            is_group=self.network.kind == NetworkKind.LOCAL_GROUP,
            form=kwargs.get("form") or PartnershipForumForm(),
        )
        return context


class NetworkForumCreateView(NetworkForumsView):
    allowed_roles = COORDINATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = PartnershipForumForm(request.POST)
        if form.is_valid():
            try:
                forum = create_partnership_forum(
                    self.network, actor=request.user, **form.cleaned_data
                )
            except ForumError as error:
                form.add_error("name", str(error))
            else:
                messages.success(request, _("The forum is created."))
                return redirect(
                    "members:network_forum", network_slug=self.network.slug, forum_id=forum.pk
                )
        return self.render_to_response(self.get_context_data(form=form))


class NetworkForumView(NetworkAccessMixin, TemplateView):
    """One forum and its members, councils and organisations first."""

    template_name = "members/network_forum.html"

    def get_forum(self) -> PartnershipForum:
        return get_object_or_404(
            PartnershipForum, pk=self.kwargs["forum_id"], network=self.request.network
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forum = kwargs.get("forum") or self.get_forum()
        context.update(
            forum=forum,
            members=forum.members.select_related("organisation", "user").order_by(
                "kind", "organisation__name", "user__full_name", "pk"
            ),
            can_manage=self.request.user.is_staff or Role.COORDINATOR in self.roles,
            form=kwargs.get("form") or ForumMemberForm(network=self.network),
        )
        return context


class NetworkForumMemberAddView(NetworkForumView):
    allowed_roles = COORDINATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        forum = self.get_forum()
        form = ForumMemberForm(request.POST, network=self.network)
        if form.is_valid():
            try:
                add_forum_member(
                    forum,
                    actor=request.user,
                    organisation=form.cleaned_data["organisation"],
                    user=form.user,
                    role_title=form.cleaned_data["role_title"],
                )
            except ForumError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Added to the forum."))
                return redirect(
                    "members:network_forum", network_slug=self.network.slug, forum_id=forum.pk
                )
        return self.render_to_response(self.get_context_data(forum=forum, form=form))


class NetworkForumMemberRemoveView(NetworkAccessMixin, View):
    allowed_roles = COORDINATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        member = get_object_or_404(
            ForumMember.objects.select_related("forum__network"),
            pk=kwargs["forum_member_id"],
            forum_id=kwargs["forum_id"],
            forum__network=self.network,
        )
        remove_forum_member(member, actor=request.user)
        messages.success(request, _("Removed from the forum."))
        return redirect(
            "members:network_forum", network_slug=self.network.slug, forum_id=kwargs["forum_id"]
        )


class PartnershipForumsView(TemplateView):
    """Sanctuary Partnership forums across the movement, with their member organisations."""

    access = Access.PUBLIC
    template_name = "members/partnership_forums.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "forums": public_partnership_forums()}
