"""Award schemes, their application windows and their versioned criteria."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from awards.enums import (
    CriterionArea,
    WindowStatus,
)
from sanctuary.choices import ChoiceLabels
from sanctuary.enums import NetworkKind
from sanctuary.i18n import InLanguage, best_translation
from sanctuary.models import Network

DEFAULT_REMINDER_DAYS = (90, 30, 7, 0)
# Check-ins between awards, in months after the award: one and two years in (DESIGN.md).
DEFAULT_CHECK_IN_MONTHS = (12, 24)
MAX_GRACE_DAYS = 365
MIN_PANEL_SIZE = 2

# Learn, then Embed, then Share: the order people read the criteria in.
# Lookups rather than keyword conditions, so that ordering through a relation can prefix them.
AREA_ORDER = Case(
    When(Exact(F("area"), CriterionArea.LEARN), then=Value(0)),
    When(Exact(F("area"), CriterionArea.EMBED), then=Value(1)),
    default=Value(2),
)


def default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


def default_grace_days() -> int:
    """The movement's grace period (SANCTUARY_AWARD_GRACE_DAYS) when a scheme is created."""
    return settings.SANCTUARY_AWARD_GRACE_DAYS


def default_check_in_months() -> list[int]:
    return list(DEFAULT_CHECK_IN_MONTHS)


def validate_check_in_months(value) -> None:
    """Whole months after the award, each once, before it is due for renewal (three years:
    the movement's validity, which no network changes)."""
    if not isinstance(value, list) or not all(
        isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 35
        for month in value
    ):
        raise ValidationError(_("Give whole numbers of months from 1 to 35."))
    if len(set(value)) != len(value):
        raise ValidationError(_("Give each number of months once."))


def validate_reminder_days(value) -> None:
    if not isinstance(value, list) or not all(
        isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 365 for day in value
    ):
        raise ValidationError(_("Give whole numbers of days from 0 to 365."))
    if len(set(value)) != len(value):
        raise ValidationError(_("Give each number of days once."))


class AwardScheme(models.Model):
    """One Sanctuary Award: a stream's (School of Sanctuary), or a local group's generic one."""

    network = models.ForeignKey(Network, related_name="award_schemes", on_delete=models.PROTECT)
    name = models.CharField(_("award name"), max_length=120)
    summary = models.TextField(_("about the award"), blank=True)
    min_panel_size = models.PositiveSmallIntegerField(
        _("minimum panel size"),
        default=3,
        validators=[MinValueValidator(MIN_PANEL_SIZE)],
        help_text=_(
            "How many panellists must submit a review before a decision. Never fewer than two."
        ),
    )
    # Set by the movement, not by a network: awards are renewed every three years.
    validity_years = models.PositiveSmallIntegerField(
        _("years an award is valid"), default=3, editable=False
    )
    reminder_days = models.JSONField(
        _("reminders before expiry (days)"),
        default=default_reminder_days,
        validators=[validate_reminder_days],
    )
    grace_days = models.PositiveSmallIntegerField(
        _("days of grace before an award lapses"),
        default=default_grace_days,
        validators=[MaxValueValidator(MAX_GRACE_DAYS)],
        help_text=_("An award not renewed by its expiry lapses this many days later."),
    )
    check_in_months = models.JSONField(
        _("check-ins after the award (months)"),
        default=default_check_in_months,
        validators=[validate_check_in_months],
        blank=True,
    )
    # Its name and summary in other languages, beside the English original, as criteria keep
    # theirs: {"cy": {"name": "...", "summary": "..."}}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["AwardScheme"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["name"]
        verbose_name = _("award scheme")
        verbose_name_plural = _("award schemes")
        constraints = [
            models.UniqueConstraint(fields=["network"], name="one_scheme_per_network"),
            models.CheckConstraint(
                condition=Q(min_panel_size__gte=MIN_PANEL_SIZE), name="panel_of_at_least_two"
            ),
            models.CheckConstraint(condition=Q(validity_years__gte=1), name="valid_a_year_or_more"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.network_id and self.network.kind not in {
            NetworkKind.STREAM,
            NetworkKind.LOCAL_GROUP,
        }:
            raise ValidationError(
                {"network": _("A stream network or a local group runs an award scheme.")}
            )

    @property
    def is_generic(self) -> bool:
        return self.network.kind == NetworkKind.LOCAL_GROUP

    def text_in(self, language: str | None = None) -> dict[str, InLanguage]:
        """Name and summary in the language asked for (the active one), else the original."""
        return best_translation(
            {"name": self.name, "summary": self.summary}, self.translations, language=language
        )

    @property
    def display_name(self) -> InLanguage:
        return self.text_in()["name"]

    @property
    def display_summary(self) -> InLanguage:
        return self.text_in()["summary"]


class CriteriaVersion(models.Model):
    """A numbered set of criteria. Published versions never change; applications keep theirs."""

    scheme = models.ForeignKey(AwardScheme, related_name="versions", on_delete=models.PROTECT)
    number = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["CriteriaVersion"]] = ScopedManager(network="scheme__network")

    class Meta:
        ordering = ["scheme", "-number"]
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="one_version_number"),
            models.UniqueConstraint(
                fields=["scheme"],
                condition=Q(published_at__isnull=True),
                name="one_draft_version_per_scheme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Criterion(ChoiceLabels, models.Model):
    version = models.ForeignKey(CriteriaVersion, related_name="criteria", on_delete=models.PROTECT)
    area = models.CharField(_("area"), max_length=10, choices=CriterionArea.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("criterion"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    is_minimum = models.BooleanField(_("minimum criterion"), default=False)
    # Met by the organisation's charter pledge rather than by uploaded evidence.
    is_pledge = models.BooleanField(_("met by the charter pledge"), default=False)
    # The same criterion in the version before, so renewals can carry evidence forward.
    previous = models.ForeignKey(
        "self", related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    # Its other languages, beside the original, as members' DocumentVersion keeps them:
    # {"cy": {"title": "...", "guidance": "..."}}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    objects: ClassVar[models.Manager["Criterion"]] = ScopedManager(
        network="version__scheme__network"
    )

    class Meta:
        ordering = [AREA_ORDER, "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.title

    def text_in(self, language: str | None = None) -> tuple[InLanguage, InLanguage]:
        """Title and guidance in the language asked for (the active one), else the original
        (written in English), each marked with the language it is in."""
        text = best_translation(
            {"title": self.title, "guidance": self.guidance}, self.translations, language=language
        )
        return text["title"], text["guidance"]

    @property
    def display_title(self) -> InLanguage:
        return self.text_in()[0]

    @property
    def display_guidance(self) -> InLanguage:
        return self.text_in()[1]


class ApplicationWindow(models.Model):
    """A window or cohort in which applications are taken."""

    scheme = models.ForeignKey(AwardScheme, related_name="windows", on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(
        _("status"), max_length=20, choices=WindowStatus.choices, default=WindowStatus.OPEN
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)

    objects: ClassVar[models.Manager["ApplicationWindow"]] = ScopedManager(
        network="scheme__network"
    )

    class Meta:
        ordering = ["scheme", "opens_on", "pk"]
        verbose_name = _("application window")
        verbose_name_plural = _("application windows")

    def __str__(self) -> str:
        return self.name
