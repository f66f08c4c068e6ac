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
from awards.models.decisions import (
    Award,
    Decision,
    DecisionFinding,
    PanelMeeting,
    certificate_path,
)
from awards.models.panels import PanelAssignment
from awards.models.reminders import DailyDigest, DigestChoice, Reminder, ReminderOptOut
from awards.models.reviews import CriterionRating, Review
from awards.models.schemes import (
    DEFAULT_REMINDER_DAYS,
    MIN_PANEL_SIZE,
    ApplicationWindow,
    AwardScheme,
    CriteriaVersion,
    Criterion,
    default_reminder_days,
    validate_reminder_days,
)

# The upload paths, default and validator are named by the migrations as awards.models.*.
__all__ = [
    "DEFAULT_REMINDER_DAYS",
    "MIN_PANEL_SIZE",
    "Application",
    "ApplicationWindow",
    "Award",
    "AwardScheme",
    "Collaborator",
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
    "certificate_path",
    "default_reminder_days",
    "evidence_path",
    "validate_reminder_days",
]
