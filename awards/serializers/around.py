"""What the API shows of the work around the review, and what it reads: appraisal visits,
concerns about an award, and check-ins between awards.

The same lines as the pages. The applicant reads the visit's times, place and the notes the
panel shared, never who wrote them; the organisation reads what a concern says and the
decision, never who raised it nor staff's notes; nobody's lived experience anywhere.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from awards.enums import COMPLAINT_DECISIONS, ComplaintEntryKind, ComplaintState, VisitMode
from awards.models import CheckIn, Complaint, ComplaintEntry, VisitDate, VisitNote
from awards.services.check_ins import action_plan_items

DECISION_CHOICES = [(s, label) for s, label in ComplaintState.choices if s in COMPLAINT_DECISIONS]


# Visits -----------------------------------------------------------------------------------


class SharedVisitNoteSerializer(serializers.ModelSerializer):
    """A note the panel shared with the applicant: what it says, never who wrote it."""

    class Meta:
        model = VisitNote
        fields = ["body", "written_at"]


class PanelVisitNoteSerializer(serializers.ModelSerializer):
    """A visit note as the panel reads it. Names nobody: panellists never read each other's
    names in the API."""

    class Meta:
        model = VisitNote
        fields = ["id", "body", "for_applicant", "written_at"]


class VisitSerializer(serializers.ModelSerializer):
    """An offered or confirmed time for the appraisal visit."""

    confirmed = serializers.BooleanField(source="is_confirmed", read_only=True)
    visit_mode = serializers.ChoiceField(
        source="mode", choices=VisitMode.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = VisitDate
        fields = ["id", "starts_at", "ends_at", "confirmed", "visit_mode", "address", "online_link"]


class ApplicantVisitSerializer(VisitSerializer):
    """As the applicant reads it: with the notes the panel chose to share, never an author."""

    shared_notes = serializers.SerializerMethodField()

    class Meta(VisitSerializer.Meta):
        fields = [*VisitSerializer.Meta.fields, "shared_notes"]

    @extend_schema_field(SharedVisitNoteSerializer(many=True))
    def get_shared_notes(self, visit: VisitDate) -> list[dict]:
        # The notes are prefetched (queries.visits.visit_dates); filter in Python.
        shared = [note for note in visit.notes.all() if note.for_applicant]
        return list(SharedVisitNoteSerializer(shared, many=True).data)


class PanelVisitSerializer(VisitSerializer):
    notes = PanelVisitNoteSerializer(many=True, read_only=True)

    class Meta(VisitSerializer.Meta):
        fields = [*VisitSerializer.Meta.fields, "notes"]


class VisitTimeInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class VisitOfferInputSerializer(serializers.Serializer):
    dates = VisitTimeInputSerializer(many=True)


class VisitConfirmInputSerializer(serializers.Serializer):
    visit_mode = serializers.ChoiceField(choices=VisitMode.choices)
    address = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    online_link = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)


class VisitNoteInputSerializer(serializers.Serializer):
    body = serializers.CharField()
    for_applicant = serializers.BooleanField(default=False)


# Concerns ---------------------------------------------------------------------------------


class ConcernEntrySerializer(serializers.ModelSerializer):
    """A staff note or the organisation's response, for staff."""

    author = serializers.CharField(source="author.get_full_name", read_only=True)
    entry_kind = serializers.ChoiceField(
        source="kind", choices=ComplaintEntryKind.choices, read_only=True
    )

    class Meta:
        model = ComplaintEntry
        fields = ["id", "entry_kind", "body", "author", "written_at"]


class ConcernResponseSerializer(serializers.ModelSerializer):
    """The organisation's response to a concern, as its contacts read it."""

    author = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model = ComplaintEntry
        fields = ["id", "body", "author", "written_at"]


class ConcernSerializer(serializers.ModelSerializer):
    """A concern as the organisation reads it: what was raised and the decision, never who
    raised it, nor staff's notes."""

    concern_state = serializers.ChoiceField(
        source="state", choices=ComplaintState.choices, read_only=True
    )
    award: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Complaint
        fields = ["id", "award", "body", "concern_state", "reason", "raised_at", "decided_at"]


class OrganisationConcernSerializer(ConcernSerializer):
    responses = serializers.SerializerMethodField()

    class Meta(ConcernSerializer.Meta):
        fields = [*ConcernSerializer.Meta.fields, "responses"]

    @extend_schema_field(ConcernResponseSerializer(many=True))
    def get_responses(self, complaint: Complaint) -> list[dict]:
        # The entries are prefetched with their authors; staff notes never leave.
        responses = [entry for entry in complaint.entries.all() if entry.is_response]
        return list(ConcernResponseSerializer(responses, many=True).data)


class StaffConcernSerializer(ConcernSerializer):
    """A concern as staff read it: who raised it too, and where."""

    organisation = serializers.CharField(source="award.organisation.name", read_only=True)
    certificate_number = serializers.CharField(source="award.certificate_number", read_only=True)
    network: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta(ConcernSerializer.Meta):
        fields = [
            *ConcernSerializer.Meta.fields,
            "organisation",
            "certificate_number",
            "network",
            "name",
            "email",
            "language",
        ]


class StaffConcernDetailSerializer(StaffConcernSerializer):
    entries = ConcernEntrySerializer(many=True, read_only=True)

    class Meta(StaffConcernSerializer.Meta):
        fields = [*StaffConcernSerializer.Meta.fields, "entries"]


class ConcernDecisionInputSerializer(serializers.Serializer):
    concern_decision = serializers.ChoiceField(choices=DECISION_CHOICES)
    reason = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)


class ConcernEntryInputSerializer(serializers.Serializer):
    body = serializers.CharField()


# Check-ins --------------------------------------------------------------------------------


class CheckInProgressSerializer(serializers.Serializer):
    item = serializers.CharField()
    progress = serializers.CharField(allow_blank=True)


class CheckInSerializer(serializers.ModelSerializer):
    """One check-in of an award, as its organisation reads it. Before it is sent, `items`
    are the action plan's items, in the order `progress` answers them."""

    award: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    submitted = serializers.BooleanField(source="is_submitted", read_only=True)
    items = serializers.SerializerMethodField()
    progress = CheckInProgressSerializer(many=True, read_only=True)

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "award",
            "months",
            "due_on",
            "submitted",
            "submitted_at",
            "items",
            "progress",
            "notes",
        ]

    def get_items(self, check_in: CheckIn) -> list[str]:
        if check_in.is_submitted:
            return [row["item"] for row in check_in.progress]
        return action_plan_items(check_in.award.application.action_plan)


class CheckInInputSerializer(serializers.Serializer):
    progress = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False)
    )
    notes = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)


class WaitingCheckInSerializer(serializers.ModelSerializer):
    """A check-in due or overdue, as the network's coordinators list it."""

    award: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation = serializers.CharField(source="award.organisation.name", read_only=True)
    award_name = serializers.CharField(source="award.scheme.name", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = CheckIn
        fields = ["id", "award", "organisation", "award_name", "months", "due_on", "overdue"]
