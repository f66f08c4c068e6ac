"""Every write of the award workflow.

Each function takes the acting person as `actor`, runs in one transaction inside the scope of
the application's network, writes the activity log inside it, and sends e-mails only after the
transaction commits. Every change of an application's state goes through
set_application_state(), every change of an award's through set_award_state().
"""

import datetime
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards import tasks
from awards.certificates import (
    certificate_html,
    language_or_default,
    new_certificate_number,
    render_pdf,
)
from awards.enums import (
    ALLOWED_AWARD_TRANSITIONS,
    ALLOWED_TRANSITIONS,
    CONFLICTS,
    CURRENT_AWARD_STATES,
    EDITABLE_STATES,
    OPEN_STATES,
    OPTIONAL_REMINDERS,
    OUTCOME_STATES,
    WITH_PANEL_STATES,
    ApplicationKind,
    ApplicationState,
    AwardState,
    ConflictDeclaration,
    CriterionArea,
    DecisionOutcome,
    MeetingKind,
    Rating,
    SelfAssessment,
    WindowStatus,
)
from awards.models import (
    Application,
    ApplicationWindow,
    Award,
    AwardScheme,
    Collaborator,
    CriteriaVersion,
    Criterion,
    CriterionRating,
    CriterionResponse,
    Decision,
    DecisionFinding,
    EvidenceFile,
    EvidenceLink,
    PanelAssignment,
    PanelMeeting,
    ReminderOptOut,
    Review,
    Submission,
)
from awards.queries import (
    can_chair,
    current_version,
    current_window,
    draft_version,
    eligible_schemes,
    is_panellist,
    latest_submission,
    missing_for_submission,
    panel_readiness,
    snapshot_of,
)
from members.models import Organisation, OrganisationContact, User
from sanctuary.activity import changed_fields, log_action
from sanctuary.models import Network
from sanctuary.uploads import CheckedUpload


class AwardError(Exception):
    """A change that the rules do not allow. The message is for people."""


class SubmissionRefused(AwardError):
    """Rule 2: the application lacks evidence for a minimum criterion (or cannot be sent yet)."""

    def __init__(self, missing):
        self.missing = missing
        super().__init__(_("The application is not ready to submit."))


class DecisionRefused(AwardError):
    """Rules 1 and 2: the panel may not decide yet, or may not award."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year, so an
    award never lasts longer than its years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _locked(application: Application) -> Application:
    """Re-read the application's state under a row lock, so two clicks cannot both change it."""
    fresh = Application.objects.select_for_update().only("state").get(pk=application.pk)
    application.state = fresh.state
    return application


# State changes ------------------------------------------------------------------------------


@transaction.atomic
def set_application_state(
    application: Application,
    new_state: ApplicationState,
    *,
    actor: User | None,
    data: Mapping[str, Any] | None = None,
) -> Application:
    """The one way an application changes state: checks the map, saves, logs, notifies."""
    with scope(network=application.network_id):
        old_state = _locked(application).state
        if new_state not in ALLOWED_TRANSITIONS[old_state]:
            raise AwardError(
                _("An application that is “%(old)s” cannot become “%(new)s”.")
                % {
                    "old": ApplicationState(old_state).label,
                    "new": ApplicationState(new_state).label,
                }
            )
        application.state = new_state
        application.state_changed_at = timezone.now()
        application.save(update_fields=["state", "state_changed_at"])
        log_action(
            application,
            f"awards.application.{new_state}",
            actor=actor,
            network=application.network,
            data={"state": {"old": old_state, "new": str(new_state)}, **(data or {})},
        )
    transaction.on_commit(
        partial(
            tasks.task_notify_application.delay,
            network_id=application.network_id,
            application_id=application.pk,
            state=str(new_state),
        )
    )
    return application


@transaction.atomic
def set_award_state(
    award: Award, new_state: AwardState, *, actor: User | None, reason: str = ""
) -> Award:
    """The one way an award changes state: checks the map, saves, logs."""
    with scope(network=award.network_id):
        old_state = Award.objects.select_for_update().only("state").get(pk=award.pk).state
        if new_state not in ALLOWED_AWARD_TRANSITIONS[old_state]:
            raise AwardError(
                _("An award that is “%(old)s” cannot become “%(new)s”.")
                % {"old": AwardState(old_state).label, "new": AwardState(new_state).label}
            )
        award.state = new_state
        award.state_changed_at = timezone.now()
        fields = ["state", "state_changed_at"]
        if new_state == AwardState.WITHDRAWN:
            award.withdrawn_reason = reason
            fields.append("withdrawn_reason")
        award.save(update_fields=fields)
        log_action(
            award,
            f"awards.award.{new_state}",
            actor=actor,
            network=award.network,
            data={"state": {"old": old_state, "new": str(new_state)}, "reason": reason},
        )
    return award


