"""Guards across the whole platform, added after a review broke rules on purpose and watched
which tests noticed: scoping on every tenant-owned model, names never shown as e-mail
addresses, lived experience that changes nothing another person sees, and the reminder row
that the database keeps unique."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_scopes import ScopeError, scope

from awards.enums import ReminderKind
from awards.models import Reminder
from sanctuary.models import Network
from tests.factories import StreamFactory, UserFactory
from tests.factories.awards import scheme_with_criteria
from tests.factories.certificates import issued_award

PROJECT_APPS = {"sanctuary", "members", "streams", "awards"}
# Models that name a network without belonging to it, each with the reason.
NOT_TENANT_OWNED = {
    "members.Organisation": "an organisation relates to several networks; checked per object",
    "members.Signature": "signatures belong to people and parties; public lists filter consent",
    "members.AffiliationApplication": "a group applies before it has a network; staff review",
    "awards.ReminderOptOut": "a person's own preference, across networks",
}


def project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def is_scoped(model) -> bool:
    # django-scopes builds each scoped manager class in its factory; the method marks it.
    return hasattr(model._default_manager, "with_scope")


def scoped_models():
    return [m for m in project_models() if is_scoped(m)]


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m.__name__)
def test_every_scoped_model_fails_closed_without_a_scope(model, db):
    with pytest.raises(ScopeError, match=r"scope on dimension\(s\) network needs to be active"):
        list(model.objects.all())


def test_every_model_owned_by_a_network_is_scoped():
    unscoped = []
    for model in project_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        owns = any(
            getattr(field, "related_model", None) is Network and field.name == "network"
            for field in model._meta.get_fields()
        )
        if owns and not is_scoped(model):
            unscoped.append(label)
    assert sorted(set(unscoped) - set(NOT_TENANT_OWNED)) == []


def test_a_person_without_a_name_is_never_shown_by_e_mail(db):
    person = UserFactory(full_name="", email="quiet.person@example.org")
    assert "@" not in person.get_full_name()
    assert person.get_short_name() == ""


def test_coordinator_sees_a_nameless_member_without_their_address(world, client):
    world.member_a.full_name = ""
    world.member_a.save(update_fields=["full_name"])
    client.force_login(world.coordinator_a)
    page = client.get(reverse("members:network_members", args=[world.network_a.slug]))
    assert world.member_a.email not in page.content.decode()


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_lived_experience_changes_nothing_on_the_member_list(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("members:network_members", args=[world.network_a.slug])
    before = without_tokens(client.get(url).content.decode())
    world.member_a.has_lived_experience = True
    world.member_a.save(update_fields=["has_lived_experience"])
    after = without_tokens(client.get(url).content.decode())
    assert after == before


@pytest.mark.parametrize("scheme", ["²", "99999999999999999999", "-1", "abc"])
def test_awarded_list_ignores_a_scheme_filter_that_is_no_scheme(scheme, db, client):
    response = client.get(reverse("awards:awarded_list"), {"scheme": scheme})
    assert response.status_code == 200


def test_database_refuses_a_second_reminder_for_one_milestone(db):
    scheme = scheme_with_criteria(StreamFactory(), name="School of Sanctuary")
    award = issued_award(scheme, awarded_on=datetime.date(2026, 5, 14), name="Guard Primary")
    recipient = award.application.lead_contact
    fields = {
        "network": award.network,
        "kind": ReminderKind.choices[0][0],
        "recipient": recipient,
        "award": award,
        "cycle": 1,
        "milestone": 90,
        "due_on": datetime.date(2029, 5, 14),
    }
    with scope(network=award.network):
        Reminder.objects.create(**fields)
        with (
            pytest.raises(IntegrityError, match=r"UNIQUE constraint|duplicate key"),
            transaction.atomic(),
        ):
            Reminder.objects.create(**fields)
