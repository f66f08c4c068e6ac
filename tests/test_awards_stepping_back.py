"""A panellist who stepped back has left the application: no more panel e-mail, no review
of theirs counted (rule 1, the decision page's tally, the API, the reports), no review to
start or save, and their seat shows as free to the chair, who may seat them again."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from awards.enums import Action, ConflictDeclaration, Rating
from awards.models import PanelAssignment
from awards.queries.applications import pipeline
from awards.queries.panels import active_panel, overdue_review_seats, panel_readiness
from awards.services.decisions import record_decision
from awards.services.errors import AwardError, DecisionRefused
from awards.services.panels import assign_panellist, start_review, step_back
from awards.services.questions import answer_question, ask_question
from awards.services.reviews import get_or_start_review, review_to_read, save_review
from sanctuary.models import ActivityLog
from tests.factories.api import token_client
from tests.factories.awards import (
    all_met,
    panel_in_review,
    panellist,
    seat,
    submit_review,
    submitted_application,
)


@pytest.fixture
def application(scheme):
    return submitted_application(scheme, name="Parkside Primary")


def emailed(outbox) -> set[str]:
    return {message.to[0] for message in outbox}


# 1. The active panel hears; a stepped-back or conflicted panellist does not ---------------


def test_a_stepped_back_panellist_receives_no_later_panel_email(
    application, chair, django_capture_on_commit_callbacks
):
    seats = panel_in_review(application, chair=chair, lived_experience=(True, False, False))
    leaving = seats[1]
    conflicted = seat(
        application, panellist(application.network), chair=chair, conflict="personal_link"
    )
    submit_review(seats[0])
    submit_review(seats[2])
    step_back(leaving, actor=leaving.panellist)
    extra = seat(application, panellist(application.network), chair=chair)
    submit_review(extra)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_decision(
            application,
            actor=chair,
            outcome="awarded",
            findings=all_met(application),
            appraisal_report="Welcome is everyday practice.",
        )
    to = emailed(mail.outbox)
    assert {seats[0].panellist.email, seats[2].panellist.email, extra.panellist.email} <= to
    assert leaving.panellist.email not in to
    assert conflicted.panellist.email not in to


def test_a_stepped_back_panellist_does_not_receive_the_applicants_answer(
    application, chair, django_capture_on_commit_callbacks
):
    seats = panel_in_review(application, chair=chair)
    question = ask_question(application, actor=chair, body="Who leads it?", raised_by=seats[0])
    step_back(seats[2], actor=seats[2].panellist)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer_question(question, actor=application.lead_contact, body="Our head teacher.")
    assert sorted(emailed(mail.outbox)) == sorted(
        [chair.email, seats[0].panellist.email, seats[1].panellist.email]
    )


def test_a_stepped_back_seat_is_never_reminded_of_an_overdue_review(application, chair):
    seats = panel_in_review(application, chair=chair)
    step_back(seats[1], actor=seats[1].panellist)
    later = timezone.localdate() + datetime.timedelta(days=365)
    with scopes_disabled():
        overdue = set(overdue_review_seats(later).values_list("pk", flat=True))
        active = set(active_panel(application).values_list("pk", flat=True))
    assert overdue == {seats[0].pk, seats[2].pk}
    assert active == {seats[0].pk, seats[2].pk}


def test_an_invitation_queued_before_stepping_back_is_not_sent(application, chair):
    from awards import tasks

    assignment = seat(application, panellist(application.network), chair=chair)
    step_back(assignment, actor=assignment.panellist)
    mail.outbox.clear()
    sent = tasks.task_notify_panellist_assigned.apply(
        kwargs={"network_id": application.network_id, "assignment_id": assignment.pk}
    ).get()
    assert (sent, mail.outbox) == (0, [])


# 2. Counted reviews: rule 1, the decision page's tally, the API ---------------------------


def test_a_stepped_back_review_counts_neither_towards_rule_one_nor_in_the_tally(
    application, chair, client
):
    seats = panel_in_review(application, chair=chair, lived_experience=(True, False, False))
    for assignment in seats[1:]:
        submit_review(assignment)
    submit_review(seats[0], rating=Rating.NOT_MET)
    with scopes_disabled():
        assert panel_readiness(application, application.submissions.last()).ok
    step_back(seats[0], actor=seats[0].panellist)  # the only one with lived experience
    with scopes_disabled():
        readiness = panel_readiness(application, application.submissions.last())
    assert (readiness.submitted, readiness.has_lived_experience) == (2, False)
    with pytest.raises(DecisionRefused, match="lived experience"):
        record_decision(
            application,
            actor=chair,
            outcome="awarded",
            findings=all_met(application),
            appraisal_report="Good.",
        )
    client.force_login(chair)
    page = client.get(reverse("awards:decision", args=["schools", application.pk]))
    counts = [dict(rows) for _criterion, rows in page.context["tally"]]
    assert counts == [
        {Rating.MET.label: 2, Rating.PARTLY_MET.label: 0, Rating.NOT_MET.label: 0}
    ] * len(counts)
    assert "Reviews from panellists without a conflict of interest: 2 of the 3" in (
        page.content.decode()
    )
    reviews = client.get(reverse("awards:reviews", args=["schools", application.pk]))
    assert seats[0].panellist.get_full_name() not in reviews.content.decode()
    assert len(reviews.context["reviews"]) == 2


def test_the_api_lists_no_stepped_back_review_and_marks_a_recused_one(application, chair):
    seats = panel_in_review(application, chair=chair)
    for assignment in seats:
        submit_review(assignment)
    step_back(seats[0], actor=seats[0].panellist)
    with scopes_disabled():
        PanelAssignment.objects.filter(pk=seats[1].pk).update(
            conflict=ConflictDeclaration.PERSONAL_LINK
        )
    answer = token_client(chair).get(
        f"/api/v1/networks/schools/applications/{application.pk}/reviews/"
    )
    assert answer.status_code == 200
    rows = {row["reviewer"]: row["counted"] for row in answer.json()}
    assert rows == {
        seats[1].panellist.get_full_name(): False,
        seats[2].panellist.get_full_name(): True,
    }


def test_the_reports_count_no_stepped_back_review(application, chair):
    from awards.movement import Filters
    from awards.reports import Period, build

    seats = panel_in_review(application, chair=chair, lived_experience=(True, False, False))
    submit_review(seats[1])
    submit_review(seats[0])
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=1), today)

    def panels() -> list[object]:
        with scopes_disabled():
            table = build(period, Filters(network=application.network), for_staff=True)
        panels_table = table.table("panels")
        assert panels_table is not None
        return [row[1] for row in panels_table.rows]

    assert panels() == [1, 1, 0]
    step_back(seats[0], actor=seats[0].panellist)
    assert panels() == [1, 0, 0]


# 3. Starting and saving a review; the panel page; seating again ---------------------------


def test_a_stepped_back_panellist_cannot_start_or_save_a_review(application, chair):
    seats = panel_in_review(application, chair=chair)
    review = get_or_start_review(seats[0], actor=seats[0].panellist)
    step_back(seats[0], actor=seats[0].panellist)
    with pytest.raises(AwardError, match="You stepped back from this application"):
        get_or_start_review(seats[0], actor=seats[0].panellist)
    review.assignment.stepped_back_at = seats[0].stepped_back_at
    with pytest.raises(AwardError, match="You stepped back from this application"):
        save_review(
            review,
            actor=seats[0].panellist,
            ratings={},
            strengths="",
            improvements="",
            questions="",
        )
    step_back(seats[1], actor=seats[1].panellist)
    assert review_to_read(seats[1], actor=seats[1].panellist) is None


def test_opening_the_review_does_not_count_a_stepped_back_seat(application, chair):
    seats = [
        seat(application, panellist(application.network, lived_experience=flag), chair=chair)
        for flag in (True, False, False)
    ]
    step_back(seats[2], actor=seats[2].panellist)
    with pytest.raises(AwardError, match=r"at least 3 panellists .* it has 2"):
        start_review(application, actor=chair)
    step_back(seats[0], actor=seats[0].panellist)
    seat(application, panellist(application.network), chair=chair)
    seat(application, panellist(application.network), chair=chair)
    with pytest.raises(AwardError, match="lived experience"):
        start_review(application, actor=chair)
    with scopes_disabled():
        assert pipeline(application.network).get(pk=application.pk).panel_size == 3


def test_the_panel_page_shows_a_stepped_back_seat_as_free(application, chair, client):
    seats = panel_in_review(application, chair=chair, lived_experience=(True, False, False))
    leaving = seats[0]
    step_back(leaving, actor=leaving.panellist)
    client.force_login(chair)
    page = client.get(reverse("awards:panel_assign", args=["schools", application.pk]))
    text = page.content.decode()
    assert "1 seat is free: its panellist stepped back." in text
    panel_section = text.split('id="panel-title"')[1].split('id="suggested-title"')[0]
    assert leaving.panellist.get_full_name() not in panel_section
    assert (
        f'name="panellists" value="{leaving.panellist.pk}"'
        in text.split('id="candidates-title"')[1]
    )
    assert [s.user.pk for s in page.context["suggestions"]] == []
    assert {c.user.pk for c in page.context["seated"]} == {
        seats[1].panellist.pk,
        seats[2].panellist.pk,
    }


def test_the_chair_may_seat_a_stepped_back_panellist_again(
    application, chair, django_capture_on_commit_callbacks
):
    seats = panel_in_review(application, chair=chair, lived_experience=(True, False, False))
    for assignment in seats:
        submit_review(assignment)
    step_back(seats[0], actor=seats[0].panellist)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = assign_panellist(application, seats[0].panellist, actor=chair)
    assert again.pk == seats[0].pk
    assert again.stepped_back_at is None
    assert [m.to for m in mail.outbox] == [[seats[0].panellist.email]]
    with scope(network=application.network):
        logged = ActivityLog.objects.filter(action=Action.PANEL_RESEATED).get()
        assert (logged.actor, logged.data["panellist"]) == (chair, seats[0].panellist.pk)
        assert panel_readiness(application, application.submissions.last()).ok
    record_decision(
        application,
        actor=chair,
        outcome="awarded",
        findings=all_met(application),
        appraisal_report="Welcome is everyday practice.",
    )
