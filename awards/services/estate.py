"""Importing the awards the movement gave before the platform: organisation, scheme, decision
date, expiry date and certificate number (kept as given).

Each imported award gets what an award issued here has (an application, its submission and
the decision), so every page and the renewal engine treat it alike. It joins the renewal
engine on its real dates: its state is moved with the engine's own transition, and the
reminder milestones whose day had passed before the import are claimed as skipped, so the
daily sweep sends only the next reminder due, never a flood of missed ones.
"""

import datetime
import re
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.enums import (
    CURRENT_AWARD_STATES,
    Action,
    ApplicationKind,
    ApplicationState,
    AwardState,
    DecisionOutcome,
    ReminderKind,
)
from awards.models import (
    DEFAULT_REMINDER_DAYS,
    Application,
    Award,
    AwardScheme,
    CriteriaVersion,
    Decision,
    Reminder,
    Submission,
)
from awards.movement_cache import movement_changed
from awards.renewals import transition_awards
from awards.services.common import add_years
from members.enums import Role
from members.models import Membership, Organisation, OrganisationContact, User
from members.services.estate import (
    BATCH,
    Row,
    RowRefused,
    apply_rows,
    clean_date,
    key,
    model_has,
    register_importer,
)
from members.tabular import ImportField, ImportReport
from sanctuary.activity import log_actions_in_bulk

# Letters, digits and - / . _ : what earlier certificates carry, and what a URL path keeps.
NUMBER_SHAPE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-/._]*$")
NUMBER_MAX = 20
IMPORTED_REPORT = "Imported from the movement's records kept before the platform."


