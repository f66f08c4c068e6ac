"""Around the review: the panel's questions and the applicant's answers, appraisal visits
with a calendar file, concerns about an award, and care for panellists. Each rule is tested
with data that could leak: a panellist's name, a panel note, another organisation."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from awards.calendar import escape_text, fold, visit_event
from awards.enums import AwardState, ComplaintState, VisitMode
from awards.models import Award, Complaint, PanelAssignment
from awards.queries.panels import panel_readiness
from awards.services.complaints import (
    decide_complaint,
    raise_complaint,
    respond_to_complaint,
    take_complaint_into_review,
)
from awards.services.decisions import record_decision
from awards.services.errors import AwardError, DecisionRefused
from awards.services.panels import step_back
from awards.services.questions import add_panel_note, answer_question, ask_question
from awards.services.state import set_award_state
from awards.services.visits import add_visit_note, confirm_visit, offer_visit_dates
from tests.conftest import clear_own_cache
from tests.factories import UserFactory
from tests.factories.awards import (
    all_met,
    applicant,
    coordinator,
    future,
    panel_in_review,
    panellist,
    seat,
    submit_review,
    submitted_application,
)
from tests.factories.certificates import issued_award


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The concern form counts posts per address in the cache; each test starts at zero."""
    clear_own_cache()


@pytest.fixture
def application(scheme):
    return submitted_application(scheme, name="Parkside Primary")


def in_review(application, chair):
    return panel_in_review(application, chair=chair)


# Questions and answers ---------------------------------------------------------------------


def test_question_email_hides_a_panellist_who_did_not_choose_to_show_their_name(
    application, chair, django_capture_on_commit_callbacks
):
    seats = in_review(application, chair)
    hidden = seats[1]
    with django_capture_on_commit_callbacks(execute=True):
        ask_question(application, actor=chair, body="How do pupils take part?", raised_by=hidden)
    assert [m.to for m in mail.outbox] == [[application.lead_contact.email]]
    body = mail.outbox[0].body
    assert "How do pupils take part?" in body
    assert "The panel for the School of Sanctuary asks" in body
    assert hidden.panellist.get_full_name() not in body
    assert chair.get_full_name() not in body


