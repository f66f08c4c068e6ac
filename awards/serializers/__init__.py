"""What the API shows of awards and applications, and what it reads.

The same lines as the pages: applicants never see panellists' names unless a panellist chose
to show theirs, nor internal notes (DESIGN.md rule 5); nobody but the person and staff sees
whether someone has lived experience (rule 6), so no serializer here has that field.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from awards.enums import (
    CURRENT_AWARD_STATES,
    ApplicationState,
    AwardState,
    ConflictDeclaration,
    Rating,
    SelfAssessment,
)
from awards.models import (
    Application,
    Award,
    Criterion,
    CriterionRating,
    CriterionResponse,
    Decision,
    DecisionFinding,
    EvidenceFile,
    EvidenceLink,
    PanelAssignment,
    Review,
    Submission,
    ThreadEntry,
)
from members.serializers import NetworkRefSerializer
from sanctuary.enums import Nation
from sanctuary.uploads import ACCEPTED_HELP, check_upload

CURRENT_STATE_CHOICES = [(s, label) for s, label in AwardState.choices if s in CURRENT_AWARD_STATES]


class OrganisationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class AwardedOrganisationSerializer(serializers.Serializer):
    name = serializers.CharField()
    town = serializers.CharField()
    nation = serializers.ChoiceField(choices=Nation.choices, allow_blank=True)
    local_group = NetworkRefSerializer(allow_null=True)


class AwardSerializer(serializers.ModelSerializer):
    """A Sanctuary Award held now, as the public list shows it."""

    award = serializers.CharField(source="scheme.name", read_only=True)
    organisation = AwardedOrganisationSerializer(read_only=True)
    network = NetworkRefSerializer(read_only=True, help_text=_("The network that awarded it."))
    status = serializers.ChoiceField(source="state", choices=CURRENT_STATE_CHOICES)

    class Meta:
        model = Award
        fields = ["id", "award", "organisation", "network", "awarded_on", "expires_on", "status"]


class AwardFilters(serializers.Serializer):
    stream = serializers.SlugField(
        required=False, help_text=_("A stream network's address: its award (schools).")
    )
    network = serializers.SlugField(
        required=False,
        help_text=_(
            "A network's address: the awards it made, and the awards of organisations in its area."
        ),
    )
    nation = serializers.ChoiceField(choices=Nation.choices, required=False)
    region = serializers.CharField(
        required=False, max_length=100, help_text=_("The region of the organisation's group.")
    )
    status = serializers.ChoiceField(choices=CURRENT_STATE_CHOICES, required=False)
    name = serializers.CharField(
        required=False, max_length=100, help_text=_("Part of the organisation's name.")
    )


class CertificateSerializer(serializers.ModelSerializer):
    """What a certificate's public verification says, and nothing else: no people, no
    reasons, no reports."""

    award = serializers.CharField(source="scheme.name", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    network = NetworkRefSerializer(read_only=True, help_text=_("The network that awarded it."))
    status = serializers.ChoiceField(source="state", choices=AwardState.choices)
    status_text = serializers.CharField(read_only=True)

    class Meta:
        model = Award
        fields = [
            "certificate_number",
            "award",
            "organisation",
            "network",
            "awarded_on",
            "expires_on",
            "status",
            "status_text",
        ]


class StaffAwardSerializer(serializers.ModelSerializer):
    award = serializers.CharField(source="scheme.name", read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)
    network = NetworkRefSerializer(read_only=True)
    status = serializers.ChoiceField(source="state", choices=AwardState.choices)

    class Meta:
        model = Award
        fields = [
            "id",
            "award",
            "organisation",
            "network",
            "application",
            "awarded_on",
            "expires_on",
            "status",
            "withdrawn_reason",
            "certificate_number",
        ]


class StaffAwardFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=AwardState.choices, required=False)
    network = serializers.SlugField(required=False, help_text=_("The awarding network."))


# Applications, as their applicants see them ----------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="display_title", read_only=True)
    guidance = serializers.CharField(source="display_guidance", read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "area", "position", "title", "guidance", "is_minimum", "is_pledge"]


class EvidenceFileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)

    class Meta:
        model = EvidenceFile
        fields = ["id", "name", "content_type", "size", "uploaded_at", "carried_forward"]


class EvidenceLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceLink
        fields = ["id", "url", "title", "added_at", "carried_forward"]


class ResponseSerializer(serializers.ModelSerializer):
    """One criterion's self-assessment and evidence. Expects responses_with_evidence()."""

    criterion = CriterionSerializer(read_only=True)
    files = EvidenceFileSerializer(source="active_files", many=True, read_only=True)
    links = EvidenceLinkSerializer(source="active_links", many=True, read_only=True)

    class Meta:
        model = CriterionResponse
        fields = [
            "criterion",
            "self_assessment",
            "narrative",
            "carried_forward",
            "updated_at",
            "files",
            "links",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    award = serializers.CharField(source="scheme.name", read_only=True)
    network = NetworkRefSerializer(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "organisation",
            "award",
            "scheme",
            "network",
            "kind",
            "state",
            "created_at",
            "state_changed_at",
        ]


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = DecisionFinding
        fields = ["criterion", "rating"]


class ApplicantDecisionSerializer(serializers.ModelSerializer):
    """The panel's decision as its applicant reads it: never the internal notes (rule 5)."""

    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "outcome",
            "decided_on",
            "appraisal_report",
            "evidence_requested",
            "evidence_due_on",
            "findings",
        ]


class HeldAwardSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(source="state", choices=AwardState.choices)

    class Meta:
        model = Award
        fields = ["id", "awarded_on", "expires_on", "status", "certificate_number"]


class ApplicationDetailSerializer(ApplicationSerializer):
    """An application as its page shows it to the people who work on it. The view sets the
    `page_*` attributes with the page's own queries."""

    window = serializers.CharField(source="window.name", read_only=True, allow_null=True)
    is_editable = serializers.BooleanField(source="page_is_editable", read_only=True)
    can_withdraw = serializers.BooleanField(source="page_can_withdraw", read_only=True)
    missing = serializers.ListField(
        source="page_missing",
        child=serializers.CharField(),
        read_only=True,
        help_text=_("What stops it being submitted now; empty when it is ready or sent."),
    )
    responses = ResponseSerializer(source="page_responses", many=True, read_only=True)
    decision = ApplicantDecisionSerializer(source="page_decision", read_only=True, allow_null=True)
    held_award = HeldAwardSerializer(source="page_award", read_only=True, allow_null=True)
    panellists = serializers.ListField(
        source="page_named_panellists",
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Only the panellists who chose to show their names."),
    )
    collaborators = serializers.ListField(
        source="page_collaborators", child=serializers.CharField(), read_only=True
    )

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "window",
            "action_plan",
            "is_editable",
            "can_withdraw",
            "missing",
            "responses",
            "decision",
            "held_award",
            "panellists",
            "collaborators",
        ]


class StartApplicationSerializer(serializers.Serializer):
    organisation = serializers.SlugField(help_text=_("The address of an organisation you act for."))
    scheme = serializers.IntegerField(min_value=1, help_text=_("The award scheme's id."))


class ResponseUpdateSerializer(serializers.Serializer):
    self_assessment = serializers.ChoiceField(choices=SelfAssessment.choices, required=False)
    narrative = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class ActionPlanSerializer(serializers.Serializer):
    action_plan = serializers.CharField(allow_blank=True, trim_whitespace=False)


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=ACCEPTED_HELP)

    def validate_file(self, upload):
        # The platform's one upload check: size, type by content, malware scan (rule 7).
        try:
            return check_upload(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class EvidenceLinkInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SubmissionSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(
        source="application.state", choices=ApplicationState.choices, read_only=True
    )

    class Meta:
        model = Submission
        fields = ["number", "submitted_at", "state"]


# The network's side: coordinators and panellists -------------------------------------------

PANEL_STATE_CHOICES = [
    (state, label) for state, label in ApplicationState.choices if state != ApplicationState.DRAFT
]


class PipelineSerializer(serializers.ModelSerializer):
    """An application in the network's list, as its coordinators see it."""

    organisation = OrganisationRefSerializer(read_only=True)
    award = serializers.CharField(source="scheme.name", read_only=True)
    window = serializers.CharField(source="window.name", read_only=True, allow_null=True)
    panel_size = serializers.IntegerField(
        read_only=True, help_text=_("Panellists seated without a conflict of interest.")
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "organisation",
            "award",
            "kind",
            "state",
            "window",
            "panel_size",
            "created_at",
            "state_changed_at",
        ]


class PipelineFilters(serializers.Serializer):
    state = serializers.ChoiceField(choices=PANEL_STATE_CHOICES, required=False)


class SeatApplicationSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    award = serializers.CharField(source="scheme.name", read_only=True)

    class Meta:
        model = Application
        fields = ["id", "organisation", "award", "state"]


class SeatSerializer(serializers.ModelSerializer):
    """A panellist's own seat on a panel."""

    application = SeatApplicationSerializer(read_only=True)
    reviewed = serializers.BooleanField(
        read_only=True, help_text=_("Whether your review of the latest submission is in.")
    )

    class Meta:
        model = PanelAssignment
        fields = ["id", "application", "conflict", "reviewed", "assigned_at"]


class OwnSeatSerializer(serializers.ModelSerializer):
    class Meta:
        model = PanelAssignment
        fields = ["id", "conflict", "conflict_note", "show_name_to_applicant", "declared_at"]


class PanelApplicationSerializer(serializers.ModelSerializer):
    """An application as its panel and chairs read it: the evidence and the latest
    submission. Never whether anyone has lived experience."""

    organisation = OrganisationRefSerializer(read_only=True)
    award = serializers.CharField(source="scheme.name", read_only=True)
    responses = ResponseSerializer(source="page_responses", many=True, read_only=True)
    submission = SubmissionSerializer(source="page_submission", read_only=True, allow_null=True)
    seat = OwnSeatSerializer(source="page_seat", read_only=True, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "organisation",
            "award",
            "kind",
            "state",
            "action_plan",
            "responses",
            "submission",
            "seat",
        ]


CONFLICT_CHOICES = [
    (value, label)
    for value, label in ConflictDeclaration.choices
    if value != ConflictDeclaration.NOT_DECLARED
]


class ConflictInputSerializer(serializers.Serializer):
    conflict = serializers.ChoiceField(choices=CONFLICT_CHOICES)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Only the coordinators and staff read this."),
    )
    show_name_to_applicant = serializers.BooleanField(required=False, default=False)


