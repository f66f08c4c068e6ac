"""Panels, reviews and decisions through their pages: who sees what (rules 4, 5 and 6)."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from awards.enums import ApplicationState, ConflictDeclaration, Rating
from awards.models import PanelAssignment, Review
from awards.queries.panels import panel_candidates, suggest_panel
from awards.services.decisions import record_decision, record_meeting
from awards.services.errors import AwardError
from awards.services.panels import assign_panellist
from awards.services.reviews import get_or_start_review, save_review
from members.enums import Role
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationContactFactory,
    StreamFactory,
    UserFactory,
    give_mfa,
)
from tests.factories.awards import (
    coordinator,
    criteria_of,
    panel_in_review,
    panellist,
    seat,
    submit_review,
    submitted_application,
)


@pytest.fixture
def application(scheme):
    return submitted_application(scheme)


def url(name, application, *extra):
    return reverse(f"awards:{name}", args=[application.network.slug, application.pk, *extra])


# Forming the panel --------------------------------------------------------------------------


def test_panel_page_shows_lived_experience_load_and_conflicts_to_chairs(
    scheme, chair, application, client
):
    panellist(scheme.network, lived_experience=True, name="Yonas Ambassador")
    panellist(scheme.network, name="Nia Reviewer")
    insider = panellist(scheme.network, name="Insider Teacher")
    OrganisationContactFactory(organisation=application.organisation, user=insider)
    client.force_login(chair)
    text = client.get(url("panel_assign", application)).content.decode()
    assert "Whether someone has lived experience is private" in text
    assert "Yonas Ambassador" in text
    assert "Acts for the applicant" in text
    rows = {c.user.full_name: c for c in _candidates(application)}
    assert (rows["Yonas Ambassador"].has_lived_experience, rows["Nia Reviewer"].load) == (True, 0)
    assert rows["Insider Teacher"].acts_for_applicant is True


def _candidates(application):
    with scope(network=application.network):
        return panel_candidates(application)


def test_panel_page_is_refused_to_panellists_and_hidden_from_other_networks(
    scheme, chair, application, client
):
    member = panellist(scheme.network)
    seat(application, member, chair=chair)
    outsider = coordinator(StreamFactory(), name="Other Coordinator")
    client.force_login(member)
    assert client.get(url("panel_assign", application)).status_code == 403
    client.force_login(outsider)
    assert client.get(url("panel_assign", application)).status_code == 404
    client.force_login(give_mfa(UserFactory(is_staff=True)))
    assert client.get(url("panel_assign", application)).status_code == 200


def test_suggested_panel_has_lived_experience_local_group_and_least_loaded(scheme, chair):
    group = NetworkFactory(name="Riverton City of Sanctuary")
    application = submitted_application(scheme)
    application.organisation.local_group = group
    application.organisation.save(update_fields=["local_group"])
    busy_lived = panellist(scheme.network, lived_experience=True, name="Busy Lived")
    panellist(scheme.network, lived_experience=True, name="Free Lived")
    local = panellist(scheme.network, name="Local Person")
    MembershipFactory(network=group, user=local, role=Role.MEMBER)
    quiet = panellist(scheme.network, name="Quiet Person")
    panellist(scheme.network, name="Second Quiet")
    insider = panellist(scheme.network, name="Insider Teacher")
    OrganisationContactFactory(organisation=application.organisation, user=insider)
    # Busy Lived already sits on two other panels; Local Person on one.
    for _ in range(2):
        seat(submitted_application(scheme, organisation=None), busy_lived, chair=chair)
    seat(submitted_application(scheme), local, chair=chair)
    candidates = _candidates(application)
    with scope(network=application.network):
        suggestions = suggest_panel(application, candidates)
    assert [(c.user.full_name, c.reasons) for c in suggestions] == [
        ("Free Lived", ["has lived experience of seeking sanctuary"]),
        ("Local Person", ["knows the applicant's local group"]),
        ("Quiet Person", ["fewest reviews in progress"]),
    ]
    assert {c.user.full_name: c.load for c in candidates}["Busy Lived"] == 2
    assert quiet in [c.user for c in suggestions]


def test_suggestions_seat_through_the_page(scheme, chair, application, client):
    panellist(scheme.network, lived_experience=True, name="Yonas Ambassador")
    panellist(scheme.network, name="Nia Reviewer")
    panellist(scheme.network, name="Owen Reviewer")
    client.force_login(chair)
    page = client.get(url("panel_assign", application))
    ids = [c.user.pk for c in page.context["suggestions"]]
    client.post(url("panel_assign", application), {"panellists": ids})
    with scopes_disabled():
        seated = sorted(
            PanelAssignment.objects.filter(application=application).values_list(
                "panellist__full_name", flat=True
            )
        )
    assert seated == ["Nia Reviewer", "Owen Reviewer", "Yonas Ambassador"]


def test_ids_of_people_who_are_not_panellists_here_are_refused(scheme, chair, application, client):
    elsewhere = panellist(StreamFactory(), name="Elsewhere Panellist")
    client.force_login(chair)
    response = client.post(url("panel_assign", application), {"panellists": [elsewhere.pk]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with scopes_disabled():
        assert PanelAssignment.objects.count() == 0


def test_contact_of_the_applicant_cannot_be_seated(scheme, chair, application):
    insider = panellist(scheme.network)
    OrganisationContactFactory(organisation=application.organisation, user=insider)
    with pytest.raises(AwardError, match="acts for the applicant"):
        assign_panellist(application, insider, actor=chair)


def test_panellist_declares_a_conflict_through_the_page_and_steps_aside(
    scheme, chair, application, client
):
    member = panellist(scheme.network)
    assignment = assign_panellist(application, member, actor=chair)
    client.force_login(member)
    client.post(
        url("review", application),
        {"declare": "", "conflict": ConflictDeclaration.PERSONAL_LINK, "conflict_note": "My niece"},
    )
    with scopes_disabled():
        assignment.refresh_from_db()
    assert (assignment.conflict, assignment.is_recused) == (ConflictDeclaration.PERSONAL_LINK, True)
    text = client.get(url("review", application)).content.decode()
    assert "You have stepped aside from this panel." in text
    assert "Submit your review" not in text


# Reviews ------------------------------------------------------------------------------------


def test_panellist_sees_only_the_applications_assigned_to_them(scheme, chair, client):
    mine = submitted_application(scheme, name="Parkside Primary")
    theirs = submitted_application(scheme, name="Hillcrest Academy")
    member = panellist(scheme.network, name="Nia Reviewer")
    seat(mine, member, chair=chair)
    client.force_login(member)
    for name in ["panel_application", "review", "reviews"]:
        assert client.get(url(name, mine)).status_code == 200
        assert client.get(url(name, theirs)).status_code == 404
    home = client.get(reverse("awards:network_awards", args=[scheme.network.slug]))
    text = home.content.decode()
    assert mine.organisation.name in text
    assert theirs.organisation.name not in text


def test_review_from_another_network_is_404(scheme, chair, application, client):
    other_stream = StreamFactory(name="Libraries of Sanctuary")
    outsider = panellist(other_stream, name="Library Panellist")
    client.force_login(outsider)
    assert client.get(url("review", application)).status_code == 404
    wrong_door = reverse("awards:review", args=[other_stream.slug, application.pk])
    assert client.get(wrong_door).status_code == 404


def test_panellist_reads_other_reviews_only_after_submitting_their_own(
    scheme, chair, application, client
):
    first, second, _third = panel_in_review(application, chair=chair)
    review = get_or_start_review(first, actor=first.panellist)
    save_review(
        review,
        actor=first.panellist,
        ratings={c.pk: (Rating.MET, "Clear.") for c in criteria_of(application)},
        strengths="A distinctive welcome buddy scheme",
        improvements="",
        questions="",
        submit=True,
    )
    client.force_login(second.panellist)
    before = client.get(url("reviews", application)).content.decode()
    assert "once you have submitted your own" in before
    assert "A distinctive welcome buddy scheme" not in before
    decision_page = client.get(url("review", application)).content.decode()
    assert "A distinctive welcome buddy scheme" not in decision_page
    submit_review(second)
    after = client.get(url("reviews", application)).content.decode()
    assert "A distinctive welcome buddy scheme" in after


def test_review_submitted_through_the_page_needs_a_reason_for_every_rating(
    scheme, chair, application, client
):
    first, _second, _third = panel_in_review(application, chair=chair)
    criteria = criteria_of(application)
    client.force_login(first.panellist)
    client.get(url("review", application))
    data = {f"rating_{c.pk}": Rating.MET for c in criteria}
    data.update({f"reason_{c.pk}": "Seen." for c in criteria[1:]})
    data.update({"strengths": "Kind", "improvements": "", "questions": "", "submit": ""})
    response = client.post(url("review", application), data)
    text = response.content.decode()
    assert "Rate every criterion and give a reason before submitting" in text
    assert ">\nKind</textarea>" in text
    data[f"reason_{criteria[0].pk}"] = "Seen too."
    client.post(url("review", application), data)
    with scopes_disabled():
        review = Review.objects.get(assignment=first)
        reasons = sorted(review.ratings.values_list("reason", flat=True))
    assert review.is_submitted
    assert reasons == [
        "Seen too.",
        "Seen.",
        "Seen.",
    ]


def test_review_draft_is_saved_without_ratings(scheme, chair, application, client):
    first, _second, _third = panel_in_review(application, chair=chair)
    criteria = criteria_of(application)
    client.force_login(first.panellist)
    client.get(url("review", application))
    client.post(
        url("review", application),
        {
            f"rating_{criteria[0].pk}": Rating.PARTLY_MET,
            f"reason_{criteria[0].pk}": "Half way",
            "strengths": "Started well",
            "save": "",
        },
    )
    with scopes_disabled():
        review = Review.objects.get(assignment=first)
        first_rating = review.ratings.get(criterion=criteria[0])
    assert (review.is_submitted, review.strengths) == (False, "Started well")
    assert (first_rating.rating, first_rating.reason) == (Rating.PARTLY_MET, "Half way")


def test_pages_for_panellists_never_show_lived_experience(scheme, chair, application, client):
    first, second, _third = panel_in_review(application, chair=chair)
    submit_review(first)
    submit_review(second)
    client.force_login(second.panellist)
    for name in ["panel_application", "review", "reviews"]:
        text = client.get(url(name, application)).content.decode().lower()
        assert "lived experience" not in text


# Decisions ----------------------------------------------------------------------------------


def decision_data(application, outcome="awarded", **extra):
    data = {f"finding_{c.pk}": Rating.MET for c in criteria_of(application)}
    data.update(
        {
            "outcome": outcome,
            "decided_on": "2026-05-14",
            "appraisal_report": "A warm, thorough application.",
            "internal_notes": "INTERNAL-NOTE-7f3: call the head",
        }
    )
    data.update(extra)
    return data


def test_decision_page_refuses_before_the_panel_is_ready_and_says_why(
    scheme, chair, application, client
):
    first, _second, _third = panel_in_review(application, chair=chair)
    submit_review(first)
    client.force_login(chair)
    response = client.post(url("decision", application), decision_data(application))
    text = response.content.decode()
    assert "1 of the 3 reviews this award needs are submitted" in text
    assert "error-summary" in text
    with scopes_disabled():
        assert application.decisions.count() == 0


def test_decision_is_recorded_through_the_page(scheme, chair, application, client):
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    client.force_login(chair)
    client.post(
        url("decision", application),
        {"meeting": "", "kind": "visit", "held_on": "2026-05-01", "notes": "Lovely assembly"},
    )
    response = client.post(url("decision", application), decision_data(application))
    assert response.status_code == 302
    with scopes_disabled():
        application.refresh_from_db()
        assert (application.state, application.meetings.count()) == (ApplicationState.AWARDED, 1)
        assert str(application.award.expires_on) == "2029-05-14"


def test_applicant_never_sees_panellist_names_unless_chosen_nor_internal_notes(
    scheme, chair, application, client
):
    seats = panel_in_review(application, chair=chair)
    for assignment in seats:
        submit_review(assignment)
    record_meeting(
        application, actor=chair, kind="meeting", held_on="2026-05-01", notes="Secret meeting note"
    )
    client.force_login(chair)
    client.post(url("decision", application), decision_data(application))
    client.force_login(application.lead_contact)
    page = reverse("awards:application_detail", args=[application.pk])
    text = client.get(page).content.decode()
    assert "A warm, thorough application." in text
    for secret in ["INTERNAL-NOTE-7f3", "Secret meeting note", "Chair Person"]:
        assert secret not in text
    assert "lived experience" not in text.lower()
    for assignment in seats:
        assert assignment.panellist.get_full_name() not in text
    with scopes_disabled():
        PanelAssignment.objects.filter(pk=seats[0].pk).update(show_name_to_applicant=True)
    text = client.get(page).content.decode()
    assert seats[0].panellist.get_full_name() in text
    assert seats[1].panellist.get_full_name() not in text


def test_decision_page_is_for_chairs_only(scheme, chair, application, client):
    first, _second, _third = panel_in_review(application, chair=chair)
    client.force_login(first.panellist)
    assert client.get(url("decision", application)).status_code == 403


def test_panellist_reads_their_own_review_after_the_decision(scheme, chair, application, client):
    seats = panel_in_review(application, chair=chair)
    for assignment in seats:
        submit_review(assignment)
    record_decision(
        application,
        actor=chair,
        outcome="not_awarded",
        findings={c.pk: Rating.PARTLY_MET for c in criteria_of(application)},
        appraisal_report="Not yet.",
    )
    client.force_login(seats[0].panellist)
    text = client.get(url("review", application)).content.decode()
    assert "Warm welcome." in text
    assert "You submitted this review on" in text
    assert "Submit your review" not in text
