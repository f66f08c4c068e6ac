"""Organisations join stream networks with their pledge; stream coordinators approve or route."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from members.enums import PartyKind, Role
from members.services.charter import sign_document
from members.services.estate import importer_for, read_estate_file, run_estate_import
from members.tabular import mapping_from_options
from sanctuary.enums import NetworkKind
from sanctuary.models import ActivityLog
from streams.enums import StreamMembershipStatus
from streams.models import StreamMembership
from streams.services import StreamMembershipError, join_stream, set_stream_membership_state
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    StreamMembershipFactory,
    UserFactory,
)
from tests.factories.api import token_client


def pledge(organisation, contact, charter):
    return sign_document(
        charter,
        actor=contact,
        name=contact.full_name,
        email=contact.email,
        party_kind=PartyKind.ORGANISATION,
        organisation=organisation,
        role_title="Head teacher",
    )


@pytest.fixture
def local_stream(world):
    return NetworkFactory(
        name="Alphaville Schools of Sanctuary",
        slug="alphaville-schools",
        kind=NetworkKind.LOCAL_STREAM,
        parent=world.stream,
        coordinating_group=world.network_a,
        area_type="",
    )


@pytest.fixture
def new_school(world, charter):
    """A school in network A's area, with a contact and its pledge, not yet in a stream."""
    school = OrganisationFactory(
        name="Gamma Primary", slug="gamma-primary", local_group=world.network_a
    )
    contact = UserFactory(full_name="Gus Contact", email="gus@example.org")
    OrganisationContactFactory(organisation=school, user=contact)
    pledge(school, contact, charter)
    school.contact = contact
    return school


def test_joining_needs_the_pledge(world, charter):
    school = OrganisationFactory(local_group=world.network_a)
    with pytest.raises(StreamMembershipError, match="needs to sign the current charter"):
        join_stream(school, world.stream, actor=None)
    with scopes_disabled():
        assert not StreamMembership.objects.filter(organisation=school).exists()


def test_joining_links_the_local_group_and_its_local_lead(world, new_school):
    lead = UserFactory(full_name="Lena Lead")
    MembershipFactory(network=world.network_a, user=lead, role=Role.LOCAL_LEAD)
    membership = join_stream(new_school, world.stream, actor=new_school.contact)
    assert (membership.status, membership.local_group, membership.local_lead) == (
        StreamMembershipStatus.PENDING,
        world.network_a,
        lead,
    )
    assert join_stream(new_school, world.stream, actor=new_school.contact) == membership


def test_a_local_lead_of_the_local_stream_comes_first(world, new_school, local_stream):
    MembershipFactory(network=world.network_a, role=Role.LOCAL_LEAD)
    stream_lead = UserFactory(full_name="Sol Streamlead")
    MembershipFactory(network=local_stream, user=stream_lead, role=Role.LOCAL_LEAD)
    membership = join_stream(new_school, world.stream, actor=None)
    assert membership.local_lead == stream_lead


def test_only_streams_take_organisations(world, new_school):
    with pytest.raises(StreamMembershipError, match="join stream networks"):
        join_stream(new_school, world.network_a, actor=None)


def test_a_contact_joins_through_the_page(world, new_school, client):
    client.force_login(new_school.contact)
    url = reverse("streams:join", args=[new_school.slug])
    response = client.post(url, {"stream": world.stream.pk})
    assert response["Location"] == new_school.get_absolute_url()
    with scope(network=world.stream):
        row = StreamMembership.objects.get(organisation=new_school)
    assert row.status == StreamMembershipStatus.PENDING


def test_the_join_page_asks_for_the_pledge_first(world, charter, client):
    client.force_login(world.contact_a)
    text = client.get(reverse("streams:join", args=[world.organisation_a.slug])).content.decode()
    assert "has not signed the current charter yet" in text
    assert reverse("members:charter_sign") in text


def test_the_join_page_is_404_to_other_organisations(world, new_school, client):
    client.force_login(world.contact_a)
    assert client.get(reverse("streams:join", args=[new_school.slug])).status_code == 404


def test_coordinator_sees_who_joined_waiting_first_with_their_pledge(world, new_school, client):
    join_stream(new_school, world.stream, actor=None)
    client.force_login(world.coordinator_a)
    response = client.get(reverse("streams:network_organisations", args=[world.stream.slug]))
    rows = list(response.context["rows"])
    assert [(row.organisation.name, row.status, row.has_pledge) for row in rows] == [
        ("Gamma Primary", StreamMembershipStatus.PENDING, True),
        ("Alpha Primary", StreamMembershipStatus.ACTIVE, False),
    ]
    assert "Approve Gamma Primary" in response.content.decode()


