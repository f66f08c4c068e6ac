"""Appraisal visits: the applicant offers dates, the chair confirms one, the panel notes it."""

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.enums import WITH_PANEL_STATES, Action, VisitMode
from awards.models import Application, VisitDate, VisitNote
from awards.queries.panels import can_chair
from awards.services.common import locked
from awards.services.errors import AwardError
from awards.services.questions import is_applicant, is_on_panel
from members.models import User
from sanctuary.activity import log_action

MAX_OFFERED_DATES = 6


@transaction.atomic
def offer_visit_dates(
    application: Application,
    *,
    actor: User,
    dates: list[tuple[datetime.datetime, datetime.datetime]],
) -> list[VisitDate]:
    """The applicant offers one or more times for the appraisal visit."""
    with scope(network=application.network_id):
        if not is_applicant(actor, application):
            raise AwardError(_("The people who work on the application offer visit dates."))
        if locked(application).state not in WITH_PANEL_STATES:
            raise AwardError(_("Visit dates are offered while the panel works on it."))
        if application.visit_dates.filter(confirmed_at__isnull=False).exists():
            raise AwardError(_("The visit is confirmed already."))
        if not dates:
            raise AwardError(_("Offer at least one date."))
        if len(dates) > MAX_OFFERED_DATES:
            raise AwardError(_("Offer at most six dates at a time."))
        now = timezone.now()
        for starts_at, ends_at in dates:
            if starts_at <= now:
                raise AwardError(_("Offer dates in the future."))
            if ends_at <= starts_at:
                raise AwardError(_("A visit ends after it starts."))
        offered = [
            VisitDate.objects.create(
                application=application, starts_at=start, ends_at=end, offered_by=actor
            )
            for start, end in sorted(dates)
        ]
        log_action(
            application,
            Action.VISIT_DATES_OFFERED,
            actor=actor,
            network=application.network,
            data={"dates": [start.isoformat() for start, _end in sorted(dates)]},
        )
    from awards import tasks  # tasks import this module

    transaction.on_commit(
        partial(
            tasks.task_notify_visit_dates.delay,
            network_id=application.network_id,
            application_id=application.pk,
        )
    )
    return offered


@transaction.atomic
def confirm_visit(
    visit: VisitDate,
    *,
    actor: User,
    mode: VisitMode,
    address: str = "",
    online_link: str = "",
) -> VisitDate:
    """The chair confirms one offered date, in person (an address) or online (a link). The
    applicant's people and the chair get an e-mail with a calendar file."""
    application = visit.application
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise AwardError(_("The panel's chair confirms the visit."))
        if locked(application).state not in WITH_PANEL_STATES:
            raise AwardError(_("Visits are arranged while the panel works on it."))
        if application.visit_dates.filter(confirmed_at__isnull=False).exists():
            raise AwardError(_("The visit is confirmed already."))
        if mode == VisitMode.IN_PERSON and not address.strip():
            raise AwardError(_("Give the address of the visit."), field="address")
        if mode == VisitMode.ONLINE and not online_link.strip():
            raise AwardError(_("Give the link to join the visit."), field="online_link")
        visit.mode = mode
        visit.address = address.strip() if mode == VisitMode.IN_PERSON else ""
        visit.online_link = online_link.strip() if mode == VisitMode.ONLINE else ""
        visit.confirmed_at = timezone.now()
        visit.confirmed_by = actor
        visit.full_clean(exclude=["application", "offered_by", "confirmed_by"])
        visit.save(update_fields=["mode", "address", "online_link", "confirmed_at", "confirmed_by"])
        log_action(
            visit,
            Action.VISIT_CONFIRMED,
            actor=actor,
            network=application.network,
            data={
                "application": application.pk,
                "starts_at": visit.starts_at.isoformat(),
                "mode": str(mode),
            },
        )
    from awards import tasks  # tasks import this module

    transaction.on_commit(
        partial(
            tasks.task_send_visit_confirmation.delay,
            network_id=application.network_id,
            visit_id=visit.pk,
            chair_id=actor.pk,
        )
    )
    return visit


@transaction.atomic
def add_visit_note(
    visit: VisitDate, *, actor: User, body: str, for_applicant: bool = False
) -> VisitNote:
    """What the panel noted at the visit: for the panel, unless marked for the applicant."""
    application = visit.application
    with scope(network=application.network_id):
        if not (can_chair(actor, application.network) or is_on_panel(actor, application)):
            raise AwardError(_("Only the panel records visit notes."))
        if not visit.is_confirmed:
            raise AwardError(_("Notes are recorded on the confirmed visit."))
        if not body.strip():
            raise AwardError(_("Write something first."), field="body")
        note = VisitNote.objects.create(
            visit=visit, body=body.strip(), for_applicant=for_applicant, author=actor
        )
        log_action(
            note,
            Action.VISIT_NOTE_ADDED,
            actor=actor,
            network=application.network,
            data={"application": application.pk, "for_applicant": for_applicant},
        )
    return note
