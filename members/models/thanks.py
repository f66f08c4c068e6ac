"""Thanks for lived experience: the time people with lived experience give (award panels,
steering groups, Advisory Group meetings) and the honorarium or voucher owed and paid.

A contribution says that its person has lived experience, so it is private like the rest of
members.models.lived_experience: only the person and movement staff see it (DESIGN.md section
4, rule 6). It is kept only with the person's agreement (`consent_given`); the network is
optional, and scoped like every row that names a network, though no network page reads it.
"""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from members.enums import ContributionKind, ThanksKind
from sanctuary.models import Network


class Contribution(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="contributions",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("time given to"), max_length=20, choices=ContributionKind.choices)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    thanks_kind = models.CharField(_("thanks"), max_length=20, choices=ThanksKind.choices)
    amount = models.DecimalField(
        _("amount in pounds"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    consent_given = models.BooleanField(_("the person agreed that this is recorded"), default=False)
    owed_at = models.DateField(_("owed from"))
    paid_at = models.DateField(_("paid on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager["Contribution"]] = ScopedManager(network="network")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contribution of time")
        verbose_name_plural = _("contributions of time")
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given=True), name="contribution_only_with_consent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.date}"

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None

    @property
    def is_declined(self) -> bool:
        return self.thanks_kind == ThanksKind.DECLINED

    @property
    def is_owed(self) -> bool:
        return self.paid_at is None and self.thanks_kind != ThanksKind.DECLINED
