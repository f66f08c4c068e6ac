"""Sanctuary Partnership forums and supporting organisations."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from members.enums import ForumMemberKind, OrganisationKind, PartyKind
from members.models import ForumMember, PartnershipForum
from members.services.partnerships import ForumError, add_forum_member, create_partnership_forum
from sanctuary.models import ActivityLog
from tests.factories import OrganisationFactory, StreamMembershipFactory, UserFactory
from tests.factories.charter import SignatureFactory
from tests.factories.queries import count_queries


@pytest.fixture
def forum(world):
    return create_partnership_forum(
        world.network_a, actor=world.coordinator_a, name="Alphaville Welcome Forum"
    )


def test_a_coordinator_starts_a_forum_and_adds_members(world, client):
    council = OrganisationFactory(
        name="Alphaville Council",
        kind=OrganisationKind.LOCAL_AUTHORITY,
        local_group=world.network_a,
    )
    person = UserFactory(full_name="Fatima Forum", email="fatima@example.org")
    client.force_login(world.coordinator_a)
    response = client.post(
        reverse("members:network_forum_create", args=[world.network_a.slug]),
        {"name": "Alphaville Welcome Forum", "purpose": "Housing and schools", "is_listed": "on"},
    )
    with scope(network=world.network_a):
        forum = PartnershipForum.objects.get()
    assert response["Location"] == reverse(
        "members:network_forum", args=[world.network_a.slug, forum.pk]
    )
    add_url = reverse("members:network_forum_member_add", args=[world.network_a.slug, forum.pk])
    client.post(add_url, {"organisation": council.pk, "role_title": "Chair"})
    client.post(add_url, {"organisation": world.organisation_a.pk})
    client.post(add_url, {"email": "FATIMA@example.org", "role_title": "Member"})
    with scope(network=world.network_a):
        kinds = sorted(ForumMember.objects.values_list("kind", flat=True))
        logged = ActivityLog.objects.filter(action="members.forum.member_added").count()
    assert kinds == sorted(
        [ForumMemberKind.COUNCIL, ForumMemberKind.ORGANISATION, ForumMemberKind.PERSON]
    )
    assert logged == 3
    page = client.get(reverse("members:network_forum", args=[world.network_a.slug, forum.pk]))
    assert "Fatima Forum" in page.content.decode()
    assert person.pk in [member.user_id for member in page.context["members"]]


def test_the_public_list_names_organisations_never_people(world, forum, client):
    add_forum_member(forum, actor=world.coordinator_a, organisation=world.organisation_a)
    add_forum_member(forum, actor=world.coordinator_a, user=UserFactory(full_name="Private Person"))
    text = client.get(reverse("members:partnership_forums")).content.decode()
    assert "Alphaville Welcome Forum" in text and "Alpha Primary" in text
    assert "Private Person" not in text
    assert "And 1 person taking part in their own right." in text


def test_unlisted_forums_stay_off_the_public_list(world, client):
    create_partnership_forum(
        world.network_a, actor=world.coordinator_a, name="Quiet Forum", is_listed=False
    )
    assert "Quiet Forum" not in client.get(reverse("members:partnership_forums")).content.decode()


def test_an_empty_member_form_is_explained_beside_the_field(world, forum, client):
    client.force_login(world.coordinator_a)
    response = client.post(
        reverse("members:network_forum_member_add", args=[world.network_a.slug, forum.pk]),
        {"role_title": "Treasurer"},
    )
    text = response.content.decode()
    assert 'id="id_organisation_error"' in text
    assert 'value="Treasurer"' in text


def test_adding_someone_twice_gives_a_clear_message(world, forum):
    add_forum_member(forum, actor=world.coordinator_a, organisation=world.organisation_a)
    with pytest.raises(ForumError, match="on this forum already"):
        add_forum_member(forum, actor=world.coordinator_a, organisation=world.organisation_a)


def test_forums_belong_to_local_groups(world):
    with pytest.raises(ForumError, match="belong to local groups"):
        create_partnership_forum(world.stream, actor=world.coordinator_a, name="Stream forum")


def test_another_networks_coordinator_gets_404_for_the_forum(world, forum, client):
    client.force_login(world.coordinator_b)
    url = reverse("members:network_forum", args=[world.network_a.slug, forum.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.coordinator_b)
    theirs = create_partnership_forum(world.network_b, actor=world.coordinator_b, name="B Forum")
    client.force_login(world.coordinator_a)
    # A forum of network B, asked for under network A, is missing.
    assert (
        client.get(
            reverse("members:network_forum", args=[world.network_a.slug, theirs.pk])
        ).status_code
        == 404
    )


def test_a_member_without_the_coordinator_role_cannot_change_forums(world, forum, client):
    client.force_login(world.member_a)
    response = client.post(
        reverse("members:network_forum_member_add", args=[world.network_a.slug, forum.pk]),
        {"organisation": world.organisation_a.pk},
    )
    assert response.status_code == 403
    with scopes_disabled():
        assert ForumMember.objects.count() == 0


def test_public_forums_query_count_is_constant(world, forum, client):
    url = reverse("members:partnership_forums")
    add_forum_member(forum, actor=world.coordinator_a, organisation=world.organisation_a)
    few = count_queries(client, url)
    other = create_partnership_forum(world.network_b, actor=world.coordinator_b, name="B Forum")
    for _ in range(3):
        add_forum_member(other, actor=world.coordinator_b, organisation=OrganisationFactory())
        add_forum_member(other, actor=world.coordinator_b, user=UserFactory())
    assert count_queries(client, url) == few


def test_forum_page_query_count_is_constant(world, forum, client):
    client.force_login(world.coordinator_a)
    url = reverse("members:network_forum", args=[world.network_a.slug, forum.pk])
    add_forum_member(forum, actor=world.coordinator_a, user=UserFactory())
    few = count_queries(client, url)
    for _ in range(3):
        add_forum_member(
            forum,
            actor=world.coordinator_a,
            organisation=OrganisationFactory(local_group=world.network_a),
        )
    assert count_queries(client, url) == few


def organisation_signature(charter, organisation=None, **fields):
    name = organisation.name if organisation else fields.pop("party_name")
    return SignatureFactory(
        version=charter,
        party_kind=PartyKind.ORGANISATION,
        party_key=f"organisation:{organisation.pk}"
        if organisation
        else f"organisation-name:{name}",
        party_name=name,
        organisation=organisation,
        **fields,
    )


def test_supporters_are_listed_organisations_outside_every_stream(world, charter, client):
    bakery = OrganisationFactory(name="Hilltop Bakery", kind=OrganisationKind.BUSINESS)
    organisation_signature(charter, bakery)
    organisation_signature(charter, party_name="Corner Cafe")
    organisation_signature(charter, world.organisation_a)  # in the Schools stream
    organisation_signature(charter, party_name="Quiet Ltd", listed_publicly=False)
    SignatureFactory(version=charter, name="Ivy Individual")
    response = client.get(reverse("streams:supporters"))
    names = [signature.party_name for signature in response.context["supporters"]]
    assert names == ["Corner Cafe", "Hilltop Bakery"]
    assert "Quiet Ltd" not in response.content.decode()


def test_supporters_query_count_is_constant(world, charter, client):
    url = reverse("streams:supporters")
    organisation_signature(charter, party_name="Corner Cafe", network=world.network_a)
    few = count_queries(client, url)
    for number in range(4):
        organisation_signature(charter, party_name=f"Shop {number}", network=world.network_b)
    StreamMembershipFactory(network=world.stream)
    assert count_queries(client, url) == few
