"""The awards app's models, one module per sub-domain (mirroring awards/services/); import
them from here.

Every model belongs to one network (the scheme's: a stream, or the local group that runs the
generic scheme) and has a scoped manager, so a query outside that network's scope raises.
"""

from awards.models.applications import (
    Application,
    Collaborator,
    CriterionResponse,
    EvidenceFile,
    EvidenceLink,
    Submission,
    evidence_path,
)
from awards.models.care import SupportContact
from awards.models.check_ins import CheckIn
from awards.models.complaints import Complaint, ComplaintEntry
from awards.models.decisions import (
    Award,
    Decision,
    DecisionFinding,
    PanelMeeting,
    certificate_path,
)
from awards.models.panels import PanelAssignment
from awards.models.questions import ThreadEntry
from awards.models.reminders import DailyDigest, DigestChoice, Reminder, ReminderOptOut
from awards.models.reviews import CriterionRating, Review
from awards.models.schemes import (
    DEFAULT_CHECK_IN_MONTHS,
    DEFAULT_REMINDER_DAYS,
    MAX_GRACE_DAYS,
    MIN_PANEL_SIZE,
    ApplicationWindow,
    AwardScheme,
    CriteriaVersion,
    Criterion,
    default_check_in_months,
    default_grace_days,
    default_reminder_days,
    validate_check_in_months,
    validate_reminder_days,
)
from awards.models.visits import VisitDate, VisitNote

# The upload paths, default and validator are named by the migrations as awards.models.*.
__all__ = [
    "DEFAULT_CHECK_IN_MONTHS",
    "DEFAULT_REMINDER_DAYS",
    "MAX_GRACE_DAYS",
    "MIN_PANEL_SIZE",
    "Application",
    "ApplicationWindow",
    "Award",
    "AwardScheme",
    "CheckIn",
    "Collaborator",
    "Complaint",
    "ComplaintEntry",
    "CriteriaVersion",
    "Criterion",
    "CriterionRating",
    "CriterionResponse",
    "DailyDigest",
    "Decision",
    "DecisionFinding",
    "DigestChoice",
    "EvidenceFile",
    "EvidenceLink",
    "PanelAssignment",
    "PanelMeeting",
    "Reminder",
    "ReminderOptOut",
    "Review",
    "Submission",
    "SupportContact",
    "ThreadEntry",
    "VisitDate",
    "VisitNote",
    "certificate_path",
    "default_check_in_months",
    "default_grace_days",
    "default_reminder_days",
    "evidence_path",
    "validate_check_in_months",
    "validate_reminder_days",
]
