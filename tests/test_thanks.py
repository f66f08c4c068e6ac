"""Thanks for lived experience: staff record time given and the thanks owed, only with the
person's agreement, and mark it paid; the person sees their own record; staff export CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from members.enums import ContributionKind, ThanksKind
from members.models import Contribution
from members.services.thanks import ThanksError, mark_contribution_paid, record_contribution
from sanctuary.models import ActivityLog
from tests.factories import UserFactory

STAFF_URL = "/staff/thanks/"


def lived(name="Lina Lived", email="lina@example.org"):
    return UserFactory(full_name=name, email=email, has_lived_experience=True)


def contribution(world, person, **fields):
    values = {
        "actor": world.staff,
        "person": person,
        "kind": ContributionKind.PANEL,
        "date": datetime.date(2026, 10, 5),
        "hours": Decimal("3"),
        "thanks_kind": ThanksKind.VOUCHER,
        "amount": Decimal("40"),
        "consent_given": True,
    }
    return record_contribution(**{**values, **fields})


def test_staff_record_time_given_and_mark_it_paid(world, client):
    person = lived()
    client.force_login(world.staff)
    response = client.post(
        STAFF_URL,
        {
            "email": "LINA@example.org",
            "kind": ContributionKind.ADVISORY_GROUP,
            "date": "2026-11-02",
            "hours": "2.5",
            "network": world.network_a.slug,
            "thanks_kind": ThanksKind.HONORARIUM,
            "amount": "50",
            "note": "Trustees' meeting",
            "consent_given": "on",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        found = Contribution.objects.get()
        assert (found.person, found.hours, found.amount, found.network) == (
            person,
            Decimal("2.5"),
            Decimal("50"),
            world.network_a,
        )
        assert found.owed_at == datetime.date(2026, 11, 2)
    page = client.get(STAFF_URL).content.decode()
    assert "Lina Lived" in page and "£50.00" in page
    client.post(reverse("members:staff_thanks_paid", args=[found.pk]))
    with scopes_disabled():
        found.refresh_from_db()
        entries = list(
            ActivityLog.objects.filter(action__startswith="members.contribution.").order_by("pk")
        )
    assert found.paid_at is not None
    # Like every lived-experience entry, none names a network: only staff read them.
    assert [(e.action, e.network_id) for e in entries] == [
        ("members.contribution.recorded", None),
        ("members.contribution.paid", None),
    ]


def test_nothing_is_recorded_without_the_persons_agreement(world, client):
    lived()
    client.force_login(world.staff)
    response = client.post(
        STAFF_URL,
        {
            "email": "lina@example.org",
            "kind": ContributionKind.PANEL,
            "date": "2026-11-02",
            "hours": "2",
            "thanks_kind": ThanksKind.VOUCHER,
            "amount": "20",
        },
    )
    assert response.status_code == 200
    assert "consent_given" in response.context["form"].errors
    with scopes_disabled():
        assert not Contribution.objects.exists()
    with pytest.raises(ThanksError, match="only when the person has agreed"):
        contribution(world, lived("Other", "other@example.org"), consent_given=False)


def test_the_rules_of_thanks(world):
    person = lived()
    with pytest.raises(ThanksError, match="has not told us they have lived experience"):
        contribution(world, UserFactory(has_lived_experience=False))
    with pytest.raises(ThanksError, match="Enter the amount owed"):
        contribution(world, person, amount=Decimal("0"))
    with pytest.raises(ThanksError, match="Only movement staff record time given"):
        contribution(world, person, actor=world.coordinator_a)
    declined = contribution(world, person, thanks_kind=ThanksKind.DECLINED)
    assert declined.amount == 0
    with pytest.raises(ThanksError, match="nothing to pay"):
        mark_contribution_paid(declined, actor=world.staff)
    paid = mark_contribution_paid(contribution(world, person), actor=world.staff)
    with pytest.raises(ThanksError, match="already marked paid"):
        mark_contribution_paid(paid, actor=world.staff)


def test_staff_export_for_payment(world, client):
    person = lived(name="=Lina")
    contribution(world, person)
    mark_contribution_paid(contribution(world, person, amount=Decimal("25")), actor=world.staff)
    client.force_login(world.staff)
    response = client.get(STAFF_URL, {"show": "owed", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["name", "email", "time_given_to"]
    assert [(row[0], row[7], row[9]) for row in rows[1:]] == [("'=Lina", "40.00", "")]


def test_the_person_sees_their_own_record_and_no_one_elses(world, client):
    person = lived()
    contribution(world, person, note="Panel in Alphaville")
    contribution(world, lived("Someone Else", "else@example.org"), amount=Decimal("99"))
    client.force_login(person)
    assert "The time you have given" in client.get(reverse("members:dashboard")).content.decode()
    page = client.get(reverse("members:my_thanks")).content.decode()
    assert "Award panel" in page and "£40.00" in page
    assert "£99.00" not in page
    client.force_login(world.member_a)
    page = client.get(reverse("members:my_thanks")).content.decode()
    assert "Nothing is recorded yet." in page


def test_only_staff_open_the_thanks_pages(world, client):
    client.force_login(world.coordinator_a)
    assert client.get(STAFF_URL).status_code == 404
    assert client.get(STAFF_URL, {"format": "csv"}).status_code == 404
