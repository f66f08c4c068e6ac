"""The award workflow's rules (DESIGN.md sections 3 and 4), each proven at the service."""

import datetime

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django_scopes import ScopeError, scope, scopes_disabled

from awards.enums import (
    ALLOWED_TRANSITIONS,
    ApplicationState,
    AwardState,
    ConflictDeclaration,
    CriterionArea,
    Rating,
)
from awards.models import Award, AwardScheme, Decision, Submission
from awards.services.applications import (
    add_evidence_link,
    save_response,
    start_application,
    submit_application,
    withdraw_application,
)
from awards.services.common import add_years
from awards.services.decisions import record_decision
from awards.services.errors import AwardError, DecisionRefused, SubmissionRefused
from awards.services.panels import assign_panellist, declare_conflict, start_review
from awards.services.reviews import get_or_start_review
from awards.services.schemes import publish_criteria, save_criterion, start_criteria_draft
from awards.services.state import set_application_state
from sanctuary.models import ActivityLog
from tests.factories import NetworkFactory, StreamFactory
from tests.factories.awards import (
    all_met,
    applicant,
    award,
    coordinator,
    criteria_of,
    fill_evidence,
    give_pledge,
    panel_in_review,
    panellist,
    reload,
    responses_of,
    scheme_with_criteria,
    seat,
    started_application,
    submit_review,
    submitted_application,
)

# Transitions --------------------------------------------------------------------------------


def test_transition_map_covers_every_state_and_ends_at_decisions():
    assert set(ALLOWED_TRANSITIONS) == set(ApplicationState)
    assert ALLOWED_TRANSITIONS[ApplicationState.AWARDED] == frozenset()
    assert ALLOWED_TRANSITIONS[ApplicationState.NOT_AWARDED] == frozenset()
    assert ALLOWED_TRANSITIONS[ApplicationState.WITHDRAWN] == frozenset()
    before_decision = set(ApplicationState) - {
        ApplicationState.AWARDED,
        ApplicationState.NOT_AWARDED,
        ApplicationState.WITHDRAWN,
    }
    assert all(ApplicationState.WITHDRAWN in ALLOWED_TRANSITIONS[s] for s in before_decision)


def test_state_change_outside_the_map_is_refused(scheme):
    application = started_application(scheme)
    with pytest.raises(AwardError, match="cannot become “Awarded”"):
        set_application_state(application, ApplicationState.AWARDED, actor=application.lead_contact)
    assert reload(application).state == ApplicationState.DRAFT


def test_state_change_saves_and_writes_the_log(scheme):
    application = started_application(scheme)
    withdraw_application(application, actor=application.lead_contact)
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="awards.application.withdrawn")
    assert reload(application).state == ApplicationState.WITHDRAWN
    assert (entry.network, entry.actor, entry.object_id, entry.data) == (
        scheme.network,
        application.lead_contact,
        str(application.pk),
        {"state": {"old": "draft", "new": "withdrawn"}},
    )


def test_withdrawn_application_cannot_be_withdrawn_again_or_submitted(scheme):
    application = started_application(scheme)
    fill_evidence(application)
    withdraw_application(application, actor=application.lead_contact)
    with pytest.raises(AwardError, match=r"cannot become “Withdrawn”"):
        withdraw_application(application, actor=application.lead_contact)
    with pytest.raises(AwardError, match=r"is “Withdrawn” and cannot be submitted"):
        submit_application(application, actor=application.lead_contact)


def test_decided_application_cannot_be_withdrawn(scheme, chair):
    application = submitted_application(scheme)
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    award(application, chair=chair)
    with pytest.raises(AwardError, match="cannot become “Withdrawn”"):
        withdraw_application(application, actor=application.lead_contact)


# Rule 2: minimum criteria -------------------------------------------------------------------


def test_submission_refused_without_evidence_for_a_minimum_criterion(scheme):
    application = started_application(scheme)
    fill_evidence(application, skip={"Minimum criterion 2"})
    with pytest.raises(SubmissionRefused, match=r"not ready to submit") as refused:
        submit_application(application, actor=application.lead_contact)
    assert [m.message for m in refused.value.missing] == [
        "“Minimum criterion 2”: add a description, a file or a link as evidence."
    ]
    assert reload(application).state == ApplicationState.DRAFT
    with scopes_disabled():
        assert Submission.objects.count() == 0


def test_submission_refused_lists_every_missing_minimum_criterion(scheme):
    application = started_application(scheme)
    with pytest.raises(SubmissionRefused, match=r"not ready to submit") as refused:
        submit_application(application, actor=application.lead_contact)
    assert [m.criterion.title for m in refused.value.missing] == [
        "Minimum criterion 1",
        "Minimum criterion 2",
    ]


