"""The words of the award workflow: states, ratings, choices, and which state may follow which."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.enums import CHAIR_ROLES


class CriterionArea(models.TextChoices):
    """The three things every Sanctuary Award asks for, in this order."""

    LEARN = "learn", pgettext_lazy("award criteria group", "Learn")
    EMBED = "embed", pgettext_lazy("award criteria group", "Embed")
    SHARE = "share", pgettext_lazy("award criteria group", "Share")


class WindowStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("application window", "Open for applications")
    WAITING_LIST = "waiting_list", _("Waiting list: prepare now, submit when it opens")
    CLOSED = "closed", pgettext_lazy("application window", "Closed")


class SelfAssessment(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("self-assessment", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("self-assessment", "In progress")
    IN_PLACE = "in_place", pgettext_lazy("self-assessment", "In place")


class ApplicationKind(models.TextChoices):
    NEW = "new", pgettext_lazy("application kind", "New award")
    RENEWAL = "renewal", pgettext_lazy("application kind", "Renewal")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application state", "Submitted")
    IN_REVIEW = "in_review", pgettext_lazy("application state", "In review")
    MORE_EVIDENCE_REQUESTED = (
        "more_evidence_requested",
        pgettext_lazy("application state", "More evidence requested"),
    )
    RESUBMITTED = "resubmitted", pgettext_lazy("application state", "Resubmitted")
    AWARDED = "awarded", pgettext_lazy("application state", "Awarded")
    NOT_AWARDED = "not_awarded", pgettext_lazy("application state", "Not awarded")
    WITHDRAWN = "withdrawn", pgettext_lazy("application state", "Withdrawn")


# Named groups of application states, so code says what it means.
DECIDED_STATES = frozenset({ApplicationState.AWARDED, ApplicationState.NOT_AWARDED})
CLOSED_STATES = DECIDED_STATES | {ApplicationState.WITHDRAWN}
OPEN_STATES = frozenset(set(ApplicationState) - CLOSED_STATES)
# The applicant may change the evidence only in these.
EDITABLE_STATES = frozenset({ApplicationState.DRAFT, ApplicationState.MORE_EVIDENCE_REQUESTED})
# The panel works on applications in these: panellists count them in their load.
WITH_PANEL_STATES = frozenset(
    {
        ApplicationState.SUBMITTED,
        ApplicationState.IN_REVIEW,
        ApplicationState.MORE_EVIDENCE_REQUESTED,
        ApplicationState.RESUBMITTED,
    }
)

# Every change of an application's state follows this map (DESIGN.md section 3).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationState.DRAFT: frozenset({ApplicationState.SUBMITTED, ApplicationState.WITHDRAWN}),
    ApplicationState.SUBMITTED: frozenset({ApplicationState.IN_REVIEW, ApplicationState.WITHDRAWN}),
    ApplicationState.IN_REVIEW: frozenset(
        {
            ApplicationState.MORE_EVIDENCE_REQUESTED,
            ApplicationState.AWARDED,
            ApplicationState.NOT_AWARDED,
            ApplicationState.WITHDRAWN,
        }
    ),
    ApplicationState.MORE_EVIDENCE_REQUESTED: frozenset(
        {ApplicationState.RESUBMITTED, ApplicationState.WITHDRAWN}
    ),
    ApplicationState.RESUBMITTED: frozenset(
        {ApplicationState.IN_REVIEW, ApplicationState.WITHDRAWN}
    ),
    ApplicationState.AWARDED: frozenset(),
    ApplicationState.NOT_AWARDED: frozenset(),
    ApplicationState.WITHDRAWN: frozenset(),
}


class AwardState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("award state", "Active")
    RENEWAL_DUE = "renewal_due", pgettext_lazy("award state", "Renewal due")
    RENEWED = "renewed", pgettext_lazy("award state", "Renewed")
    LAPSED = "lapsed", pgettext_lazy("award state", "Lapsed")
    WITHDRAWN = "withdrawn", pgettext_lazy("award state", "Withdrawn")
    SUSPENDED = "suspended", pgettext_lazy("award state", "Suspended")


# Awards that an organisation holds now, and that a renewal application renews.
CURRENT_AWARD_STATES = frozenset({AwardState.ACTIVE, AwardState.RENEWAL_DUE})
# A renewal starts from the evidence of one of these: a lapsed award's too.
RENEWABLE_AWARD_STATES = CURRENT_AWARD_STATES | {AwardState.LAPSED}

ALLOWED_AWARD_TRANSITIONS: dict[str, frozenset[str]] = {
    AwardState.ACTIVE: frozenset(
        {
            AwardState.RENEWAL_DUE,
            AwardState.RENEWED,
            AwardState.LAPSED,
            AwardState.WITHDRAWN,
            AwardState.SUSPENDED,
        }
    ),
    AwardState.RENEWAL_DUE: frozenset(
        {AwardState.RENEWED, AwardState.LAPSED, AwardState.WITHDRAWN, AwardState.SUSPENDED}
    ),
    # Suspended while staff look into a complaint: reinstated (active again), withdrawn, or
    # lapsed when it expires meanwhile.
    AwardState.SUSPENDED: frozenset({AwardState.ACTIVE, AwardState.WITHDRAWN, AwardState.LAPSED}),
    AwardState.RENEWED: frozenset(),
    AwardState.LAPSED: frozenset(),
    AwardState.WITHDRAWN: frozenset(),
}


# The roles in a network that chair its panels and decide (with movement staff). Pages and
# endpoints that only chairs open name these as their `allowed_roles`. Defined once, in
# members.enums, which request.access (members.access) reads too.
CHAIRS = CHAIR_ROLES


class ConflictDeclaration(models.TextChoices):
    """What a panellist says before reviewing. Any answer but "none" recuses them."""

    NOT_DECLARED = "not_declared", _("Not declared yet")
    NONE = "none", _("No conflict of interest")
    SAME_ORGANISATION = "same_organisation", _("I work or volunteer for this organisation")
    SAME_LOCAL_GROUP = (
        "same_local_group",
        _("I am closely involved with the organisation through the local group"),
    )
    PERSONAL_LINK = "personal_link", _("I have a personal link to the organisation or its people")


CONFLICTS = frozenset(
    {
        ConflictDeclaration.SAME_ORGANISATION,
        ConflictDeclaration.SAME_LOCAL_GROUP,
        ConflictDeclaration.PERSONAL_LINK,
    }
)


class Rating(models.TextChoices):
    MET = "met", pgettext_lazy("rating of a criterion", "Met")
    PARTLY_MET = "partly_met", pgettext_lazy("rating of a criterion", "Partly met")
    NOT_MET = "not_met", pgettext_lazy("rating of a criterion", "Not yet met")


class DecisionOutcome(models.TextChoices):
    AWARDED = "awarded", _("Award the Sanctuary Award")
    MORE_EVIDENCE = "more_evidence", _("Ask for more evidence")
    NOT_AWARDED = "not_awarded", _("Do not award this time")


# The application state that each outcome leads to.
OUTCOME_STATES = {
    DecisionOutcome.AWARDED: ApplicationState.AWARDED,
    DecisionOutcome.MORE_EVIDENCE: ApplicationState.MORE_EVIDENCE_REQUESTED,
    DecisionOutcome.NOT_AWARDED: ApplicationState.NOT_AWARDED,
}


class MeetingKind(models.TextChoices):
    VISIT = "visit", _("Visit to the organisation")
    MEETING = "meeting", _("Panel meeting")


class ReminderKind(models.TextChoices):
    """What a reminder is about. Each kind is sent at most once per subject, cycle, milestone
    and person (DESIGN.md rule 3): the Reminder row is the claim, written before sending."""

    AWARD_EXPIRY = "award_expiry", _("Your Sanctuary Award is due for renewal")
    AWARD_EXPIRY_NETWORK = "award_expiry_network", _("An award in your network is due for renewal")
    EVIDENCE_DUE = "evidence_due", _("More evidence is due for your application")
    REVIEW_OVERDUE = "review_overdue", _("A review you were asked for is overdue")
    DRAFT_IDLE = "draft_idle", _("Your draft application is waiting for you")
    CHECK_IN_DUE = "check_in_due", _("A check-in on your action plan is due")
    # To the coordinators of the application's network (awards/coordinator_notices.py).
    APPLICATION_WAITING = (
        "application_waiting",
        _("An application in your network is waiting for a panel"),
    )
    PANEL_READY = "panel_ready", _("A panel in your network can decide")
    REVIEWS_OVERDUE_NETWORK = "reviews_overdue_network", _("Reviews are overdue in your network")


# People may not opt out of these: they decide whether an award or an application survives
# (a check-in is part of keeping the award between renewals, and what the renewal starts from;
# an idle draft's nudge names the day it will be deleted, awards/services/retention.py).
ESSENTIAL_REMINDERS = frozenset(
    {
        ReminderKind.AWARD_EXPIRY,
        ReminderKind.EVIDENCE_DUE,
        ReminderKind.CHECK_IN_DUE,
        ReminderKind.DRAFT_IDLE,
    }
)
OPTIONAL_REMINDERS = frozenset(set(ReminderKind) - ESSENTIAL_REMINDERS)
AWARD_REMINDERS = frozenset({ReminderKind.AWARD_EXPIRY, ReminderKind.AWARD_EXPIRY_NETWORK})
# What a network's coordinators hear about its applications; a coordinator who chose the daily
# digest receives none of these, but one e-mail a day of everything waiting.
COORDINATOR_NOTICES = frozenset(
    {
        ReminderKind.APPLICATION_WAITING,
        ReminderKind.PANEL_READY,
        ReminderKind.REVIEWS_OVERDUE_NETWORK,
    }
)


# What the public verification page and the API say about an award in each state.
PUBLIC_STATUS = {
    AwardState.ACTIVE: _("This award is current."),
    AwardState.RENEWAL_DUE: _("This award is current and due for renewal."),
    AwardState.RENEWED: _("This award was renewed: a newer certificate replaces this one."),
    AwardState.LAPSED: _("This award has lapsed: it was not renewed in time."),
    AwardState.WITHDRAWN: _("This award was withdrawn."),
    AwardState.SUSPENDED: _("This award is suspended while a concern about it is looked into."),
}


class Action(models.TextChoices):
    """Dotted names of the activity log entries awards writes, and their words."""

    SCHEME_CREATED = "awards.scheme.created", _("Award scheme created")
    SCHEME_SETTINGS_CHANGED = "awards.scheme.settings_changed", _("Award scheme settings changed")
    SCHEME_TRANSLATION_SAVED = (
        "awards.scheme.translation_saved",
        _("Award name translated"),
    )
    WINDOW_CREATED = "awards.window.created", _("Application window added")
    WINDOW_STATUS_CHANGED = "awards.window.status_changed", _("Application window opened or closed")
    CRITERIA_DRAFT_STARTED = (
        "awards.criteria.draft_started",
        _("New version of the criteria started"),
    )
    CRITERIA_PUBLISHED = "awards.criteria.published", _("Criteria published")
    CRITERIA_TRANSLATION_SAVED = (
        "awards.criteria.translation_saved",
        _("Criterion translation saved"),
    )
    CRITERIA_CRITERION_SAVED = "awards.criteria.criterion_saved", _("Criterion saved")
    CRITERIA_CRITERION_REMOVED = (
        "awards.criteria.criterion_removed",
        _("Criterion removed from the draft"),
    )
    APPLICATION_STARTED = "awards.application.started", _("Award application started")
    APPLICATION_SUBMITTED = "awards.application.submitted", _("Award application submitted")
    APPLICATION_IN_REVIEW = "awards.application.in_review", _("Award application taken into review")
    APPLICATION_MORE_EVIDENCE_REQUESTED = (
        "awards.application.more_evidence_requested",
        _("More evidence asked for"),
    )
    APPLICATION_RESUBMITTED = "awards.application.resubmitted", _("Award application resubmitted")
    APPLICATION_AWARDED = "awards.application.awarded", _("Award application awarded")
    APPLICATION_NOT_AWARDED = "awards.application.not_awarded", _("Award application not awarded")
    APPLICATION_WITHDRAWN = "awards.application.withdrawn", _("Award application withdrawn")
    APPLICATION_LANGUAGE_CHANGED = (
        "awards.application.language_changed",
        _("Language of an application changed"),
    )
    APPLICATION_COLLABORATOR_ADDED = (
        "awards.application.collaborator_added",
        _("Collaborator added to an application"),
    )
    APPLICATION_COLLABORATOR_REMOVED = (
        "awards.application.collaborator_removed",
        _("Collaborator removed from an application"),
    )
    EVIDENCE_FILE_ADDED = "awards.evidence.file_added", _("Evidence file added")
    EVIDENCE_FILE_REMOVED = "awards.evidence.file_removed", _("Evidence file removed")
    EVIDENCE_LINK_ADDED = "awards.evidence.link_added", _("Evidence link added")
    EVIDENCE_LINK_REMOVED = "awards.evidence.link_removed", _("Evidence link removed")
    PANEL_ASSIGNED = "awards.panel.assigned", _("Panellist assigned")
    PANEL_REMOVED = "awards.panel.removed", _("Panellist taken off a panel")
    PANEL_CONFLICT_DECLARED = "awards.panel.conflict_declared", _("Conflict of interest declared")
    REVIEW_STARTED = "awards.review.started", _("Review started")
    REVIEW_SUBMITTED = "awards.review.submitted", _("Review submitted")
    MEETING_RECORDED = "awards.meeting.recorded", _("Visit or panel meeting recorded")
    DECISION_RECORDED = "awards.decision.recorded", _("Panel decision recorded")
    AWARD_ISSUED = "awards.award.issued", _("Sanctuary Award issued")
    AWARD_IMPORTED = "awards.award.imported", _("Sanctuary Award imported from earlier records")
    AWARD_IMPORT_UPDATED = (
        "awards.award.import_updated",
        _("Imported Sanctuary Award's dates changed"),
    )
    AWARD_RENEWAL_DUE = "awards.award.renewal_due", _("Sanctuary Award due for renewal")
    AWARD_RENEWED = "awards.award.renewed", _("Sanctuary Award renewed")
    AWARD_LAPSED = "awards.award.lapsed", _("Sanctuary Award lapsed")
    AWARD_WITHDRAWN = "awards.award.withdrawn", _("Sanctuary Award withdrawn")
    CERTIFICATE_RENDERED = "awards.certificate.rendered", _("Award certificate made")
    CHECK_INS_SCHEDULED = "awards.check_in.scheduled", _("Check-ins between awards set")
    CHECK_IN_SUBMITTED = "awards.check_in.submitted", _("Check-in on the action plan submitted")
    REMINDERS_PREFERENCES_CHANGED = (
        "awards.reminders.preferences_changed",
        _("Reminder choices changed"),
    )
    # Around the review: questions, visits, complaints and care for panellists.
    QUESTION_ASKED = "awards.question.asked", _("Panel question asked")
    QUESTION_ANSWERED = "awards.question.answered", _("Panel question answered")
    PANEL_NOTE_ADDED = "awards.panel.note_added", _("Internal panel note added")
    VISIT_DATES_OFFERED = "awards.visit.dates_offered", _("Visit dates offered")
    VISIT_CONFIRMED = "awards.visit.confirmed", _("Appraisal visit confirmed")
    VISIT_NOTE_ADDED = "awards.visit.note_added", _("Visit note added")
    COMPLAINT_RAISED = "awards.complaint.raised", _("Concern about an award raised")
    COMPLAINT_IN_REVIEW = "awards.complaint.in_review", _("Concern taken into review")
    COMPLAINT_DECIDED = "awards.complaint.decided", _("Concern decided")
    COMPLAINT_NOTE_ADDED = "awards.complaint.note_added", _("Staff note on a concern added")
    COMPLAINT_RESPONSE_ADDED = (
        "awards.complaint.response_added",
        _("Organisation responded to a concern"),
    )
    AWARD_SUSPENDED = "awards.award.suspended", _("Sanctuary Award suspended")
    AWARD_REINSTATED = "awards.award.active", _("Sanctuary Award reinstated")
    PANEL_STEPPED_BACK = "awards.panel.stepped_back", _("A panel seat became free")
    PANEL_RESEATED = (
        "awards.panel.reseated",
        _("Panellist who stepped back seated again"),
    )
    SUPPORT_CONTACT_SAVED = (
        "awards.support.saved",
        _("Support contact for panellists saved"),
    )
    REMINDERS_DIGEST_CHANGED = (
        "awards.reminders.digest_changed",
        _("Daily digest chosen or given up"),
    )


# The log entry each state machine writes when an application or an award enters a state
# (set_application_state, set_award_state and the renewal sweep). Every state that the
# transitions maps above can lead to has one.
APPLICATION_STATE_ACTIONS: dict[ApplicationState, Action] = {
    ApplicationState.SUBMITTED: Action.APPLICATION_SUBMITTED,
    ApplicationState.IN_REVIEW: Action.APPLICATION_IN_REVIEW,
    ApplicationState.MORE_EVIDENCE_REQUESTED: Action.APPLICATION_MORE_EVIDENCE_REQUESTED,
    ApplicationState.RESUBMITTED: Action.APPLICATION_RESUBMITTED,
    ApplicationState.AWARDED: Action.APPLICATION_AWARDED,
    ApplicationState.NOT_AWARDED: Action.APPLICATION_NOT_AWARDED,
    ApplicationState.WITHDRAWN: Action.APPLICATION_WITHDRAWN,
}

AWARD_STATE_ACTIONS: dict[AwardState, Action] = {
    AwardState.RENEWAL_DUE: Action.AWARD_RENEWAL_DUE,
    AwardState.RENEWED: Action.AWARD_RENEWED,
    AwardState.LAPSED: Action.AWARD_LAPSED,
    AwardState.WITHDRAWN: Action.AWARD_WITHDRAWN,
    AwardState.SUSPENDED: Action.AWARD_SUSPENDED,
    AwardState.ACTIVE: Action.AWARD_REINSTATED,
}


class ThreadKind(models.TextChoices):
    """What an entry in an application's thread is. Applicants see questions and answers;
    panel notes are the panel's own and never reach the applicant (DESIGN.md rule 5)."""

    QUESTION = "question", _("Question from the panel")
    ANSWER = "answer", _("Answer from the applicant")
    PANEL_NOTE = "panel_note", _("Internal panel note")