def withdraw_award(award: Award, *, actor: User, reason: str) -> Award:
    """Staff withdraw an award, for example after a complaint, with a recorded reason."""
    if not actor.is_staff:
        raise AwardError(_("Only movement staff withdraw an award."))
    if not reason.strip():
        raise AwardError(_("Say why the award is withdrawn."))
    return set_award_state(award, AwardState.WITHDRAWN, actor=actor, reason=reason.strip())


# Schemes and criteria -----------------------------------------------------------------------


@transaction.atomic
def create_scheme(network: Network, *, actor: User | None, **fields) -> AwardScheme:
    with scope(network=network.pk):
        scheme = AwardScheme(network=network, **fields)
        scheme.full_clean()
        scheme.save()
        CriteriaVersion.objects.create(scheme=scheme, number=1)
        log_action(
            scheme,
            "awards.scheme.created",
            actor=actor,
            network=network,
            data={"name": scheme.name},
        )
    return scheme


SCHEME_SETTINGS = ("name", "summary", "min_panel_size", "reminder_days")


@transaction.atomic
def update_scheme_settings(scheme: AwardScheme, *, actor: User, **new_values) -> AwardScheme:
    unknown = set(new_values) - set(SCHEME_SETTINGS)
    if unknown:
        raise ValueError(f"Not scheme settings: {sorted(unknown)}")
    changes = changed_fields(scheme, new_values)
    if not changes:
        return scheme
    for name, value in new_values.items():
        setattr(scheme, name, value)
    with scope(network=scheme.network_id):
        scheme.full_clean()
        scheme.save(update_fields=list(changes))
        log_action(
            scheme,
            "awards.scheme.settings_changed",
            actor=actor,
            network=scheme.network,
            data=changes,
        )
    return scheme