def test_whitespace_is_not_evidence(scheme):
    application = started_application(scheme)
    fill_evidence(application, skip={"Minimum criterion 1"})
    response = next(
        r for r in responses_of(application) if r.criterion.title == "Minimum criterion 1"
    )
    save_response(
        response, actor=application.lead_contact, self_assessment="in_place", narrative="   \n "
    )
    with pytest.raises(SubmissionRefused, match=r"not ready to submit"):
        submit_application(application, actor=application.lead_contact)


def test_a_link_counts_as_evidence_and_optional_criteria_may_stay_empty(scheme):
    application = started_application(scheme)
    by_title = {r.criterion.title: r for r in responses_of(application)}
    first, second = by_title["Minimum criterion 1"], by_title["Minimum criterion 2"]
    add_evidence_link(first, actor=application.lead_contact, url="https://example.org/welcome-week")
    save_response(
        second, actor=application.lead_contact, self_assessment="in_place", narrative="Done."
    )
    submission = submit_application(application, actor=application.lead_contact)
    assert (submission.number, reload(application).state) == (1, ApplicationState.SUBMITTED)


def test_pledge_criterion_is_met_by_the_organisation_charter_pledge(db):
    scheme = scheme_with_criteria(StreamFactory(), minimum=2, pledge=True)
    organisation, contact = applicant(scheme)
    application = start_application(organisation, scheme, actor=contact)
    fill_evidence(application)  # a narrative does not stand in for the pledge
    with pytest.raises(SubmissionRefused, match=r"not ready to submit") as refused:
        submit_application(application, actor=contact)
    assert [m.message for m in refused.value.missing] == [
        "“Minimum criterion 1”: the organisation has not signed the charter pledge yet."
    ]
    give_pledge(organisation, contact)
    submit_application(application, actor=contact)
    assert reload(application).state == ApplicationState.SUBMITTED


def test_award_refused_unless_every_minimum_criterion_is_found_met(scheme, chair):
    application = submitted_application(scheme)
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    findings = all_met(application)
    minimum = criteria_of(application)[1]
    findings[minimum.pk] = Rating.PARTLY_MET
    with pytest.raises(
        DecisionRefused, match=r"“Minimum criterion 2” is a minimum criterion and is not met"
    ) as refused:
        record_decision(
            application,
            actor=chair,
            outcome="awarded",
            findings=findings,
            appraisal_report="Nearly there.",
        )
    assert refused.value.problems == [f"“{minimum.title}” is a minimum criterion and is not met."]
    assert reload(application).state == ApplicationState.IN_REVIEW
    with scopes_disabled():
        assert (Decision.objects.count(), Award.objects.count()) == (0, 0)


def test_optional_criterion_not_met_does_not_stop_an_award(scheme, chair):
    application = submitted_application(scheme)
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    findings = all_met(application)
    findings[criteria_of(application)[2].pk] = Rating.NOT_MET
    record_decision(
        application,
        actor=chair,
        outcome="awarded",
        findings=findings,
        appraisal_report="Well done.",
    )
    assert reload(application).state == ApplicationState.AWARDED


def test_decision_needs_a_finding_for_every_criterion(scheme, chair):
    application = submitted_application(scheme)
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    findings = all_met(application)
    findings.popitem()
    with pytest.raises(DecisionRefused, match=r"finding for every criterion") as refused:
        record_decision(
            application, actor=chair, outcome="not_awarded", findings=findings, appraisal_report="x"
        )
    assert refused.value.problems == ["Give the panel's finding for every criterion."]


# Rule 1: lived experience on every panel ----------------------------------------------------


def test_decision_refused_with_fewer_submitted_reviews_than_the_minimum(scheme, chair):
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair)
    for assignment in seats[:2]:
        submit_review(assignment)
    with pytest.raises(DecisionRefused, match=r"2 of the 3 reviews this award needs") as refused:
        award(application, chair=chair)
    assert refused.value.problems == [
        "2 of the 3 reviews this award needs are submitted by panellists without a conflict "
        "of interest."
    ]
    assert reload(application).state == ApplicationState.IN_REVIEW


def test_decision_refused_without_a_review_from_lived_experience(scheme, chair):
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair, lived_experience=(True, False, False, False))
    for assignment in seats[1:]:
        submit_review(assignment)
    with pytest.raises(DecisionRefused, match=r"lived experience of seeking sanctuary") as refused:
        award(application, chair=chair)
    assert refused.value.problems == [
        "No submitted review yet comes from a panellist with lived experience of seeking "
        "sanctuary who has no conflict of interest."
    ]
    with scopes_disabled():
        assert Decision.objects.count() == 0


