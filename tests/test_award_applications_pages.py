"""A network's award applications, a keyset page at a time (sanctuary.keyset): newest change
first, every application once across the pages, the state filter kept in the links, and the
same number of queries on every page however many applications there are."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from awards.enums import ApplicationState
from awards.models import Application
from awards.views.network import NetworkAwardsView
from sanctuary.keyset import parse_cursor
from tests.factories.awards import submitted_application
from tests.factories.queries import count_queries


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(NetworkAwardsView, "page_size", 2)


def applications(scheme, count, *, same_moment=False, prefix="School") -> list[Application]:
    """`count` submitted applications, the first changed longest ago (or all at once)."""
    made = [submitted_application(scheme, name=f"{prefix} {index}") for index in range(count)]
    start = timezone.now() - datetime.timedelta(days=30)
    with scopes_disabled():
        for index, application in enumerate(made):
            moment = start if same_moment else start + datetime.timedelta(days=index)
            Application.objects.filter(pk=application.pk).update(state_changed_at=moment)
    return made


def walk(client, url):
    """Every page from the first by its next links: [(names, previous url, next url)]."""
    pages = []
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200
        page = response.context["applications_page"]
        pages.append(([a.organisation.name for a in page.rows], page.previous_url, page.next_url))
        url = page.next_url and response.request["PATH_INFO"] + page.next_url
    return pages


def test_the_pages_list_every_application_once_newest_first(scheme, chair, client, small_pages):
    applications(scheme, 5)
    client.force_login(chair)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    pages = walk(client, url)
    assert [names for names, _prev, _next in pages] == [
        ["School 4", "School 3"],
        ["School 2", "School 1"],
        ["School 0"],
    ]
    assert pages[0][1] is None and pages[-1][2] is None
    # Back from the last page: the same page as before.
    response = client.get(url + pages[-1][1])
    assert [a.organisation.name for a in response.context["applications"]] == [
        "School 2",
        "School 1",
    ]
    assert response.context["applications_page"].previous_url is not None


def test_applications_changed_at_the_same_moment_are_neither_skipped_nor_repeated(
    scheme, chair, client, small_pages
):
    made = applications(scheme, 5, same_moment=True)
    client.force_login(chair)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    names = [name for page_names, _p, _n in walk(client, url) for name in page_names]
    assert sorted(names) == sorted(a.organisation.name for a in made)
    assert len(names) == len(set(names)) == 5


def test_the_state_filter_is_kept_by_the_links(scheme, chair, client, small_pages):
    made = applications(scheme, 5)
    with scopes_disabled():
        Application.objects.filter(pk__in=[a.pk for a in made[:3]]).update(
            state=ApplicationState.IN_REVIEW
        )
    client.force_login(chair)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    pages = walk(client, url + "?state=in_review")
    assert [names for names, _p, _n in pages] == [["School 2", "School 1"], ["School 0"]]
    assert parse_qs(urlsplit(pages[0][2]).query)["state"] == ["in_review"]


def test_a_cursor_not_understood_or_past_the_end_shows_the_first_page(
    scheme, chair, client, small_pages
):
    applications(scheme, 3)
    client.force_login(chair)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    past_the_end = "2000-01-01T00:00:00+00:00_1"
    for query in ("?after=nonsense", "?before=12_x", f"?after={past_the_end}"):
        response = client.get(url + query)
        assert [a.organisation.name for a in response.context["applications"]] == [
            "School 2",
            "School 1",
        ]


def test_cursors_are_read_strictly():
    assert parse_cursor("2026-01-02T03:04:05+00:00_17") == (
        datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        17,
    )
    for text in ("", None, "17", "2026-01-02T03:04:05_17", "2026-13-02T03:04:05+00:00_1", "x_1"):
        assert parse_cursor(text) is None


def test_the_page_says_how_many_and_names_its_pages(scheme, chair, client, small_pages):
    applications(scheme, 3)
    client.force_login(chair)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    html = client.get(url).content.decode()
    assert "3 applications have been submitted." in html
    assert 'aria-label="Pages of applications"' in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    assert 'for="id_state"' in html


def test_one_application_is_counted_in_the_singular(scheme, chair, client):
    applications(scheme, 1)
    client.force_login(chair)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    html = client.get(url).content.decode()
    assert "1 application has been submitted." in html
    assert "Pages of applications" not in html  # one page: no links


@pytest.mark.usefixtures("rendered_afresh")
def test_every_page_costs_the_same_queries_however_many_applications(
    scheme, chair, client, small_pages
):
    applications(scheme, 5)
    client.force_login(chair)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    first = count_queries(client, url, warm_up=True)
    second_page = client.get(url).context["applications_page"].next_url
    assert count_queries(client, url + second_page, warm_up=True) == first
    applications(scheme, 6, prefix="College")
    assert count_queries(client, url, warm_up=True) == first
    assert count_queries(client, url + second_page, warm_up=True) == first
