"""Applications: starting, responses and evidence, collaborators, submitting, withdrawing."""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_scopes import scope

from awards.enums import (
    EDITABLE_STATES,
    OPEN_STATES,
    RENEWABLE_AWARD_STATES,
    Action,
    ApplicationKind,
    ApplicationState,
    SelfAssessment,
)
from awards.models import (
    Application,
    Award,
    AwardScheme,
    Collaborator,
    Criterion,
    CriterionResponse,
    EvidenceFile,
    EvidenceLink,
    Submission,
)
from awards.queries.applications import missing_for_submission
from awards.queries.check_ins import latest_check_in
from awards.queries.schemes import current_version, current_window, eligible_schemes
from awards.queries.submissions import latest_submission, snapshot_of
from awards.services.check_ins import action_plan_from_check_in
from awards.services.common import is_contact, locked
from awards.services.errors import AwardError, SubmissionRefused
from awards.services.state import set_application_state
from members.models import Organisation, User
from sanctuary.activity import changed_fields, log_action
from sanctuary.uploads import CheckedUpload

# An organisation that registered itself applies once a coordinator has approved it.
NOT_APPROVED = gettext_noop(
    "%(organisation)s is waiting for a coordinator to approve it on the platform. It can apply "
    "for an award once it is approved."
)