def test_recused_panellist_with_lived_experience_does_not_count(scheme, chair):
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair, lived_experience=(True, False, False, False))
    for assignment in seats:
        submit_review(assignment)
    # The panellist with lived experience finds a personal link after reviewing, and recuses.
    declare_conflict(seats[0], actor=seats[0].panellist, conflict=ConflictDeclaration.PERSONAL_LINK)
    with pytest.raises(DecisionRefused, match=r"lived experience of seeking sanctuary") as refused:
        award(application, chair=chair)
    assert len(refused.value.problems) == 1
    assert "lived experience" in refused.value.problems[0]


def test_recused_panellist_review_does_not_count_towards_the_minimum(scheme, chair):
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair)
    for assignment in seats:
        submit_review(assignment)
    declare_conflict(
        seats[2], actor=seats[2].panellist, conflict=ConflictDeclaration.SAME_LOCAL_GROUP
    )
    with pytest.raises(DecisionRefused, match=r"2 of the 3 reviews this award needs") as refused:
        award(application, chair=chair)
    assert refused.value.problems[0].startswith("2 of the 3 reviews")


def test_decision_recorded_with_minimum_reviews_including_lived_experience(scheme, chair):
    application = submitted_application(scheme)
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    decision = award(application, chair=chair, decided_on=datetime.date(2026, 5, 14))
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="awards.decision.recorded")
        issued = Award.objects.get(application=application)
    assert reload(application).state == ApplicationState.AWARDED
    assert entry.data == {
        "application": application.pk,
        "submission": 1,
        "outcome": "awarded",
        "reviews": 3,
    }
    assert (issued.decision, issued.state) == (decision, AwardState.ACTIVE)


def test_scheme_may_ask_for_two_reviews(db):
    scheme = scheme_with_criteria(StreamFactory(), min_panel_size=2)
    chair = coordinator(scheme.network)
    application = submitted_application(scheme)
    for assignment in panel_in_review(application, chair=chair, lived_experience=(True, False)):
        submit_review(assignment)
    award(application, chair=chair)
    assert reload(application).state == ApplicationState.AWARDED


def test_minimum_panel_size_below_two_is_refused_by_validation(db):
    stream = StreamFactory()
    scheme = AwardScheme(network=stream, name="Tiny panels", min_panel_size=1)
    with (
        scope(network=stream),
        pytest.raises(ValidationError, match=r"greater than or equal to 2") as error,
    ):
        scheme.full_clean()
    assert list(error.value.message_dict) == ["min_panel_size"]


def test_minimum_panel_size_below_two_is_refused_by_the_database(db):
    stream = StreamFactory()
    with scope(network=stream), pytest.raises(IntegrityError, match=r"panel_of_at_least_two"):
        AwardScheme.objects.create(network=stream, name="Tiny panels", min_panel_size=1)


def test_review_cannot_start_before_a_conflict_declaration(scheme, chair):
    application = submitted_application(scheme)
    for _ in range(3):
        seat(application, panellist(scheme.network, lived_experience=True), chair=chair)
    start_review(application, actor=chair)
    person = panellist(scheme.network)
    assignment = assign_panellist(application, person, actor=chair)
    with pytest.raises(AwardError, match="no conflict of interest"):
        get_or_start_review(assignment, actor=person)


def test_review_cannot_start_without_a_full_panel(scheme, chair):
    application = submitted_application(scheme)
    seat(application, panellist(scheme.network, lived_experience=True), chair=chair)
    seat(application, panellist(scheme.network), chair=chair)
    with pytest.raises(AwardError, match="at least 3 panellists"):
        start_review(application, actor=chair)


def test_review_cannot_start_without_lived_experience_on_the_panel(scheme, chair):
    application = submitted_application(scheme)
    for _ in range(3):
        seat(application, panellist(scheme.network), chair=chair)
    with pytest.raises(AwardError, match="lived experience"):
        start_review(application, actor=chair)


# Rule 3: three years ------------------------------------------------------------------------


def test_award_expires_three_years_after_the_decision(scheme, chair):
    application = submitted_application(scheme)
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    award(application, chair=chair, decided_on=datetime.date(2026, 5, 14))
    with scopes_disabled():
        issued = Award.objects.get(application=application)
    assert (issued.awarded_on, issued.expires_on) == (
        datetime.date(2026, 5, 14),
        datetime.date(2029, 5, 14),
    )


