"""The staff's view of the movement: figures, the lists behind them, filters and CSV."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from awards.models import Application, Award
from streams.enums import StreamMembershipStatus
from streams.work import changed as waiting_changed
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    StreamFactory,
    StreamMembershipFactory,
)
from tests.factories.awards import (
    award,
    coordinator,
    panel_in_review,
    scheme_with_criteria,
    submit_review,
    submitted_application,
)


def _age(application, days):
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(
            state_changed_at=timezone.now() - datetime.timedelta(days=days)
        )


def awarded(scheme, chair, name, *, expires_on=None):
    application = submitted_application(scheme, name=name)
    for seat in panel_in_review(application, chair=chair):
        submit_review(seat)
    found = award(application, chair=chair).award
    if expires_on is not None:
        with scopes_disabled():
            Award.objects.filter(pk=found.pk).update(expires_on=expires_on)
    return found


def test_movement_needs_staff(world, client):
    url = reverse("awards:movement")
    client.force_login(world.coordinator_a)
    assert client.get(url).status_code == 404
    client.force_login(world.staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "The movement" in response.content.decode()


def test_oldest_waiting_for_a_panel_comes_first(world, client):
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    newer = submitted_application(scheme, name="Newer Primary")
    older = submitted_application(scheme, name="Older Primary")
    _age(older, 40)
    _age(newer, 3)
    client.force_login(world.staff)
    page = client.get(reverse("awards:movement")).content.decode()
    assert page.index("Older Primary") < page.index("Newer Primary")
    listed = client.get(
        reverse("awards:movement_applications") + "?state=waiting&sort=since&order=asc"
    )
    rows = [a.organisation.name for a in listed.context["rows"]]
    assert rows == ["Older Primary", "Newer Primary"]
    # The backlog's figure for 1 to 3 months links to exactly the older one.
    aged = client.get(reverse("awards:movement_applications") + "?state=waiting&age=30-89")
    assert [a.organisation.name for a in aged.context["rows"]] == ["Older Primary"]


def test_awards_expiring_next_quarter_by_stream(world, client):
    chair = coordinator(world.stream)
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    today = timezone.localdate()
    quarter_start = datetime.date(today.year, ((today.month - 1) // 3) * 3 + 1, 1)
    next_quarter = (quarter_start + datetime.timedelta(days=100)).replace(day=15)
    awarded(scheme, chair, "Soon Primary", expires_on=next_quarter)
    awarded(scheme, chair, "Later Primary", expires_on=next_quarter + datetime.timedelta(days=400))
    client.force_login(world.staff)
    response = client.get(reverse("awards:movement"))
    quarters = response.context["expiring_tables"][0][0]
    row = next(r for r in quarters.rows if r.label == world.stream.name)
    assert [cell.count for cell in row.cells] == [0, 1, 0, 0]
    listed = client.get(reverse("awards:movement_awards") + "?" + row.cells[1].link)
    assert [a.organisation.name for a in listed.context["rows"]] == ["Soon Primary"]


def test_filters_by_stream_and_network(world, client):
    other = StreamFactory(name="Libraries of Sanctuary", slug="libraries")
    schools = scheme_with_criteria(world.stream, name="School of Sanctuary")
    libraries = scheme_with_criteria(other, name="Library of Sanctuary")
    submitted_application(schools, name="Schooly Primary")
    submitted_application(libraries, name="Booky Library")
    client.force_login(world.staff)
    url = reverse("awards:movement_applications")
    names = lambda q: [a.organisation.name for a in client.get(url + q).context["rows"]]  # noqa: E731
    assert names("?stream=libraries") == ["Booky Library"]
    assert names("?stream=schools") == ["Schooly Primary"]
    assert names(f"?network={NetworkFactory().slug}") == []


def test_csv_export_guards_formulas(world, client):
    scheme = scheme_with_criteria(world.stream, name="School of Sanctuary")
    submitted_application(scheme, name="=HYPERLINK(1)")
    client.force_login(world.staff)
    response = client.get(reverse("awards:movement_applications") + "?state=waiting&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "organisation,award,network,local_group,status,since,due"
    assert lines[1].startswith("'=HYPERLINK(1),School of Sanctuary,")


def test_sortable_headers_say_their_order(world, client):
    client.force_login(world.staff)
    page = client.get(reverse("awards:movement_awards") + "?sort=organisation&order=desc")
    html = page.content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=organisation&amp;order=asc" in html


def test_waiting_stream_memberships_are_listed(world, client):
    StreamMembershipFactory(
        network=world.stream,
        organisation=OrganisationFactory(name="Asking Academy"),
        status=StreamMembershipStatus.PENDING,
    )
    client.force_login(world.staff)
    page = client.get(reverse("awards:movement_waiting", args=["streams.joining"]))
    assert [item.title for item in page.context["rows"]] == ["Asking Academy"]
    assert client.get(reverse("awards:movement_waiting", args=["nothing"])).status_code == 404


def test_the_movement_counts_who_is_waiting_without_reading_them(world, client):
    """The figure on the movement's page is one count: the items themselves (4,000 at the
    movement's size) are read only on the list behind it."""
    from members.extensions import work_source

    for n in range(3):
        StreamMembershipFactory(
            network=world.stream,
            organisation=OrganisationFactory(name=f"Asking {n}"),
            status=StreamMembershipStatus.PENDING,
        )
    source = work_source("streams.joining")
    assert source is not None and source.count is not None
    assert source.count_in([world.stream]) == len(source.items([world.stream])) == 3
    client.force_login(world.staff)
    page = client.get(reverse("awards:movement"))
    assert (source, 3) in page.context["waiting"]