@transaction.atomic
def add_window(
    scheme: AwardScheme,
    *,
    actor: User,
    name: str,
    status: WindowStatus,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> ApplicationWindow:
    if opens_on and closes_on and closes_on < opens_on:
        raise AwardError(_("A window closes after it opens."))
    with scope(network=scheme.network_id):
        window = ApplicationWindow.objects.create(
            scheme=scheme, name=name, status=status, opens_on=opens_on, closes_on=closes_on
        )
        log_action(
            window,
            "awards.window.created",
            actor=actor,
            network=scheme.network,
            data={"name": name, "status": str(status)},
        )
    return window


@transaction.atomic
def set_window_status(window: ApplicationWindow, status: WindowStatus, *, actor: User):
    changes = changed_fields(window, {"status": status})
    if not changes:
        return window
    window.status = status
    network = window.scheme.network
    with scope(network=network.pk):
        window.save(update_fields=["status"])
        log_action(
            window, "awards.window.status_changed", actor=actor, network=network, data=changes
        )
    return window


@transaction.atomic
def start_criteria_draft(scheme: AwardScheme, *, actor: User) -> CriteriaVersion:
    """A new draft version, starting as a copy of the current criteria."""
    with scope(network=scheme.network_id):
        existing = draft_version(scheme)
        if existing is not None:
            return existing
        current = current_version(scheme)
        number = (current.number if current else 0) + 1
        version = CriteriaVersion.objects.create(scheme=scheme, number=number)
        if current is not None:
            Criterion.objects.bulk_create(
                Criterion(
                    version=version,
                    area=c.area,
                    position=c.position,
                    title=c.title,
                    guidance=c.guidance,
                    is_minimum=c.is_minimum,
                    is_pledge=c.is_pledge,
                    previous=c,
                    translations=c.translations,
                )
                for c in current.criteria.all()
            )
        log_action(
            version,
            "awards.criteria.draft_started",
            actor=actor,
            network=scheme.network,
            data={"version": number},
        )
    return version


def _check_draft(version: CriteriaVersion) -> None:
    if version.is_published:
        raise AwardError(_("Published criteria do not change. Start a new version to change them."))


@transaction.atomic
def save_criterion(
    version: CriteriaVersion,
    *,
    actor: User,
    criterion: Criterion | None = None,
    area: CriterionArea,
    title: str,
    guidance: str = "",
    is_minimum: bool = False,
    is_pledge: bool = False,
    position: int = 0,
) -> Criterion:
    """Add a criterion to a draft version, or change one of its criteria."""
    _check_draft(version)
    with scope(network=version.scheme.network_id):
        if criterion is None:
            criterion = Criterion(version=version)
        elif criterion.version_id != version.pk:
            raise AwardError(_("That criterion belongs to another version."))
        criterion.area = area
        criterion.title = title
        criterion.guidance = guidance
        criterion.is_minimum = is_minimum
        criterion.is_pledge = is_pledge
        criterion.position = position
        criterion.full_clean(exclude=["version", "previous"])
        is_new = criterion.pk is None
        criterion.save()
        log_action(
            criterion,
            "awards.criteria.criterion_saved",
            actor=actor,
            network=version.scheme.network,
            data={"version": version.pk, "title": title, "new": is_new, "minimum": is_minimum},
        )
    return criterion


@transaction.atomic
def save_criterion_translation(
    criterion: Criterion, *, actor: User, language: str, title: str, guidance: str = ""
) -> Criterion:
    """A criterion in another language. Allowed on published criteria too: a translation
    says the same thing, so the version an application began with does not change."""
    if language not in dict(settings.LANGUAGES):
        raise AwardError(_("Choose one of the platform's languages."))
    translations = dict(criterion.translations)
    if title.strip():
        translations[language] = {"title": title.strip(), "guidance": guidance.strip()}
    else:
        translations.pop(language, None)
    network = criterion.version.scheme.network
    with scope(network=network.pk):
        criterion.translations = translations
        criterion.save(update_fields=["translations"])
        log_action(
            criterion,
            "awards.criteria.translation_saved",
            actor=actor,
            network=network,
            data={"language": language, "removed": not title.strip()},
        )
    return criterion


@transaction.atomic
def remove_criterion(criterion: Criterion, *, actor: User) -> None:
    _check_draft(criterion.version)
    with scope(network=criterion.version.scheme.network_id):
        # Logged first, while the row still has its id; a draft criterion has no history.
        log_action(
            criterion,
            "awards.criteria.criterion_removed",
            actor=actor,
            network=criterion.version.scheme.network,
            data={"version": criterion.version_id, "title": criterion.title},
        )
        criterion.delete()


@transaction.atomic
def publish_criteria(version: CriteriaVersion, *, actor: User) -> CriteriaVersion:
    """From now on, new applications start with these criteria; older ones keep theirs."""
    _check_draft(version)
    with scope(network=version.scheme.network_id):
        if not version.criteria.exists():
            raise AwardError(_("Add at least one criterion before publishing."))
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
        log_action(
            version,
            "awards.criteria.published",
            actor=actor,
            network=version.scheme.network,
            data={"version": version.number, "criteria": version.criteria.count()},
        )
    return version


# Applications -------------------------------------------------------------------------------


def _is_contact(user: User, organisation: Organisation) -> bool:
    return OrganisationContact.objects.filter(organisation=organisation, user=user).exists()


@transaction.atomic
def start_application(
    organisation: Organisation, scheme: AwardScheme, *, actor: User
) -> Application:
    """An organisation's contact starts an application: new, or a renewal of a current award
    that carries its evidence and commitments forward."""
    if not _is_contact(actor, organisation):
        raise AwardError(_("Only a contact of the organisation can start its application."))
    if scheme.pk not in {s.pk for s in eligible_schemes(organisation)}:
        raise AwardError(
            _("%(organisation)s cannot apply for this award.") % {"organisation": organisation}
        )
    with scope(network=scheme.network_id):
        version = current_version(scheme)
        if version is None:
            raise AwardError(_("This award has no published criteria yet."))
        window = current_window(scheme)
        if window is None and scheme.windows.exists():
            raise AwardError(_("This award is not taking applications at the moment."))
        if Application.objects.filter(
            organisation=organisation, scheme=scheme, state__in=sorted(OPEN_STATES)
        ).exists():
            raise AwardError(
                _("%(organisation)s already has an application for this award in progress.")
                % {"organisation": organisation}
            )
        previous_award = (
            Award.objects.filter(
                organisation=organisation, scheme=scheme, state__in=sorted(CURRENT_AWARD_STATES)
            )
            .select_related("application")
            .order_by("-awarded_on")
            .first()
        )
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    network_id=scheme.network_id,
                    scheme=scheme,
                    criteria_version=version,
                    organisation=organisation,
                    lead_contact=actor,
                    window=window,
                    kind=ApplicationKind.RENEWAL if previous_award else ApplicationKind.NEW,
                    renews=previous_award,
                )
        except IntegrityError:
            raise AwardError(
                _("%(organisation)s already has an application for this award in progress.")
                % {"organisation": organisation}
            ) from None
        CriterionResponse.objects.bulk_create(
            CriterionResponse(application=application, criterion=criterion)
            for criterion in version.criteria.all()
        )
        if previous_award is not None:
            _carry_forward(previous_award.application, application)
        log_action(
            application,
            "awards.application.started",
            actor=actor,
            network=application.network,
            data={
                "organisation": organisation.pk,
                "kind": application.kind,
                "criteria_version": version.number,
            },
        )
    return application