@transaction.atomic
def start_application(
    organisation: Organisation, scheme: AwardScheme, *, actor: User
) -> Application:
    """An organisation's contact starts an application: new, or a renewal of a current award
    that carries its evidence and commitments forward."""
    if not is_contact(actor, organisation):
        raise AwardError(_("Only a contact of the organisation can start its application."))
    if not organisation.is_approved:
        raise AwardError(_(NOT_APPROVED) % {"organisation": organisation})
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
        # A lapsed award is renewed too: the organisation starts from its evidence, as it
        # would have before the award ran out. A withdrawn one is not carried forward.
        previous_award = (
            Award.objects.filter(
                organisation=organisation, scheme=scheme, state__in=sorted(RENEWABLE_AWARD_STATES)
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
                    language=_writing_language(actor),
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
            check_in = latest_check_in(previous_award)
            if check_in is not None:
                # The renewal starts from what the organisation said at its latest check-in.
                application.action_plan = action_plan_from_check_in(check_in)
                application.action_plan_carried_forward = True
                application.save(update_fields=["action_plan", "action_plan_carried_forward"])
        log_action(
            application,
            Action.APPLICATION_STARTED,
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
        ancestor: int | None = response.criterion_id
        old = None
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


def _begin_edit(application: Application) -> None:
    """Refuse unless the evidence may change now; otherwise note that someone is working on
    the application (`edited_at`), which keeps an idle draft from deletion
    (awards/services/retention.py). Call it with the application locked."""
    if application.state not in EDITABLE_STATES:
        raise AwardError(
            _("The application is “%(state)s”: its evidence cannot be changed now.")
            % {"state": application.get_state_display()}
        )
    _note_edit(application)


def _note_edit(application: Application) -> None:
    application.edited_at = timezone.now()
    Application.objects.filter(pk=application.pk).update(edited_at=application.edited_at)


@transaction.atomic
def save_response(
    response: CriterionResponse,
    *,
    actor: User,
    self_assessment: SelfAssessment,
    narrative: str,
    content_note: bool | None = None,
) -> CriterionResponse:
    """Save a draft of one criterion. Drafts are not logged: the submissions keep each version.
    `content_note`: the applicant marks the text as distressing to read (None leaves it)."""
    application = response.application
    with scope(network=application.network_id):
        _begin_edit(locked(application))
        wanted: dict[str, Any] = {"self_assessment": self_assessment, "narrative": narrative}
        if content_note is not None:
            wanted["content_note"] = content_note
        changes = changed_fields(response, wanted)
        if not changes:
            return response
        response.self_assessment = self_assessment
        response.narrative = narrative
        if content_note is not None:
            response.content_note = content_note
        fields = [*changes, "updated_at"]
        if "narrative" in changes and response.carried_forward:
            response.carried_forward = False
            fields.append("carried_forward")
        response.save(update_fields=fields)
    return response


def _writing_language(person: User) -> str:
    """Applicants write in their own language until they say otherwise."""
    chosen = person.preferred_language
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@transaction.atomic
def set_application_language(
    application: Application, *, actor: User, language: str
) -> Application:
    """Say which language the applicant's text is written in."""
    if language not in dict(settings.LANGUAGES):
        raise AwardError(_("Choose one of the platform's languages."), field="language")
    with scope(network=application.network_id):
        _begin_edit(locked(application))
        if application.language == language:
            return application
        before, application.language = application.language, language
        application.save(update_fields=["language"])
        log_action(
            application,
            Action.APPLICATION_LANGUAGE_CHANGED,
            actor=actor,
            network=application.network,
            data={"language": [before, language]},
        )
    return application


@transaction.atomic
def save_action_plan(application: Application, *, actor: User, action_plan: str) -> Application:
    with scope(network=application.network_id):
        _begin_edit(locked(application))
        if application.action_plan == action_plan:
            return application
        application.action_plan = action_plan
        application.action_plan_carried_forward = False
        application.save(update_fields=["action_plan", "action_plan_carried_forward"])
    return application


@transaction.atomic
def add_evidence_file(
    response: CriterionResponse, upload: CheckedUpload, *, actor: User, content_note: bool = False
) -> EvidenceFile:
    """Store a file that passed the upload checks (size, content, malware scan)."""
    application = response.application
    with scope(network=application.network_id):
        _begin_edit(locked(application))
        evidence = EvidenceFile(
            response=response,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=actor,
            content_note=content_note,
        )
        evidence.file.save(upload.name, upload.file, save=False)
        evidence.save()
        log_action(
            evidence,
            Action.EVIDENCE_FILE_ADDED,
            actor=actor,
            network=application.network,
            data={
                "application": application.pk,
                "criterion": response.criterion_id,
                "name": upload.name,
                "size": upload.size,
                "content_type": upload.content_type,
                "content_note": content_note,
            },
        )
    return evidence


@transaction.atomic
def remove_evidence_file(evidence: EvidenceFile, *, actor: User) -> None:
    """Hide a file from the application. It stays stored for the submissions that named it."""
    application = evidence.response.application
    with scope(network=application.network_id):
        _begin_edit(locked(application))
        evidence.removed_at = timezone.now()
        evidence.save(update_fields=["removed_at"])
        log_action(
            evidence,
            Action.EVIDENCE_FILE_REMOVED,
            actor=actor,
            network=application.network,
            data={"application": application.pk, "name": evidence.original_name},
        )


@transaction.atomic
def add_evidence_link(
    response: CriterionResponse,
    *,
    actor: User,
    url: str,
    title: str = "",
    content_note: bool = False,
) -> EvidenceLink:
    application = response.application
    with scope(network=application.network_id):
        _begin_edit(locked(application))
        link = EvidenceLink(
            response=response, url=url, title=title, added_by=actor, content_note=content_note
        )
        link.full_clean(exclude=["response", "added_by"])
        link.save()
        log_action(
            link,
            Action.EVIDENCE_LINK_ADDED,
            actor=actor,
            network=application.network,
            data={
                "application": application.pk,
                "criterion": response.criterion_id,
                "url": url,
                "content_note": content_note,
            },
        )
    return link


@transaction.atomic
def remove_evidence_link(link: EvidenceLink, *, actor: User) -> None:
    application = link.response.application
    with scope(network=application.network_id):
        _begin_edit(locked(application))
        link.removed_at = timezone.now()
        link.save(update_fields=["removed_at"])
        log_action(
            link,
            Action.EVIDENCE_LINK_REMOVED,
            actor=actor,
            network=application.network,
            data={"application": application.pk, "url": link.url},
        )


@transaction.atomic
def add_collaborator(application: Application, user: User, *, actor: User) -> Collaborator:
    """Another contact of the same organisation joins the work on the application."""
    with scope(network=application.network_id):
        if application.state in {ApplicationState.AWARDED, ApplicationState.NOT_AWARDED}:
            raise AwardError(_("The application is decided."), field="user")
        if not is_contact(user, application.organisation):
            raise AwardError(
                _("%(person)s does not act for %(organisation)s on the platform.")
                % {"person": user.get_full_name(), "organisation": application.organisation},
                field="user",
            )
        if user.pk == application.lead_contact_id:
            raise AwardError(_("The lead contact already works on the application."), field="user")
        collaborator, created = Collaborator.objects.get_or_create(
            application=application, user=user
        )
        if created:
            _note_edit(application)
            log_action(
                collaborator,
                Action.APPLICATION_COLLABORATOR_ADDED,
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
            Action.APPLICATION_COLLABORATOR_REMOVED,
            actor=actor,
            network=application.network,
            data={"application": application.pk, "user": collaborator.user_id},
        )
        collaborator.delete()
        _note_edit(application)


@transaction.atomic
def submit_application(application: Application, *, actor: User) -> Submission:
    """Send the application to the panel, or send it again after more evidence was asked for.

    Refused, with the list of what is missing, unless every minimum criterion has evidence
    (DESIGN.md rule 2). Each submission keeps a snapshot, so the panel sees what changed.
    """
    with scope(network=application.network_id):
        state = locked(application).state
        if state not in EDITABLE_STATES:
            raise AwardError(
                _("The application is “%(state)s” and cannot be submitted now.")
                % {"state": application.get_state_display()}
            )
        if not application.organisation.is_approved:
            raise AwardError(_(NOT_APPROVED) % {"organisation": application.organisation})
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
