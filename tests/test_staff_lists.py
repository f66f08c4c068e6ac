"""Staff's and coordinators' lists that cost the same however much the movement holds: the
activity logs page by keyset (no count of the log), the staff overview translates each kind
and nation once, and the thanks form writes its long network list without a template per
option."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from members.views.staff import ACTIVITY_PAGE
from sanctuary.activity import log_action
from sanctuary.enums import Nation
from sanctuary.models import ActivityLog
from tests.factories import NetworkFactory


def _log(world, count: int, network) -> None:
    with scopes_disabled():
        for _ in range(count):
            log_action(
                world.membership_a,
                "members.membership.added",
                actor=world.member_a,
                network=network,
            )
        # Spread over time, newest last, as a log grows.
        start = timezone.now() - datetime.timedelta(days=1)
        for n, pk in enumerate(ActivityLog.objects.order_by("pk").values_list("pk", flat=True)):
            ActivityLog.objects.filter(pk=pk).update(
                timestamp=start + datetime.timedelta(minutes=n)
            )


def _every_entry(client, url: str) -> list[int]:
    """Every entry's pk, following the pages' next links."""
    seen: list[int] = []
    while url:
        response = client.get(url)
        seen += [entry.pk for entry in response.context["entries"]]
        page = response.context["entries_page"]
        url = response.request["PATH_INFO"] + page.next_url if page.next_url else ""
    return seen


@pytest.mark.usefixtures("rendered_afresh")
def test_the_staff_activity_log_pages_by_keyset_without_counting(world, client):
    _log(world, ACTIVITY_PAGE + 7, world.network_a)
    client.force_login(world.staff)
    url = reverse("staff_activity")
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(first.context["entries"]) == ACTIVITY_PAGE
    assert 'rel="next"' in first.content.decode()
    with scopes_disabled():
        expected = list(
            ActivityLog.objects.order_by("-timestamp", "-pk").values_list("pk", flat=True)
        )
    assert _every_entry(client, url) == expected


@pytest.mark.usefixtures("rendered_afresh")
def test_a_networks_activity_log_pages_by_keyset_and_shows_only_its_own(world, client):
    _log(world, ACTIVITY_PAGE + 3, world.network_a)
    _log(world, 4, world.network_b)
    client.force_login(world.coordinator_a)
    url = reverse("members:network_activity", args=[world.network_a.slug])
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    with scopes_disabled():
        expected = list(
            ActivityLog.objects.filter(network=world.network_a)
            .order_by("-timestamp", "-pk")
            .values_list("pk", flat=True)
        )
    assert _every_entry(client, url) == expected


def test_the_staff_overview_names_each_networks_kind_and_nation(world, client):
    NetworkFactory(name="Cardiff City of Sanctuary", nation=Nation.WALES)
    client.force_login(world.staff)
    response = client.get(reverse("staff_overview"))
    rows = {row["network"].name: row for row in response.context["networks"]}
    cardiff = rows["Cardiff City of Sanctuary"]
    assert cardiff["nation"] == str(Nation.WALES.label)
    assert cardiff["kind"] == cardiff["network"].get_kind_display()
    assert rows[world.network_a.name]["coordinators"] == 1
    html = response.content.decode()
    assert f"<td>{Nation.WALES.label}</td>" in html


def test_the_thanks_form_lists_every_network(world, client):
    client.force_login(world.staff)
    html = client.get(reverse("members:staff_thanks")).content.decode()
    for network in (world.network_a, world.network_b, world.stream):
        assert f'<option value="{network.slug}">{network.name}</option>' in html


def _overview_row(client, network) -> dict:
    rows = client.get(reverse("staff_overview")).context["networks"]
    return next(row for row in rows if row["network"].pk == network.pk)


def test_the_overviews_cached_counts_change_at_once_with_every_membership_service(world, client):
    """The people by network are cached (members.queries.people_by_network); every way a
    role is given or taken shows on the next view."""
    from members.enums import Role
    from members.services.networks import join_network, leave_network
    from members.services.people import add_membership, remove_membership
    from members.services.privacy import delete_account
    from tests.factories import UserFactory

    client.force_login(world.staff)
    before = _overview_row(client, world.network_a)
    newcomer = UserFactory(full_name="Nia Newcomer")
    membership = add_membership(world.network_a, newcomer, Role.COORDINATOR, actor=world.staff)
    row = _overview_row(client, world.network_a)
    assert (row["people"], row["coordinators"]) == (
        before["people"] + 1,
        before["coordinators"] + 1,
    )
    remove_membership(membership, actor=world.staff)
    row = _overview_row(client, world.network_a)
    assert (row["people"], row["coordinators"]) == (before["people"], before["coordinators"])

    open_group = NetworkFactory(name="Open Group", join_without_approval=True)
    assert _overview_row(client, open_group)["people"] == 0
    join_network(open_group, actor=newcomer)
    assert _overview_row(client, open_group)["people"] == 1
    leave_network(open_group, actor=newcomer)
    assert _overview_row(client, open_group)["people"] == 0

    add_membership(open_group, newcomer, Role.MEMBER, actor=world.staff)
    assert _overview_row(client, open_group)["people"] == 1
    delete_account(newcomer, actor=newcomer)
    assert _overview_row(client, open_group)["people"] == 0


def test_the_overviews_counts_change_when_staff_edit_roles_in_the_admin(world, client):
    from members.enums import Role
    from members.models import Membership
    from tests.factories import UserFactory

    client.force_login(world.staff)
    before = _overview_row(client, world.network_b)["people"]
    person = UserFactory(full_name="Ada Admin-Given")
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    add = reverse("admin:members_membership_add")
    response = client.post(
        add, {"network": world.network_b.pk, "user": person.pk, "role": Role.MEMBER}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _overview_row(client, world.network_b)["people"] == before + 1
    with scopes_disabled():
        membership = Membership.objects.get(network=world.network_b, user=person)
    delete = reverse("admin:members_membership_delete", args=[membership.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert _overview_row(client, world.network_b)["people"] == before


def test_the_networks_page_and_api_count_people_from_the_kept_counts(world, client):
    """Staff's list of networks (page and API) shows each network's people and coordinators
    for its page only, from the counts kept until a membership changes, and shows a change
    at once."""
    from members.enums import Role
    from members.services.people import add_membership
    from tests.factories import UserFactory
    from tests.factories.api import token_client

    def api_row(api):
        rows = api.get("/api/v1/staff/networks/").json()["results"]
        return next(row for row in rows if row["slug"] == world.network_a.slug)

    def page_row():
        networks = client.get(reverse("members:staff_networks")).context["networks"]
        return next(n for n in networks if n.pk == world.network_a.pk)

    client.force_login(world.staff)
    api = token_client(world.staff)
    # Network A: Ada coordinating, Mo a member.
    # Each read once: a second would be the kept answer, with no context to look into.
    row, shown = api_row(api), page_row()
    assert (row["member_count"], row["coordinator_count"]) == (2, 1)
    assert (shown.member_count, shown.coordinator_count) == (2, 1)
    add_membership(world.network_a, UserFactory(), Role.COORDINATOR, actor=world.staff)
    row, shown = api_row(api), page_row()
    assert (row["member_count"], row["coordinator_count"]) == (3, 2)
    assert (shown.member_count, shown.coordinator_count) == (3, 2)
