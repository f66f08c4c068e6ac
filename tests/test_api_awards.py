"""The award workflow through the API: the same services and rules as the pages."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scopes_disabled

from awards.enums import ApplicationState, ConflictDeclaration, DecisionOutcome, Rating
from awards.models import Application, EvidenceFile
from awards.services.applications import start_application
from awards.services.decisions import record_decision
from awards.services.panels import declare_conflict
from awards.services.state import withdraw_award
from sanctuary.models import ActivityLog
from tests.factories import StreamFactory, UserFactory, give_mfa
from tests.factories.api import token_client
from tests.factories.awards import (
    all_met,
    applicant,
    award_walk,
    criteria_of,
    fill_evidence,
    panel_in_review,
    panellist,
    reload,
    scheme_with_criteria,
    seat,
    submit_review,
    submitted_application,
)
from tests.factories.certificates import held_award
from tests.fakes import EICAR

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ME = "/api/v1/me/applications"


# Applying -----------------------------------------------------------------------------------


def test_an_applicant_starts_describes_and_submits_through_the_api(scheme):
    organisation, contact = applicant(scheme, name="Parkside Primary")
    api = token_client(contact)
    started = api.post(
        f"{ME}/",
        {"organisation": organisation.slug, "scheme": scheme.pk},
        content_type="application/json",
    )
    assert started.status_code == 201
    application = started.json()
    assert (application["state"], application["is_editable"]) == ("draft", True)
    assert len(application["missing"]) == 2
    minimum = [
        r["criterion"]["id"] for r in application["responses"] if r["criterion"]["is_minimum"]
    ]
    for criterion_id in minimum:
        saved = api.patch(
            f"{ME}/{application['id']}/criteria/{criterion_id}/",
            {"self_assessment": "in_place", "narrative": "Our welcome week."},
            content_type="application/json",
        )
        assert saved.json()["narrative"] == "Our welcome week."
    submitted = api.post(f"{ME}/{application['id']}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["number"] == 1 and submitted.json()["state"] == "submitted"
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="awards.application.submitted")
    assert entry.actor == contact
    again = api.post(f"{ME}/{application['id']}/submit/")
    assert again.status_code == 400
    assert again.json()["detail"] == "The application is “Submitted” and cannot be submitted now."


def test_submitting_without_evidence_for_a_minimum_criterion_is_refused(scheme):
    """Rule 2, through the API: the service refuses, and says what is missing."""
    application = submitted_application(scheme, name="Ready School")
    organisation, contact = applicant(scheme, name="Unready School")
    draft = start_application(organisation, scheme, actor=contact)
    fill_evidence(draft, skip={"Minimum criterion 2"})
    response = token_client(contact).post(f"{ME}/{draft.pk}/submit/")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The application is not ready to submit.",
        "errors": {
            "missing": ["“Minimum criterion 2”: add a description, a file or a link as evidence."]
        },
    }
    assert reload(draft).state == ApplicationState.DRAFT
    assert reload(application).state == ApplicationState.SUBMITTED


def upload(api, application, content, name="policy.pdf"):
    criterion = criteria_of(application)[0]
    return api.post(
        f"{ME}/{application.pk}/criteria/{criterion.pk}/files/",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_an_upload_is_checked_before_it_is_stored(scheme):
    organisation, contact = applicant(scheme)
    application = start_application(organisation, scheme, actor=contact)
    api = token_client(contact)
    stored = upload(api, application, PDF, name="assembly photo.jpg")
    assert stored.status_code == 201
    assert (stored.json()["name"], stored.json()["content_type"]) == (
        "assembly_photo.pdf",
        "application/pdf",
    )
    malware = upload(api, application, PDF + EICAR)
    assert malware.status_code == 400
    assert malware.json()["errors"] == {
        "file": ["The file did not pass the virus check, so it was not stored."]
    }
    wrong_kind = upload(api, application, b"<html><script>alert(1)</script>")
    assert wrong_kind.status_code == 400
    assert "its content is not one of the kinds we take" in wrong_kind.json()["errors"]["file"][0]
    with scopes_disabled():
        assert EvidenceFile.objects.count() == 1


def test_a_bad_link_names_the_field(scheme):
    organisation, contact = applicant(scheme)
    application = start_application(organisation, scheme, actor=contact)
    criterion = criteria_of(application)[0]
    response = token_client(contact).post(
        f"{ME}/{application.pk}/criteria/{criterion.pk}/links/",
        {"url": "not a web address"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"url": ["Enter a valid URL."]}


def test_ids_in_a_body_of_another_network_answer_like_missing_ones(world):
    """Rule 4: naming another network's organisation, or a criterion of another network's
    application, answers exactly as a name that does not exist."""
    walk = award_walk(world)
    api = token_client(world.contact_a)
    start = {"scheme": walk.draft.scheme_id}
    foreign = api.post(f"{ME}/", {**start, "organisation": "beta-primary"}, "application/json")
    missing = api.post(f"{ME}/", {**start, "organisation": "no-such-org"}, "application/json")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()

    chair = token_client(world.coordinator_a)
    with scopes_disabled():
        beta = Application.objects.get(organisation=world.organisation_b)
    review = f"/api/v1/networks/alphaville/applications/{walk.application.pk}/review/"

    def rate(criterion_id):
        body = {"ratings": [{"criterion": criterion_id, "rating": "met", "reason": "Seen."}]}
        return chair.put(review, body, content_type="application/json")

    foreign, missing = rate(criteria_of(beta)[0].pk), rate(999999)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


def test_applicants_never_read_panellists_names_unless_shown_nor_internal_notes(scheme, chair):
    """Rule 5, through the API."""
    application = submitted_application(scheme, name="Parkside Primary")
    seats = panel_in_review(application, chair=chair)
    declare_conflict(
        seats[1], actor=seats[1].panellist, conflict="none", show_name_to_applicant=True
    )
    for assignment in seats:
        submit_review(assignment, rating=Rating.PARTLY_MET)
    record_decision(
        application,
        actor=chair,
        outcome=DecisionOutcome.MORE_EVIDENCE,
        findings={c.pk: Rating.PARTLY_MET for c in criteria_of(application)},
        appraisal_report="Lovely start.",
        evidence_requested="Tell us about the parents' group.",
        evidence_due_on=datetime.date.today() + datetime.timedelta(days=30),
        internal_notes="INTERNAL: the head was nervous.",
    )
    response = token_client(application.lead_contact).get(f"{ME}/{application.pk}/")
    data = response.json()
    text = response.content.decode()
    assert data["panellists"] == [seats[1].panellist.get_full_name()]
    for hidden in (seats[0].panellist, seats[2].panellist):
        assert hidden.get_full_name() not in text
    assert "INTERNAL" not in text
    assert data["decision"]["appraisal_report"] == "Lovely start."
    assert data["state"] == "more_evidence_requested" and data["is_editable"] is True


def test_session_requests_need_the_csrf_token_and_token_requests_do_not(scheme):
    organisation, contact = applicant(scheme)
    application = start_application(organisation, scheme, actor=contact)
    url = f"{ME}/{application.pk}/action-plan/"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(contact)
    refused = browser.put(url, {"action_plan": "More."}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("CSRF Failed")
    saved = token_client(contact).put(url, {"action_plan": "More."}, "application/json")
    assert saved.status_code == 200
    assert reload(application).action_plan == "More."


# Panels -------------------------------------------------------------------------------------


def test_a_panellist_declares_reviews_and_only_then_reads_the_others(scheme, chair):
    application = submitted_application(scheme, name="Parkside Primary")
    seats = panel_in_review(application, chair=chair)
    submit_review(seats[1])
    me = seats[0].panellist
    api = token_client(me)
    base = f"/api/v1/networks/schools/applications/{application.pk}"
    mine = api.get("/api/v1/networks/schools/panel/").json()["results"]
    assert [(row["application"]["id"], row["reviewed"]) for row in mine] == [
        (application.pk, False)
    ]
    before = api.get(f"{base}/reviews/")
    assert before.status_code == 403
    assert before.json()["detail"] == (
        "You can read the other reviews once you have submitted your own."
    )
    ratings = [
        {"criterion": c.pk, "rating": "met", "reason": "In the evidence."}
        for c in criteria_of(application)
    ]
    draft = api.put(f"{base}/review/", {"ratings": ratings[:1]}, content_type="application/json")
    assert draft.status_code == 200 and draft.json()["submitted_at"] is None
    incomplete = api.put(
        f"{base}/review/", {"ratings": ratings[:1], "submit": True}, "application/json"
    )
    assert incomplete.status_code == 400
    assert incomplete.json()["detail"].startswith("Rate every criterion and give a reason")
    done = api.put(
        f"{base}/review/",
        {"ratings": ratings, "strengths": "Warm.", "submit": True},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["submitted_at"]
    others = api.get(f"{base}/reviews/").json()
    assert sorted(review["reviewer"] for review in others) == sorted(
        [me.get_full_name(), seats[1].panellist.get_full_name()]
    )
    assert api.get("/api/v1/networks/schools/panel/").json()["results"][0]["reviewed"] is True


def test_a_recused_panellist_cannot_review(scheme, chair):
    application = submitted_application(scheme)
    panel_in_review(application, chair=chair)
    recused = panellist(scheme.network)
    seat(application, recused, chair=chair, conflict=ConflictDeclaration.PERSONAL_LINK)
    response = token_client(recused).put(
        f"/api/v1/networks/schools/applications/{application.pk}/review/",
        {"strengths": "Nice."},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Declare that you have no conflict of interest before reviewing."
    )


# Coordinators and staff ---------------------------------------------------------------------


def test_a_coordinator_pulls_the_networks_applications_as_json_with_a_token(scheme, chair):
    """Issue 6, done: a coordinator's token, their network's applications, as JSON."""
    in_review = submitted_application(scheme, name="Alder School")
    panel_in_review(in_review, chair=chair)
    submitted_application(scheme, name="Birch School")
    organisation, contact = applicant(scheme, name="Drafty School")
    start_application(organisation, scheme, actor=contact)
    elsewhere = scheme_with_criteria(StreamFactory(slug="libraries"), name="Library of Sanctuary")
    submitted_application(elsewhere, name="Central Library")

    api = token_client(chair, "Our reports")
    response = api.get("/api/v1/networks/schools/applications/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    rows = response.json()["results"]
    # The latest change first, as on the network's awards page; never a draft, never another
    # network's.
    assert [(row["organisation"]["name"], row["state"], row["panel_size"]) for row in rows] == [
        ("Birch School", "submitted", 0),
        ("Alder School", "in_review", 3),
    ]
    assert rows[0]["award"] == "School of Sanctuary"
    filtered = api.get("/api/v1/networks/schools/applications/?state=submitted").json()
    assert [row["organisation"]["name"] for row in filtered["results"]] == ["Birch School"]
    assert api.get("/api/v1/networks/libraries/applications/").status_code == 404


def test_the_networks_organisations_for_a_stream_and_for_a_local_group(world):
    api = token_client(world.coordinator_a)
    stream = api.get("/api/v1/networks/schools/organisations/").json()["results"]
    assert [(row["organisation"]["name"], row["membership"]["status"]) for row in stream] == [
        ("Alpha Primary", "active")
    ]
    # Every row through the one nested serializer of each kind: whole, not just the first.
    assert set(stream[0]["organisation"]) == {"slug", "name", "kind", "town", "nation"}
    assert set(stream[0]["membership"]) == {
        "id",
        "status",
        "local_group",
        "routed_to",
        "joined_at",
        "decided_at",
    }
    assert stream[0]["membership"]["routed_to"] is None
    group = api.get("/api/v1/networks/alphaville/organisations/").json()["results"]
    assert [(row["organisation"]["name"], row["membership"]) for row in group] == [
        ("Alpha Primary", None)
    ]


def test_members_list_shows_names_and_roles_only(world):
    rows = token_client(world.coordinator_a).get("/api/v1/networks/alphaville/members/")
    assert sorted((row["name"], row["role"]) for row in rows.json()["results"]) == [
        ("Ada Coordinator", "coordinator"),
        ("Mo Member", "member"),
    ]
    assert "@" not in rows.content.decode()


def test_a_certificate_is_checked_by_its_number(world, client):
    held = held_award(world)
    response = client.get(f"/api/v1/certificates/{held.certificate_number.lower()}/")
    assert response.status_code == 200
    assert response.json() == {
        "certificate_number": held.certificate_number,
        "award": held.scheme.name,
        "organisation": "Alpha Primary",
        "network": {"slug": "alphaville", "name": "Alphaville City of Sanctuary"},
        "awarded_on": "2026-03-02",
        "expires_on": "2029-03-02",
        "status": "active",
        "status_text": "This award is current.",
    }
    assert client.get("/api/v1/certificates/NOPE-1234/").status_code == 404


def test_staff_export_every_award_with_its_state(scheme, chair):
    application = submitted_application(scheme, name="Alder School")
    for assignment in panel_in_review(application, chair=chair):
        submit_review(assignment)
    record_decision(
        application,
        actor=chair,
        outcome=DecisionOutcome.AWARDED,
        findings=all_met(application),
        appraisal_report="Welcome everywhere.",
    )
    staff = give_mfa(UserFactory(is_staff=True))
    with scopes_disabled():
        award = reload(application).award
    withdraw_award(award, actor=staff, reason="A complaint was upheld.")
    assert token_client(chair).get("/api/v1/staff/awards/").status_code == 404
    rows = token_client(staff).get("/api/v1/staff/awards/").json()["results"]
    assert [
        (row["organisation"]["name"], row["status"], row["withdrawn_reason"]) for row in rows
    ] == [("Alder School", "withdrawn", "A complaint was upheld.")]
    public = Client().get("/api/v1/awards/").json()
    assert public["count"] == 0