APPLICANT_THREAD_KINDS = frozenset({ThreadKind.QUESTION, ThreadKind.ANSWER})


class VisitMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("In review")
    NO_ACTION = "no_action", _("Decided: no action")
    SUSPENDED = "suspended", _("Decided: award suspended")
    WITHDRAWN = "withdrawn", _("Decided: award withdrawn")


# Staff decide a concern once; a suspension may end in no action (the award is reinstated)
# or in withdrawal.
COMPLAINT_TRANSITIONS: dict[str, frozenset[str]] = {
    ComplaintState.RECEIVED: frozenset({ComplaintState.IN_REVIEW, ComplaintState.NO_ACTION}),
    ComplaintState.IN_REVIEW: frozenset(
        {ComplaintState.NO_ACTION, ComplaintState.SUSPENDED, ComplaintState.WITHDRAWN}
    ),
    ComplaintState.SUSPENDED: frozenset({ComplaintState.NO_ACTION, ComplaintState.WITHDRAWN}),
    ComplaintState.NO_ACTION: frozenset(),
    ComplaintState.WITHDRAWN: frozenset(),
}
COMPLAINT_DECISIONS = frozenset(
    {ComplaintState.NO_ACTION, ComplaintState.SUSPENDED, ComplaintState.WITHDRAWN}
)
OPEN_COMPLAINT_STATES = frozenset(
    {ComplaintState.RECEIVED, ComplaintState.IN_REVIEW, ComplaintState.SUSPENDED}
)


class ComplaintEntryKind(models.TextChoices):
    STAFF_NOTE = "staff_note", _("Staff note")
    RESPONSE = "response", _("Response from the organisation")
