"""Every list page answers in a number of queries that does not grow with its rows."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from members.enums import OrganisationKind, Role
from members.services.networks import join_network
from members.services.organisations import (
    invite_contact,
    register_organisation,
    request_to_act_for,
)
from sanctuary.activity import log_action
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    StreamMembershipFactory,
    UserFactory,
)
from tests.factories.queries import count_queries


def test_directory_query_count_is_constant(world, client):
    url = reverse("members:network_directory")
    few = count_queries(client, url)
    NetworkFactory.create_batch(5)
    assert count_queries(client, url) == few


def test_member_list_query_count_is_constant(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("members:network_members", args=[world.network_a.slug])
    few = count_queries(client, url)
    MembershipFactory.create_batch(5, network=world.network_a, role=Role.MEMBER)
    assert count_queries(client, url) == few


def test_activity_query_count_is_constant(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("members:network_activity", args=[world.network_a.slug])
    few = count_queries(client, url)
    with scopes_disabled():
        for _ in range(5):
            log_action(
                world.membership_a,
                "members.membership.added",
                actor=world.member_a,
                network=world.network_a,
            )
    assert count_queries(client, url) == few


def test_stream_organisations_query_count_is_constant(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("streams:network_organisations", args=[world.stream.slug])
    few = count_queries(client, url)
    StreamMembershipFactory.create_batch(5, network=world.stream)
    assert count_queries(client, url) == few


@pytest.mark.usefixtures("rendered_afresh")
def test_staff_overview_query_count_is_constant(world, client):
    client.force_login(world.staff)
    url = reverse("staff_overview")
    few = count_queries(client, url, warm_up=True)  # the people's counts cached
    NetworkFactory.create_batch(5)
    assert count_queries(client, url) == few


def test_staff_activity_query_count_is_constant(world, client):
    client.force_login(world.staff)
    url = reverse("staff_activity")
    few = count_queries(client, url)
    with scopes_disabled():
        for _ in range(5):
            log_action(
                world.membership_b,
                "members.membership.added",
                actor=world.coordinator_b,
                network=world.network_b,
            )
    assert count_queries(client, url) == few


def test_waiting_page_query_count_is_constant(world, client):
    def more_waiting(n):
        for _ in range(n):
            person = UserFactory()
            register_organisation(
                actor=person,
                name=f"Waiting School {person.pk}",
                kind=OrganisationKind.SCHOOL,
                postcode=f"AL{person.pk} 1AA",
                local_group=world.network_a,
            )
            request_to_act_for(world.organisation_a, actor=UserFactory())
            join_network(world.network_a, actor=UserFactory())

    client.force_login(world.coordinator_a)
    url = reverse("members:network_waiting", args=[world.network_a.slug])
    more_waiting(1)
    few = count_queries(client, url)
    more_waiting(4)
    assert count_queries(client, url) == few


def test_find_organisations_query_count_is_constant(world, client):
    client.force_login(world.member_a)
    url = reverse("members:organisation_find") + "?q=Findable"
    OrganisationFactory(name="Findable School", local_group=world.network_a)
    few = count_queries(client, url)
    OrganisationFactory.create_batch(5, name="Findable Library", local_group=world.network_a)
    assert count_queries(client, url) == few


def test_organisation_contacts_query_count_is_constant(world, client):
    client.force_login(world.contact_a)
    url = reverse("members:organisation_contacts", args=[world.organisation_a.slug])
    few = count_queries(client, url)
    OrganisationContactFactory.create_batch(5, organisation=world.organisation_a)
    for n in range(5):
        invite_contact(world.organisation_a, actor=world.contact_a, email=f"c{n}@example.org")
    assert count_queries(client, url) == few


def test_staff_networks_query_count_is_constant(world, client):
    """The people are counted from the kept counts (people_by_network), renewed by every
    membership service: measured each time just after one, as the first view after a change."""
    from members.services.people import add_membership

    client.force_login(world.staff)
    url = reverse("members:staff_networks")
    add_membership(world.network_b, UserFactory(), Role.COORDINATOR, actor=world.staff)
    few = count_queries(client, url)
    for network in NetworkFactory.create_batch(5):
        add_membership(network, UserFactory(), Role.COORDINATOR, actor=world.staff)
    assert count_queries(client, url) == few
    shown = {n.pk: n.coordinator_count for n in client.get(url).context["networks"]}
    assert shown[world.network_b.pk] == 2


def _movement_data(world, count):
    """`count` applications waiting, in review with overdue reviews, awarded and expiring, and
    organisations asking to join the stream."""
    import datetime

    from django.utils import timezone

    from awards.models import Application, AwardScheme
    from streams.enums import StreamMembershipStatus
    from tests.factories import OrganisationFactory
    from tests.factories.awards import (
        award,
        panel_in_review,
        scheme_with_criteria,
        submit_review,
        submitted_application,
    )

    chair = world.coordinator_a
    with scopes_disabled():
        scheme = AwardScheme.objects.filter(network=world.stream).first()
    scheme = scheme or scheme_with_criteria(world.stream)
    start = len(getattr(world, "_made", []))
    world.__dict__.setdefault("_made", []).extend(range(count))
    for n in range(start, start + count):
        submitted_application(scheme, name=f"Waiting {n} Primary")
        reviewing = submitted_application(scheme, name=f"Reviewing {n} Primary")
        panel_in_review(reviewing, chair=chair)
        with scopes_disabled():
            Application.objects.filter(pk=reviewing.pk).update(
                state_changed_at=timezone.now() - datetime.timedelta(days=60)
            )
        ready = submitted_application(scheme, name=f"Ready {n} Primary")
        for seat in panel_in_review(ready, chair=chair):
            submit_review(seat)
        done = submitted_application(scheme, name=f"Awarded {n} Primary")
        for seat in panel_in_review(done, chair=chair):
            submit_review(seat)
        award(done, chair=chair)
        StreamMembershipFactory(
            network=world.stream,
            organisation=OrganisationFactory(),
            status=StreamMembershipStatus.PENDING,
        )


@pytest.mark.usefixtures("rendered_afresh")
def test_movement_pages_query_counts_are_constant(world, client):
    from awards.views.movement import PAGE_SIZE  # noqa: F401 (the lists page at 50)

    client.force_login(world.staff)
    urls = [
        reverse("awards:movement"),
        reverse("awards:movement_applications") + "?state=backlog",
        reverse("awards:movement_applications") + "?queue=reviews_overdue",
        reverse("awards:movement_awards") + "?state=current",
        reverse("awards:movement_waiting", args=["streams.joining"]),
    ]
    _movement_data(world, 1)
    few = [count_queries(client, url) for url in urls]
    _movement_data(world, 3)
    assert [count_queries(client, url) for url in urls] == few
    lists = [client.get(url).context["rows"] for url in urls[1:]]
    assert [len(rows) for rows in lists] == [12, 4, 4, 4]


@pytest.mark.usefixtures("rendered_afresh")
def test_coordinator_dashboard_query_count_is_constant(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("members:dashboard")
    _movement_data(world, 1)
    few = count_queries(client, url)
    _movement_data(world, 3)
    assert count_queries(client, url) == few
    # Four each: waiting for a panel, ready to decide, reviews overdue, asking to join.
    work = client.get(url).context["work"]
    assert [kind.count for kind in work] == [4, 4, 4, 4]
    assert len(client.get(reverse("members:my_work")).context["kinds"]) == 4


def test_own_signatures_names_the_addresses_so_the_indexes_serve_the_or(db):
    """A person's signatures read by their account or their confirmed addresses, given as a
    list: as a subquery inside the OR, PostgreSQL read the whole signature table for every
    dashboard (53 ms at the movement's size, 4 ms with the list)."""
    from allauth.account.models import EmailAddress

    from members.queries.signatures import own_signatures

    person = UserFactory()
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    sql = str(own_signatures(person).query)
    assert "account_emailaddress" not in sql
    assert person.email in sql