def _carry_forward(previous: Application, application: Application) -> None:
    """Copy the previous application's evidence and commitments, marked as carried forward.

    A criterion matches its own row in the previous version, or any criterion it was copied
    from, however many versions ago. Files are shared, not copied: removal only hides them.
    """
    lineage: dict[int, int | None] = dict(
        Criterion.objects.filter(version__scheme_id=application.scheme_id).values_list(
            "pk", "previous_id"
        )
    )
    old_responses = {r.criterion_id: r for r in previous.responses.all()}
    for response in application.responses.all():
        ancestor, old = response.criterion_id, None
        while ancestor is not None and old is None:
            old = old_responses.get(ancestor)
            ancestor = lineage.get(ancestor)
        if old is None:
            continue
        response.self_assessment = old.self_assessment
        response.narrative = old.narrative
        response.carried_forward = True
        response.save(update_fields=["self_assessment", "narrative", "carried_forward"])
        EvidenceFile.objects.bulk_create(
            EvidenceFile(
                response=response,
                file=f.file.name,
                original_name=f.original_name,
                content_type=f.content_type,
                size=f.size,
                uploaded_by_id=f.uploaded_by_id,
                carried_forward=True,
            )
            for f in old.files.filter(removed_at__isnull=True)
        )
        EvidenceLink.objects.bulk_create(
            EvidenceLink(
                response=response,
                url=link.url,
                title=link.title,
                added_by_id=link.added_by_id,
                carried_forward=True,
            )
            for link in old.links.filter(removed_at__isnull=True)
        )
    application.action_plan = previous.action_plan
    application.action_plan_carried_forward = bool(previous.action_plan)
    application.save(update_fields=["action_plan", "action_plan_carried_forward"])


def _check_editable(application: Application) -> None:
    if application.state not in EDITABLE_STATES:
        raise AwardError(
            _("The application is “%(state)s”: its evidence cannot be changed now.")
            % {"state": application.get_state_display()}
        )


@transaction.atomic
def save_response(
    response: CriterionResponse,
    *,
    actor: User,
    self_assessment: SelfAssessment,
    narrative: str,
) -> CriterionResponse:
    """Save a draft of one criterion. Drafts are not logged: the submissions keep each version."""
    application = response.application
    with scope(network=application.network_id):
        _check_editable(_locked(application))
        changes = changed_fields(
            response, {"self_assessment": self_assessment, "narrative": narrative}
        )
        if not changes:
            return response
        response.self_assessment = self_assessment
        response.narrative = narrative
        fields = [*changes, "updated_at"]
        if "narrative" in changes and response.carried_forward:
            response.carried_forward = False
            fields.append("carried_forward")
        response.save(update_fields=fields)
    return response


@transaction.atomic
def save_action_plan(application: Application, *, actor: User, action_plan: str) -> Application:
    with scope(network=application.network_id):
        _check_editable(_locked(application))
        if application.action_plan == action_plan:
            return application
        application.action_plan = action_plan
        application.action_plan_carried_forward = False
        application.save(update_fields=["action_plan", "action_plan_carried_forward"])
    return application