def test_award_decided_on_29_february_expires_on_28_february(scheme, chair):
    application = submitted_application(scheme)
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    award(application, chair=chair, decided_on=datetime.date(2024, 2, 29))
    with scopes_disabled():
        issued = Award.objects.get(application=application)
    assert issued.expires_on == datetime.date(2027, 2, 28)


def test_add_years_keeps_the_day_and_shortens_only_29_february():
    assert add_years(datetime.date(2025, 1, 31), 3) == datetime.date(2028, 1, 31)
    assert add_years(datetime.date(2028, 2, 29), 3) == datetime.date(2031, 2, 28)
    assert add_years(datetime.date(2028, 2, 29), 4) == datetime.date(2032, 2, 29)


# Versioned criteria and eligibility ---------------------------------------------------------


def test_application_keeps_the_criteria_version_it_began_with(scheme, chair):
    first = started_application(scheme)
    draft = start_criteria_draft(scheme, actor=chair)
    save_criterion(
        draft, actor=chair, area=CriterionArea.SHARE, title="Tell the local paper", is_minimum=True
    )
    publish_criteria(draft, actor=chair)
    organisation, contact = applicant(scheme, name="Later Primary")
    later = start_application(organisation, scheme, actor=contact)
    assert (reload(first).criteria_version.number, reload(later).criteria_version.number) == (1, 2)
    assert [c.title for c in criteria_of(first)] == [
        "Minimum criterion 1",
        "Minimum criterion 2",
        "Further criterion 1",
    ]
    assert len(criteria_of(later)) == 4


def test_published_criteria_do_not_change(scheme, chair):
    with scopes_disabled():
        version = scheme.versions.get()
    with pytest.raises(AwardError, match="Published criteria do not change"):
        save_criterion(version, actor=chair, area=CriterionArea.LEARN, title="Sneaky")


def test_organisation_outside_the_stream_cannot_apply(scheme):
    from tests.factories import OrganisationContactFactory, OrganisationFactory, UserFactory

    organisation = OrganisationFactory(name="Not In The Stream")
    contact = UserFactory()
    OrganisationContactFactory(organisation=organisation, user=contact)
    with pytest.raises(AwardError, match="cannot apply for this award"):
        start_application(organisation, scheme, actor=contact)


def test_generic_scheme_is_for_organisations_outside_every_stream(db):
    group = NetworkFactory(name="Riverton City of Sanctuary")
    generic = scheme_with_criteria(group, name="Riverton Award of Sanctuary")
    organisation, contact = applicant(generic, name="Riverton Bakery")
    application = start_application(organisation, generic, actor=contact)
    assert (application.network, application.scheme) == (group, generic)
    # A school of the same area, in a stream with its own scheme, applies to that one instead.
    schools = scheme_with_criteria(StreamFactory(), name="School of Sanctuary")
    school, head = applicant(schools, name="Riverton Primary")
    school.local_group = group
    school.save(update_fields=["local_group"])
    with pytest.raises(AwardError, match="cannot apply"):
        start_application(school, generic, actor=head)


def test_only_a_contact_of_the_organisation_can_start_its_application(scheme):
    organisation, _contact = applicant(scheme)
    stranger = coordinator(scheme.network)
    with pytest.raises(AwardError, match="Only a contact"):
        start_application(organisation, scheme, actor=stranger)


def test_one_open_application_per_organisation_and_scheme(scheme):
    organisation, contact = applicant(scheme)
    start_application(organisation, scheme, actor=contact)
    with pytest.raises(AwardError, match="already has an application"):
        start_application(organisation, scheme, actor=contact)


# Rule 4: tenant isolation ------------------------------------------------------------------


# Awards models that belong to a person rather than to a network, each with the reason.
PERSONAL_MODELS = {
    "ReminderOptOut": "a person's own choice of reminders, in no network",
    "DigestChoice": "a person's own choice of the daily digest, in no network",
    "DailyDigest": "a person's digest of their own networks' work, one per day",
}


@pytest.mark.parametrize(
    "model",
    [
        model
        for model in django_apps.get_app_config("awards").get_models()
        if model.__name__ not in PERSONAL_MODELS
    ],
    ids=lambda m: m.__name__,
)
def test_award_rows_fail_closed_without_a_scope(model, scheme):
    submitted_application(scheme)
    with pytest.raises(ScopeError, match=r"scope on dimension\(s\) network needs to be active"):
        list(model.objects.all())
    with scope(network=StreamFactory()):
        assert list(model.objects.all()) == []