class RatingSerializer(serializers.ModelSerializer):
    rating = serializers.ChoiceField(choices=Rating.choices, allow_blank=True)

    class Meta:
        model = CriterionRating
        fields = ["criterion", "rating", "reason"]


class ReviewSerializer(serializers.ModelSerializer):
    # Null for a draft that is not saved yet (a GET before the first PUT).
    id = serializers.IntegerField(read_only=True, allow_null=True)
    submission = serializers.IntegerField(source="submission.number", read_only=True)
    ratings = RatingSerializer(many=True, read_only=True, source="rating_rows")

    class Meta:
        model = Review
        fields = [
            "id",
            "submission",
            "strengths",
            "improvements",
            "questions",
            "submitted_at",
            "ratings",
        ]


class OtherReviewSerializer(ReviewSerializer):
    """Another panellist's submitted review: their name, never their lived experience."""

    reviewer = serializers.CharField(source="assignment.panellist.get_full_name", read_only=True)
    counted = serializers.BooleanField(
        source="assignment.counts_for_panel",
        read_only=True,
        help_text=_(
            "Whether the review counts towards the decision: false once its panellist "
            "declared a conflict of interest."
        ),
    )

    class Meta(ReviewSerializer.Meta):
        fields = ["reviewer", "counted", *ReviewSerializer.Meta.fields]


class RatingInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1)
    rating = serializers.ChoiceField(choices=Rating.choices, allow_blank=True, default="")
    reason = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)


class ReviewInputSerializer(serializers.Serializer):
    ratings = RatingInputSerializer(many=True, required=False, default=list)
    strengths = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    improvements = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    questions = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    submit = serializers.BooleanField(
        default=False,
        help_text=_("Submit the review: every criterion rated with a reason. Final."),
    )


# Questions and answers ---------------------------------------------------------------------


class ThreadEntrySerializer(serializers.ModelSerializer):
    """An entry of the thread as the panel reads it, panel notes included. Names nobody:
    panellists never read each other's names here."""

    answers: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = ThreadEntry
        fields = ["id", "kind", "body", "answers", "written_at"]


class AnswerSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model = ThreadEntry
        fields = ["id", "body", "author", "written_at"]


class ApplicantQuestionSerializer(serializers.ModelSerializer):
    """A question as the applicant reads it: who asked only if that panellist chose to show
    their name (PanelAssignment.name_for_applicant), and its answers. Never a panel note."""

    asked_by = serializers.SerializerMethodField()
    answers = AnswerSerializer(source="replies", many=True, read_only=True)

    class Meta:
        model = ThreadEntry
        fields = ["id", "body", "asked_by", "written_at", "answers"]

    def get_asked_by(self, entry) -> str | None:
        return entry.raised_by.name_for_applicant if entry.raised_by_id else None


class QuestionInputSerializer(serializers.Serializer):
    body = serializers.CharField()
    raised_by = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("The seat of the panellist who raised it, if any."),
    )


class AnswerInputSerializer(serializers.Serializer):
    body = serializers.CharField()
