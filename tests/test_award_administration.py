"""Award administration from pages: withdrawing with a reason, the history of earlier awards
on the organisation's page, a lapsed award's renewal, the certificate from the application."""

import datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from awards.enums import ApplicationKind, AwardState
from awards.models import Award
from awards.renewals import run_renewal_sweep
from awards.services.applications import start_application
from sanctuary.models import ActivityLog
from tests.factories import StreamFactory
from tests.factories.awards import (
    award,
    coordinator,
    panel_in_review,
    responses_of,
    scheme_with_criteria,
    submit_review,
    submitted_application,
)
from tests.factories.certificates import held_award


@pytest.fixture
def held(db):
    stream = StreamFactory(name="Schools Awards", slug="school-awards")
    scheme = scheme_with_criteria(stream, name="School of Sanctuary")
    chair = coordinator(stream)
    application = submitted_application(scheme, name="Parkside Primary")
    for seat in panel_in_review(application, chair=chair):
        submit_review(seat)
    issued = award(application, chair=chair, decided_on=datetime.date(2026, 3, 2)).award
    return issued, chair


def reload(found):
    with scopes_disabled():
        return Award.objects.get(pk=found.pk)


def test_staff_withdraw_an_award_with_a_reason(held, client, world):
    issued, _chair = held
    url = reverse("awards:award_withdraw", args=[issued.pk])
    client.force_login(world.staff)
    refused = client.post(url, {"reason": "   "})
    assert refused.status_code == 200
    assert reload(issued).state == AwardState.ACTIVE
    response = client.post(url, {"reason": "The complaint of May was upheld."})
    assert response.status_code == 302
    withdrawn = reload(issued)
    assert (withdrawn.state, withdrawn.withdrawn_reason) == (
        AwardState.WITHDRAWN,
        "The complaint of May was upheld.",
    )
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="awards.award.withdrawn")
    assert (entry.actor, entry.data["reason"]) == (world.staff, "The complaint of May was upheld.")
    public = client.get(reverse("awards:verify", args=[issued.certificate_number]))
    assert "This award was withdrawn." in public.content.decode()
    detail = client.get(reverse("awards:award_detail", args=[issued.pk])).content.decode()
    assert "The complaint of May was upheld." in detail
    assert "Withdraw this award" not in detail


def test_only_staff_withdraw(held, client):
    issued, chair = held
    url = reverse("awards:award_withdraw", args=[issued.pk])
    contact = issued.application.lead_contact
    for person in (contact, chair):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "Because."}).status_code == 404
    assert reload(issued).state == AwardState.ACTIVE
    detail = client.get(reverse("awards:award_detail", args=[issued.pk]))
    assert detail.status_code == 404  # the chair is no contact of the school
    client.force_login(contact)
    page = client.get(reverse("awards:award_detail", args=[issued.pk])).content.decode()
    assert "Withdraw this award" not in page


def test_lapsed_award_keeps_its_history_and_prefills_the_renewal(held, client):
    issued, chair = held
    run_renewal_sweep(today=datetime.date(2029, 4, 10))
    assert reload(issued).state == AwardState.LAPSED
    contact = issued.application.lead_contact
    client.force_login(contact)
    page = client.get(issued.organisation.get_absolute_url()).content.decode()
    assert "Earlier awards" in page
    assert "Lapsed" in page
    renewal = start_application(issued.organisation, issued.scheme, actor=contact)
    assert (renewal.kind, renewal.renews_id) == (ApplicationKind.RENEWAL, issued.pk)
    with scopes_disabled():
        carried = [(r.carried_forward, bool(r.narrative)) for r in responses_of(renewal)]
    assert carried and all(carried_forward for carried_forward, _ in carried)
    # Awarded again: a new award of the next cycle; the lapsed one stays in the history.
    from awards.services.applications import submit_application

    submit_application(renewal, actor=contact)
    for seat in panel_in_review(renewal, chair=chair):
        submit_review(seat)
    again = award(renewal, chair=chair).award
    assert (again.cycle, reload(issued).state) == (2, AwardState.LAPSED)


def test_withdrawn_award_stays_on_the_organisations_page(held, client, world):
    issued, _chair = held
    client.force_login(world.staff)
    client.post(reverse("awards:award_withdraw", args=[issued.pk]), {"reason": "Upheld."})
    page = client.get(issued.organisation.get_absolute_url()).content.decode()
    assert "Earlier awards" in page
    assert "Withdrawn" in page


def test_awarded_application_links_to_its_certificate(world, client):
    issued = held_award(world)
    client.force_login(world.contact_a)
    page = client.get(reverse("awards:application_detail", args=[issued.application_id]))
    html = page.content.decode()
    assert reverse("awards:award_detail", args=[issued.pk]) in html
    assert reverse("awards:certificate_download", args=[issued.pk]) in html
