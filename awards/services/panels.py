"""Panels: seating and removing panellists, conflicts of interest, opening the review."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.enums import (
    CONFLICTS,
    WITH_PANEL_STATES,
    Action,
    ApplicationState,
    ConflictDeclaration,
)
from awards.models import (
    Application,
    PanelAssignment,
)
from awards.queries.panels import active_panel, can_chair, is_panellist
from awards.services.common import is_contact, locked
from awards.services.errors import AwardError
from awards.services.state import set_application_state
from members.models import User
from sanctuary.activity import log_action


@transaction.atomic
def assign_panellist(application: Application, panellist: User, *, actor: User) -> PanelAssignment:
    """A coordinator or staff seats one of the network's panellists on the panel."""
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise AwardError(_("Only the network's coordinators and staff form panels."))
        if locked(application).state not in WITH_PANEL_STATES:
            raise AwardError(_("A panel is formed once the application is submitted."))
        if not is_panellist(panellist, application.network):
            raise AwardError(
                _("%(person)s is not a panellist of this network.")
                % {"person": panellist.get_full_name()}
            )
        if is_contact(panellist, application.organisation):
            raise AwardError(
                _("%(person)s acts for the applicant and cannot sit on its panel.")
                % {"person": panellist.get_full_name()}
            )
        assignment, created = PanelAssignment.objects.select_for_update().get_or_create(
            application=application, panellist=panellist, defaults={"assigned_by": actor}
        )
        if assignment.has_stepped_back:
            return _seat_again(assignment, actor=actor)
        if created:
            log_action(
                assignment,
                Action.PANEL_ASSIGNED,
                actor=actor,
                network=application.network,
                data={"application": application.pk, "panellist": panellist.pk},
            )
            from awards.tasks import task_notify_panellist_assigned  # tasks import this module

            transaction.on_commit(
                partial(
                    task_notify_panellist_assigned.delay,
                    network_id=application.network_id,
                    assignment_id=assignment.pk,
                )
            )
    return assignment


def _seat_again(assignment: PanelAssignment, *, actor: User) -> PanelAssignment:
    """A chair fills a free seat with the panellist who stepped back from it: the seat is
    theirs again, with its declaration and any review, and counts again. Logged; they hear
    of it as a new invitation."""
    application = assignment.application
    stepped_back_at = assignment.stepped_back_at
    assert stepped_back_at is not None
    assignment.stepped_back_at = None
    assignment.assigned_by = actor
    assignment.save(update_fields=["stepped_back_at", "assigned_by"])
    log_action(
        assignment,
        Action.PANEL_RESEATED,
        actor=actor,
        network=application.network,
        data={"application": application.pk, "panellist": assignment.panellist_id},
    )
    from awards.tasks import task_notify_panellist_assigned  # tasks import this module

    transaction.on_commit(
        partial(
            task_notify_panellist_assigned.delay,
            network_id=application.network_id,
            assignment_id=assignment.pk,
            again=stepped_back_at.strftime("%Y%m%dT%H%M%S.%f"),
        )
    )
    return assignment


@transaction.atomic
def remove_panellist(assignment: PanelAssignment, *, actor: User) -> None:
    """Take a panellist off a panel, unless their submitted review is part of the history."""
    application = assignment.application
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise AwardError(_("Only the network's coordinators and staff form panels."))
        if assignment.reviews.filter(submitted_at__isnull=False).exists():
            raise AwardError(
                _("%(person)s has submitted a review, so they stay on the panel's record.")
                % {"person": assignment.panellist.get_full_name()}
            )
        log_action(
            assignment,
            Action.PANEL_REMOVED,
            actor=actor,
            network=application.network,
            data={"application": application.pk, "panellist": assignment.panellist_id},
        )
        for review in assignment.reviews.all():
            review.delete()
        assignment.delete()


@transaction.atomic
def declare_conflict(
    assignment: PanelAssignment,
    *,
    actor: User,
    conflict: ConflictDeclaration,
    note: str = "",
    show_name_to_applicant: bool = False,
) -> PanelAssignment:
    """A panellist says whether they have a conflict of interest. A conflict recuses them:
    from then on their review does not count, whenever it was written."""
    if actor.pk != assignment.panellist_id:
        raise AwardError(_("Only the panellist declares their own conflicts of interest."))
    if conflict == ConflictDeclaration.NOT_DECLARED:
        raise AwardError(_("Choose whether you have a conflict of interest."))
    application = assignment.application
    with scope(network=application.network_id):
        old = assignment.conflict
        assignment.conflict = conflict
        assignment.conflict_note = note
        assignment.show_name_to_applicant = show_name_to_applicant
        assignment.declared_at = timezone.now()
        assignment.save(
            update_fields=["conflict", "conflict_note", "show_name_to_applicant", "declared_at"]
        )
        log_action(
            assignment,
            Action.PANEL_CONFLICT_DECLARED,
            actor=actor,
            network=application.network,
            data={
                "application": application.pk,
                "conflict": {"old": old, "new": str(conflict)},
                "recused": conflict in CONFLICTS,
            },
        )
    return assignment


@transaction.atomic
def start_review(application: Application, *, actor: User) -> Application:
    """Open the submitted (or resubmitted) application to its panel."""
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise AwardError(_("Only the network's coordinators and staff start a review."))
        # The active panel: a conflicted or stepped-back seat is free, and counts for nothing.
        seats = active_panel(application)
        seated = seats.count()
        if seated < application.scheme.min_panel_size:
            raise AwardError(
                _(
                    "The panel needs at least %(required)s panellists without a conflict of "
                    "interest; it has %(seated)s."
                )
                % {"required": application.scheme.min_panel_size, "seated": seated}
            )
        if not seats.filter(panellist__has_lived_experience=True).exists():
            raise AwardError(
                _("The panel needs at least one member with lived experience of seeking sanctuary.")
            )
        return set_application_state(application, ApplicationState.IN_REVIEW, actor=actor)


@transaction.atomic
def step_back(assignment: PanelAssignment, *, actor: User) -> PanelAssignment:
    """A panellist steps back from an application, without giving a reason and apart from
    declaring a conflict. From then on the seat counts for nothing (rule 1: eligible_seats),
    they no longer reach the application, and the chairs only hear that a seat is free.

    The log entry is about the application, without the actor: coordinators read the log, and
    they learn only that a seat became free. The seat row keeps when, for staff."""
    if actor.pk != assignment.panellist_id:
        raise AwardError(_("Only the panellist steps back from their own seat."))
    application = assignment.application
    with scope(network=application.network_id):
        if application.state not in WITH_PANEL_STATES:
            raise AwardError(_("The panel's work on this application is over."))
        fresh = PanelAssignment.objects.select_for_update().get(pk=assignment.pk)
        if fresh.stepped_back_at is not None:
            return fresh
        assignment.stepped_back_at = timezone.now()
        assignment.save(update_fields=["stepped_back_at"])
        log_action(
            application,
            Action.PANEL_STEPPED_BACK,
            actor=None,
            network=application.network,
            data={"seat_free": True},
        )
    from awards.tasks import task_notify_seat_free  # tasks import this module

    transaction.on_commit(
        partial(
            task_notify_seat_free.delay,
            network_id=application.network_id,
            application_id=application.pk,
        )
    )
    return assignment
