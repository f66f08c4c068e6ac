"""After the decision: more evidence and resubmission, awards, the public list, renewals,
and the e-mails of each step in each recipient's language."""

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django_scopes import scopes_disabled

from awards.enums import ApplicationKind, ApplicationState, AwardState, Rating
from awards.models import Award, EvidenceFile, EvidenceLink
from awards.services.applications import (
    add_evidence_link,
    save_response,
    start_application,
    submit_application,
)
from awards.services.decisions import record_decision
from awards.services.errors import AwardError, DecisionRefused
from awards.services.panels import assign_panellist, start_review
from awards.services.reviews import get_or_start_review
from awards.services.state import withdraw_award
from tests.factories import UserFactory
from tests.factories.awards import (
    PDF_BYTES,
    all_met,
    award,
    criteria_of,
    panel_in_review,
    reload,
    responses_of,
    submit_review,
    submitted_application,
)


def reviewed(application, chair):
    seats = panel_in_review(application, chair=chair)
    for assignment in seats:
        submit_review(assignment)
    return seats


def ask_for_more(application, chair):
    findings = all_met(application)
    findings[criteria_of(application)[1].pk] = Rating.PARTLY_MET
    return record_decision(
        application,
        actor=chair,
        outcome="more_evidence",
        findings=findings,
        appraisal_report="Strong on learning; we would like to see more of the embedding.",
        evidence_requested="Minutes of the governors' meeting that adopted the welcome policy.",
        evidence_due_on=datetime.date.today() + datetime.timedelta(days=30),
    )


def test_applicant_sees_exactly_what_was_asked(scheme, chair, client):
    application = submitted_application(scheme)
    reviewed(application, chair)
    decision = ask_for_more(application, chair)
    client.force_login(application.lead_contact)
    text = client.get(reverse("awards:application_detail", args=[application.pk])).content.decode()
    assert "Minutes of the governors&#x27; meeting that adopted the welcome policy." in text
    assert decision.evidence_due_on.strftime("%-d %B %Y") in text
    assert "Minimum criterion 2" in text
    assert reload(application).state == ApplicationState.MORE_EVIDENCE_REQUESTED


def test_more_evidence_needs_what_and_by_when(scheme, chair):
    application = submitted_application(scheme)
    reviewed(application, chair)
    with pytest.raises(
        DecisionRefused, match=r"Say what more evidence is needed\. Give a date after the decision"
    ) as refused:
        record_decision(
            application,
            actor=chair,
            outcome="more_evidence",
            findings=all_met(application),
            appraisal_report="More please.",
        )
    assert refused.value.problems == [
        "Say what more evidence is needed.",
        "Give a date after the decision by which it is needed.",
    ]


def test_resubmission_shows_the_panel_what_changed(scheme, chair, client):
    application = submitted_application(scheme)
    seats = reviewed(application, chair)
    ask_for_more(application, chair)
    second = next(
        r for r in responses_of(application) if r.criterion.title == "Minimum criterion 2"
    )
    save_response(
        second,
        actor=application.lead_contact,
        self_assessment="in_place",
        narrative="Governors adopted the welcome policy in March.",
    )
    add_evidence_link(
        second, actor=application.lead_contact, url="https://example.org/minutes", title="Minutes"
    )
    submission = submit_application(application, actor=application.lead_contact)
    assert (submission.number, reload(application).state) == (2, ApplicationState.RESUBMITTED)
    client.force_login(seats[0].panellist)
    page = reverse("awards:panel_application", args=[scheme.network.slug, application.pk])
    text = client.get(page).content.decode()
    assert "What changed since submission 1" in text
    assert "What we did for Minimum criterion 2." in text
    assert "Governors adopted the welcome policy in March." in text
    assert "Links added: Minutes" in text
    assert text.count('<div class="change">') == 1


def test_resubmitted_application_is_reviewed_again_and_awarded(scheme, chair):
    application = submitted_application(scheme)
    seats = reviewed(application, chair)
    ask_for_more(application, chair)
    submit_application(application, actor=application.lead_contact)
    start_review(application, actor=chair)
    # The reviews of submission 1 do not decide submission 2.
    with pytest.raises(DecisionRefused, match=r"0 of the 3 reviews this award needs"):
        award(application, chair=chair)
    review = get_or_start_review(seats[0], actor=seats[0].panellist)
    with scopes_disabled():
        carried = {r.criterion_id: r.rating for r in review.ratings.all()}
    assert carried == all_met(application)  # a second review starts from the first
    for assignment in seats:
        submit_review(assignment)
    award(application, chair=chair, decided_on=datetime.date(2026, 6, 1))
    with scopes_disabled():
        issued = Award.objects.get(application=application)
    assert (issued.awarded_on, issued.expires_on) == (
        datetime.date(2026, 6, 1),
        datetime.date(2029, 6, 1),
    )


def test_award_appears_on_the_public_list_and_the_organisation_page(scheme, chair, client):
    application = submitted_application(scheme)
    reviewed(application, chair)
    award(application, chair=chair, decided_on=datetime.date(2026, 5, 14))
    public = client.get(reverse("awards:awarded_list")).content.decode()
    assert application.organisation.name in public
    assert "14 May 2029" in public
    client.force_login(application.lead_contact)
    page = reverse("members:organisation_detail", args=[application.organisation.slug])
    text = client.get(page).content.decode()
    assert "awarded on 14 May 2026, valid until 14 May 2029" in text


