"""The tenancy core: networks (the tenants) and the activity log."""

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from sanctuary.choices import ChoiceLabels
from sanctuary.enums import AreaType, Nation, NetworkKind
from sanctuary.i18n import InLanguage, best_translation

# Network slugs live at the root of the site, so they must never shadow a top-level page.
RESERVED_SLUGS = frozenset(
    {
        "accounts", "admin", "api", "awards", "charter", "dashboard", "find", "groups", "health",
        "i18n", "invitations", "language", "mail", "media", "organisations", "privacy", "ready",
        "staff", "static",
        "verify",
    }
)  # fmt: skip


def validate_network_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the platform itself. Please choose another address."),
            params={"slug": value},
        )


class Network(ChoiceLabels, models.Model):
    """A local group, a stream network or a local stream network: the platform's tenant."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        validators=[validate_network_slug],
        help_text=_(
            "Lower-case letters, numbers and hyphens: it appears as /address/ on the site."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NetworkKind.choices)
    area_type = models.CharField(
        _("type of area"), max_length=20, choices=AreaType.choices, blank=True
    )
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent stream"),
        related_name="local_streams",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": NetworkKind.STREAM},
    )
    coordinating_group = models.ForeignKey(
        "self",
        verbose_name=_("coordinating group"),
        related_name="coordinated_streams",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": NetworkKind.LOCAL_GROUP},
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("about"), blank=True)
    # The public profile's language, and the profile in others beside it, as the charter keeps
    # its translations: {"cy": {"summary": "...", "description": "..."}}.
    language = models.CharField(
        _("language of the profile"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    is_listed = models.BooleanField(_("listed publicly"), default=True)
    # Where the group is, for "find welcome near you". The core stores the numbers only: turning
    # a town or postcode into them is members' work (members/places.py), done in its form.
    place_name = models.CharField(
        _("town, city or postcode district"),
        max_length=100,
        blank=True,
        help_text=_("Where the group meets, as people nearby would type it: “Sheffield” or “S1”."),
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    # "Join this group" on the public page: a request the coordinators approve, or, when this
    # is set, a member's role at once.
    join_without_approval = models.BooleanField(
        _("people join at once, without a coordinator's approval"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=NetworkKind.LOCAL_STREAM)
                | (models.Q(parent__isnull=False) & models.Q(coordinating_group__isnull=False)),
                name="local_stream_has_parent_and_group",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=NetworkKind.LOCAL_STREAM)
                | (models.Q(parent__isnull=True) & models.Q(coordinating_group__isnull=True)),
                name="only_local_streams_have_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="network_location_is_a_point",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:network_profile", kwargs={"network_slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.kind == NetworkKind.LOCAL_STREAM:
            if self.parent_id is None:
                errors["parent"] = _("A local stream network belongs to a stream.")
            if self.coordinating_group_id is None:
                errors["coordinating_group"] = _("A local group coordinates a local stream.")
        elif self.parent_id or self.coordinating_group_id:
            errors["parent"] = _("Only a local stream network has a parent stream.")
        if self.kind == NetworkKind.LOCAL_GROUP and not self.area_type:
            errors["area_type"] = _("Say whether the group covers a city, town, region or nation.")
        if errors:
            raise ValidationError(errors)

    def profile_in(self, language: str | None = None) -> dict[str, InLanguage]:
        """The public profile in the language asked for (the active one), else the original."""
        return best_translation(
            {"summary": self.summary, "description": self.description},
            self.translations,
            original_language=self.language,
            language=language,
        )

    @property
    def display_summary(self) -> InLanguage:
        return self.profile_in()["summary"]

    @property
    def display_description(self) -> InLanguage:
        return self.profile_in()["description"]

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_stream(self) -> bool:
        return self.kind in {NetworkKind.STREAM, NetworkKind.LOCAL_STREAM}


class ActivityLog(models.Model):
    """One state change: who did what to which object, in which network."""

    network = models.ForeignKey(
        Network, related_name="activity", on_delete=models.PROTECT, null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40)
    content_object = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=120, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    timestamp = models.DateTimeField(auto_now_add=True, db_index=True)

    objects: ClassVar[models.Manager["ActivityLog"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["-timestamp", "-pk"]
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        indexes = [
            # A network's log, a keyset page newest first: read in the order shown, so a page
            # costs the same however long the log (with the id too, or PostgreSQL walked the
            # whole movement's log by time and dropped the other networks' entries).
            models.Index(fields=["network", "-timestamp", "-id"], name="activity_of_network"),
        ]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} at {self.timestamp:%Y-%m-%d %H:%M}"

    @property
    def display(self) -> str:
        from sanctuary.activity import describe_action

        return describe_action(self.action)