@transaction.atomic
def add_evidence_file(
    response: CriterionResponse, upload: CheckedUpload, *, actor: User
) -> EvidenceFile:
    """Store a file that passed the upload checks (size, content, malware scan)."""
    application = response.application
    with scope(network=application.network_id):
        _check_editable(_locked(application))
        evidence = EvidenceFile(
            response=response,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        evidence.file.save(upload.name, upload.file, save=False)
        evidence.save()
        log_action(
            evidence,
            "awards.evidence.file_added",
            actor=actor,
            network=application.network,
            data={
                "application": application.pk,
                "criterion": response.criterion_id,
                "name": upload.name,
                "size": upload.size,
                "content_type": upload.content_type,
            },
        )
    return evidence


@transaction.atomic
def remove_evidence_file(evidence: EvidenceFile, *, actor: User) -> None:
    """Hide a file from the application. It stays stored for the submissions that named it."""
    application = evidence.response.application
    with scope(network=application.network_id):
        _check_editable(_locked(application))
        evidence.removed_at = timezone.now()
        evidence.save(update_fields=["removed_at"])
        log_action(
            evidence,
            "awards.evidence.file_removed",
            actor=actor,
            network=application.network,
            data={"application": application.pk, "name": evidence.original_name},
        )


@transaction.atomic
def add_evidence_link(
    response: CriterionResponse, *, actor: User, url: str, title: str = ""
) -> EvidenceLink:
    application = response.application
    with scope(network=application.network_id):
        _check_editable(_locked(application))
        link = EvidenceLink(response=response, url=url, title=title, added_by=actor)
        link.full_clean(exclude=["response", "added_by"])
        link.save()
        log_action(
            link,
            "awards.evidence.link_added",
            actor=actor,
            network=application.network,
            data={"application": application.pk, "criterion": response.criterion_id, "url": url},
        )
    return link


@transaction.atomic
def remove_evidence_link(link: EvidenceLink, *, actor: User) -> None:
    application = link.response.application
    with scope(network=application.network_id):
        _check_editable(_locked(application))
        link.removed_at = timezone.now()
        link.save(update_fields=["removed_at"])
        log_action(
            link,
            "awards.evidence.link_removed",
            actor=actor,
            network=application.network,
            data={"application": application.pk, "url": link.url},
        )


@transaction.atomic
def add_collaborator(application: Application, user: User, *, actor: User) -> Collaborator:
    """Another contact of the same organisation joins the work on the application."""
    with scope(network=application.network_id):
        if application.state in {ApplicationState.AWARDED, ApplicationState.NOT_AWARDED}:
            raise AwardError(_("The application is decided."))
        if not _is_contact(user, application.organisation):
            raise AwardError(
                _("%(person)s does not act for %(organisation)s on the platform.")
                % {"person": user.get_full_name(), "organisation": application.organisation}
            )
        if user.pk == application.lead_contact_id:
            raise AwardError(_("The lead contact already works on the application."))
        collaborator, created = Collaborator.objects.get_or_create(
            application=application, user=user
        )
        if created:
            log_action(
                collaborator,
                "awards.application.collaborator_added",
                actor=actor,
                network=application.network,
                data={"application": application.pk, "user": user.pk},
            )
    return collaborator


@transaction.atomic
def remove_collaborator(collaborator: Collaborator, *, actor: User) -> None:
    application = collaborator.application
    with scope(network=application.network_id):
        log_action(
            collaborator,
            "awards.application.collaborator_removed",
            actor=actor,
            network=application.network,
            data={"application": application.pk, "user": collaborator.user_id},
        )
        collaborator.delete()


@transaction.atomic
def submit_application(application: Application, *, actor: User) -> Submission:
    """Send the application to the panel, or send it again after more evidence was asked for.

    Refused, with the list of what is missing, unless every minimum criterion has evidence
    (DESIGN.md rule 2). Each submission keeps a snapshot, so the panel sees what changed.
    """
    with scope(network=application.network_id):
        state = _locked(application).state
        if state not in EDITABLE_STATES:
            raise AwardError(
                _("The application is “%(state)s” and cannot be submitted now.")
                % {"state": application.get_state_display()}
            )
        missing = missing_for_submission(application)
        if missing:
            raise SubmissionRefused(missing)
        previous = latest_submission(application)
        submission = Submission.objects.create(
            application=application,
            number=(previous.number if previous else 0) + 1,
            submitted_by=actor,
            snapshot=snapshot_of(application),
        )
        new_state = (
            ApplicationState.SUBMITTED
            if state == ApplicationState.DRAFT
            else ApplicationState.RESUBMITTED
        )
        set_application_state(
            application, new_state, actor=actor, data={"submission": submission.number}
        )
    return submission


def withdraw_application(application: Application, *, actor: User) -> Application:
    """The applicant withdraws at any point before a decision."""
    return set_application_state(application, ApplicationState.WITHDRAWN, actor=actor)


# Panels -------------------------------------------------------------------------------------


@transaction.atomic
def assign_panellist(application: Application, panellist: User, *, actor: User):
    """A coordinator or staff seats one of the network's panellists on the panel."""
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise AwardError(_("Only the network's coordinators and staff form panels."))
        if _locked(application).state not in WITH_PANEL_STATES:
            raise AwardError(_("A panel is formed once the application is submitted."))
        if not is_panellist(panellist, application.network):
            raise AwardError(
                _("%(person)s is not a panellist of this network.")
                % {"person": panellist.get_full_name()}
            )
        if _is_contact(panellist, application.organisation):
            raise AwardError(
                _("%(person)s acts for the applicant and cannot sit on its panel.")
                % {"person": panellist.get_full_name()}
            )
        assignment, created = PanelAssignment.objects.get_or_create(
            application=application, panellist=panellist, defaults={"assigned_by": actor}
        )
        if created:
            log_action(
                assignment,
                "awards.panel.assigned",
                actor=actor,
                network=application.network,
                data={"application": application.pk, "panellist": panellist.pk},
            )
            transaction.on_commit(
                partial(
                    tasks.task_notify_panellist_assigned.delay,
                    network_id=application.network_id,
                    assignment_id=assignment.pk,
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
            "awards.panel.removed",
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
            "awards.panel.conflict_declared",
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
        seated = application.panel.exclude(conflict__in=sorted(CONFLICTS)).count()
        if seated < application.scheme.min_panel_size:
            raise AwardError(
                _(
                    "The panel needs at least %(required)s panellists without a conflict of "
                    "interest; it has %(seated)s."
                )
                % {"required": application.scheme.min_panel_size, "seated": seated}
            )
        if not application.panel.exclude(conflict__in=sorted(CONFLICTS)).filter(
            panellist__has_lived_experience=True
        ):
            raise AwardError(
                _("The panel needs at least one member with lived experience of seeking sanctuary.")
            )
        return set_application_state(application, ApplicationState.IN_REVIEW, actor=actor)


# Reviews ------------------------------------------------------------------------------------


def _check_can_review(assignment: PanelAssignment, actor: User) -> Submission:
    if actor.pk != assignment.panellist_id:
        raise AwardError(_("Each panellist writes their own review."))
    if assignment.conflict != ConflictDeclaration.NONE:
        raise AwardError(_("Declare that you have no conflict of interest before reviewing."))
    application = assignment.application
    if application.state != ApplicationState.IN_REVIEW:
        raise AwardError(_("The application is not open for review."))
    submission = latest_submission(application)
    if submission is None:
        raise AwardError(_("The application has not been submitted."))
    return submission


@transaction.atomic
def get_or_start_review(assignment: PanelAssignment, *, actor: User) -> Review:
    """The panellist's review of the latest submission. A review of a resubmission starts
    from the same panellist's review of the submission before."""
    with scope(network=assignment.application.network_id):
        submission = _check_can_review(assignment, actor)
        review = Review.objects.filter(assignment=assignment, submission=submission).first()
        if review is not None:
            return review
        earlier = (
            Review.objects.filter(assignment=assignment, submission__number__lt=submission.number)
            .order_by("-submission__number")
            .first()
        )
        review = Review.objects.create(
            assignment=assignment,
            submission=submission,
            strengths=earlier.strengths if earlier else "",
            improvements=earlier.improvements if earlier else "",
            questions=earlier.questions if earlier else "",
        )
        before = {r.criterion_id: r for r in earlier.ratings.all()} if earlier else {}
        CriterionRating.objects.bulk_create(
            CriterionRating(
                review=review,
                criterion=criterion,
                rating=before[criterion.pk].rating if criterion.pk in before else "",
                reason=before[criterion.pk].reason if criterion.pk in before else "",
            )
            for criterion in assignment.application.criteria_version.criteria.all()
        )
    return review


@transaction.atomic
def save_review(
    review: Review,
    *,
    actor: User,
    ratings: Mapping[int, tuple[str, str]],
    strengths: str,
    improvements: str,
    questions: str,
    submit: bool = False,
) -> Review:
    """Save a review as a draft, or submit it: every criterion rated with a reason.

    `ratings` maps criterion ids to (rating, reason). Once submitted, a review is final."""
    assignment = review.assignment
    with scope(network=assignment.application.network_id):
        submission = _check_can_review(assignment, actor)
        if review.submission_id != submission.pk:
            raise AwardError(_("This review is of an earlier submission."))
        if review.is_submitted:
            raise AwardError(_("You have submitted this review already."))
        rows = {r.criterion_id: r for r in review.ratings.select_related("criterion")}
        if set(ratings) - set(rows):
            raise AwardError(_("A rating names a criterion this application does not have."))
        for criterion_id, (rating, reason) in ratings.items():
            if rating and rating not in Rating.values:
                raise AwardError(_("Choose met, partly met or not yet met."))
            row = rows[criterion_id]
            if (row.rating, row.reason) != (rating, reason):
                row.rating, row.reason = rating, reason
                row.save(update_fields=["rating", "reason"])
        review.strengths, review.improvements, review.questions = (
            strengths,
            improvements,
            questions,
        )
        fields = ["strengths", "improvements", "questions", "updated_at"]
        if submit:
            incomplete = [
                row.criterion.display_title
                for row in rows.values()
                if not row.rating or not row.reason
            ]
            if incomplete:
                raise AwardError(
                    _("Rate every criterion and give a reason before submitting: %(list)s.")
                    % {"list": "; ".join(incomplete)}
                )
            review.submitted_at = timezone.now()
            fields.append("submitted_at")
        review.save(update_fields=fields)
        if submit:
            log_action(
                review,
                "awards.review.submitted",
                actor=actor,
                network=assignment.application.network,
                data={
                    "application": assignment.application_id,
                    "submission": submission.number,
                },
            )
    return review


# Meetings, decisions and awards -------------------------------------------------------------


@transaction.atomic
def record_meeting(
    application: Application,
    *,
    actor: User,
    kind: MeetingKind,
    held_on: datetime.date,
    notes: str = "",
) -> PanelMeeting:
    """A visit to the organisation or a panel meeting, before the decision."""
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise AwardError(_("Only the chair records visits and meetings."))
        if application.state not in WITH_PANEL_STATES:
            raise AwardError(_("Visits and meetings are recorded before the decision."))
        meeting = PanelMeeting.objects.create(
            application=application, kind=kind, held_on=held_on, notes=notes, recorded_by=actor
        )
        log_action(
            meeting,
            "awards.meeting.recorded",
            actor=actor,
            network=application.network,
            data={"application": application.pk, "kind": str(kind), "held_on": str(held_on)},
        )
    return meeting


@transaction.atomic
def record_decision(
    application: Application,
    *,
    actor: User,
    outcome: DecisionOutcome,
    findings: Mapping[int, str],
    appraisal_report: str,
    decided_on: datetime.date | None = None,
    evidence_requested: str = "",
    evidence_due_on: datetime.date | None = None,
    internal_notes: str = "",
) -> Decision:
    """The chair records the panel's one decision on the latest submission.

    Enforces DESIGN.md rule 1 (enough submitted reviews from panellists without a conflict,
    one of them with lived experience) and rule 2 (no award unless every minimum criterion
    is found met). `findings` maps every criterion id to the panel's rating.
    """
    decided_on = decided_on or timezone.localdate()
    with scope(network=application.network_id):
        if not can_chair(actor, application.network):
            raise DecisionRefused([_("Only a coordinator of the network or staff chairs.")])
        if _locked(application).state != ApplicationState.IN_REVIEW:
            raise DecisionRefused([_("A decision is recorded on an application in review.")])
        submission = latest_submission(application)
        readiness = panel_readiness(application, submission)
        if not readiness.ok:
            raise DecisionRefused(readiness.problems)
        criteria = list(application.criteria_version.criteria.all())
        problems = []
        if set(findings) != {c.pk for c in criteria} or not set(findings.values()) <= set(
            Rating.values
        ):
            problems.append(_("Give the panel's finding for every criterion."))
        elif outcome == DecisionOutcome.AWARDED:
            for criterion in criteria:
                if criterion.is_minimum and findings[criterion.pk] != Rating.MET:
                    problems.append(
                        _("“%(criterion)s” is a minimum criterion and is not met.")
                        % {"criterion": criterion.display_title}
                    )
        if not appraisal_report.strip():
            problems.append(_("Write the appraisal report for the applicant."))
        if decided_on > timezone.localdate():
            problems.append(_("The date of the decision cannot be in the future."))
        if outcome == DecisionOutcome.MORE_EVIDENCE:
            if not evidence_requested.strip():
                problems.append(_("Say what more evidence is needed."))
            if evidence_due_on is None or evidence_due_on <= decided_on:
                problems.append(_("Give a date after the decision by which it is needed."))
        else:
            evidence_requested, evidence_due_on = "", None
        if problems:
            raise DecisionRefused(problems)
        decision = Decision.objects.create(
            application=application,
            submission=submission,
            outcome=outcome,
            decided_on=decided_on,
            appraisal_report=appraisal_report.strip(),
            evidence_requested=evidence_requested.strip(),
            evidence_due_on=evidence_due_on,
            internal_notes=internal_notes,
            recorded_by=actor,
        )
        DecisionFinding.objects.bulk_create(
            DecisionFinding(decision=decision, criterion_id=pk, rating=rating)
            for pk, rating in findings.items()
        )
        log_action(
            decision,
            "awards.decision.recorded",
            actor=actor,
            network=application.network,
            data={
                "application": application.pk,
                "submission": submission.number,
                "outcome": str(outcome),
                "reviews": readiness.submitted,
            },
        )
        set_application_state(
            application, OUTCOME_STATES[outcome], actor=actor, data={"decision": decision.pk}
        )
        if outcome == DecisionOutcome.AWARDED:
            _issue_award(application, decision, actor=actor)
    return decision


def _issue_award(application: Application, decision: Decision, *, actor: User) -> Award:
    """A positive decision creates the award, valid for the scheme's years from the decision,
    with its certificate number; the certificate is rendered by a worker after commit. A
    renewal's award starts the next cycle of reminders."""
    award = Award(
        network_id=application.network_id,
        scheme=application.scheme,
        organisation=application.organisation,
        application=application,
        decision=decision,
        awarded_on=decision.decided_on,
        expires_on=add_years(decision.decided_on, application.scheme.validity_years),
        cycle=application.renews.cycle + 1 if application.renews_id else 1,
    )
    for attempt in range(NUMBER_ATTEMPTS):
        award.certificate_number = new_certificate_number()
        try:
            with transaction.atomic():
                award.save()
            break
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
            award.pk = None  # a number taken already (rare): draw another
    log_action(
        award,
        "awards.award.issued",
        actor=actor,
        network=application.network,
        data={
            "application": application.pk,
            "awarded_on": str(award.awarded_on),
            "expires_on": str(award.expires_on),
            "certificate_number": award.certificate_number,
            "cycle": award.cycle,
        },
    )
    transaction.on_commit(partial(tasks.task_render_certificate.delay, award_id=award.pk))
    if application.renews_id:
        set_award_state(application.renews, AwardState.RENEWED, actor=actor)
    return award


# Certificates -------------------------------------------------------------------------------

NUMBER_ATTEMPTS = 5


def assign_certificate_number(award: Award) -> str:
    """The award's certificate number: the one it has, or, for an award issued before
    certificates existed, a new one. A conditional UPDATE (only while it has none), so two
    workers racing can never give one award two numbers."""
    with scope(network=award.network_id):
        for _attempt in range(NUMBER_ATTEMPTS):
            if award.certificate_number:
                return award.certificate_number
            try:
                with transaction.atomic():
                    Award.objects.filter(pk=award.pk, certificate_number__isnull=True).update(
                        certificate_number=new_certificate_number()
                    )
            except IntegrityError:
                continue  # the number belongs to another award: draw again
            award.certificate_number = (
                Award.objects.filter(pk=award.pk).values_list("certificate_number", flat=True).get()
            )
    raise AwardError(_("No free certificate number was found. Please try again."))


def default_certificate_language(award: Award) -> str:
    """The lead contact's language: the person who will print and frame it."""
    return language_or_default(award.application.lead_contact.preferred_language)


def render_certificate(award: Award, *, actor: User | None, language: str | None = None) -> Award:
    """Render the award's certificate as a PDF and store it privately, in place of any earlier
    one. Safe to run again (a retried or repeated task): the number never changes.

    WeasyPrint runs outside any transaction; only storing the result takes the row lock."""
    number = assign_certificate_number(award)
    with scope(network=award.network_id):
        award = Award.objects.select_related(
            "organisation", "scheme", "network", "application__lead_contact"
        ).get(pk=award.pk)
        language = language_or_default(language or default_certificate_language(award))
        pdf = render_pdf(certificate_html(award, language))
        with transaction.atomic():
            locked = Award.objects.select_for_update().get(pk=award.pk)
            old_name = locked.certificate_file.name
            locked.certificate_file.save(f"{number}.pdf", ContentFile(pdf), save=False)
            locked.certificate_language = language
            locked.certificate_rendered_at = timezone.now()
            locked.save(
                update_fields=[
                    "certificate_file",
                    "certificate_language",
                    "certificate_rendered_at",
                ]
            )
            log_action(
                locked,
                "awards.certificate.rendered",
                actor=actor,
                network=award.network,
                data={"certificate_number": number, "language": language},
            )
            if old_name:
                storage = locked.certificate_file.storage
                transaction.on_commit(partial(storage.delete, old_name))
    return locked


def request_certificate(award: Award, *, actor: User, language: str) -> None:
    """A contact of the organisation, or staff, asks for the certificate again (in another
    language, say). A worker renders it after commit, with the same number."""
    if not (actor.is_staff or _is_contact(actor, award.organisation)):
        raise AwardError(_("Only the organisation's contacts and staff ask for its certificate."))
    if language not in dict(settings.LANGUAGES):
        raise AwardError(_("Choose one of the platform's languages."))
    transaction.on_commit(
        partial(
            tasks.task_render_certificate.delay,
            award_id=award.pk,
            language=language,
            actor_id=actor.pk,
        )
    )


# Reminders ----------------------------------------------------------------------------------


@transaction.atomic
def set_reminder_preferences(user: User, *, actor: User, receive: set[str]) -> set[str]:
    """A person chooses which non-essential reminders they receive; essential ones (an
    award's expiry to its contacts, evidence due) always go. Returns the kinds opted out."""
    if actor.pk != user.pk:
        raise AwardError(_("Each person chooses their own reminders."))
    opted_out = {str(kind) for kind in OPTIONAL_REMINDERS} - set(receive)
    before = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
    if before == opted_out:
        return opted_out
    ReminderOptOut.objects.filter(user=user).exclude(kind__in=sorted(opted_out)).delete()
    ReminderOptOut.objects.bulk_create(
        [ReminderOptOut(user=user, kind=kind) for kind in sorted(opted_out - before)]
    )
    log_action(
        user,
        "awards.reminders.preferences_changed",
        actor=actor,
        data={"opted_out": {"old": sorted(before), "new": sorted(opted_out)}},
    )
    return opted_out