def test_public_list_leaves_out_withdrawn_awards(scheme, chair, client):
    application = submitted_application(scheme)
    reviewed(application, chair)
    award(application, chair=chair)
    with scopes_disabled():
        issued = Award.objects.get()
    with pytest.raises(AwardError, match="Only movement staff"):
        withdraw_award(issued, actor=chair, reason="A complaint upheld.")
    withdraw_award(issued, actor=UserFactory(is_staff=True), reason="A complaint upheld.")
    assert (
        application.organisation.name
        not in client.get(reverse("awards:awarded_list")).content.decode()
    )
    with scopes_disabled():
        issued.refresh_from_db()
    assert (issued.state, issued.withdrawn_reason) == (AwardState.WITHDRAWN, "A complaint upheld.")


def test_renewal_starts_from_the_previous_evidence_marked_carried_forward(scheme, chair, client):
    application = submitted_application(scheme)
    first = next(r for r in responses_of(application))
    with scopes_disabled():
        pdf = EvidenceFile(
            response=first,
            original_name="policy.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
            uploaded_by=application.lead_contact,
        )
        pdf.file.save("x", ContentFile(PDF_BYTES), save=False)
        pdf.save()
        EvidenceLink.objects.create(response=first, url="https://example.org/a", title="A")
    reviewed(application, chair)
    award(application, chair=chair)
    renewal = start_application(application.organisation, scheme, actor=application.lead_contact)
    with scopes_disabled():
        previous_award = Award.objects.get(application=application)
        renewed_first = renewal.responses.get(criterion=first.criterion)
        files = list(renewed_first.files.values_list("original_name", "carried_forward", "file"))
        links = list(renewed_first.links.values_list("url", "carried_forward"))
    assert (renewal.kind, renewal.renews) == (ApplicationKind.RENEWAL, previous_award)
    assert (renewed_first.narrative, renewed_first.carried_forward) == (first.narrative, True)
    assert files == [("policy.pdf", True, pdf.file.name)]
    assert links == [("https://example.org/a", True)]
    client.force_login(application.lead_contact)
    page = client.get(reverse("awards:application_detail", args=[renewal.pk])).content.decode()
    assert "Carried forward" in page
    # Changing the text makes it the applicant's own again.
    save_response(
        renewed_first, actor=application.lead_contact, self_assessment="in_place", narrative="New"
    )
    with scopes_disabled():
        renewed_first.refresh_from_db()
    assert renewed_first.carried_forward is False


def test_renewal_award_marks_the_previous_award_renewed(scheme, chair):
    application = submitted_application(scheme)
    reviewed(application, chair)
    award(application, chair=chair)
    renewal = start_application(application.organisation, scheme, actor=application.lead_contact)
    submit_application(renewal, actor=application.lead_contact)
    reviewed(renewal, chair)
    award(renewal, chair=chair)
    with scopes_disabled():
        states = dict(Award.objects.values_list("application_id", "state"))
    assert states == {application.pk: AwardState.RENEWED, renewal.pk: AwardState.ACTIVE}


# E-mails ------------------------------------------------------------------------------------


def test_emails_go_after_commit_to_each_person_in_their_language(
    scheme, chair, django_capture_on_commit_callbacks
):
    application = submitted_application(scheme)
    lead = application.lead_contact
    lead.preferred_language = "cy"
    lead.save(update_fields=["preferred_language"])
    seats = panel_in_review(application, chair=chair)
    for assignment in seats:
        submit_review(assignment)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        award(application, chair=chair, decided_on=datetime.date(2026, 5, 14))
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    to = {message.to[0]: message for message in mail.outbox}
    assert set(to) == {lead.email, *(s.panellist.email for s in seats)}
    # The Welsh catalogue (locale/cy) writes the words, Django's own the month.
    assert to[lead.email].subject == "Llongyfarchiadau: eich Gwobr Noddfa"
    assert "Mae'r wobr yn ddilys tan 14 Mai 2029." in to[lead.email].body
    for assignment in seats:
        body = to[assignment.panellist.email].body
        assert body.startswith(f"Hello {assignment.panellist.get_short_name()},")
        for other in seats:
            if other is not assignment:
                assert other.panellist.get_full_name() not in body
    assert "Chair Person" not in to[lead.email].body


def test_more_evidence_email_says_what_and_by_when_in_the_applicant_language(
    scheme, chair, django_capture_on_commit_callbacks
):
    application = submitted_application(scheme)
    lead = application.lead_contact
    lead.preferred_language = "ar"
    lead.save(update_fields=["preferred_language"])
    reviewed(application, chair)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = ask_for_more(application, chair)
    message = next(m for m in mail.outbox if m.to == [lead.email])
    assert "Minutes of the governors' meeting that adopted the welcome policy." in message.body
    with translation.override("ar"):
        due = date_format(decision.evidence_due_on, "j F Y")
    assert due in message.body
    assert reverse("awards:application_detail", args=[application.pk]) in message.body


def test_panellist_hears_when_seated(scheme, chair, django_capture_on_commit_callbacks):
    from tests.factories.awards import panellist

    application = submitted_application(scheme)
    person = panellist(scheme.network, name="Nia Reviewer")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assign_panellist(application, person, actor=chair)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([person.email], "You are invited to sit on a Sanctuary Award panel")
    ]
    assert application.organisation.name in mail.outbox[0].body
