"""People, organisations and their roles in networks."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from members.enums import (
    OfficialNumberKind,
    OrganisationKind,
    OrganisationStatus,
    RequestStatus,
    Role,
)
from sanctuary.choices import ChoiceLabels
from sanctuary.enums import Nation
from sanctuary.models import Network


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Keyed by e-mail; anonymised, never deleted, when the history needs them."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Pages and e-mails reach you in this language where a translation exists."),
    )
    # Lived experience of seeking sanctuary. Private: shown only to the person and to staff,
    # and used by the rule that every award panel includes someone with lived experience.
    # The platform never asks for immigration status or documents.
    has_lived_experience = models.BooleanField(
        _("I have lived experience of seeking sanctuary"), default=False
    )
    is_staff = models.BooleanField(_("movement staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        # Shown to other people, so it never falls back to the e-mail address.
        return self.full_name or self.unnamed()

    @staticmethod
    def unnamed() -> str:
        """What other people see for someone who has not given a name."""
        return gettext("Someone who has not given a name")

    def get_short_name(self) -> str:
        return (self.full_name.split() or [""])[0]


class Membership(ChoiceLabels, models.Model):
    """A person's role in one network. One row per role: a coordinator may also be a panellist."""

    network = models.ForeignKey(Network, related_name="memberships", on_delete=models.PROTECT)
    user = models.ForeignKey(User, related_name="memberships", on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the person accepted the role themselves (an invitation): for a panellist, their
    # agreement that the chairs forming their panels see whether they have lived experience.
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)

    objects: ClassVar[models.Manager["Membership"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["network__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "user", "role"], name="one_role_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.network}"


class Organisation(ChoiceLabels, models.Model):
    """A school, council, library, theatre, shop... Not a tenant: it relates to several networks."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    local_group = models.ForeignKey(
        Network,
        verbose_name=_("local group for its area"),
        related_name="area_organisations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"kind": "local_group"},
    )
    # Where it is and who it is, as it registered itself (members/services/organisations.py).
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    address = models.TextField(_("address"), blank=True)
    local_authority = models.CharField(_("local authority area"), max_length=120, blank=True)
    official_number = models.CharField(_("official number"), max_length=40, blank=True)
    official_number_kind = models.CharField(
        _("kind of number"), max_length=20, choices=OfficialNumberKind.choices, blank=True
    )
    stream = models.ForeignKey(
        Network,
        verbose_name=_("stream network"),
        related_name="registered_organisations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"kind": "stream"},
        help_text=_("The stream the organisation said it belongs to when it registered."),
    )
    # Organisations that staff add or import are approved; one that registers itself waits
    # for a coordinator. Until then it is not public and cannot apply for an award.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.APPROVED,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    registered_by = models.ForeignKey(
        "User", related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The name as duplicates are compared (members.queries.organisation_name_key).
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["status", "local_group"]),
            models.Index(fields=["status", "stream"]),
            models.Index(fields=["official_number_kind", "official_number"]),
            # Lists by name (the public awarded list walks it and stops after a page).
            models.Index(fields=["name", "id"], name="organisation_by_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived, so that every way of saving (services, the admin, imports) keeps it right.
        self.name_key = organisation_name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_approved(self) -> bool:
        """Public and able to apply for an award (awards checks this)."""
        return self.status == OrganisationStatus.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.status == OrganisationStatus.PENDING

    @property
    def is_refused(self) -> bool:
        return self.status == OrganisationStatus.REFUSED


# Words that say nothing about which organisation is meant.
_NAME_NOISE = frozenset({"the", "school", "ltd", "limited", "cic", "plc", "uk"})


def organisation_name_key(name: str) -> str:
    """A name as duplicates are compared: case, spacing, punctuation, "&" and
    words such as "the" or "school" do not count ("The Parkside Primary School" and
    "parkside primary" are the same)."""
    words = []
    for word in "".join(c if c.isalnum() else " " for c in name.replace("&", " and ")).split():
        word = word.casefold()
        if word not in _NAME_NOISE:
            words.append(word)
    return " ".join(words)[:200]


def normalise_postcode(postcode: str) -> str:
    """A UK postcode as people may type it, in one form: "s11 8ab" → "S11 8AB"."""
    compact = "".join(postcode.split()).upper()
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


class OrganisationContact(models.Model):
    """A person who acts for an organisation on the platform."""

    organisation = models.ForeignKey(
        Organisation, related_name="contacts", on_delete=models.PROTECT
    )
    user = models.ForeignKey(User, related_name="organisation_contacts", on_delete=models.PROTECT)
    role_title = models.CharField(_("role in the organisation"), max_length=120, blank=True)
    is_lead = models.BooleanField(_("lead contact"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_contact_row"),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.organisation}"


class ContactRequest(models.Model):
    """A person asks to act for an organisation that is on the platform already; the
    coordinators of its area's group or of its stream (or staff) decide."""

    organisation = models.ForeignKey(
        Organisation, related_name="contact_requests", on_delete=models.PROTECT
    )
    user = models.ForeignKey(User, related_name="contact_requests", on_delete=models.PROTECT)
    role_title = models.CharField(_("your role there"), max_length=120, blank=True)
    message = models.TextField(_("a word for the coordinator"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        User, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(status="pending"),
                name="one_waiting_contact_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to act for {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


class ContactInvitation(models.Model):
    """A contact invites a colleague by e-mail. The link works once and expires; only a hash
    of its secret is stored."""

    organisation = models.ForeignKey(
        Organisation, related_name="invitations", on_delete=models.PROTECT
    )
    email = models.EmailField(_("their e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, related_name="+", on_delete=models.PROTECT)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class NetworkJoinRequest(models.Model):
    """A person asks to join a local group ("Join this group"); its coordinators decide."""

    network = models.ForeignKey(Network, related_name="join_requests", on_delete=models.PROTECT)
    user = models.ForeignKey(User, related_name="join_requests", on_delete=models.PROTECT)
    message = models.TextField(_("a word for the coordinators"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        User, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=models.Q(status="pending"),
                name="one_waiting_join_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.network}"

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


class CoordinatorInvitation(models.Model):
    """Staff invite a network's first coordinator by e-mail: a link that works once and
    expires; accepting it gives the coordinator role. Only a hash of the secret is stored."""

    network = models.ForeignKey(
        Network, related_name="coordinator_invitations", on_delete=models.PROTECT
    )
    email = models.EmailField(_("their e-mail address"))
    name = models.CharField(_("their name"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, related_name="+", on_delete=models.PROTECT)
    language = models.CharField(
        _("language of the e-mail"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} invited to coordinate {self.network}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
