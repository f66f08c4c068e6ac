"""The charter, the Birmingham Declaration and the handbook terms: read, sign, confirm, see
who signed; and the staff pages that keep their versions. (Staff's download of the public
list: views/exports.py.)"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from members.enums import DocumentSlug, PartyKind
from members.forms.charter import (
    DocumentVersionForm,
    SignatorySearchForm,
    SignForm,
    TranslationForm,
)
from members.models import DocumentVersion
from members.permissions import StaffRequiredMixin
from members.queries import current_version
from members.queries.signatures import (
    confirmed_signatures_by_version,
    get_signature_by_token,
    public_signatories,
    signature_counts_by_network,
    signature_to_sign_again,
)
from members.services.charter import (
    AlreadySigned,
    SignatureError,
    confirm_signature,
    create_document_version,
    make_version_current,
    owns_address,
    save_version_translation,
    sign_document,
    tell_already_signed,
)
from members.texts import section_titles
from sanctuary import page_cache
from sanctuary.keyset import keyset_page
from sanctuary.page_cache import personal_page, public_page
from sanctuary.refusals import add_refusal_to_form
from sanctuary.tenancy import Access


@public_page
@personal_page
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


@public_page
@personal_page
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
        if self.request.GET.get("again"):
            # The link from the invitation fills in the person's own details: never kept.
            page_cache.skip(self.request)
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
        except AlreadySigned as error:
            if owns_address(self.request.user, data["email"]):
                add_refusal_to_form(form, error)
                return self.form_invalid(form)
            # Not their confirmed address: the same answer as a new signature, and an
            # e-mail to the address, so the form tells no one who has signed.
            tell_already_signed(error.signature)
            return self.sent_a_link(data["email"].strip().lower())
        except SignatureError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        if signature.is_confirmed:
            messages.success(self.request, _("Thank you. Your signature counts from now."))
            return redirect(LIST_URLS[self.document])
        return self.sent_a_link(signature.email)

    def sent_a_link(self, email: str):
        messages.success(
            self.request,
            _(
                "Thank you. We have sent a link to %(email)s: please follow it to confirm, "
                "and your signature counts."
            )
            % {"email": email},
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


@public_page
@personal_page
class SignatoriesView(TemplateView):
    """The public list: who signed and agreed to be listed, by kind and by local group.

    Newest first, a page at a time by keyset (?after=), so a page deep in the list costs what
    the first costs; the counts by group come from the cache the signing services renew."""

    access = Access.PUBLIC
    template_name = "members/signatories.html"
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
        page = keyset_page(
            self.request, self.get_queryset(), timestamp="confirmed_at", size=self.paginate_by
        )
        context.update(
            signatures=page.rows,
            page=page,
            form=self.form,
            counts=signature_counts_by_network(self.document),
            version=current_version(self.document),
            endorse=self.document == DocumentSlug.DECLARATION,
            sign_url=SIGN_URLS[self.document],
        )
        return context


@personal_page
class StaffDocumentsView(StaffRequiredMixin, TemplateView):
    """Staff keep the charter, the declaration and the handbook terms: versions, which one
    is current, translations."""

    template_name = "members/staff_documents.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The counts are cached until a signature of the document is confirmed; counting
        # every signature on each view grew with them.
        counts = {slug: confirmed_signatures_by_version(slug) for slug in DocumentSlug.values}
        versions = DocumentVersion.objects.defer("body").order_by("document", "-number")
        by_document = {slug: [] for slug in DocumentSlug.values}
        for version in versions:
            version.signature_count = counts[version.document].get(version.pk, 0)
            by_document[version.document].append(version)
        context["documents"] = [
            {"slug": slug, "name": DocumentSlug(slug).label, "versions": rows}
            for slug, rows in by_document.items()
        ]
        return context


@personal_page
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


@personal_page
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
