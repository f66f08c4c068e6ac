"""The charter, the Birmingham Declaration and the handbook terms: versioned documents and the
signatures people give them."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from members.enums import SIGNABLE_DOCUMENTS, DocumentSlug, PartyKind
from members.models.people import Organisation
from sanctuary.i18n import InLanguage, best_translation
from sanctuary.models import Network


class DocumentVersion(models.Model):
    """One version of a document, with its text in the original language and its translations.

    The body is Markdown. Translations live beside the original, in `translations`, as
    {"cy": {"title": "...", "body": "..."}}, so a version's languages travel together.
    """

    document = models.CharField(_("document"), max_length=40, choices=DocumentSlug.choices)
    number = models.PositiveIntegerField(_("version number"))
    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(
        _("period"), max_length=40, blank=True, help_text=_("For example 2026-2031.")
    )
    body = models.TextField(_("text"), help_text=_("Markdown: headings, lists, links."))
    language = models.CharField(
        _("language of the original"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    is_current = models.BooleanField(_("current version"), default=False)
    # Rule 9: when this version becomes current, the signatures of the one before keep
    # counting for this many months (staff change it on the documents page).
    grace_months = models.PositiveSmallIntegerField(
        _("months an earlier version keeps counting"),
        default=12,
        help_text=_("After this version becomes current, earlier signatures count this long."),
    )
    current_since = models.DateField(_("current since"), null=True, blank=True, editable=False)
    # Set on an earlier version when a later one becomes current: its signatures (and the
    # handbook terms accepted) count until this day, while people are asked to sign again.
    counts_until = models.DateField(_("still counts until"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="one_document_version_number"
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(is_current=True),
                name="one_current_document_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_document_display()}, v{self.number})"

    def get_absolute_url(self) -> str:
        if self.document == DocumentSlug.CHARTER:
            return reverse("members:charter_version", kwargs={"number": self.number})
        if self.document == DocumentSlug.DECLARATION:
            return reverse("members:declaration")
        return reverse("members:handbook")

    def text_in(self, language: str | None = None) -> tuple[InLanguage, InLanguage, str]:
        """Title, body and their language: in the language asked for, else the original.
        The title follows the body: a translated title over an English body would mislead."""
        text = best_translation(
            {"title": self.title, "body": self.body},
            self.translations,
            original_language=self.language,
            language=language,
            whole=("body",),
        )
        return text["title"], text["body"], text["body"].language

    @property
    def display_title(self) -> InLanguage:
        return self.text_in()[0]

    @property
    def display_body(self) -> InLanguage:
        return self.text_in()[1]

    @property
    def display_language(self) -> str:
        return self.text_in()[2]

    @property
    def still_counts(self) -> bool:
        """Current, or an earlier version within its grace period."""
        if self.is_current:
            return True
        return self.counts_until is not None and self.counts_until >= timezone.localdate()

    @property
    def is_signable(self) -> bool:
        return self.document in SIGNABLE_DOCUMENTS

    @property
    def is_charter(self) -> bool:
        return self.document == DocumentSlug.CHARTER

    @property
    def is_declaration(self) -> bool:
        return self.document == DocumentSlug.DECLARATION


class Signature(models.Model):
    """A person's signature of one document version, for themselves or on behalf of a party.

    It counts once `confirmed_at` is set: the e-mail address was confirmed through the link
    we sent, or belongs to the signed-in account that signed. `party_key` names the party
    ("individual", "organisation:12", "organisation-name:parkside primary", "group:3") so that
    one database constraint keeps one signature per signer, party and version.
    """

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        related_name="signatures",
        on_delete=models.PROTECT,
    )
    party_kind = models.CharField(_("signing as"), max_length=20, choices=PartyKind.choices)
    party_key = models.CharField(max_length=230, editable=False)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="signatures",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="signatures",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    group = models.ForeignKey(
        Network,
        verbose_name=_("local group"),
        related_name="group_signatures",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    party_name = models.CharField(_("organisation or group"), max_length=200, blank=True)
    role_title = models.CharField(_("role there"), max_length=120, blank=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("local group nearby"),
        related_name="signatures",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    listed_publicly = models.BooleanField(_("listed publicly"), default=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    invited_for_version = models.ForeignKey(
        DocumentVersion,
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
    )
    # The document's slug while this is its party's latest confirmed signature of that
    # document (in any version), blank otherwise: "who has signed" without an anti-join over
    # every signature. Kept true by members.services.signature_lists, never set by hand.
    latest_of = models.CharField(max_length=40, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "email", "party_key"],
                name="one_signature_per_signer_party_version",
            ),
            models.CheckConstraint(
                condition=~Q(party_kind=PartyKind.INDIVIDUAL)
                | (Q(organisation__isnull=True) & Q(group__isnull=True)),
                name="individual_signs_for_no_party",
            ),
            models.CheckConstraint(
                condition=~Q(party_kind=PartyKind.ORGANISATION) | Q(group__isnull=True),
                name="organisation_signature_has_no_group",
            ),
            models.CheckConstraint(
                condition=~Q(party_kind=PartyKind.GROUP) | Q(organisation__isnull=True),
                name="group_signature_has_no_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["version", "party_kind", "confirmed_at"]),
            models.Index(fields=["organisation", "version"]),
            # A party's signatures across versions, to find its latest.
            models.Index(fields=["email", "party_key"], name="signature_signer_party"),
            # The public list, newest first, and its keyset pages.
            models.Index(
                fields=["latest_of", "-confirmed_at", "-id"],
                condition=Q(listed_publicly=True) & ~Q(latest_of=""),
                name="signature_public_list",
            ),
            # The supporters page: organisations' listed signatures, by name.
            models.Index(
                fields=["latest_of", "party_name", "id"],
                condition=Q(party_kind=PartyKind.ORGANISATION, listed_publicly=True)
                & ~Q(latest_of=""),
                name="signature_supporters",
            ),
            # The counts by local group, and a group's own list.
            models.Index(
                fields=["latest_of", "network", "listed_publicly"],
                condition=~Q(latest_of=""),
                name="signature_latest_by_network",
            ),
        ]

    def __str__(self) -> str:
        if self.party_kind == PartyKind.INDIVIDUAL:
            return f"{self.name} ({self.version})"
        return f"{self.party_name} by {self.name} ({self.version})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def display_name(self) -> str:
        """The name the public list shows: the party's, or the person's for an individual."""
        if self.party_kind == PartyKind.INDIVIDUAL:
            return self.name
        return self.party_name


class SignAgainReminder(models.Model):
    """A coordinator reminded someone who signed an earlier version to sign this one. Once per
    person (address) and version, whoever asks and however often."""

    network = models.ForeignKey(
        Network, related_name="sign_again_reminders", on_delete=models.PROTECT
    )
    version = models.ForeignKey(DocumentVersion, related_name="+", on_delete=models.PROTECT)
    signature = models.ForeignKey(
        Signature, related_name="sign_again_reminders", on_delete=models.PROTECT
    )
    email = models.EmailField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT, null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager["SignAgainReminder"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "email"], name="one_sign_again_reminder"),
        ]

    def __str__(self) -> str:
        return f"Reminder to sign v{self.version_id} for {self.signature_id}"
