"""Lists whose work grew with the data (issue 15, bench/pages.py's work counts): the staff's
award API and a network's welcomed organisations count from a kept figure, not on every
request, and read their newest rows along an index; a panellist's seats come a page at a
time."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from awards import sections
from awards.models import Application, Award
from awards.views.network import NetworkAwardsView
from members.models import Organisation
from tests.factories import NetworkFactory, UserFactory, give_mfa
from tests.factories.api import token_client
from tests.factories.awards import awarded, panellist, seat, submitted_application
from tests.factories.queries import count_queries


@pytest.fixture
def staff(db):
    return give_mfa(UserFactory(is_staff=True))


def counts_in(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_the_indexes_that_read_awards_newest_first_are_declared():
    names = {index.name: index.fields for index in Award._meta.indexes}
    assert names["award_awarded_idx"] == ["awarded_on", "id"]
    assert names["award_network_awarded_idx"] == ["network", "awarded_on", "id"]


@pytest.mark.usefixtures("rendered_afresh")
def test_the_staff_award_api_counts_once_and_again_after_a_new_award(staff, scheme, chair):
    client = token_client(staff)
    awarded(scheme, chair, "First School")
    first = client.get("/api/v1/staff/awards/").json()
    assert first["count"] == 1
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/staff/awards/").json()
    assert again["count"] == 1
    assert counts_in(queries) == []
    for n in range(2):
        awarded(scheme, chair, f"School {n}")
    rows = client.get("/api/v1/staff/awards/").json()
    assert rows["count"] == 3
    # Newest first, the most recent award breaking the tie of the same day.
    assert [row["organisation"]["name"] for row in rows["results"]] == [
        "School 1",
        "School 0",
        "First School",
    ]


@pytest.mark.usefixtures("rendered_afresh")
def test_the_staff_award_api_counts_each_filter_apart(staff, scheme, chair):
    client = token_client(staff)
    awarded(scheme, chair, "First School")
    assert client.get("/api/v1/staff/awards/?status=withdrawn").json()["count"] == 0
    assert client.get("/api/v1/staff/awards/?status=active").json()["count"] == 1
    assert client.get("/api/v1/staff/awards/?network=elsewhere").json()["count"] == 0
    assert client.get(f"/api/v1/staff/awards/?network={scheme.network.slug}").json()["count"] == 1


def welcomed_in(group, scheme, chair, names):
    """Awards of the scheme's stream to organisations in the group's area."""
    for name in names:
        application = awarded(scheme, chair, name)
        with scopes_disabled():
            organisation = application.organisation
        organisation.local_group = group
        organisation.save()


def test_a_groups_welcomed_are_the_newest_few_and_a_kept_total(
    scheme, chair, client, settings, monkeypatch
):
    settings.SANCTUARY_PAGE_CACHE = False
    monkeypatch.setattr(sections, "WELCOMED_SHOWN", 2)
    group = NetworkFactory(name="Sheffield City of Sanctuary", slug="sheffield")
    welcomed_in(group, scheme, chair, ["Oldest Primary", "Middle Primary", "Newest Primary"])
    welcomed_in(NetworkFactory(slug="leeds"), scheme, chair, ["Leeds Primary"])
    url = reverse("members:network_profile", args=["sheffield"])
    page = client.get(url).content.decode()
    assert page.index("Newest Primary") < page.index("Middle Primary")
    assert "Oldest Primary" not in page and "Leeds Primary" not in page
    assert "See all 3 organisations on the list of awards" in page
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert counts_in(queries) == []
    # The list itself is kept too: a repeat view reads no award (the area's are found through
    # its organisations, more as the group grows).
    assert [q for q in queries.captured_queries if '"awards_award"' in q["sql"]] == []
    welcomed_in(group, scheme, chair, ["Another Primary"])
    assert "See all 4 organisations" in client.get(url).content.decode()
    # What a row shows follows its writes at once: an organisation's new name.
    with scopes_disabled():
        renamed = Organisation.objects.get(name="Another Primary")
    renamed.name = "Another Academy"
    renamed.save()
    page = client.get(url).content.decode()
    assert "Another Academy" in page and "Another Primary" not in page


def test_a_streams_welcomed_are_its_own_awards_holders(
    scheme, chair, client, settings, monkeypatch
):
    settings.SANCTUARY_PAGE_CACHE = False
    monkeypatch.setattr(sections, "WELCOMED_SHOWN", 2)
    for name in ("First Primary", "Second Primary", "Third Primary"):
        awarded(scheme, chair, name)
    page = client.get(reverse("members:network_profile", args=[scheme.network.slug]))
    text = page.content.decode()
    assert "Third Primary" in text and "Second Primary" in text
    assert "First Primary" not in text
    # A stream's whole list is its own award's, filtered on the public list.
    assert f"?scheme={scheme.pk}" in text
    assert "See all 3 organisations" in text


# A panellist's seats ----------------------------------------------------------------------


@pytest.mark.usefixtures("rendered_afresh")
def test_a_panellists_seats_come_a_page_at_a_time(scheme, chair, client, monkeypatch):
    monkeypatch.setattr(NetworkAwardsView, "seats_page_size", 2)
    person = panellist(scheme.network, name="Pat Panellist")
    names = ["First School", "Second School", "Third School"]
    for index, name in enumerate(names):
        application = submitted_application(scheme, name=name)
        seat(application, person, chair=chair)
        with scopes_disabled():
            Application.objects.filter(pk=application.pk).update(
                state_changed_at=timezone.now() - datetime.timedelta(days=10 - index)
            )
    client.force_login(person)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    first = client.get(url, {"after": "kept-for-the-applications"})
    assert [s.application.organisation.name for s in first.context["seats"]] == [
        "Third School",
        "Second School",
    ]
    page = first.content.decode()
    assert 'aria-label="Pages of the panels you sit on"' in page
    next_url = first.context["seats_page"].next_url
    # The seats' own cursor; another list's parameter is kept as it was.
    assert "seats-after=" in next_url and "after=kept-for-the-applications" in next_url
    assert first.context["seats_page"].previous_url is None
    second = client.get(url + next_url)
    assert [s.application.organisation.name for s in second.context["seats"]] == ["First School"]
    assert second.context["seats_page"].next_url is None
    assert "seats-before=" in second.context["seats_page"].previous_url


@pytest.mark.usefixtures("rendered_afresh")
def test_a_panellists_seats_page_queries_do_not_grow(scheme, chair, client, monkeypatch):
    monkeypatch.setattr(NetworkAwardsView, "seats_page_size", 2)
    person = panellist(scheme.network)
    seat(submitted_application(scheme, name="Only School"), person, chair=chair)
    client.force_login(person)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    few = count_queries(client, url, warm_up=True)
    for n in range(3):
        seat(submitted_application(scheme, name=f"School {n}"), person, chair=chair)
    assert count_queries(client, url, warm_up=True) == few
    assert len(client.get(url).context["seats"]) == 2