def test_answer_email_to_the_panel_names_no_panellist(
    application, chair, django_capture_on_commit_callbacks
):
    seats = in_review(application, chair)
    with scopes_disabled():
        PanelAssignment.objects.filter(pk=seats[0].pk).update(show_name_to_applicant=True)
        seats[0].refresh_from_db()
    question = ask_question(application, actor=chair, body="Who leads it?", raised_by=seats[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer_question(question, actor=application.lead_contact, body="Our head teacher.")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([chair.email, *[s.panellist.email for s in seats]])
    for message in mail.outbox:
        assert "Our head teacher." in message.body
        for assignment in seats:
            assert assignment.panellist.get_full_name() not in message.body


def test_applicant_page_shows_the_thread_without_panel_notes_or_hidden_names(
    application, chair, client
):
    seats = in_review(application, chair)
    with scopes_disabled():
        PanelAssignment.objects.filter(pk=seats[0].pk).update(show_name_to_applicant=True)
        seats[0].refresh_from_db()
    ask_question(application, actor=chair, body="First question", raised_by=seats[0])
    ask_question(application, actor=chair, body="Second question", raised_by=seats[1])
    add_panel_note(application, actor=seats[2].panellist, body="PANEL-ONLY-NOTE-41")
    client.force_login(application.lead_contact)
    page = reverse("awards:application_questions", args=[application.pk])
    text = client.get(page).content.decode()
    assert text.index("First question") < text.index("Second question")
    assert f"{seats[0].panellist.get_full_name()} asks" in text
    assert seats[1].panellist.get_full_name() not in text
    assert "The panel asks" in text
    assert "PANEL-ONLY-NOTE-41" not in text
    detail = client.get(reverse("awards:application_detail", args=[application.pk]))
    assert "PANEL-ONLY-NOTE-41" not in detail.content.decode()
    assert "2 waiting for an answer" in detail.content.decode()


def test_applicant_answers_on_the_page_and_the_panel_reads_it_with_its_notes(
    application, chair, client
):
    in_review(application, chair)
    question = ask_question(application, actor=chair, body="Tell us more")
    add_panel_note(application, actor=chair, body="PANEL-ONLY-NOTE-42")
    client.force_login(application.lead_contact)
    page = reverse("awards:application_questions", args=[application.pk])
    response = client.post(page, {"question": question.pk, "body": "Here is more."})
    assert response.status_code == 302
    client.force_login(chair)
    panel_page = reverse("awards:panel_questions", args=[application.network.slug, application.pk])
    text = client.get(panel_page).content.decode()
    assert "Here is more." in text
    assert "PANEL-ONLY-NOTE-42" in text


def test_only_the_chair_asks_and_only_applicants_answer(application, chair):
    seats = in_review(application, chair)
    with pytest.raises(AwardError, match="chair asks"):
        ask_question(application, actor=seats[0].panellist, body="Mine?")
    question = ask_question(application, actor=chair, body="Ours")
    with pytest.raises(AwardError, match="work on the application answer"):
        answer_question(question, actor=seats[0].panellist, body="Not mine to answer")
    _other_org, other_contact = applicant(application.scheme, name="Other Primary")
    with pytest.raises(AwardError, match="work on the application answer"):
        answer_question(question, actor=other_contact, body="Nor mine")


def test_another_organisations_contact_gets_404_on_the_questions(application, chair, client):
    in_review(application, chair)
    ask_question(application, actor=chair, body="SECRET-QUESTION-7")
    _org, other_contact = applicant(application.scheme, name="Other Primary")
    client.force_login(other_contact)
    page = reverse("awards:application_questions", args=[application.pk])
    assert client.get(page).status_code == 404


# Appraisal visits --------------------------------------------------------------------------


def test_visit_booked_from_offered_dates_sends_both_a_calendar_file(
    application, chair, django_capture_on_commit_callbacks
):
    in_review(application, chair)
    offered = offer_visit_dates(
        application, actor=application.lead_contact, dates=[future(10, 10), future(12, 14)]
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirm_visit(
            offered[1],
            actor=chair,
            mode=VisitMode.IN_PERSON,
            address="Parkside Primary, 1 Long Road; Sheffield, S1 1AA",
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [application.lead_contact.email, chair.email]
    )
    for message in mail.outbox:
        (name, content, mimetype) = message.attachments[0]
        assert (name, mimetype.split(";")[0]) == ("visit.ics", "text/calendar")
        assert content.startswith("BEGIN:VCALENDAR\r\n")
        assert f"UID:{offered[1].uid}@sanctuary-visit\r\n" in content
        start = offered[1].starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        assert f"DTSTART:{start}\r\n" in content
        assert "LOCATION:Parkside Primary\\, 1 Long Road\\; Sheffield\\, S1 1AA\r\n" in content
        assert all(len(line.encode()) <= 75 for line in content.split("\r\n"))
    with pytest.raises(AwardError, match="confirmed already"):
        confirm_visit(offered[0], actor=chair, mode=VisitMode.ONLINE, online_link="https://x.org")


def test_visit_notes_reach_the_applicant_only_when_marked(application, chair, client):
    in_review(application, chair)
    offered = offer_visit_dates(application, actor=application.lead_contact, dates=[future(5, 9)])
    visit = confirm_visit(
        offered[0], actor=chair, mode=VisitMode.ONLINE, online_link="https://meet.example.org/a"
    )
    add_visit_note(visit, actor=chair, body="VISIT-INTERNAL-9")
    add_visit_note(visit, actor=chair, body="Thank you for the tour.", for_applicant=True)
    client.force_login(application.lead_contact)
    text = client.get(reverse("awards:application_visit", args=[application.pk])).content
    assert b"Thank you for the tour." in text
    assert b"VISIT-INTERNAL-9" not in text
    assert b"https://meet.example.org/a" in text


def test_applicant_offers_dates_on_the_page(application, chair, client):
    in_review(application, chair)
    client.force_login(application.lead_contact)
    day = (timezone.localdate() + datetime.timedelta(days=9)).isoformat()
    page = reverse("awards:application_visit", args=[application.pk])
    response = client.post(page, {"day_1": day, "from_1": "10:00", "to_1": "12:00"})
    assert response.status_code == 302
    with scopes_disabled():
        assert application.visit_dates.count() == 1
    bad = client.post(page, {"day_1": day, "from_1": "10:00", "to_1": "09:00"})
    assert "A visit ends after it starts." in bad.content.decode()


def test_calendar_text_is_escaped_and_folded():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("SUMMARY:" + "é" * 60)
    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 60
    start = datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)
    text = visit_event(
        uid="u1",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        summary="Visit",
        url="https://meet.example.org/x",
        stamp=start,
    )
    assert "DTSTAMP:20260701T090000Z\r\n" in text
    assert "URL:https://meet.example.org/x\r\n" in text
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")


# Complaints --------------------------------------------------------------------------------


@pytest.fixture
def held(scheme):
    return issued_award(scheme, awarded_on=timezone.localdate() - datetime.timedelta(days=30))


def test_anyone_raises_a_concern_and_staff_suspend_then_the_public_pages_say_so(
    held, client, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        number = held.certificate_number or "COS-TEST-1"
        Award.objects.filter(pk=held.pk).update(certificate_number=number)
    page = reverse("awards:complaint_raise", args=[number])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page,
            {"name": "Sam Visitor", "email": "sam@example.org", "body": "They turned us away."},
        )
    assert "Thank you for telling us" in response.content.decode()
    assert mail.outbox[-1].to == ["sam@example.org"]
    with scopes_disabled():
        complaint = Complaint.objects.get()
    staff = UserFactory(is_staff=True)
    take_complaint_into_review(complaint, actor=staff)
    decide_complaint(
        complaint, actor=staff, outcome=ComplaintState.SUSPENDED, reason="Looking into it."
    )
    with scopes_disabled():
        held.refresh_from_db()
    assert held.state == AwardState.SUSPENDED
    verify = client.get(reverse("awards:verify", args=[number])).content.decode()
    assert "This award is suspended" in verify
    listed = client.get(reverse("awards:awarded_list")).content.decode()
    assert "Suspended" in listed
    decide_complaint(
        complaint, actor=staff, outcome=ComplaintState.WITHDRAWN, reason="The concern is upheld."
    )
    with scopes_disabled():
        held.refresh_from_db()
    assert (held.state, held.withdrawn_reason) == (AwardState.WITHDRAWN, "The concern is upheld.")
    verify = client.get(reverse("awards:verify", args=[number])).content.decode()
    assert "This award was withdrawn." in verify


def test_complaint_is_never_visible_to_another_organisation_or_the_networks_coordinator(
    held, scheme, client
):
    staff = UserFactory(is_staff=True)
    complaint = raise_complaint(
        held, actor=None, name="Sam", email="sam@example.org", body="LEAKY-CONCERN-3"
    )
    take_complaint_into_review(complaint, actor=staff)
    other = issued_award(
        scheme, awarded_on=timezone.localdate() - datetime.timedelta(days=9), name="Other School"
    )
    with scopes_disabled():
        own_contact = held.application.lead_contact
        other_contact = other.application.lead_contact
    page = reverse("awards:award_complaint", args=[held.pk, complaint.pk])
    # Another organisation's contact, even under their own award's address: 404.
    client.force_login(other_contact)
    assert client.get(page).status_code == 404
    assert (
        client.get(reverse("awards:award_complaint", args=[other.pk, complaint.pk])).status_code
        == 404
    )
    client.force_login(coordinator(scheme.network))
    assert client.get(page).status_code == 404
    assert client.get(reverse("awards:staff_complaint", args=[complaint.pk])).status_code == 404
    client.force_login(own_contact)
    text = client.get(page).content.decode()
    assert "LEAKY-CONCERN-3" in text
    assert "sam@example.org" not in text
    respond_to_complaint(complaint, actor=own_contact, body="We have talked to the family.")
    with pytest.raises(AwardError, match="contacts respond"):
        respond_to_complaint(complaint, actor=other_contact, body="Not ours")


def test_only_staff_decide_and_the_transitions_map_holds(held, chair):
    complaint = raise_complaint(held, actor=None, name="Sam", email="s@example.org", body="X")
    with pytest.raises(AwardError, match="Only movement staff"):
        take_complaint_into_review(complaint, actor=chair)
    staff = UserFactory(is_staff=True)
    with pytest.raises(AwardError, match="cannot become"):
        decide_complaint(complaint, actor=staff, outcome=ComplaintState.SUSPENDED, reason="x")
    with pytest.raises(AwardError, match="Say why"):
        take_complaint_into_review(complaint, actor=staff)
        decide_complaint(complaint, actor=staff, outcome=ComplaintState.WITHDRAWN, reason=" ")


def test_suspended_award_is_reinstated_and_the_map_refuses_the_rest(held):
    staff = UserFactory(is_staff=True)
    set_award_state(held, AwardState.SUSPENDED, actor=staff)
    with pytest.raises(AwardError, match="cannot become"):
        set_award_state(held, AwardState.RENEWAL_DUE, actor=staff)
    set_award_state(held, AwardState.ACTIVE, actor=staff)
    with scopes_disabled():
        held.refresh_from_db()
    assert held.state == AwardState.ACTIVE


def test_concerns_from_one_address_are_rate_limited(held, client):
    with scopes_disabled():
        Award.objects.filter(pk=held.pk).update(certificate_number="COS-RATE-1")
    page = reverse("awards:complaint_raise", args=["COS-RATE-1"])
    body = {"name": "Sam", "email": "sam@example.org", "body": "Again"}
    statuses = [client.post(page, body).status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 200, 200, 429]


# Care for panellists -----------------------------------------------------------------------


def test_a_stepped_back_lived_experience_panellist_never_counts_towards_rule_one(
    application, chair, django_capture_on_commit_callbacks
):
    seats = in_review(application, chair)  # only the first has lived experience
    for assignment in seats:
        submit_review(assignment)
    with scopes_disabled():
        assert panel_readiness(application, application.submissions.last()).ok
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        step_back(seats[0], actor=seats[0].panellist)
    assert [m.to for m in mail.outbox] == [[chair.email]]
    assert seats[0].panellist.get_full_name() not in mail.outbox[0].body
    assert "A seat is free" in mail.outbox[0].body
    extra = seat(application, panellist(application.network), chair=chair)
    submit_review(extra)
    with pytest.raises(DecisionRefused, match="lived experience"):
        record_decision(
            application,
            actor=chair,
            outcome="awarded",
            findings=all_met(application),
            appraisal_report="Good.",
        )


def test_stepping_back_leaves_the_application_and_tells_the_applicant_nothing(
    application, chair, client
):
    seats = in_review(application, chair)
    client.force_login(seats[1].panellist)
    page = reverse("awards:step_back", args=[application.network.slug, application.pk])
    assert "you do not need to give a reason" in client.get(page).content.decode()
    assert client.post(page).status_code == 302
    evidence = reverse("awards:panel_application", args=[application.network.slug, application.pk])
    assert client.get(evidence).status_code == 404
    client.force_login(application.lead_contact)
    text = client.get(reverse("awards:application_detail", args=[application.pk])).content
    assert b"stepped back" not in text.lower()
    assert seats[1].panellist.get_full_name().encode() not in text


def test_support_contact_shows_on_panellists_pages(application, chair, client):
    seats = in_review(application, chair)
    client.force_login(chair)
    page = reverse("awards:support_contact", args=[application.network.slug])
    bad = client.post(page, {"name": "Ama Support"})
    assert "Give an e-mail address or a phone number." in bad.content.decode()
    client.post(page, {"name": "Ama Support", "phone": "0114 496 0000", "note": "Weekdays"})
    client.force_login(seats[0].panellist)
    text = client.get(
        reverse("awards:panel_questions", args=[application.network.slug, application.pk])
    ).content.decode()
    assert "Ama Support" in text and "0114 496 0000" in text


def test_content_note_puts_a_warning_before_the_evidence(scheme, chair, client):
    from awards.services.applications import add_evidence_link, save_response
    from tests.factories.awards import fill_evidence, responses_of, started_application

    application = started_application(scheme, name="Noted Primary")
    fill_evidence(application)
    response = responses_of(application)[0]
    save_response(
        response,
        actor=application.lead_contact,
        self_assessment="in_place",
        narrative="A hard story.",
        content_note=True,
    )
    add_evidence_link(
        response, actor=application.lead_contact, url="https://example.org/v", content_note=True
    )
    from awards.services.applications import submit_application

    submit_application(application, actor=application.lead_contact)
    client.force_login(chair)
    text = client.get(
        reverse("awards:panel_application", args=[application.network.slug, application.pk])
    ).content.decode()
    assert text.count('<details class="content-note">') == 2
    assert "contains distressing content" in text


def test_the_api_never_gives_the_applicant_a_panel_note_or_a_hidden_name(application, chair):
    from tests.factories.api import token_client

    seats = in_review(application, chair)
    with scopes_disabled():
        PanelAssignment.objects.filter(pk=seats[0].pk).update(show_name_to_applicant=True)
        seats[0].refresh_from_db()
    ask_question(application, actor=chair, body="Shown", raised_by=seats[0])
    ask_question(application, actor=chair, body="Hidden", raised_by=seats[1])
    add_panel_note(application, actor=chair, body="PANEL-ONLY-NOTE-43")
    applicant_api = token_client(application.lead_contact)
    answer = applicant_api.get(f"/api/v1/me/applications/{application.pk}/questions/").json()
    assert [(q["body"], q["asked_by"]) for q in answer["results"]] == [
        ("Shown", seats[0].panellist.get_full_name()),
        ("Hidden", None),
    ]
    text = str(answer)
    assert "PANEL-ONLY-NOTE-43" not in text
    assert seats[1].panellist.get_full_name() not in text
    panel_api = token_client(chair)
    thread = panel_api.get(
        f"/api/v1/networks/schools/applications/{application.pk}/questions/"
    ).json()
    assert [entry["kind"] for entry in thread["results"]] == ["question", "question", "panel_note"]
