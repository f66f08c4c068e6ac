"""The staff's figures of the whole movement are cached (awards.movement_cache): every change
of what they count shows at once, on the movement's page and in the Pathway to Change
report; a sign-in changes nothing and renews nothing; the days are counted afresh each day."""

import datetime
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from awards.enums import AwardState
from awards.forms.movement import ManyOptionsSelect
from awards.models import Application, Award
from awards.movement_cache import MOVEMENT
from awards.renewals import transition_awards
from members.enums import PartyKind
from members.models import Organisation
from members.services.charter import confirm_signature, sign_document
from sanctuary.caching import generation
from sanctuary.models import Network
from tests.factories import NetworkFactory, OrganisationFactory
from tests.factories.awards import (
    award,
    panel_in_review,
    scheme_with_criteria,
    submit_review,
    submitted_application,
)
from tests.factories.charter import SignatureFactory

REPORT_URL = "/staff/reports/"


def _figures(client):
    context = client.get(reverse("awards:movement")).context
    by_state = {row.label: row.total.count for row in context["by_state"].rows}
    awards = {str(label): cell.count for label, cell in context["award_figures"]}
    waiting = {str(label): cell.count for label, cell, _review in context["backlog"]}
    return by_state, awards, waiting, [a.organisation.name for a in context["oldest"]]


def test_the_movement_figures_are_renewed_at_once_on_every_change(world, client):
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    client.force_login(world.staff)
    by_state, awards, waiting, oldest = _figures(client)
    assert (by_state, set(awards.values()), set(waiting.values()), oldest) == ({}, {0}, {0}, [])
    first = submitted_application(scheme, name="First Primary")
    by_state, _awards, waiting, oldest = _figures(client)
    assert by_state == {"School of Sanctuary": 1}
    assert waiting["Under 2 weeks"] == 1
    assert oldest == ["First Primary"]
    # Through the services: a panel, reviews, a decision, an award.
    for assignment in panel_in_review(first, chair=world.coordinator_a):
        submit_review(assignment)
    held = award(first, chair=world.coordinator_a).award
    by_state, awards, waiting, oldest = _figures(client)
    assert (waiting["Under 2 weeks"], oldest) == (0, [])
    assert awards[str(AwardState.ACTIVE.label)] == 1
    # The sweep moves awards in bulk, without a signal: it renews the figures itself.
    with scopes_disabled():
        assert transition_awards(Award.objects.filter(pk=held.pk), AwardState.RENEWAL_DUE) == 1
    awards = _figures(client)[1]
    assert (awards[str(AwardState.ACTIVE.label)], awards[str(AwardState.RENEWAL_DUE.label)]) == (
        0,
        1,
    )
    # A renamed scheme and organisation show their new names.
    scheme.name = "Schools of Sanctuary"
    scheme.save()
    submitted_application(scheme, name="Second Primary")
    organisation = OrganisationFactory(name="Renamed later")
    with scopes_disabled():
        Application.objects.filter(organisation__name="Second Primary").update(
            organisation=organisation
        )
    organisation.name = "Renamed Primary"
    organisation.save()
    by_state, _awards, _waiting, oldest = _figures(client)
    assert by_state == {"Schools of Sanctuary": 2}
    assert oldest == ["Renamed Primary"]


def test_the_filters_follow_an_organisation_into_another_local_group(world, client):
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    application = submitted_application(scheme, name="Moving Primary")
    client.force_login(world.staff)
    url = reverse("awards:movement") + f"?network={world.network_b.slug}"

    def shown():
        return {row.label: row.total.count for row in client.get(url).context["by_state"].rows}

    assert shown() == {}
    organisation = application.organisation
    organisation.local_group = world.network_b
    organisation.save()
    assert shown() == {"School of Sanctuary": 1}


def test_a_sign_in_renews_nothing_but_a_persons_flags_do(world):
    person = world.coordinator_a
    before = generation(MOVEMENT)
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])
    assert generation(MOVEMENT) == before
    person.has_lived_experience = True
    person.save(update_fields=["has_lived_experience"])
    assert generation(MOVEMENT) != before


@pytest.mark.usefixtures("rendered_afresh")
def test_a_groups_profile_renews_nothing_but_its_name_does(world, client):
    """A group rewording its public page (the most common write of a network) recounts
    nothing; a new name shows in the figures at once, as does any save of every field."""
    from sanctuary.services import update_network_profile

    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    submitted_application(scheme, name="Named Primary")
    client.force_login(world.staff)

    def awarding_network() -> str:
        return client.get(reverse("awards:movement")).context["oldest"][0].network.name

    assert awarding_network() == "Schools of Sanctuary"
    before = generation(MOVEMENT)
    update_network_profile(
        world.stream, actor=None, summary="Welcome, in new words.", website="https://x.org"
    )
    assert generation(MOVEMENT) == before
    update_network_profile(world.stream, actor=None, name="Schools, renamed")
    assert generation(MOVEMENT) != before
    assert awarding_network() == "Schools, renamed"
    before = generation(MOVEMENT)
    world.network_a.save()
    assert generation(MOVEMENT) != before