class AwardImporter:
    kind = "awards"
    label = gettext_lazy("Sanctuary Awards given before the platform")

    def fields(self) -> list[ImportField]:
        return [
            ImportField(
                "organisation",
                _("Organisation"),
                True,
                ("organisation", "organisation name", "school", "name", "awarded to", "slug"),
            ),
            ImportField(
                "scheme", _("Award scheme"), True, ("award", "scheme", "award type", "stream")
            ),
            ImportField(
                "awarded_on",
                _("Decision date"),
                True,
                ("date awarded", "award date", "awarded", "decision date", "awarded on", "date"),
            ),
            ImportField(
                "expires_on",
                _("Expiry date"),
                False,
                ("expiry", "expiry date", "expires", "valid until", "renewal date", "expires on"),
            ),
            ImportField(
                "certificate_number",
                _("Certificate number"),
                False,
                ("certificate", "certificate no", "certificate number", "cert no", "cert number"),
            ),
        ]

    def apply(
        self, rows: list[Row], report: ImportReport, *, actor: User | None, options: dict[str, str]
    ) -> None:
        if actor is None or not actor.is_staff:
            report.problems.append(_("Awards are imported by a member of staff."))
            return
        today = timezone.localdate()
        organisations = list(Organisation.objects.all())
        orgs: dict[str, Organisation] = {}
        for organisation in organisations:
            orgs.setdefault(key(organisation.name), organisation)
            orgs[organisation.slug] = organisation
            if model_has(Organisation, "official_number"):
                number = str(getattr(organisation, "official_number", "") or "")
                if number:
                    orgs[number] = organisation
        schemes: dict[str, AwardScheme] = {}
        for scheme in AwardScheme.objects.select_related("network"):
            for name in (scheme.name, scheme.network.name, scheme.network.slug):
                schemes.setdefault(key(name), scheme)
        criteria = {
            v.scheme_id: v
            for v in CriteriaVersion.objects.filter(published_at__isnull=False).order_by("number")
        }
        leads: dict[int, int] = {}
        for organisation_id, user_id in OrganisationContact.objects.order_by(
            "-is_lead", "pk"
        ).values_list("organisation_id", "user_id"):
            leads.setdefault(organisation_id, user_id)
        awards = {a.pk: a for a in Award.objects.all()}
        by_number = {
            a.certificate_number.upper(): a.pk for a in awards.values() if a.certificate_number
        }
        held = {(a.organisation_id, a.scheme_id, a.awarded_on): a for a in awards.values()}
        seen_numbers: dict[str, int] = {}
        seen_keys: dict[tuple[int, int, datetime.date], int] = {}
        plans: list[dict[str, Any]] = []
        updates: list[tuple[Award, dict[str, Any]]] = []

        def check(number: int, values: dict[str, str]) -> None:
            text = values.get("organisation", "").strip()
            organisation = orgs.get(text) or orgs.get(slugify(text)) or orgs.get(key(text))
            if organisation is None:
                raise RowRefused(
                    _("There is no organisation “%(name)s”: import the organisations first.")
                    % {"name": text}
                )
            scheme_text = values.get("scheme", "")
            scheme = schemes.get(key(scheme_text))
            if scheme is None:
                raise RowRefused(
                    _("There is no award scheme “%(scheme)s”. The schemes are: %(known)s.")
                    % {
                        "scheme": scheme_text,
                        "known": ", ".join(sorted({s.name for s in schemes.values()})),
                    }
                )
            awarded_on = clean_date(values.get("awarded_on", ""), _("Decision date"))
            if awarded_on > today:
                raise RowRefused(
                    _("The decision date %(date)s is in the future.") % {"date": awarded_on}
                )
            expires_text = values.get("expires_on", "")
            expires_on = (
                clean_date(expires_text, _("Expiry date"))
                if expires_text
                else add_years(awarded_on, scheme.validity_years)
            )
            if expires_on <= awarded_on:
                raise RowRefused(_("The expiry date is not after the decision date."))
            certificate = values.get("certificate_number", "").strip()
            if certificate and (
                len(certificate) > NUMBER_MAX or not NUMBER_SHAPE.match(certificate)
            ):
                raise RowRefused(
                    _(
                        "“%(number)s” cannot be a certificate number: up to 20 letters, digits "
                        "and - / . _"
                    )
                    % {"number": certificate}
                )
            natural = (organisation.pk, scheme.pk, awarded_on)
            if certificate:
                upper = certificate.upper()
                if upper in seen_numbers:
                    raise RowRefused(
                        _("The certificate number %(number)s is also in row %(row)s of the file.")
                        % {"number": certificate, "row": seen_numbers[upper]}
                    )
                seen_numbers[upper] = number
            if natural in seen_keys:
                raise RowRefused(
                    _("This award is also in row %(row)s of the file.")
                    % {"row": seen_keys[natural]}
                )
            seen_keys[natural] = number
            existing = None
            if certificate and certificate.upper() in by_number:
                existing = awards.get(by_number[certificate.upper()])
                if (
                    existing is None
                    or existing.organisation_id != organisation.pk
                    or existing.scheme_id != scheme.pk
                ):
                    raise RowRefused(
                        _("The certificate number %(number)s belongs to another award.")
                        % {"number": certificate}
                    )
            existing = existing or held.get(natural)
            if existing is not None:
                changes = {}
                if existing.awarded_on != awarded_on:
                    changes["awarded_on"] = awarded_on
                if existing.expires_on != expires_on:
                    changes["expires_on"] = expires_on
                if changes:
                    updates.append((existing, changes))
                    report.updated += 1
                else:
                    report.unchanged += 1
                return
            if organisation.pk not in leads:
                raise RowRefused(
                    _(
                        "%(name)s has no contact on the platform yet: import its contacts with "
                        "the organisations first."
                    )
                    % {"name": organisation.name}
                )
            if scheme.pk not in criteria:
                raise RowRefused(
                    _("%(scheme)s has no published criteria yet.") % {"scheme": scheme.name}
                )
            plans.append(
                {
                    "organisation": organisation,
                    "scheme": scheme,
                    "awarded_on": awarded_on,
                    "expires_on": expires_on,
                    "certificate": certificate,
                }
            )
            report.created += 1
            if len(report.examples) < 5:
                report.examples.append(f"{organisation.name}: {scheme.name}")

        apply_rows(rows, report, check)
        if not report.ok:
            return
        created = self._create(plans, criteria, leads, actor=actor)
        for award, changes in updates:
            for name, value in changes.items():
                setattr(award, name, value)
            award.save(update_fields=sorted(changes))
        log_actions_in_bulk(
            Award,
            Action.AWARD_IMPORT_UPDATED,
            [
                (a.pk, a.network_id, {k: str(v) for k, v in c.items()} | {"imported": True})
                for a, c in updates
            ],
            actor=actor,
        )
        join_renewal_engine(created, today=today, actor=actor)

    def _create(
        self,
        plans: list[dict[str, Any]],
        criteria: dict[int, CriteriaVersion],
        leads: dict[int, int],
        *,
        actor: User,
    ) -> list[Award]:
        from awards.certificates import new_certificate_number

        plans.sort(key=lambda p: p["awarded_on"])
        cycles: dict[tuple[int, int], int] = {}
        for organisation_id, scheme_id, cycle in Award.objects.values_list(
            "organisation_id", "scheme_id", "cycle"
        ):
            pair = (organisation_id, scheme_id)
            cycles[pair] = max(cycles.get(pair, 0), cycle)
        now = timezone.now()
        applications = Application.objects.bulk_create(
            [
                Application(
                    network_id=p["scheme"].network_id,
                    scheme=p["scheme"],
                    criteria_version=criteria[p["scheme"].pk],
                    organisation=p["organisation"],
                    lead_contact_id=leads[p["organisation"].pk],
                    kind=ApplicationKind.NEW,
                    state=ApplicationState.AWARDED,
                    state_changed_at=now,
                )
                for p in plans
            ],
            batch_size=BATCH,
        )
        submissions = Submission.objects.bulk_create(
            [
                Submission(
                    application=a,
                    number=1,
                    submitted_by_id=a.lead_contact_id,
                    submitted_at=now,
                    snapshot={"imported": True},
                )
                for a in applications
            ],
            batch_size=BATCH,
        )
        decisions = Decision.objects.bulk_create(
            [
                Decision(
                    application=a,
                    submission=s,
                    outcome=DecisionOutcome.AWARDED,
                    decided_on=p["awarded_on"],
                    appraisal_report=IMPORTED_REPORT,
                    recorded_by=actor,
                )
                for a, s, p in zip(applications, submissions, plans, strict=True)
            ],
            batch_size=BATCH,
        )
        taken = {
            n
            for n in Award.objects.annotate(n=Upper("certificate_number")).values_list(
                "n", flat=True
            )
            if n
        } | {p["certificate"].upper() for p in plans if p["certificate"]}
        awards = []
        for application, decision, plan in zip(applications, decisions, plans, strict=True):
            pair = (plan["organisation"].pk, plan["scheme"].pk)
            cycles[pair] = cycles.get(pair, 0) + 1
            number = plan["certificate"]
            while not number or (number.upper() in taken and number != plan["certificate"]):
                # A generated number never takes one an imported certificate already has.
                number = new_certificate_number()
            taken.add(number.upper())
            awards.append(
                Award(
                    network_id=application.network_id,
                    scheme=plan["scheme"],
                    organisation=plan["organisation"],
                    application=application,
                    decision=decision,
                    awarded_on=plan["awarded_on"],
                    expires_on=plan["expires_on"],
                    cycle=cycles[pair],
                    certificate_number=number,
                )
            )
        Award.objects.bulk_create(awards, batch_size=BATCH)
        movement_changed()  # bulk inserts send no signal (awards.movement_cache)
        log_actions_in_bulk(
            Award,
            Action.AWARD_IMPORTED,
            [
                (
                    a.pk,
                    a.network_id,
                    {
                        "awarded_on": str(a.awarded_on),
                        "expires_on": str(a.expires_on),
                        "certificate_number": a.certificate_number,
                        "cycle": a.cycle,
                        "imported": True,
                    },
                )
                for a in awards
            ],
            actor=actor,
        )
        return awards