def test_the_waiting_list_reads_one_page_sorted_in_the_database(world, client, monkeypatch):
    """The list behind the figure counts the items and reads one page, in the order the
    whole list sorted in Python would have: the same rows, whatever the sort."""
    import awards.views.movement as views
    from members.extensions import work_source
    from tests.factories.queries import count_queries

    for n, name in enumerate(["beta", "Alpha", "gamma", "Delta", "alpha two"]):
        StreamMembershipFactory(
            network=world.stream,
            organisation=OrganisationFactory(name=name),
            status=StreamMembershipStatus.PENDING,
            joined_at=timezone.now() - datetime.timedelta(days=n),
        )
    source = work_source("streams.joining")
    assert source is not None
    items = source.items([world.stream])
    client.force_login(world.staff)
    url = reverse("awards:movement_waiting", args=["streams.joining"])
    orders = {
        "since": lambda i: (i.since, i.title),
        "title": lambda i: (i.title.casefold(), i.since),
        "network": lambda i: (i.network.name.casefold(), i.since),
    }
    for key, order in orders.items():
        for descending in (False, True):
            query = f"?sort={key}&order={'desc' if descending else 'asc'}"
            shown = [item.title for item in client.get(url + query).context["rows"]]
            expected = [i.title for i in sorted(items, key=order, reverse=descending)]
            assert shown == expected, (key, descending)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    second = client.get(url + "?sort=title&page=2").context
    assert [item.title for item in second["rows"]] == ["beta", "Delta"]
    assert second["page_obj"].paginator.count == 5
    # Counted afresh each time (the count is kept until a membership is written, as here).
    waiting_changed()
    few = count_queries(client, url)
    StreamMembershipFactory.create_batch(
        4, network=world.stream, status=StreamMembershipStatus.PENDING
    )
    assert count_queries(client, url) == few
    csv = client.get(url + "?format=csv").content.decode()
    assert csv.count("\n") == 10  # the header and every item, not one page


def test_the_figure_tables_are_written_as_the_template_language_would(settings):
    """The long tables of the movement's page and the reports are written in Python
    (awards_tags.figure_rows and report_rows): their text escaped, their links' "&" written
    as "&amp;", their numbers as localize() writes them, and a zero linked to nothing."""
    from django.utils.translation import gettext_lazy

    from awards import movement, reports
    from awards.templatetags.awards_tags import figure_rows, report_rows

    settings.USE_THOUSAND_SEPARATOR = True
    table = movement.Table(
        ["Q1", "Q2"],
        [
            movement.Row(
                "<Arts> & Crafts",
                [movement.Cell(1234, "state=current&awarded_by=arts"), movement.Cell(0, "x")],
                movement.Cell(1234, "awarded_by=arts"),
            )
        ],
    )
    assert figure_rows(table, "/staff/movement/awards/") == (
        '<tr><th scope="row">&lt;Arts&gt; &amp; Crafts</th>'
        '<td><a href="/staff/movement/awards/?state=current&amp;awarded_by=arts">1,234</a></td>'
        "<td>0</td></tr>"
    )
    assert figure_rows(table, "/l/", totals=True).endswith(
        '<td><a href="/l/?awarded_by=arts">1,234</a></td></tr>'
    )
    report = reports.Table(
        "t", "T", ["What", "Number", "Note"], [[gettext_lazy("Panels held"), 5000, "<i>—</i>"]]
    )
    assert report_rows(report) == (
        '<tr><th scope="row">Panels held</th><td>5,000</td><td>&lt;i&gt;—&lt;/i&gt;</td></tr>'
    )