def test_coordinator_approves(world, new_school, client):
    membership = join_stream(new_school, world.stream, actor=None)
    client.force_login(world.coordinator_a)
    client.post(
        reverse("streams:stream_membership_approve", args=[world.stream.slug, membership.pk])
    )
    with scope(network=world.stream):
        membership.refresh_from_db()
        entry = ActivityLog.objects.get(action="streams.membership.approved")
    assert membership.status == StreamMembershipStatus.ACTIVE
    assert (entry.actor, entry.network) == (world.coordinator_a, world.stream)


def test_coordinator_routes_to_a_local_network(world, new_school, local_stream, client):
    membership = join_stream(new_school, world.stream, actor=None)
    client.force_login(world.coordinator_a)
    response = client.get(reverse("streams:network_organisations", args=[world.stream.slug]))
    assert "Pass Gamma Primary to" in response.content.decode()
    client.post(
        reverse("streams:stream_membership_route", args=[world.stream.slug, membership.pk]),
        {f"route-{membership.pk}-routed_to": local_stream.pk},
    )
    with scope(network=world.stream):
        membership.refresh_from_db()
    with scope(network=local_stream):
        local = StreamMembership.objects.get(network=local_stream, organisation=new_school)
    assert (membership.status, membership.routed_to) == (
        StreamMembershipStatus.ROUTED,
        local_stream,
    )
    assert (local.status, local.local_group) == (StreamMembershipStatus.PENDING, world.network_a)


def test_routing_elsewhere_shows_the_error_beside_the_field(
    world, new_school, local_stream, client
):
    membership = join_stream(new_school, world.stream, actor=None)
    client.force_login(world.coordinator_a)
    response = client.post(
        reverse("streams:stream_membership_route", args=[world.stream.slug, membership.pk]),
        {f"route-{membership.pk}-routed_to": world.network_b.pk},
    )
    assert f'id="route-{membership.pk}-error"' in response.content.decode()
    with scope(network=world.stream):
        membership.refresh_from_db()
    assert membership.status == StreamMembershipStatus.PENDING


def test_a_decision_is_made_once(world, new_school):
    membership = join_stream(new_school, world.stream, actor=None)
    set_stream_membership_state(
        membership, StreamMembershipStatus.ACTIVE, actor=world.coordinator_a
    )
    with pytest.raises(StreamMembershipError, match="nothing to decide"):
        set_stream_membership_state(
            membership, StreamMembershipStatus.ACTIVE, actor=world.coordinator_a
        )


def test_only_the_streams_coordinators_decide(world, new_school):
    membership = join_stream(new_school, world.stream, actor=None)
    steering = UserFactory()
    MembershipFactory(network=world.stream, user=steering, role=Role.STEERING_MEMBER)
    for outsider in (steering, world.coordinator_b):
        with pytest.raises(StreamMembershipError, match="Only the stream's coordinators"):
            set_stream_membership_state(membership, StreamMembershipStatus.ACTIVE, actor=outsider)


def test_another_networks_coordinator_gets_404_and_changes_nothing(world, new_school, client):
    membership = join_stream(new_school, world.stream, actor=None)
    client.force_login(world.coordinator_b)
    response = client.post(
        reverse("streams:stream_membership_approve", args=[world.stream.slug, membership.pk])
    )
    assert response.status_code == 404
    with scope(network=world.stream):
        membership.refresh_from_db()
    assert membership.status == StreamMembershipStatus.PENDING


def test_a_membership_of_another_stream_is_404(world, client):
    other_stream = NetworkFactory(kind=NetworkKind.STREAM, area_type="", nation="")
    other = StreamMembershipFactory(network=other_stream, status=StreamMembershipStatus.PENDING)
    client.force_login(world.coordinator_a)
    response = client.post(
        reverse("streams:stream_membership_approve", args=[world.stream.slug, other.pk])
    )
    assert response.status_code == 404