@pytest.mark.usefixtures("rendered_afresh")
def test_the_backlog_ages_by_whole_days(world, client, monkeypatch):
    """An application that entered its state late on the 13th day before is under 2 weeks
    all day, and 2 to 4 weeks the day after; the figure and its list agree."""
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    application = submitted_application(scheme, name="Aging Primary")
    today = timezone.localdate()
    late = datetime.datetime.combine(today - datetime.timedelta(days=13), datetime.time(23, 30))
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(
            state_changed_at=timezone.make_aware(late)
        )
    client.force_login(world.staff)
    listed = reverse("awards:movement_applications") + "?state=waiting&age="

    def ages():
        return {str(label): cell.count for label, cell, _r in _movement(client)["backlog"]}

    assert ages()["Under 2 weeks"] == 1
    assert [a.pk for a in client.get(listed + "0-13").context["rows"]] == [application.pk]
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert ages()["Under 2 weeks"] == 0
    assert ages()["2 to 4 weeks"] == 1
    assert [a.pk for a in client.get(listed + "14-29").context["rows"]] == [application.pk]


def _movement(client):
    return client.get(reverse("awards:movement")).context


def _report(client):
    report = client.get(REPORT_URL).context["report"]
    return {table.key: table.rows for table in report.tables}


def test_the_report_is_renewed_at_once_on_every_change(world, client, charter):
    client.force_login(world.staff)
    tables = _report(client)
    assert tables["awards"] == [] and tables["signatories"] == []
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    application = submitted_application(scheme, name="Report Primary")
    for assignment in panel_in_review(application, chair=world.coordinator_a):
        submit_review(assignment)
    award(application, chair=world.coordinator_a)
    group = NetworkFactory(name="Signing group")
    SignatureFactory(version=charter, network=group)
    tables = _report(client)
    assert tables["awards"] == [["School of Sanctuary", 1, 0]]
    assert {str(row[0]): row[1] for row in tables["applications"]}["Applications submitted"] == 1
    assert {str(row[0]): row[1] for row in tables["panels"]}["Panels held"] == 1
    assert tables["signatories"] == [["Signing group", 1, 0, 0, 1]]
    # Confirming a signature counts it; renaming the group renames its row.
    waiting = sign_document(
        charter,
        actor=None,
        name="Org",
        email="org@example.org",
        party_kind=PartyKind.ORGANISATION,
        party_name="Org",
        network=group,
    )
    assert _report(client)["signatories"] == [["Signing group", 1, 0, 0, 1]]
    confirm_signature(waiting, actor=None)
    group.name = "Renamed group"
    group.save()
    assert _report(client)["signatories"] == [["Renamed group", 1, 1, 0, 2]]


def test_the_filters_select_is_djangos_select(world):
    """The network filter's options are written in Python: the same select as Django's."""
    choices = [("", "All"), ("a&b", "A & B <i>"), ("c", "C")]

    def rendered(widget):
        class Form(forms.Form):
            x = forms.ChoiceField(choices=choices, required=False, widget=widget, help_text="h")

        return re.sub(r">\s+<", "><", str(Form({"x": "a&b"})["x"]).strip())

    assert rendered(ManyOptionsSelect) == rendered(forms.Select)


def test_the_organisations_import_moving_an_organisation_renews_the_filtered_figures(
    world, client, tmp_path
):
    """The estate import updates organisations in bulk, without a signal: it renews them."""
    from tests.factories import OrganisationContactFactory, StreamMembershipFactory, UserFactory
    from tests.test_estate import DATA, run

    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    assert run("groups", "groups.csv", actor=world.staff).ok
    assert run("organisations", "organisations-crm.csv", actor=world.staff).ok
    with scopes_disabled():
        parkwood = Organisation.objects.get(name="Parkwood Primary School")
        rotherham = Network.objects.get(name="Rotherham Town of Sanctuary")
    StreamMembershipFactory(network=world.stream, organisation=parkwood)
    contact = UserFactory()
    OrganisationContactFactory(organisation=parkwood, user=contact)
    submitted_application(scheme, organisation=parkwood, contact=contact)
    client.force_login(world.staff)
    url = reverse("awards:movement") + f"?network={rotherham.slug}"

    def shown():
        return [a.organisation.name for a in client.get(url).context["oldest"]]

    assert shown() == []
    moved = tmp_path / "organisations-moved.csv"
    text = (DATA / "organisations-crm.csv").read_bytes()
    moved.write_bytes(text.replace(b"Alphaville City of Sanctuary", b"Rotherham Town of Sanctuary"))
    assert run("organisations", moved, actor=world.staff).updated
    assert shown() == ["Parkwood Primary School"]


def test_a_long_region_filter_keeps_its_own_short_cache_key(world, client):
    from awards.movement_cache import short

    long_region = "Ä" * 130
    assert len(short(f"figures:{long_region}")) == 64
    assert short(f"figures:{long_region}") != short(f"figures:{long_region}x")
    client.force_login(world.staff)
    assert client.get(reverse("awards:movement") + f"?region={long_region}").status_code == 200
    assert client.get(REPORT_URL + f"?region={long_region}").status_code == 200
