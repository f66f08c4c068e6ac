"""People, organisations and their roles in networks."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from members.enums import OrganisationKind, Role
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
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        # Shown to other people, so it never falls back to the e-mail address.
        return self.full_name or gettext("Someone who has not given a name")

    def get_short_name(self) -> str:
        return (self.full_name.split() or [""])[0]


class Membership(models.Model):
    """A person's role in one network. One row per role: a coordinator may also be a panellist."""

    network = models.ForeignKey(Network, related_name="memberships", on_delete=models.PROTECT)
    user = models.ForeignKey(User, related_name="memberships", on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the person accepted the role themselves (an invitation): for a panellist, their
    # agreement that the chairs forming their panels see whether they have lived experience.
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)

    objects = ScopedManager(network="network")

    class Meta:
        ordering = ["network__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "user", "role"], name="one_role_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.network}"


class Organisation(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:organisation_detail", kwargs={"slug": self.slug})


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
