"""The API around the review: visits, concerns and check-ins, through the same services and
the same rules as the pages. Each test has data that could leak: another organisation's
contact, a panellist's name, who raised a concern, staff's notes."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from awards.enums import AwardState, ComplaintState, VisitMode
from awards.models import Application, Award, CheckIn, Complaint, PanelAssignment
from awards.services.check_ins import schedule_check_ins
from awards.services.complaints import (
    add_complaint_note,
    raise_complaint,
    take_complaint_into_review,
)
from awards.services.panels import step_back
from awards.services.visits import add_visit_note, confirm_visit, offer_visit_dates
from tests.factories import UserFactory, give_mfa
from tests.factories.api import token_client
from tests.factories.awards import (
    applicant,
    coordinator,
    future,
    panel_in_review,
    submitted_application,
)
from tests.factories.certificates import issued_award

ME = "/api/v1/me"


@pytest.fixture
def application(scheme):
    return submitted_application(scheme, name="Parkside Primary")


@pytest.fixture
def staff(db):
    return give_mfa(UserFactory(is_staff=True, full_name="Stella Staff"))


def iso(when: datetime.datetime) -> str:
    return when.isoformat()


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


# Visits -----------------------------------------------------------------------------------


def test_the_applicant_offers_dates_and_lists_them_through_the_api(application, chair):
    panel_in_review(application, chair=chair)
    api = token_client(application.lead_contact)
    first, second = future(10, 10), future(11, 14)
    offered = api.post(
        f"{ME}/applications/{application.pk}/visits/",
        {"dates": [{"starts_at": iso(s), "ends_at": iso(e)} for s, e in (second, first)]},
        "application/json",
    )
    assert offered.status_code == 201
    assert [moment(row["starts_at"]) for row in offered.json()] == [first[0], second[0]]
    listed = api.get(f"{ME}/applications/{application.pk}/visits/").json()
    assert [(row["confirmed"], row["shared_notes"]) for row in listed] == [(False, [])] * 2
    month = datetime.timedelta(days=30)
    past = api.post(
        f"{ME}/applications/{application.pk}/visits/",
        {"dates": [{"starts_at": iso(first[0] - month), "ends_at": iso(first[1] - month)}]},
        "application/json",
    )
    assert (past.status_code, past.json()["detail"]) == (400, "Offer dates in the future.")


def test_another_organisation_gets_404_for_the_visits_of_an_application(application, scheme):
    _other, stranger = applicant(scheme, name="Other Primary")
    answer = token_client(stranger).get(f"{ME}/applications/{application.pk}/visits/")
    assert answer.status_code == 404


def test_the_chair_confirms_and_the_panel_reads_notes_the_applicant_reads_only_shared_ones(
    application, chair
):
    seats = panel_in_review(application, chair=chair)
    offered = offer_visit_dates(
        application, actor=application.lead_contact, dates=[future(10, 10), future(12, 10)]
    )
    base = f"/api/v1/networks/schools/applications/{application.pk}/visits"
    panellist_api = token_client(seats[1].panellist)
    refused = panellist_api.post(
        f"{base}/{offered[0].pk}/confirm/",
        {"visit_mode": VisitMode.ONLINE, "online_link": "https://meet.example.org/x"},
        "application/json",
    )
    assert (refused.status_code, refused.json()["detail"]) == (
        400,
        "The panel's chair confirms the visit.",
    )
    confirmed = token_client(chair).post(
        f"{base}/{offered[1].pk}/confirm/",
        {"visit_mode": VisitMode.IN_PERSON, "address": "1 School Lane"},
        "application/json",
    )
    assert confirmed.status_code == 200
    assert (confirmed.json()["confirmed"], confirmed.json()["address"]) == (True, "1 School Lane")
    shared = panellist_api.post(
        f"{base}/{offered[1].pk}/notes/",
        {"body": "Pupils led the tour.", "for_applicant": True},
        "application/json",
    )
    assert shared.status_code == 201
    with scopes_disabled():
        offered[1].refresh_from_db()
    add_visit_note(offered[1], actor=seats[2].panellist, body="PANEL-ONLY-VISIT-NOTE")
    notes = panellist_api.get(f"{base}/").json()[1]["notes"]
    assert [(n["body"], n["for_applicant"]) for n in notes] == [
        ("Pupils led the tour.", True),
        ("PANEL-ONLY-VISIT-NOTE", False),
    ]
    answer = token_client(application.lead_contact).get(
        f"{ME}/applications/{application.pk}/visits/"
    )
    text = answer.content.decode()
    assert [n["body"] for n in answer.json()[1]["shared_notes"]] == ["Pupils led the tour."]
    assert "PANEL-ONLY-VISIT-NOTE" not in text
    for person in [chair, *[seat.panellist for seat in seats]]:
        assert person.get_full_name() not in text
        assert person.email not in text


def test_a_panellist_who_stepped_back_gets_404_for_the_visits(application, chair):
    seats = panel_in_review(application, chair=chair)
    step_back(seats[1], actor=seats[1].panellist)
    answer = token_client(seats[1].panellist).get(
        f"/api/v1/networks/schools/applications/{application.pk}/visits/"
    )
    assert answer.status_code == 404


def test_another_networks_coordinator_gets_404_for_the_panels_visits(application, chair):
    from tests.factories import NetworkFactory

    outsider = coordinator(NetworkFactory(name="Elsewhere", slug="elsewhere"))
    answer = token_client(outsider).get(
        f"/api/v1/networks/schools/applications/{application.pk}/visits/"
    )
    assert answer.status_code == 404


# Concerns ---------------------------------------------------------------------------------


@pytest.fixture
def held(scheme):
    return issued_award(scheme, awarded_on=timezone.localdate() - datetime.timedelta(days=30))


def concern(award: Award, staff) -> Complaint:
    complaint = raise_complaint(
        award, actor=None, name="Vera Visitor", email="vera@example.org", body="Turned away."
    )
    take_complaint_into_review(complaint, actor=staff)
    add_complaint_note(complaint, actor=staff, body="STAFF-ONLY-NOTE-7")
    return complaint


def test_staff_list_read_review_and_decide_concerns_through_the_api(held, staff):
    received = raise_complaint(
        held, actor=None, name="Vera Visitor", email="vera@example.org", body="Turned away."
    )
    api = token_client(staff)
    listed = api.get("/api/v1/staff/concerns/").json()["results"]
    assert [(row["id"], row["name"], row["concern_state"]) for row in listed] == [
        (received.pk, "Vera Visitor", ComplaintState.RECEIVED)
    ]
    base = f"/api/v1/staff/concerns/{received.pk}"
    assert api.post(f"{base}/review/").json()["concern_state"] == ComplaintState.IN_REVIEW
    noted = api.post(f"{base}/notes/", {"body": "Called the school."}, "application/json")
    assert (noted.status_code, noted.json()["entry_kind"]) == (201, "staff_note")
    no_reason = api.post(
        f"{base}/decision/", {"concern_decision": ComplaintState.SUSPENDED}, "application/json"
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"] == {
        "reason": ["Say why, for the record and for the organisation."]
    }
    decided = api.post(
        f"{base}/decision/",
        {"concern_decision": ComplaintState.SUSPENDED, "reason": "Checking."},
        "application/json",
    )
    assert (decided.json()["concern_state"], decided.json()["reason"]) == (
        ComplaintState.SUSPENDED,
        "Checking.",
    )
    assert [entry["body"] for entry in api.get(f"{base}/").json()["entries"]] == [
        "Called the school."
    ]
    with scopes_disabled():
        assert Award.objects.get(pk=held.pk).state == AwardState.SUSPENDED


def test_only_staff_reach_the_staff_concerns(held, staff, chair):
    complaint = concern(held, staff)
    contact = held.application.lead_contact
    for person in (chair, contact):
        api = token_client(person)
        assert api.get("/api/v1/staff/concerns/").status_code == 404
        assert api.get(f"/api/v1/staff/concerns/{complaint.pk}/").status_code == 404
        assert api.post(f"/api/v1/staff/concerns/{complaint.pk}/review/").status_code == 404


def test_the_organisation_reads_and_answers_its_concerns_without_who_raised_them(held, staff):
    complaint = concern(held, staff)
    raise_complaint(held, actor=None, name="Not Yet", email="nyet@example.org", body="UNSEEN-1")
    contact = held.application.lead_contact
    api = token_client(contact)
    listed = api.get(f"{ME}/awards/{held.pk}/concerns/")
    assert [row["id"] for row in listed.json()] == [complaint.pk]
    text = listed.content.decode()
    for hidden in ("Vera Visitor", "vera@example.org", "STAFF-ONLY-NOTE-7", "UNSEEN-1"):
        assert hidden not in text
    answered = api.post(
        f"{ME}/awards/{held.pk}/concerns/{complaint.pk}/responses/",
        {"body": "We have changed the sign-in desk."},
        "application/json",
    )
    assert answered.status_code == 201
    detail = api.get(f"{ME}/awards/{held.pk}/concerns/{complaint.pk}/").json()
    assert [r["body"] for r in detail["responses"]] == ["We have changed the sign-in desk."]
    empty = api.post(
        f"{ME}/awards/{held.pk}/concerns/{complaint.pk}/responses/",
        {"body": "  "},
        "application/json",
    )
    assert empty.status_code == 400


def test_another_organisation_gets_404_for_concerns_and_check_ins(held, staff, scheme):
    complaint = concern(held, staff)
    with scopes_disabled():
        schedule_check_ins(held, actor=None)
        check_in = CheckIn.objects.filter(award=held).first()
    _other, stranger = applicant(scheme, name="Other Primary")
    issued_award(scheme, awarded_on=timezone.localdate(), organisation=_other, contact=stranger)
    api = token_client(stranger)
    for url in (
        f"{ME}/awards/{held.pk}/concerns/",
        f"{ME}/awards/{held.pk}/concerns/{complaint.pk}/",
        f"{ME}/awards/{held.pk}/check-ins/",
        f"{ME}/awards/{held.pk}/check-ins/{check_in.pk}/",
    ):
        assert api.get(url).status_code == 404, url
    assert (
        api.post(
            f"{ME}/awards/{held.pk}/concerns/{complaint.pk}/responses/",
            {"body": "Not ours."},
            "application/json",
        ).status_code
        == 404
    )


# Check-ins --------------------------------------------------------------------------------


def test_the_organisation_lists_and_sends_its_check_in(held):
    with scopes_disabled():
        Application.objects.filter(pk=held.application_id).update(
            action_plan="1. Welcome week\n2. Staff training"
        )
        schedule_check_ins(held, actor=None)
    api = token_client(held.application.lead_contact)
    listed = api.get(f"{ME}/awards/{held.pk}/check-ins/").json()
    assert [(row["months"], row["submitted"]) for row in listed] == [(12, False), (24, False)]
    assert listed[0]["items"] == ["Welcome week", "Staff training"]
    url = f"{ME}/awards/{held.pk}/check-ins/{listed[0]['id']}/"
    wrong = api.post(url, {"progress": ["Done"]}, "application/json")
    assert (wrong.status_code, wrong.json()["detail"]) == (
        400,
        "Say how each item of the action plan is going.",
    )
    sent = api.post(
        url, {"progress": ["Done", "Half way"], "notes": "More soon."}, "application/json"
    )
    assert sent.status_code == 200
    assert (sent.json()["submitted"], sent.json()["progress"]) == (
        True,
        [
            {"item": "Welcome week", "progress": "Done"},
            {"item": "Staff training", "progress": "Half way"},
        ],
    )
    again = api.post(url, {"progress": ["Done", "Half way"]}, "application/json")
    assert again.json()["detail"] == "This check-in is submitted already. Thank you."


def test_coordinators_list_due_and_overdue_check_ins_of_their_network_only(scheme, chair):
    today = timezone.localdate()
    overdue = issued_award(scheme, awarded_on=today - datetime.timedelta(days=400), name="Late")
    due = issued_award(scheme, awarded_on=today - datetime.timedelta(days=350), name="Soon")
    later = issued_award(scheme, awarded_on=today - datetime.timedelta(days=30), name="Fresh")
    for award in (overdue, due, later):
        schedule_check_ins(award, actor=None)
    answer = token_client(chair).get("/api/v1/networks/schools/check-ins/").json()
    assert [(row["organisation"], row["months"], row["overdue"]) for row in answer] == [
        ("Late", 12, True),
        ("Soon", 12, False),
    ]
    from tests.factories import NetworkFactory

    outsider = coordinator(NetworkFactory(name="Elsewhere", slug="elsewhere"))
    assert token_client(outsider).get("/api/v1/networks/schools/check-ins/").status_code == 404
    contact = overdue.application.lead_contact
    assert token_client(contact).get("/api/v1/networks/schools/check-ins/").status_code == 404


def test_a_visit_confirmed_through_the_service_shows_to_the_applicant(application, chair):
    panel_in_review(application, chair=chair)
    (offered,) = offer_visit_dates(
        application, actor=application.lead_contact, dates=[future(9, 9)]
    )
    confirm_visit(
        offered, actor=chair, mode=VisitMode.ONLINE, online_link="https://meet.example.org/a"
    )
    rows = (
        token_client(application.lead_contact)
        .get(f"{ME}/applications/{application.pk}/visits/")
        .json()
    )
    assert [(r["confirmed"], r["visit_mode"], r["online_link"]) for r in rows] == [
        (True, VisitMode.ONLINE, "https://meet.example.org/a")
    ]


def test_the_applicant_reads_no_name_of_a_panellist_who_stepped_back(application, chair):
    seats = panel_in_review(application, chair=chair)
    with scopes_disabled():
        PanelAssignment.objects.filter(pk__in=[seats[0].pk, seats[1].pk]).update(
            show_name_to_applicant=True
        )
        seats[1].refresh_from_db()
    step_back(seats[1], actor=seats[1].panellist)
    answer = token_client(application.lead_contact).get(f"{ME}/applications/{application.pk}/")
    text = answer.content.decode()
    assert seats[0].panellist.get_full_name() in text
    assert seats[1].panellist.get_full_name() not in text
    assert seats[2].panellist.get_full_name() not in text