def join_renewal_engine(awards: list[Award], *, today: datetime.date, actor: User | None) -> None:
    """Put imported awards where the renewal engine would have them on their real dates.

    The state moves through the engine's own set-based transition (with its log entries):
    an award superseded by a later imported one is renewed, one past its expiry and grace
    is lapsed, one at or past its first reminder is due for renewal. Then every reminder
    milestone whose day has already passed is claimed as skipped for the people it would
    go to, so the sweep, which sends each milestone once, sends only the next one due.
    """
    if not awards:
        return
    ids = [a.pk for a in awards]
    imported = Award.objects.filter(pk__in=ids)
    later = Award.objects.filter(
        organisation=OuterRef("organisation"),
        scheme=OuterRef("scheme"),
        awarded_on__gt=OuterRef("awarded_on"),
    )
    transition_awards(imported.filter(Exists(later)), AwardState.RENEWED)
    cutoff = today - datetime.timedelta(days=settings.SANCTUARY_AWARD_GRACE_DAYS)
    transition_awards(imported.filter(expires_on__lt=cutoff), AwardState.LAPSED)
    by_days: dict[tuple[int, ...], list[int]] = {}
    for pk, days in imported.values_list("pk", "scheme__reminder_days"):
        by_days.setdefault(
            tuple(sorted(set(days or DEFAULT_REMINDER_DAYS), reverse=True)), []
        ).append(pk)
    for days, pks in by_days.items():
        transition_awards(
            imported.filter(pk__in=pks, expires_on__lte=today + datetime.timedelta(days=days[0])),
            AwardState.RENEWAL_DUE,
        )
    current = list(
        Award.objects.filter(pk__in=ids, state__in=sorted(CURRENT_AWARD_STATES)).select_related(
            "scheme"
        )
    )
    contacts: dict[int, list[int]] = {}
    for organisation_id, user_id in OrganisationContact.objects.filter(
        organisation_id__in={a.organisation_id for a in current}, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        contacts.setdefault(organisation_id, []).append(user_id)
    coordinators: dict[int, list[int]] = {}
    for network_id, user_id in Membership.objects.filter(
        network_id__in={a.network_id for a in current},
        role=Role.COORDINATOR,
        user__is_active=True,
    ).values_list("network_id", "user_id"):
        coordinators.setdefault(network_id, []).append(user_id)
    now = timezone.now()
    rows: list[Reminder] = []
    for award in current:
        days = sorted(set(award.scheme.reminder_days or DEFAULT_REMINDER_DAYS), reverse=True)
        people = [(ReminderKind.AWARD_EXPIRY, u) for u in contacts.get(award.organisation_id, [])]
        own = {u for _k, u in people}
        people += [
            (ReminderKind.AWARD_EXPIRY_NETWORK, u)
            for u in coordinators.get(award.network_id, [])
            if u not in own
        ]
        if not people and actor is not None:
            people = [(ReminderKind.AWARD_EXPIRY_NETWORK, actor.pk)]
        for milestone in days:
            if award.expires_on - datetime.timedelta(days=milestone) >= today:
                continue  # still ahead: the sweep sends it on its day
            rows += [
                Reminder(
                    network_id=award.network_id,
                    kind=kind,
                    recipient_id=user_id,
                    award=award,
                    cycle=award.cycle,
                    milestone=milestone,
                    due_on=award.expires_on,
                    claimed_at=now,
                    sent_at=now,
                    skipped=True,
                )
                for kind, user_id in people
            ]
    Reminder.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


register_importer(AwardImporter())
