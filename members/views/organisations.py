"""Organisations getting in by themselves: register one (or find it and ask to act for it),
its contacts and their invitations, and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from members.enums import OrganisationStatus
from members.forms.organisations import (
    ContactRequestForm,
    InviteContactForm,
    OrganisationRegisterForm,
    OrganisationSearchForm,
)
from members.models import Organisation, OrganisationContact
from members.permissions import SignedInMixin, get_organisation_for_user
from members.queries import (
    find_organisations,
    get_contact_invitation,
    open_contact_invitations,
    organisation_contacts,
)
from members.services.organisations import (
    DuplicateOrganisation,
    OrganisationError,
    accept_contact_invitation,
    invite_contact,
    register_organisation,
    remove_contact,
    request_to_act_for,
)
from sanctuary.page_cache import personal_page
from sanctuary.refusals import add_refusal_to_form
from sanctuary.tenancy import Access


@personal_page
class OrganisationRegisterView(SignedInMixin, FormView):
    """Register an organisation and become its lead contact. A likely duplicate is shown
    with "ask to join it instead", and nothing is stored."""

    template_name = "members/organisation_register.html"
    form_class = OrganisationRegisterForm
    duplicates: list[Organisation] = []

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Organisation()}

    def form_valid(self, form):
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in {"official_number_kind", "official_number"}
        }
        try:
            organisation = register_organisation(
                actor=self.request.user,
                official_number=form.cleaned_data["official_number"],
                official_number_kind=form.cleaned_data["official_number_kind"],
                **fields,
            )
        except DuplicateOrganisation as duplicate:
            self.duplicates = duplicate.duplicates
            add_refusal_to_form(form, duplicate)
            return self.form_invalid(form)
        except OrganisationError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "%(organisation)s is registered. A coordinator will look at it soon; we will "
                "tell you by e-mail. Meanwhile you can get it ready here."
            )
            % {"organisation": organisation.name},
        )
        return redirect(organisation.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["duplicates"] = self.duplicates
        return context


@personal_page
class OrganisationFindView(SignedInMixin, ListView):
    """Find your organisation on the platform and ask to act for it."""

    template_name = "members/organisation_find.html"
    context_object_name = "organisations"
    paginate_by = 25

    def get_queryset(self):
        self.form = OrganisationSearchForm(self.request.GET or None)
        q = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        return find_organisations(q).select_related("local_group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["searched"] = bool(self.request.GET.get("q", "").strip())
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


@personal_page
class ContactRequestView(SignedInMixin, FormView):
    """Ask to act for an organisation on the platform; its coordinators decide."""

    template_name = "members/contact_request.html"
    form_class = ContactRequestForm

    def dispatch(self, request, *args, **kwargs):
        # Only organisations anyone may find: approved ones. A pending one's own contacts
        # invite their colleagues instead.
        self.organisation = Organisation.objects.filter(
            slug=kwargs["slug"], status=OrganisationStatus.APPROVED
        ).first()
        if self.organisation is None and request.user.is_authenticated:
            raise Http404("No such organisation")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            request_to_act_for(
                self.organisation,
                actor=self.request.user,
                role_title=form.cleaned_data["role_title"],
                message=form.cleaned_data["message"],
            )
        except OrganisationError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your request is sent. The coordinators will tell you by e-mail."),
        )
        return redirect("members:dashboard")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["is_contact"] = self.request.access.is_contact_of(self.organisation)
        return context


@personal_page
class OrganisationContactsView(FormView):
    """The people who act for an organisation: see them, invite a colleague, remove one."""

    access = Access.OBJECT
    template_name = "members/organisation_contacts.html"
    form_class = InviteContactForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.organisation = get_organisation_for_user(request.user, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"language": self.request.LANGUAGE_CODE}

    def form_valid(self, form):
        try:
            invite_contact(
                self.organisation,
                actor=self.request.user,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
            )
        except OrganisationError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The invitation is on its way to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("members:organisation_contacts", slug=self.organisation.slug)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["contacts"] = list(organisation_contacts(self.organisation))
        context["invitations"] = list(open_contact_invitations(self.organisation))
        return context


class ContactRemoveView(View):
    access = Access.OBJECT
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.organisation = get_organisation_for_user(request.user, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        contact = get_object_or_404(
            OrganisationContact.objects.select_related("user"),
            pk=kwargs["contact_id"],
            organisation=self.organisation,
        )
        try:
            remove_contact(contact, actor=request.user)
        except OrganisationError as error:
            messages.error(request, error.message)
        else:
            if contact.user_id == request.user.pk:
                messages.success(
                    request,
                    _("You no longer act for %(organisation)s.")
                    % {"organisation": self.organisation.name},
                )
                return redirect("members:dashboard")
            messages.success(
                request,
                _("%(person)s no longer acts for the organisation.")
                % {"person": contact.user.get_full_name()},
            )
        return redirect("members:organisation_contacts", slug=self.organisation.slug)


class ContactInvitationView(TemplateView):
    """Where a colleague's invitation link leads: what it is, then sign in (or sign up) and
    accept. An unknown, used or expired link says so plainly."""

    access = Access.PUBLIC
    template_name = "members/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_contact_invitation(kwargs["invitation_token"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = self.invitation
        context["invitation"] = invitation
        context["usable"] = invitation is not None and invitation.is_usable
        context["what"] = invitation.organisation.name if invitation else ""
        context["for_coordinator"] = False
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.invitation is None:
            raise Http404("No such invitation")
        try:
            contact = accept_contact_invitation(self.invitation, actor=request.user)
        except OrganisationError as error:
            messages.error(request, error.message)
            return redirect(request.get_full_path())
        messages.success(
            request,
            _("Welcome: you now act for %(organisation)s.")
            % {"organisation": contact.organisation.name},
        )
        return redirect(contact.organisation.get_absolute_url())