def test_a_council_joins_without_seeking_the_award(world, new_school, client):
    client.force_login(new_school.contact)
    url = reverse("streams:join", args=[new_school.slug])
    client.post(url, {"stream": world.stream.pk, "seeks_award": "no"})
    with scope(network=world.stream):
        row = StreamMembership.objects.get(organisation=new_school)
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="streams.membership.joined", object_id=str(row.pk))
    assert (row.seeks_award, entry.data["seeks_award"]) == (False, False)
    client.force_login(world.coordinator_a)
    page = client.get(reverse("streams:network_organisations", args=[world.stream.slug]))
    assert "Member without seeking the award" in page.content.decode()


def test_joining_seeks_the_award_unless_told_otherwise(world, new_school, client):
    client.force_login(new_school.contact)
    url = reverse("streams:join", args=[new_school.slug])
    client.post(url, {"stream": world.stream.pk, "seeks_award": "yes"})
    with scope(network=world.stream):
        assert StreamMembership.objects.get(organisation=new_school).seeks_award is True


def test_the_organisations_page_and_api_tell_which_pledge_counts(world, new_school, client):
    """Pledges are read for the page's rows in one query: each row gets its own answer."""
    StreamMembershipFactory(network=world.stream, organisation=new_school)  # pledged
    client.force_login(world.coordinator_a)

    page = client.get(reverse("streams:network_organisations", args=["schools"]))
    coordinator_api = token_client(world.coordinator_a)
    api = coordinator_api.get("/api/v1/networks/schools/organisations/")

    assert {row.organisation.name: row.has_pledge for row in page.context["rows"]} == {
        "Alpha Primary": False,
        "Gamma Primary": True,
    }
    assert {row["organisation"]["name"]: row["has_pledge"] for row in api.json()["results"]} == {
        "Alpha Primary": False,
        "Gamma Primary": True,
    }
    group = coordinator_api.get("/api/v1/networks/alphaville/organisations/")
    assert {row["organisation"]["name"]: row["has_pledge"] for row in group.json()["results"]} == {
        "Alpha Primary": False,
        "Gamma Primary": True,
    }


# The order of a stream's list, kept on each row -----------------------------------------------


def listed_names(client, world):
    client.force_login(world.coordinator_a)
    page = client.get(reverse("streams:network_organisations", args=[world.stream.slug]))
    return [row.organisation.name for row in page.context["rows"]]


def admin_form_data(page):
    """What the admin's change form would send back as it stands: the main form's values and
    each inline formset's, with its management form."""
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data |= {management.add_prefix(n): management[n].value() for n in management.fields}
        for inline in formset.formset.forms:
            data |= {inline.add_prefix(n): inline[n].value() for n in inline.fields}
    return {key: value for key, value in data.items() if value is not None}


def test_a_streams_list_keeps_its_order_through_renames(world, new_school, client, tmp_path):
    """Waiting ones first, then by name; the name is kept on each membership row so the list
    reads along an index, and a rename by the estate import or in the admin renews it."""
    zed = OrganisationFactory(name="Zed Academy", slug="zed-academy", local_group=world.network_a)
    StreamMembershipFactory(network=world.stream, organisation=zed)
    join_stream(new_school, world.stream, actor=None)  # Gamma Primary, waiting
    assert listed_names(client, world) == ["Gamma Primary", "Alpha Primary", "Zed Academy"]

    table = tmp_path / "renamed.csv"
    table.write_text("Account Name,Web address\nAardvark Academy,zed-academy\n", encoding="utf-8")
    upload, read = read_estate_file(
        "organisations", actor=world.staff, name=table.name, data=table.read_bytes()
    )
    mapping = mapping_from_options(read.headers, {}, importer_for("organisations").fields())
    report = run_estate_import(upload, mapping, actor=world.staff, dry_run=False, table=read)
    assert (report.ok, report.updated) == (True, 1), report.problems
    assert listed_names(client, world) == ["Gamma Primary", "Aardvark Academy", "Alpha Primary"]

    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    client.force_login(world.staff)
    url = reverse("admin:members_organisation_change", args=[world.organisation_a.pk])
    data = admin_form_data(client.get(url)) | {"name": "Zulu Primary"}
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert listed_names(client, world) == ["Gamma Primary", "Aardvark Academy", "Zulu Primary"]
    with scopes_disabled():
        kept = dict(StreamMembership.objects.values_list("organisation_id", "organisation_name"))
    assert kept == {
        world.organisation_a.pk: "Zulu Primary",
        zed.pk: "Aardvark Academy",
        new_school.pk: "Gamma Primary",
    }
