"""A renewal reminder leads to the held award's page, which offers the renewal in one button;
the start page then has the one award already chosen."""

import datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from awards.enums import AwardState
from awards.models import Award
from awards.services.applications import start_application
from tests.factories.certificates import issued_award

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(scheme):
    return issued_award(scheme, awarded_on=datetime.date(2026, 5, 14), name="Parkside Primary")


def set_state(award, state) -> None:
    with scopes_disabled():
        Award.objects.filter(pk=award.pk).update(state=state)


def test_an_active_award_does_not_ask_for_renewal(held, client):
    client.force_login(held.application.lead_contact)
    page = client.get(reverse("awards:award_detail", args=[held.pk])).content.decode()
    assert "Start the renewal" not in page


@pytest.mark.parametrize("state", [AwardState.RENEWAL_DUE, AwardState.LAPSED])
def test_an_award_due_or_lapsed_offers_the_renewal(held, client, state):
    set_state(held, state)
    client.force_login(held.application.lead_contact)
    page = client.get(reverse("awards:award_detail", args=[held.pk])).content.decode()
    start = reverse("awards:application_start")
    assert f'href="{start}?organisation={held.organisation.slug}"' in page


def test_a_started_renewal_is_carried_on_not_started_again(held, scheme, client):
    set_state(held, AwardState.RENEWAL_DUE)
    contact = held.application.lead_contact
    renewal = start_application(held.organisation, scheme, actor=contact)
    client.force_login(contact)
    page = client.get(reverse("awards:award_detail", args=[held.pk])).content.decode()
    assert "Start the renewal" not in page
    assert reverse("awards:application_detail", args=[renewal.pk]) in page


def test_the_only_award_to_start_is_chosen_already(held, client):
    set_state(held, AwardState.RENEWAL_DUE)
    client.force_login(held.application.lead_contact)
    url = reverse("awards:application_start") + f"?organisation={held.organisation.slug}"
    page = client.get(url).content.decode()
    value = f"{held.organisation.pk}:{held.scheme.pk}"
    assert f'value="{value}"' in page
    assert "checked" in page.split(f'value="{value}"')[1].split(">")[0]
